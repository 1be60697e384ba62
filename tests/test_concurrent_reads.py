"""`dyadwire serve` keeps answering while `dyadwire ingest` writes the same file: a real server
and a real ingest of 160 Wikinews articles run together, and every answer must succeed and be
consistent (a batch is seen whole or not at all, and totals only grow)."""

import collections
import itertools
import json
import subprocess
import time

import pytest
from conftest import shared_data
from live_server import DYADWIRE, Server

from dyadwire.store import Store

pytestmark = [pytest.mark.slow, pytest.mark.corpus]


def test_server_answers_every_request_during_an_ingest(tmp_path):
    corpus = shared_data("wikinews-politics", "wikinews_politics_2004_2009.jsonl")
    articles = tmp_path / "articles.jsonl"
    with open(corpus, encoding="utf-8") as src:
        articles.write_text("".join(itertools.islice(src, 160)), encoding="utf-8")
    db = tmp_path / "live.duckdb"
    Store(db).close()  # an empty database for the server to open

    server = Server(db)
    ingest = subprocess.Popen([*DYADWIRE, "ingest", "--db", str(db), str(articles), "--workers", "1"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    answers, failures, requests = [], [], 0
    try:
        while True:
            running = ingest.poll() is None
            for path in ("/api/events?limit=10000&min_confidence=0&reports=true", "/api/network", "/api/alerts", "/api/actors",
                         "/api/dyads?source=USA&target=IRQ&interval=week"):
                requests += 1
                status, _, body = server.get(path)
                if status != 200:
                    failures.append((path, status, body[:300]))
                elif path.startswith("/api/events"):
                    page = json.loads(body)
                    answers.append(page)
            if not running:
                break
            time.sleep(0.05)
        _, err = ingest.communicate(timeout=600)
    finally:
        if ingest.poll() is None:
            ingest.kill()
        server.stop()

    assert ingest.returncode in (0, 1), err  # 1: a record the reader rejects is named, the rest stored
    assert "internal error" not in err and "another process held" not in err, err
    assert failures == [], failures[:5]

    with Store(db, read_only=True) as store:
        final = dict(store.con.execute("SELECT article_id, count(*) FROM events GROUP BY article_id").fetchall())
    totals = [page["total"] for page in answers]
    assert totals == sorted(totals), "a later answer saw fewer events than an earlier one"
    assert totals[-1] == sum(final.values()) > 0
    # the server answered between batch writes, not only before and after the ingest
    assert len({t for t in totals if 0 < t < totals[-1]}) >= 1, totals
    for page in answers:
        assert len(page["events"]) == page["total"]
        per_article = collections.Counter(e["article_id"] for e in page["events"])
        for article_id, n in per_article.items():
            assert n == final[article_id], f"{article_id}: an answer saw {n} of its {final[article_id]} events"
    print(f"{requests} requests during the ingest, {len(set(totals))} distinct totals: {sorted(set(totals))}")
