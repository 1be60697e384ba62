"""`dyadwire events` queries while `dyadwire ingest` writes the same file (the lock problem of
issue 10): runs a real ingest of Wikinews records in one process and `dyadwire events` in a loop
in another, and prints how many queries failed and how long they took.

    python bench/reads_during_ingest.py --articles 400 --workers 2
"""

import argparse
import itertools
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "data" / "wikinews-politics" / "wikinews_politics_2004_2009.jsonl"
DYADWIRE = [sys.executable, "-m", "dyadwire.cli"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "articles.jsonl"
        with open(CORPUS, encoding="utf-8") as fh:
            src.write_text("".join(itertools.islice(fh, args.articles)), encoding="utf-8")
        db = Path(tmp) / "bench.duckdb"
        from dyadwire.store import Store

        Store(db).close()
        started = time.perf_counter()
        ingest = subprocess.Popen([*DYADWIRE, "ingest", "--db", str(db), str(src), "--workers", str(args.workers)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        ok = failed = 0
        seconds = []
        while ingest.poll() is None:
            t = time.perf_counter()
            done = subprocess.run([*DYADWIRE, "events", "--db", str(db), "--limit", "5"],
                                  capture_output=True, text=True)
            seconds.append(time.perf_counter() - t)
            if done.returncode == 0:
                ok += 1
            else:
                failed += 1
                print("failed:", done.stderr.strip()[:200])
        ingest_s = time.perf_counter() - started
        err = ingest.stderr.read()
    print(f"ingest of {args.articles} records, {args.workers} processes: {ingest_s:.1f} s, exit {ingest.returncode}")
    print(f"dyadwire events during it: {failed} of {ok + failed} failed; "
          f"each took {min(seconds):.2f}-{max(seconds):.2f} s (median {sorted(seconds)[len(seconds) // 2]:.2f} s, "
          "most of it starting Python)")
    print(err.strip().splitlines()[-1] if err.strip() else "")


if __name__ == "__main__":
    main()
