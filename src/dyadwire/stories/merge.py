"""One event from many reports: which event reports tell of the same real-world happening.

Every event the coder finds is a *report*: one sentence of one article, with its own coding.
Reports of one happening are grouped into one *merged event* (`event_reports.merged_id`); each
report keeps its own row and coding in `events`, and the merged event shows the coding that
most independent articles support (`merged_events.event_id`, its representative report).

The rule (`same_event`). Two reports can be of the same happening when they are not two events
of one sentence (a sentence that reports two events reports two), their dates are compatible
within their precision and their places are compatible (`could_be_same`), and their sentences
are at least `MIN_WORDS` alike (`word_cosine`: the cosine of their content words weighted by idf
over the reports being merged, so a shared place or name counts more than a shared "forces").
Of those, a small logistic model (`same_score`, `pair_features`) links the two when its
log-odds reach `LINK_AT`; it weighs the likeness of the sentences, whether each report's
trigger stands in the other's sentence, whether the CAMEO codes are compatible, whether codes
and actors are (the coding), and whether the modalities are. It was fitted on the development
half of the judged pairs (even pair numbers; `tools/eval_report_pairs.py --fit`) and is reported
on the other half too (docs/across-reports.md). The coder's actors and codes are often wrong on
real news, so the coding is evidence, not a condition.

The history, on the judged pairs: a coding-only rule (written first, before the pairs were
read) merged different happenings of one dyad and day (precision 0.29) and missed reports coded
differently (recall 0.22); three levels of word overlap (Jaccard) by coding came next; this
model and the grouping below replaced them.

The parts of the rule:
- actors compatible, side by side: both sides name the same country, their sectors
  agree where both have one, and two named entities (people, organisations: entity ids other
  than a bare country) are the same entity; a report without a target matches only another
  without one. For the symmetric roots 04 (consult) and 19 (fight), source and target may be
  swapped;
- codes compatible: the same CAMEO root, or both acts of force (roots 18, 19, 20);
- dates compatible within their precision: each date is widened into the days it can mean
  (`date_window`), and the windows overlap; a sentence repeated nearly word for word in an
  article up to `REPEAT_DAYS` later (dated only by that article) is let through too;
- places compatible: the same country where both have one, and at most `MAX_KM` apart where
  both are placed at a city or a site;
- modality group: asserted, negated, and the other modalities (planned, expected, ...);
- content words: the lower-cased words of three letters or more of the sentence, without the
  commonest function words (`STOP_WORDS`).

Grouping (`group`): average link. Each new report starts as its own group; the two groups with
the largest share of linked pairs between them become one, while that share is at least
`MAJORITY`; groups stored before never become one with each other. So one loose link does not
chain two happenings into one, and a report that one outlet coded wrong still joins the others
through the reports it is linked to. Candidates are found with one sparse product of weighted
word incidence per block of new reports (dates overlapping), so only they are scored.

Incremental: a new batch of reports is compared with the merged events already stored near
their dates and joins them or starts new ones; nothing already grouped is regrouped, so
re-running an ingest changes no merge. The result does not depend on the order of the reports
given (ties go to the earlier group in date, article and sentence order), nor on the coder's
worker count.

Copies (`duplicates`) are counted once: a report's outlet is its original article's outlet,
and the support of a coding counts distinct original articles.
"""

from __future__ import annotations

import calendar
import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

import duckdb
import numpy as np
import scipy.sparse as sp

from dyadwire.model import content_id

FORCE_ROOTS = frozenset({"18", "19", "20"})
# The pairwise model (`same_score`): logistic regression on `pair_features`, fitted on the
# development half of the judged pairs (`tools/eval_report_pairs.py --fit`); two reports are
# linked at log-odds LINK_AT or more. Pairs whose sentences are less alike than MIN_WORDS are not
# considered at all (the candidates of `compatible_pairs`).
INTERCEPT = -5.812
COEFFICIENTS = {"words": 6.497, "triggers": 1.110, "codes": 0.718, "coding": 1.410, "modality": 2.333}
LINK_AT = 0.0
MIN_WORDS = 0.10
REPEAT_WORDS, REPEAT_DAYS = 0.8, 7  # a sentence repeated in a later article (`could_be_same`)
STOP_WORDS = frozenset(
    "the and that with from this have has had been were was are for not but said says will would "
    "could their they them his her its which who what when where than then also into over after "
    "before about more some such other there these those only just while being both each many "
    "much very upon our you your she him all any can may might must should did does".split())
_WORD = re.compile(r"[a-z]{3,}")


def content_words(sentence: str | None) -> frozenset[str]:
    return frozenset(w for w in _WORD.findall((sentence or "").lower()) if w not in STOP_WORDS)


_TOKEN = re.compile(r"[a-z]+")
STEM = 4  # letters a word is compared on for the trigger feature (strike/strikes, attack/attacked)


def text_fields(sentence: str | None, trigger: str | None) -> dict:
    """What the merger reads of a report's sentence: its content words, the stems (first `STEM`
    letters) of all its words, and the stem of the trigger's first word."""
    tokens = _TOKEN.findall((sentence or "").lower())
    first = _TOKEN.findall((trigger or "").lower())
    return {"words": content_words(sentence), "stems": frozenset(w[:STEM] for w in tokens),
            "trigger_key": first[0][:STEM] if first else None}
SYMMETRIC_ROOTS = frozenset({"04", "19"})
MAX_KM = 100.0
SPECIFIC_PLACES = frozenset({"city", "site"})


@dataclass(frozen=True)
class Side:
    code: str | None = None
    country: str | None = None
    sector: str | None = None
    entity_id: str | None = None

    @property
    def empty(self) -> bool:
        return not (self.code or self.country or self.entity_id)

    @property
    def named(self) -> bool:
        """A specific entity (a person, an organisation), not a bare country."""
        return bool(self.entity_id) and not self.entity_id.startswith("country:")


@dataclass(frozen=True)
class Report:
    """One event report, as the merger sees it."""

    event_id: str
    article_id: str
    sentence_index: int
    source: Side
    target: Side
    cameo: str | None
    cameo_root: str | None
    date: date | None
    date_precision: str | None = "day"
    date_end: date | None = None
    date_basis: str | None = "article"
    modality: str | None = "asserted"
    location_country: str | None = None
    lat: float | None = None
    lon: float | None = None
    location_precision: str | None = None
    confidence: float = 0.5
    outlet: str | None = None      # the outlet of the article (of its original, for a copy)
    original: str | None = None    # the article, or the article it copies
    words: frozenset = frozenset()  # the sentence's content words (`text_fields`)
    stems: frozenset = frozenset()  # the stems of all its words
    trigger_key: str | None = None  # the trigger's stem

    @classmethod
    def from_event(cls, e: dict, outlet: str | None = None, original: str | None = None) -> Report:
        """From an event's JSON (`Event.to_dict`, `dyadwire code` output)."""
        def side(a):
            a = a or {}
            return Side(a.get("code"), a.get("country"), a.get("sector"), a.get("entity_id"))
        loc = e.get("location") or {}
        return cls(
            event_id=e["event_id"], article_id=e["article_id"], sentence_index=e["sentence_index"],
            source=side(e.get("source")), target=side(e.get("target")), cameo=e.get("cameo"),
            cameo_root=e.get("cameo_root"), date=_day(e.get("date")),
            date_precision=e.get("date_precision"), date_end=_day(e.get("date_end")),
            date_basis=e.get("date_basis"), modality=e.get("modality"),
            location_country=loc.get("country"), lat=loc.get("lat"), lon=loc.get("lon"),
            location_precision=loc.get("precision"), confidence=e.get("confidence") or 0.0,
            outlet=outlet, original=original or e["article_id"],
            **text_fields(e.get("sentence"), e.get("trigger")),
        )


def _day(value) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def date_window(r: Report) -> tuple[date, date] | None:
    """The days a report's date can mean. A day the text gives (explicit, relative) is taken
    +-1 day (time zones, "on Friday" said late at night); a day that is only the article's date
    means that day or the two before it (news of yesterday); a week, month or year its whole
    span; a range (an undated article's inferred dates) its first to last day."""
    d = r.date
    if d is None:
        return None
    precision = r.date_precision or "day"
    if r.date_end and r.date_end >= d:
        return d, r.date_end
    if precision == "week":
        return d, d + timedelta(days=6)
    if precision == "month":
        return d, d.replace(day=calendar.monthrange(d.year, d.month)[1])
    if precision == "year":
        return d, d.replace(month=12, day=31)
    if r.date_basis in ("explicit", "relative"):
        return d - timedelta(days=1), d + timedelta(days=1)
    return d - timedelta(days=2), d


def dates_compatible(a: Report, b: Report) -> bool:
    wa, wb = date_window(a), date_window(b)
    return wa is not None and wb is not None and wa[0] <= wb[1] and wb[0] <= wa[1]


def sides_compatible(a: Side, b: Side) -> bool:
    if a.empty or b.empty:
        return a.empty and b.empty
    if not a.country or a.country != b.country:
        return False
    if a.named and b.named and a.entity_id != b.entity_id:
        return False
    if a.sector and b.sector and a.sector != b.sector:
        return False
    return True


def actors_compatible(a: Report, b: Report) -> bool:
    if sides_compatible(a.source, b.source) and sides_compatible(a.target, b.target):
        return True
    return (a.cameo_root in SYMMETRIC_ROOTS and a.cameo_root == b.cameo_root
            and sides_compatible(a.source, b.target) and sides_compatible(a.target, b.source))


def codes_compatible(a: Report, b: Report) -> bool:
    if not a.cameo_root or not b.cameo_root:
        return False
    return a.cameo_root == b.cameo_root or (a.cameo_root in FORCE_ROOTS and b.cameo_root in FORCE_ROOTS)


def places_compatible(a: Report, b: Report) -> bool:
    if a.location_country and b.location_country and a.location_country != b.location_country:
        return False
    if (a.location_precision in SPECIFIC_PLACES and b.location_precision in SPECIFIC_PLACES
            and None not in (a.lat, a.lon, b.lat, b.lon)):
        return _km(a.lat, a.lon, b.lat, b.lon) <= MAX_KM
    return True


def _modality_group(m: str | None) -> str:
    return m if m in ("asserted", "negated") else "not yet"


def word_overlap(a: Report, b: Report) -> float:
    """Jaccard of the two sentences' content words."""
    if not a.words or not b.words:
        return 0.0
    return len(a.words & b.words) / len(a.words | b.words)


def word_cosine(a: Report, b: Report, idf: dict[str, float] | None = None) -> float:
    """Cosine of the two sentences' content words, each weighted by its `idf` (1 where none is
    given): a rare word shared (a place, a name) counts more than a common one."""
    if not a.words or not b.words:
        return 0.0
    weight = (lambda w: idf.get(w, 1.0)) if idf else (lambda w: 1.0)
    shared = sum(weight(w) ** 2 for w in a.words & b.words)
    return shared / math.sqrt(sum(weight(w) ** 2 for w in a.words) * sum(weight(w) ** 2 for w in b.words))


def coding_agrees(a: Report, b: Report) -> bool:
    return codes_compatible(a, b) and actors_compatible(a, b)


def pair_features(a: Report, b: Report, words: float) -> dict[str, float]:
    """What the pairwise model weighs (`COEFFICIENTS`): `words`, the likeness of the two
    sentences (`word_cosine` with the idf of the reports being merged); `triggers`, how many of
    the two triggers (by stem) stand in the other sentence (0, 1, 2: two reports of one happening
    name it with the same verb or noun more often than two happenings in alike sentences);
    `codes`, the CAMEO codes compatible; `coding`, codes and actors compatible; `modality`, the
    same modality group (asserted, negated, not yet)."""
    triggers = (a.trigger_key is not None and a.trigger_key in b.stems) + \
        (b.trigger_key is not None and b.trigger_key in a.stems)
    return {"words": words, "triggers": float(triggers),
            "codes": float(codes_compatible(a, b)), "coding": float(coding_agrees(a, b)),
            "modality": float(_modality_group(a.modality) == _modality_group(b.modality))}


def could_be_same(a: Report, b: Report, words: float = 0.0) -> bool:
    """The hard conditions: two sentences (a sentence that reports two events reports two),
    compatible places and dates. A sentence repeated nearly word for word (`words` at least
    REPEAT_WORDS) in an article up to REPEAT_DAYS later is the same report again, its date only
    the later article's: its dates need only be that close."""
    if a.article_id == b.article_id and a.sentence_index == b.sentence_index:
        return False
    if not places_compatible(a, b):
        return False
    if dates_compatible(a, b):
        return True
    wa, wb = date_window(a), date_window(b)
    return (words >= REPEAT_WORDS and wa is not None and wb is not None
            and "article" in (a.date_basis, b.date_basis)
            and max(wa[0], wb[0]) - min(wa[1], wb[1]) <= timedelta(days=REPEAT_DAYS))


def same_score(a: Report, b: Report, words: float | None = None) -> float:
    """The pairwise model's log-odds that two reports (that `could_be_same`) tell of one
    happening."""
    if words is None:
        words = word_cosine(a, b)
    features = pair_features(a, b, words)
    return INTERCEPT + sum(COEFFICIENTS[k] * v for k, v in features.items())


def same_event(a: Report, b: Report, words: float | None = None) -> bool:
    """Whether two reports tell of the same happening (the rule in the module doc); `words` is
    the likeness of their sentences (`word_cosine`; without idf when not given)."""
    if words is None:
        words = word_cosine(a, b)
    if words < MIN_WORDS or not could_be_same(a, b, words):
        return False
    return same_score(a, b, words) >= LINK_AT


def phoenix_key(r: Report) -> tuple | None:
    """Phoenix's one-a-day key: reports with the same key are one event to Phoenix."""
    if r.date is None or not r.source.code or not r.target.code or not r.cameo:
        return None
    return r.date, r.source.code, r.target.code, r.cameo


def _km(lat1, lon1, lat2, lon2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


def _order(r: Report) -> tuple:
    return (r.date or date.max, r.article_id, r.sentence_index, r.event_id)


MAJORITY = 0.25  # two groups become one when this share of their pairs are linked (`group`)
WIDE_DAYS = 31  # reports whose date window is longer are compared with every report
BLOCK = 256     # new reports compared at once (one sparse product)


@dataclass
class Cluster:
    merged_id: str
    members: list[Report] = field(default_factory=list)


def _vocabulary(reports: list[Report]) -> tuple[dict[str, int], list[int], list[int], np.ndarray]:
    """The content words of the reports (column numbers), their incidence (rows, columns) and
    each word's idf over these reports: log((n + 1) / (reports with the word + 1)) + 1."""
    vocab: dict[str, int] = {}
    rows, cols = [], []
    for i, r in enumerate(reports):
        for w in sorted(r.words):  # sorted: the same sums in every process
            rows.append(i)
            cols.append(vocab.setdefault(w, len(vocab)))
    idf = np.log((len(reports) + 1) / (np.bincount(np.array(cols, dtype=np.int64), minlength=len(vocab)) + 1)) + 1.0
    return vocab, rows, cols, idf


def idf_weights(reports: list[Report]) -> dict[str, float]:
    """Each content word's idf over these reports, as `compatible_pairs` weighs them."""
    vocab, _, _, idf = _vocabulary(reports)
    return {w: float(idf[k]) for w, k in vocab.items()}


def compatible_pairs(reports: list[Report], new: list[int]) -> dict[int, set[int]]:
    """For each position in `new`, the positions of the reports (of all of `reports`) it is the
    same event as. The rule needs the two sentences to be at least `MIN_WORDS` alike (idf
    cosine) and the dates to overlap (or be close, for a repeated sentence), so candidates come
    from one sparse product of idf-weighted word incidence (blocked by date) and only they are
    scored by `same_event`."""
    out: dict[int, set[int]] = {i: set() for i in new}
    if not new or not reports:
        return out
    vocab, rows, cols, idf = _vocabulary(reports)
    if not vocab:
        return out
    n = len(reports)
    words = sp.csr_matrix((np.ones(len(rows), dtype=np.float64), (rows, cols)), shape=(n, len(vocab)))
    weighted = words @ sp.diags(idf)
    norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
    weighted = (sp.diags(1.0 / np.where(norms > 0, norms, 1.0)) @ weighted).tocsr()
    windows = [date_window(r) for r in reports]
    starts = np.array([w[0].toordinal() if w else 0 for w in windows])
    ends = np.array([w[1].toordinal() if w else -1 for w in windows])
    dated = np.array([w is not None for w in windows])
    wide = np.flatnonzero(dated & (ends - starts > WIDE_DAYS))
    normal = np.flatnonzero(dated & (ends - starts <= WIDE_DAYS))
    by_start = normal[np.argsort(starts[normal], kind="stable")]
    sorted_starts = starts[by_start]
    todo = [i for i in new if windows[i] is not None]
    todo.sort(key=lambda i: (starts[i], i))
    for k in range(0, len(todo), BLOCK):
        block = np.array(todo[k:k + BLOCK])
        lo = starts[block].min() - WIDE_DAYS - REPEAT_DAYS - 1
        hi = ends[block].max() + REPEAT_DAYS
        a, b = np.searchsorted(sorted_starts, [lo, hi + 1])
        neighbours = np.concatenate([by_start[a:b], wide])
        if not len(neighbours):
            continue
        inter = (weighted[block] @ weighted[neighbours].T).tocoo()
        i, j, cosine = block[inter.row], neighbours[inter.col], inter.data
        slack = np.where(cosine >= REPEAT_WORDS, REPEAT_DAYS, 0)
        keep = (cosine >= MIN_WORDS) & (i != j) \
            & (starts[i] <= ends[j] + slack) & (starts[j] <= ends[i] + slack)
        for x, y, c in zip(i[keep].tolist(), j[keep].tolist(), cosine[keep].tolist()):
            if same_event(reports[x], reports[y], c):
                out[x].add(y)
                if y in out:
                    out[y].add(x)
    return out


def group(reports: Iterable[Report], clusters: Iterable[Cluster] = ()) -> tuple[dict[str, str], list[Cluster]]:
    """Assign each report to a merged event: an existing cluster, a new one, or a new one with
    other new reports. Returns {event_id: merged_id} for the given reports and the clusters they
    touched.

    Average link over the rule's pairs: every new report starts alone; the two groups whose
    reports fit each other in the largest share of their pairs (at least `MAJORITY`) become one,
    and again, until no two do. Two groups stored before never become one (nothing grouped
    moves). Ties go to the earlier groups (date, article, sentence order), so the result does
    not depend on the order the reports come in."""
    clusters = list(clusters)
    everyone: list[Report] = []
    home: list[int] = []          # each report's group
    members: list[list[int]] = []
    fixed: list[bool] = []
    for c in clusters:
        g = len(members)
        members.append([])
        fixed.append(True)
        for m in c.members:
            home.append(g)
            members[g].append(len(everyone))
            everyone.append(m)
    first_new = len(everyone)
    everyone += sorted(reports, key=_order)
    new = list(range(first_new, len(everyone)))
    for i in new:
        home.append(len(members))
        members.append([i])
        fixed.append(False)
    fits_with = compatible_pairs(everyone, new)
    links: list[dict[int, int]] = [defaultdict(int) for _ in members]
    for i in new:
        for j in fits_with[i]:
            if j < first_new or j > i:  # each pair once
                gi, gj = home[i], home[j]
                if gi != gj:
                    links[gi][gj] += 1
                    links[gj][gi] += 1
    heap: list[tuple] = []

    def push(g: int, h: int) -> None:
        if fixed[g] and fixed[h]:
            return
        share = links[g][h] / (len(members[g]) * len(members[h]))
        if share >= MAJORITY:
            heapq.heappush(heap, (-share, min(g, h), max(g, h), len(members[g]) + len(members[h])))

    for g in range(len(members)):
        for h in links[g]:
            if g < h:
                push(g, h)
    alive = [True] * len(members)
    while heap:
        _, g, h, size = heapq.heappop(heap)
        if not (alive[g] and alive[h]) or len(members[g]) + len(members[h]) != size or h not in links[g]:
            continue  # a stale entry: one of the two has grown or gone
        if fixed[h]:
            g, h = h, g  # a stored group keeps its id and takes the other in
        members[g] += members[h]
        fixed[g] = fixed[g] or fixed[h]
        alive[h] = False
        for i in members[h]:
            home[i] = g
        del links[g][h]
        for k, n in links[h].items():
            if k != g:
                links[g][k] += n
                links[k][g] = links[k].get(g, 0) + n
                del links[k][h]
        links[h] = {}
        for k in list(links[g]):
            push(g, k)
    assigned: dict[str, str] = {}
    touched: dict[str, Cluster] = {}
    by_group: dict[int, Cluster] = {}
    for g, c in enumerate(clusters):
        by_group[g] = c
    for i in new:
        g = home[i]
        if g not in by_group:
            first = min(members[g])  # the group's earliest report names it
            by_group[g] = Cluster(content_id("merged", everyone[first].event_id))
        c = by_group[g]
        c.members.append(everyone[i])
        assigned[everyone[i].event_id] = c.merged_id
        touched[c.merged_id] = c
    return assigned, list(touched.values())


def representative(members: list[Report]) -> Report:
    """The report whose coding the merged event shows: the coding (code, source, target) that
    the most distinct original articles give, then the most confident report, then the smallest
    event id."""
    support: dict[tuple, set] = defaultdict(set)
    for m in members:
        support[(m.cameo, m.source.code, m.target.code)].add(m.original or m.article_id)
    return min(members, key=lambda m: (-len(support[(m.cameo, m.source.code, m.target.code)]),
                                       -(m.confidence or 0.0), m.event_id))


def outlets(members: list[Report]) -> int:
    """Independent outlets: distinct outlets of the original articles; an article whose outlet is
    unknown counts as its own."""
    return len({m.outlet or f"article:{m.original or m.article_id}" for m in members})


# -- the store side -------------------------------------------------------------------------

_REPORT_SQL = """
SELECT e.event_id, e.article_id, e.sentence_index, e.source_code, e.source_country,
       e.source_sector, e.source_entity_id, e.target_code, e.target_country, e.target_sector,
       e.target_entity_id, e.cameo, e.cameo_root, e.date, e.date_precision, e.date_end,
       e.date_basis, e.modality, e.location_country, e.location_lat, e.location_lon,
       e.location_precision, e.confidence, o.source, coalesce(d.duplicate_of, e.article_id),
       e.sentence, e.trigger
FROM events e
LEFT JOIN article_duplicates d ON d.article_id = e.article_id
LEFT JOIN articles o ON o.id = coalesce(d.duplicate_of, e.article_id)
"""


def _report(row) -> Report:
    return Report(
        event_id=row[0], article_id=row[1], sentence_index=row[2],
        source=Side(row[3], row[4], row[5], row[6]), target=Side(row[7], row[8], row[9], row[10]),
        cameo=row[11], cameo_root=row[12], date=row[13], date_precision=row[14], date_end=row[15],
        date_basis=row[16], modality=row[17], location_country=row[18], lat=row[19], lon=row[20],
        location_precision=row[21], confidence=row[22] or 0.0, outlet=row[23], original=row[24],
        **text_fields(row[25], row[26]),
    )


@dataclass
class MergeReport:
    reports: int = 0          # reports grouped in this call
    joined: int = 0           # of them, joined to a merged event with other reports
    merged_events: int = 0    # merged events created or changed


def merge_reports(con: duckdb.DuckDBPyConnection, window_days: int = 400) -> MergeReport:
    """Group every stored event report not yet grouped (see the module doc); forget the reports
    of events that are gone (an article replaced). One transaction; idempotent."""
    result = MergeReport()
    gone = con.execute("SELECT r.event_id, r.merged_id FROM event_reports r "
                       "ANTI JOIN events e ON e.event_id = r.event_id").fetchall()
    pending = [_report(row) for row in con.execute(
        _REPORT_SQL + " ANTI JOIN event_reports r ON r.event_id = e.event_id").fetchall()]
    if not pending and not gone:
        return result
    dated = [r.date for r in pending if r.date]
    clusters: dict[str, Cluster] = {}
    if dated:
        lo, hi = min(dated) - timedelta(days=window_days), max(dated) + timedelta(days=window_days)
        # every member of each stored merged event that has a report near these dates
        rows = con.execute(
            _REPORT_SQL + """ JOIN event_reports r ON r.event_id = e.event_id
            WHERE r.merged_id IN (SELECT r2.merged_id FROM event_reports r2 JOIN events e2
                                  ON e2.event_id = r2.event_id WHERE e2.date BETWEEN ? AND ?)""",
            [lo, hi]).fetchall()
        ids = dict(con.execute(
            """SELECT r.event_id, r.merged_id FROM event_reports r JOIN events e2 ON e2.event_id = r.event_id
               WHERE r.merged_id IN (SELECT r2.merged_id FROM event_reports r2 JOIN events e3
                                     ON e3.event_id = r2.event_id WHERE e3.date BETWEEN ? AND ?)""",
            [lo, hi]).fetchall())
        for row in sorted(rows, key=lambda row: row[0]):
            rep = _report(row)
            clusters.setdefault(ids[rep.event_id], Cluster(ids[rep.event_id])).members.append(rep)
    assigned, touched = group(pending, sorted(clusters.values(), key=lambda c: c.merged_id))
    touched_ids = {c.merged_id for c in touched} | {m for _, m in gone}
    con.execute("BEGIN TRANSACTION")
    try:
        if gone:
            con.execute("DELETE FROM event_reports WHERE event_id IN (SELECT unnest($1))", [[g for g, _ in gone]])
        if assigned:
            by_id = {r.event_id: r for r in pending}
            con.execute("INSERT INTO event_reports SELECT unnest($1), unnest($2), unnest($3)",
                        [list(assigned), list(assigned.values()), [by_id[e].article_id for e in assigned]])
        _refresh_merged(con, sorted(touched_ids))
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    result.reports = len(assigned)
    sizes = Counter(assigned.values())
    result.joined = sum(1 for e, m in assigned.items()
                        if sizes[m] > 1 or m in clusters)
    result.merged_events = len(touched_ids)
    return result


def _refresh_merged(con, merged_ids: list[str]) -> None:
    """Recompute the representative and counts of these merged events from their reports."""
    if not merged_ids:
        return
    con.execute("DELETE FROM merged_events WHERE merged_id IN (SELECT unnest($1))", [merged_ids])
    rows = con.execute(_REPORT_SQL + " JOIN event_reports r ON r.event_id = e.event_id "
                       "WHERE r.merged_id IN (SELECT unnest($1))", [merged_ids]).fetchall()
    ids = dict(con.execute("SELECT event_id, merged_id FROM event_reports WHERE merged_id IN (SELECT unnest($1))",
                           [merged_ids]).fetchall())
    members: dict[str, list[Report]] = defaultdict(list)
    for row in rows:
        rep = _report(row)
        members[ids[rep.event_id]].append(rep)
    out = [(mid, representative(ms).event_id, len(ms), outlets(ms)) for mid, ms in sorted(members.items())]
    if out:
        con.execute("INSERT INTO merged_events SELECT unnest($1), unnest($2), unnest($3), unnest($4)",
                    [list(c) for c in zip(*out)])
