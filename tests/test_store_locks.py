"""DuckDB lets one process write a file or many read it: the store's writer and readers wait for
each other's lock briefly instead of failing, and say so clearly when the wait runs out. The
other side is a real second process holding the file."""

import subprocess
import sys
import time

import pytest

from dyadwire.store import Store, StoreBusy, reading
from dyadwire.store.db import connect

HOLD = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1], read_only=sys.argv[2] == "read")
print("holding", flush=True)
time.sleep(float(sys.argv[3]))
con.close()
"""


def _hold(path, mode: str, seconds: float) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(path), mode, str(seconds)],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "holding"
    return proc


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "locks.duckdb"
    Store(path).close()
    return path


def test_a_reader_waits_for_the_writer_to_let_go(db):
    writer = _hold(db, "write", 1.0)
    started = time.monotonic()
    with reading(db, wait=20) as con:
        waited = time.monotonic() - started
        assert con.execute("SELECT count(*) FROM events").fetchone() == (0,)
    writer.wait()
    assert waited >= 0.5  # it did meet the lock, and got the file once the writer closed it


def test_the_writer_waits_for_readers_and_gives_up_clearly(db):
    reader = _hold(db, "read", 1.0)
    with Store(db) as store:  # opens once the reader has let go
        store.release()
        assert store.counts()["events"] == 0  # reopened on use
    reader.wait()
    reader = _hold(db, "read", 5.0)
    try:
        with pytest.raises(StoreBusy, match="another process held the database"):
            connect(str(db), read_only=False, wait=0.3)
    finally:
        reader.kill()
        reader.wait()
