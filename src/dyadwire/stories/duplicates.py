"""Near-duplicate articles: MinHash signatures of the cleaned text, LSH bands kept in the store.

A wire copy, a syndicated reprint or a light rewrite is linked to the article it copies
(`article_duplicates.duplicate_of`); nothing is deleted, and later stages count a linked
article once (its events stay as reports, their outlet is the original's).

How two articles are compared. The cleaned text is lower-cased and cut into words (runs of
letters and digits, so PTB tokenisation, punctuation and spacing do not matter); the shingles are
the runs of `SHINGLE` consecutive words. A `datasketch.MinHash` of `NUM_PERM` permutations
estimates the Jaccard similarity J of two shingle sets; with the two set sizes it also estimates
how much of the smaller article the larger one holds (containment C = |A & B| / min(|A|, |B|)).
Two articles are copies when J >= `JACCARD` (a reprint, a new headline, a rewritten lead) or
when C >= `CONTAINMENT` and J >= `MIN_JACCARD` (a copy with paragraphs dropped: all of it is in
the original, which is longer).

Incremental. Each article's signature is cut into `BANDS` bands of `ROWS` values; a band's key
is stored (`article_bands`), so a new article finds its candidates with one join on the stored
keys instead of a comparison with every article: the work per new article does not grow with
the store beyond the candidates it shares a band with. With 64 bands of 2 rows an article pair
of J = 0.2 shares a band with probability 0.93, J = 0.3 with 0.998; candidates are then checked
on their full signatures.

Which one is the original: an article already in the store is the original of any copy that
arrives later; within one run, the earlier published (then the smaller id), so the links of a
run do not depend on the order of its input. A copy of a copy links to the first original. A
link once made is never changed by a later run, so re-running an ingest changes no link.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

import duckdb
import numpy as np
from datasketch import MinHash

SHINGLE = 5          # words per shingle
NUM_PERM = 128       # MinHash permutations
BANDS, ROWS = 64, 2  # LSH: BANDS * ROWS == NUM_PERM
SEED = 1             # fixed, so signatures are the same in every run and every process
JACCARD = 0.5
CONTAINMENT = 0.8
MIN_JACCARD = 0.2
MIN_SHINGLES = 8     # shorter texts (a headline, a caption) are never linked: too little to tell

_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def shingles(text: str, k: int = SHINGLE) -> set[bytes]:
    """The set of k-word shingles of a text (lower-cased words; punctuation ignored)."""
    words = _WORD.findall(text.lower())
    if len(words) < k:
        return {" ".join(words).encode("utf-8", "surrogatepass")} if words else set()
    return {" ".join(words[i:i + k]).encode("utf-8", "surrogatepass") for i in range(len(words) - k + 1)}


@dataclass(frozen=True)
class Signature:
    n_shingles: int
    values: np.ndarray  # NUM_PERM uint32 MinHash values

    def band_keys(self) -> list[int]:
        """One signed 64-bit key per band (DuckDB BIGINT)."""
        keys = []
        for b in range(BANDS):
            chunk = self.values[b * ROWS:(b + 1) * ROWS].astype("<u4").tobytes()
            keys.append(int.from_bytes(hashlib.blake2b(chunk, digest_size=8).digest(), "little", signed=True))
        return keys


def signature(text: str) -> Signature:
    sh = shingles(text)
    m = MinHash(num_perm=NUM_PERM, seed=SEED)
    if sh:
        m.update_batch(sorted(sh))
    return Signature(len(sh), np.asarray(m.hashvalues, dtype=np.uint32))


@dataclass(frozen=True)
class Similarity:
    jaccard: float
    containment: float

    @property
    def is_copy(self) -> bool:
        return self.jaccard >= JACCARD or (self.containment >= CONTAINMENT and self.jaccard >= MIN_JACCARD)


def similarity(a: Signature, b: Signature) -> Similarity:
    """Estimated Jaccard similarity and containment of two articles' shingle sets."""
    if min(a.n_shingles, b.n_shingles) == 0:
        return Similarity(0.0, 0.0)
    j = float(np.mean(a.values == b.values))
    inter = j * (a.n_shingles + b.n_shingles) / (1 + j)
    return Similarity(j, min(1.0, inter / min(a.n_shingles, b.n_shingles)))


def is_copy(text_a: str, text_b: str) -> bool:
    """Whether one text copies the other, by the rule the store links articles with."""
    a, b = signature(text_a), signature(text_b)
    return min(a.n_shingles, b.n_shingles) >= MIN_SHINGLES and similarity(a, b).is_copy


@dataclass
class DuplicateReport:
    articles: int = 0   # articles signed in this call
    linked: int = 0     # of them, linked as copies of another


def link_duplicates(con: duckdb.DuckDBPyConnection) -> DuplicateReport:
    """Sign every stored article that has no current signature, and link each that copies an
    article signed before it (in the store, or earlier in this call) to that article's original.
    Runs in one transaction; idempotent."""
    report = DuplicateReport()
    pending = con.execute(
        """SELECT a.id, a.clean_text, a.clean_hash, a.published
           FROM articles a LEFT JOIN article_signatures s ON s.article_id = a.id
           WHERE s.article_id IS NULL OR s.clean_hash IS DISTINCT FROM a.clean_hash
           ORDER BY a.published NULLS LAST, a.id"""
    ).fetchall()
    if not pending:
        return report
    stale = [row[0] for row in pending]
    sigs = {aid: signature(text or "") for aid, text, _, _ in pending}
    con.execute("BEGIN TRANSACTION")
    try:
        # an article whose text changed is signed and linked afresh
        for table in ("article_signatures", "article_bands", "article_duplicates"):
            con.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT unnest($1))", [stale])
        _insert_signatures(con, pending, sigs)
        candidates = _candidates(con, stale)
        known = _signatures(con, {c for cs in candidates.values() for c in cs})
        order = {aid: i for i, (aid, *_rest) in enumerate(pending)}
        roots = _roots(con, [c for c in known if c not in order])
        links = []
        for aid, *_rest in pending:
            sig = sigs[aid]
            if sig.n_shingles < MIN_SHINGLES:
                continue
            best = None
            for other in sorted(candidates.get(aid, ())):
                if other in order and order[other] > order[aid]:
                    continue  # a later article of this batch may copy this one, not the reverse
                osig = known.get(other) or sigs.get(other)
                if osig is None or osig.n_shingles < MIN_SHINGLES:
                    continue
                sim = similarity(sig, osig)
                if sim.is_copy and (best is None or (sim.jaccard, sim.containment) > best[1:]):
                    best = (other, sim.jaccard, sim.containment)
            if best:
                original = roots.get(best[0], best[0])
                roots[aid] = original
                links.append((aid, original, best[0], best[1], best[2]))
        if links:
            con.execute(
                "INSERT INTO article_duplicates SELECT unnest($1), unnest($2), unnest($3), unnest($4), unnest($5)",
                [list(c) for c in zip(*links)],
            )
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    report.articles = len(pending)
    report.linked = len(links)
    return report


def _insert_signatures(con, pending, sigs) -> None:
    rows = [(aid, h, sigs[aid].n_shingles, sigs[aid].values.tolist()) for aid, _, h, _ in pending]
    con.execute(
        "INSERT INTO article_signatures SELECT unnest($1), unnest($2), unnest($3), unnest($4)",
        [list(c) for c in zip(*rows)],
    )
    band_rows = [(aid, b, key) for aid, *_ in pending if sigs[aid].n_shingles >= MIN_SHINGLES
                 for b, key in enumerate(sigs[aid].band_keys())]
    if band_rows:
        con.execute(
            "INSERT INTO article_bands SELECT unnest($1), unnest($2), unnest($3)",
            [list(c) for c in zip(*band_rows)],
        )


def _candidates(con, ids: Sequence[str]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for a, b in con.execute(
        """SELECT DISTINCT n.article_id, o.article_id
           FROM article_bands n JOIN article_bands o ON n.band = o.band AND n.key = o.key
           WHERE n.article_id IN (SELECT unnest($1)) AND o.article_id <> n.article_id""",
        [list(ids)],
    ).fetchall():
        out.setdefault(a, set()).add(b)
    return out


def _signatures(con, ids) -> dict[str, Signature]:
    if not ids:
        return {}
    rows = con.execute(
        "SELECT article_id, n_shingles, signature FROM article_signatures WHERE article_id IN (SELECT unnest($1))",
        [sorted(ids)],
    ).fetchall()
    return {aid: Signature(n, np.asarray(values, dtype=np.uint32)) for aid, n, values in rows}


def _roots(con, ids) -> dict[str, str]:
    if not ids:
        return {}
    return dict(con.execute(
        "SELECT article_id, duplicate_of FROM article_duplicates WHERE article_id IN (SELECT unnest($1))",
        [sorted(ids)]).fetchall())
