"""The reading cache: unchanged files are not read again, changed ones are, and nothing in
the cache is trusted that this tool did not write for these very bytes."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from lkjip_excel import pipeline
from lkjip_excel.reading import batch
from lkjip_excel.reading.cache import CACHE_DIR, CACHE_FILE

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "purwareja-klampok-2024"


@pytest.fixture(autouse=True)
def own_key(tmp_path_factory, monkeypatch):
    """The signing key in a folder of the test's own, never the user's."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg")))


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    folder = tmp_path / "ws"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns(CACHE_DIR, "output"))
    return folder


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """The names of the files actually read (one process: the reader is called here)."""
    seen: list[str] = []
    real = batch.read_submission

    def counting(path, *args, **kwargs):
        seen.append(Path(path).name)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(batch, "read_submission", counting)
    return seen


def _check(folder: Path, cache: bool = True) -> pipeline.Checked:
    return pipeline.check(folder, pipeline.Options(workers=1, cache=cache))


def test_unchanged_files_are_not_read_again(ws: Path, reads: list[str]):
    first = _check(ws)
    files = sorted(p.name for p in (ws / "masuk").iterdir())
    assert sorted(reads) == files and (ws / CACHE_DIR / CACHE_FILE).is_file()
    reads.clear()
    second = _check(ws)
    assert reads == []
    assert second.to_dict() == first.to_dict()
    assert second.report.submissions == first.report.submissions
    assert [f.to_dict() for f in second.findings] == [f.to_dict() for f in first.findings]


def test_a_changed_file_is_read_again(ws: Path, reads: list[str]):
    first = _check(ws)
    inputs = sorted((ws / "masuk").iterdir())
    victim, donor = inputs[0], inputs[1]
    victim.write_bytes(donor.read_bytes())  # another desa's figures under this name
    reads.clear()
    second = _check(ws)
    assert reads == [victim.name]
    assert second.to_dict() != first.to_dict()
    assert second.to_dict() == _check(ws, cache=False).to_dict()
    codes = {f.code for f in second.findings}
    assert "KIRIMAN_GANDA_SAMA" in codes  # the same content twice is seen, not hidden


def test_a_file_broken_since_is_not_taken_from_the_cache(ws: Path, reads: list[str]):
    _check(ws)
    victim = sorted((ws / "masuk").iterdir())[0]
    victim.write_bytes(victim.read_bytes()[:500])  # truncated
    reads.clear()
    second = _check(ws)
    assert reads == [victim.name]
    assert second.has_errors
    assert {f.code for f in second.findings if f.file == victim.name} & {
        "BERKAS_RUSAK",
        "BERKAS_TIDAK_TERBACA",
    }


def test_other_settings_read_again(ws: Path, reads: list[str]):
    _check(ws)
    toml = ws / "lkjip.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("Klampok", "Klampog", 1), encoding="utf-8")
    reads.clear()
    _check(ws)
    assert len(reads) == len(list((ws / "masuk").iterdir()))


def _entries(ws: Path) -> sqlite3.Connection:
    return sqlite3.connect(ws / CACHE_DIR / CACHE_FILE)


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param("UPDATE entry SET data = CAST('{\"size\": 1}' AS BLOB)", id="damaged-data"),
        pytest.param("UPDATE entry SET data = randomblob(length(data))", id="random-data"),
        pytest.param("UPDATE entry SET data = substr(data, 1, 100)", id="truncated-data"),
        pytest.param("UPDATE entry SET mac = zeroblob(32)", id="wrong-signature"),
        pytest.param("UPDATE entry SET data = NULL, mac = NULL", id="null"),
        pytest.param("UPDATE entry SET data = 12345", id="not-a-blob"),
    ],
)
def test_tampered_entries_are_ignored_and_rebuilt(ws: Path, reads: list[str], tamper: str):
    first = _check(ws)
    with _entries(ws) as con:
        con.execute(tamper)
    reads.clear()
    second = _check(ws)
    assert len(reads) == len(list((ws / "masuk").iterdir()))
    assert second.to_dict() == first.to_dict()
    reads.clear()
    _check(ws)
    assert reads == []  # rebuilt


def test_a_forged_clean_entry_does_not_hide_errors(ws: Path, reads: list[str]):
    """Someone rewrites entries (other figures, no findings) without the user's key: ignored."""
    import msgspec

    first = _check(ws)
    forged = 0
    with _entries(ws) as con:
        for key, data in con.execute("SELECT key, data FROM entry").fetchall():
            entry = msgspec.msgpack.decode(data)
            entry["findings"] = []
            _shapes, tables = entry["tables"]
            for _name, _sheet, _found, records in tables:
                for record in records:  # (row, key, shape, values, cells)
                    record[3] = [0 if isinstance(v, int) else v for v in record[3]]
            new = msgspec.msgpack.encode(entry)
            forged += new != data
            con.execute("UPDATE entry SET data = ? WHERE key = ?", (new, key))
    reads.clear()
    second = _check(ws)
    assert forged >= 10 and len(reads) == forged
    assert second.to_dict() == first.to_dict()


def test_an_entry_whose_tables_fail_in_the_second_pass_is_read_again(ws: Path, reads: list[str], monkeypatch):
    """What each file is comes first, the tables of all files after (stored.TwoPass): an
    entry whose tables turn out invalid then is read from its file, in its place."""
    from lkjip_excel.reading import stored
    from lkjip_excel.reading.stored import EntryError

    first = _check(ws)
    victim = sorted(p.name for p in (ws / "masuk").iterdir())[3]
    real = stored.fill_tables
    failed: list[str] = []

    def failing_once(sub, tables):
        if sub.name == victim and not failed:
            failed.append(sub.name)
            raise EntryError("test")
        real(sub, tables)

    monkeypatch.setattr(stored, "fill_tables", failing_once)
    reads.clear()
    second = _check(ws)
    assert failed == [victim] and reads == [victim]
    assert second.to_dict() == first.to_dict()
    assert [s.name for s in second.report.submissions] == [s.name for s in first.report.submissions]
    reads.clear()  # the entry was replaced by what was read: taken from the cache again
    assert _check(ws).to_dict() == first.to_dict() and reads == []


def test_a_damaged_database_is_not_used(ws: Path, reads: list[str]):
    first = _check(ws)
    (ws / CACHE_DIR / CACHE_FILE).write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    reads.clear()
    assert _check(ws).to_dict() == first.to_dict()
    assert len(reads) == len(list((ws / "masuk").iterdir()))


def test_a_read_only_workspace_still_works(ws: Path, reads: list[str], monkeypatch):
    monkeypatch.setattr("lkjip_excel.reading.cache.CACHE_DIR", "no/such/folder")
    assert _check(ws).to_dict() == _check(ws, cache=False).to_dict()


def test_tanpa_cache_neither_reads_nor_writes_the_cache(ws: Path):
    from lkjip_excel.cli import cli

    runner = CliRunner()
    result = runner.invoke(cli, ["periksa", str(ws), "--senyap", "--tanpa-cache"])
    assert result.exit_code == 0, result.output
    assert not (ws / CACHE_DIR).exists()
    result = runner.invoke(cli, ["periksa", str(ws), "--senyap"])
    assert result.exit_code == 0, result.output
    assert (ws / CACHE_DIR / CACHE_FILE).is_file()
    assert (ws / CACHE_DIR / ".gitignore").read_text() == "*\n"


def test_entries_written_a_few_at_a_time(ws: Path, reads: list[str], monkeypatch):
    monkeypatch.setattr("lkjip_excel.reading.cache.FLUSH_ENTRIES", 3)
    first = _check(ws)
    with _entries(ws) as con:
        stored = con.execute("SELECT count(*) FROM entry").fetchone()[0]
    assert stored == len(reads) == len(list((ws / "masuk").iterdir()))
    reads.clear()
    assert _check(ws).to_dict() == first.to_dict() and reads == []


def test_no_cache_among_the_submissions(tmp_path: Path, reads: list[str]):
    """Settings beside the files: the cache would be read as a submission (--rekursif)."""
    folder = tmp_path / "kiriman"
    shutil.copytree(EXAMPLE / "masuk", folder)
    shutil.copy(EXAMPLE / "lkjip.toml", folder / "lkjip.toml")
    checked = pipeline.check(folder, pipeline.Options(workers=1, cache=True, recursive=True))
    assert not (folder / CACHE_DIR).exists()
    assert checked.to_dict() == pipeline.check(folder, pipeline.Options(workers=1, recursive=True)).to_dict()


def test_last_use_is_written_once_a_day_and_old_entries_go(ws: Path, reads: list[str]):
    import time

    from lkjip_excel.reading.cache import KEEP_DAYS, USED_REFRESH_SECONDS

    _check(ws)
    with _entries(ws) as con:
        con.execute("INSERT INTO entry VALUES ('gone', x'00', x'00', 0)")  # unused for decades
        keys = [k for (k,) in con.execute("SELECT key FROM entry WHERE key != 'gone' ORDER BY key")]
        day_old, recent = time.time() - USED_REFRESH_SECONDS - 60, time.time() - 60
        con.execute("UPDATE entry SET used = ? WHERE key = ?", (day_old, keys[0]))
        con.execute("UPDATE entry SET used = ? WHERE key != ? AND key != 'gone'", (recent, keys[0]))
    reads.clear()
    _check(ws)
    assert reads == []
    with _entries(ws) as con:
        used = dict(con.execute("SELECT key, used FROM entry"))
    assert used[keys[0]] > recent  # a day old: written again
    assert all(used[k] == recent for k in keys[1:])  # used an hour ago: left as it is
    assert "gone" not in used and KEEP_DAYS * 86400 > USED_REFRESH_SECONDS
