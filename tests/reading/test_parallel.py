"""Reading by several processes: each submission sent back encoded, and the cache keeping
the very bytes that were sent."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest

from lkjip_excel.reading import batch, parallel, read_submission
from lkjip_excel.reading import cache as cache_module
from lkjip_excel.reading.cache import CACHE_DIR, CACHE_FILE, ReadCache
from lkjip_excel.reading.container import DEFAULT_LIMITS
from lkjip_excel.reading.model import Submission
from lkjip_excel.reading.stored import TwoPass, decode
from tests.reading.builders import workspace, write_desa
from tests.reading.test_corpus import SETTINGS


@pytest.fixture(autouse=True)
def own_key(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg")))


def test_a_worker_sends_submissions_encoded(tmp_path: Path, monkeypatch):
    good = write_desa(tmp_path / "desa.xlsx", SETTINGS, "001")
    empty = tmp_path / "kosong.xlsx"
    empty.write_bytes(b"")
    monkeypatch.setitem(parallel._WORKER, "settings", SETTINGS)
    monkeypatch.setitem(parallel._WORKER, "limits", DEFAULT_LIMITS)
    sent_good, sent_empty = parallel._read_in_worker([good, empty])
    assert isinstance(sent_good, tuple) and isinstance(sent_good[0], bytes)
    assert isinstance(sent_empty, Submission)  # nothing to encode it by (no digest): as it is
    sub, blob = parallel._received(sent_good, good, SETTINGS, DEFAULT_LIMITS, None)
    assert blob == sent_good[0]
    assert sub == read_submission(good, SETTINGS)
    assert parallel._received(sent_empty, empty, SETTINGS, DEFAULT_LIMITS, None) == (sent_empty, None)
    # in two passes: what the file is at once, its tables when asked
    two_pass = TwoPass()
    later, _ = parallel._received(sent_good, good, SETTINGS, DEFAULT_LIMITS, two_pass)
    assert later.tables == {} and later.identity == sub.identity
    assert two_pass.fill() == []
    assert later == sub
    assert [f.code for f in sent_empty.findings] == ["BERKAS_KOSONG"]


def _forty_desa(tmp_path: Path) -> tuple[Path, Path, batch.CheckReport]:
    """A workspace of 40 desa files (enough to be read by two processes), read serially."""
    ws, inputs = workspace(tmp_path / "ws", SETTINGS)
    for i in range(40):
        write_desa(inputs / f"desa-{i:02d}.xlsx", SETTINGS, f"{i % 3 + 1:03d}")
    return ws, inputs, batch.check_folder(inputs, SETTINGS, workers=1)


@pytest.mark.skipif(sys.platform != "linux", reason="the workers are forked")
def test_the_cache_keeps_what_the_workers_sent(tmp_path: Path, monkeypatch):
    ws, inputs, serial = _forty_desa(tmp_path)
    cache = ReadCache(ws, SETTINGS, DEFAULT_LIMITS)

    def not_again(sub):
        raise AssertionError(f"{sub.name} encoded again in the main process")

    monkeypatch.setattr(cache_module, "encode", not_again)
    first = batch.check_folder(inputs, SETTINGS, workers=2, cache=cache)
    assert (cache.hits, cache.misses) == (0, 40)
    assert first.to_dict() == serial.to_dict()
    assert first.submissions == serial.submissions
    with sqlite3.connect(ws / CACHE_DIR / CACHE_FILE) as con:
        stored = [decode(data, Path("x")) for (data,) in con.execute("SELECT data FROM entry")]
    assert len(stored) == 40
    as_read = {s.sha256: read_submission(s.path, SETTINGS) for s in serial.submissions}
    for entry in stored:
        expected = as_read[entry.sha256]
        entry.path, entry.modified = expected.path, expected.modified
        assert entry == expected  # before the batch checks, as reading produced it

    again = ReadCache(ws, SETTINGS, DEFAULT_LIMITS)
    second = batch.check_folder(inputs, SETTINGS, workers=2, cache=again)
    assert (again.hits, again.misses) == (40, 0)
    assert second.to_dict() == serial.to_dict()


@pytest.mark.skipif(sys.platform != "linux", reason="the workers are forked")
def test_a_worker_result_whose_tables_fail_is_read_again_and_cached_as_read(tmp_path: Path, monkeypatch):
    from lkjip_excel.reading import stored
    from lkjip_excel.reading.stored import EntryError

    ws, inputs, serial = _forty_desa(tmp_path)
    real = stored.fill_tables

    def failing(sub, tables):
        if sub.name == "desa-07.xlsx":
            raise EntryError("test")
        real(sub, tables)

    monkeypatch.setattr(stored, "fill_tables", failing)
    cache = ReadCache(ws, SETTINGS, DEFAULT_LIMITS)
    first = batch.check_folder(inputs, SETTINGS, workers=2, cache=cache)
    assert first.to_dict() == serial.to_dict() and first.submissions == serial.submissions
    monkeypatch.setattr(stored, "fill_tables", real)
    again = ReadCache(ws, SETTINGS, DEFAULT_LIMITS)
    second = batch.check_folder(inputs, SETTINGS, workers=2, cache=again)
    assert (again.hits, again.misses) == (40, 0)  # the one read again was cached as read
    assert second.to_dict() == serial.to_dict()
