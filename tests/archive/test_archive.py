"""The archive ``proses`` records: runs, rows, findings and sources; one run per set of inputs;
all or nothing (a killed run leaves it as it was); its version checked on every open."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from lkjip_excel import archive, pipeline
from lkjip_excel.archive import schema
from lkjip_excel.cli import cli

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "purwareja-klampok-2024"


def example_workspace(folder: Path) -> Path:
    """A copy of the example's workspace (settings and submissions only)."""
    ws = folder / "ws"
    shutil.copytree(EXAMPLE / "masuk", ws / "masuk")
    shutil.copy(EXAMPLE / "lkjip.toml", ws / "lkjip.toml")
    return ws


def dump(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump()) + [
            f"user_version={conn.execute('PRAGMA user_version').fetchone()[0]}",
            f"application_id={conn.execute('PRAGMA application_id').fetchone()[0]}",
        ]
    finally:
        conn.close()


def count(path: Path, table: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        conn.close()


@pytest.fixture(scope="module")
def recorded(tmp_path_factory) -> tuple[Path, pipeline.Ran]:
    ws = example_workspace(tmp_path_factory.mktemp("archive"))
    ran = pipeline.run(ws, out_file=ws / "output" / "hasil.xlsx")
    return ws, ran


def test_proses_records_the_run_its_rows_findings_and_sources(recorded):
    ws, ran = recorded
    path = ws / "arsip.sqlite"
    assert ran.archived is not None and ran.archived.new and ran.archived.path == path
    hasil = ran.hasil
    assert count(path, "proses") == 1
    rows = sum(len(t.rows) + (t.total is not None) for t in hasil.tables.values())
    assert count(path, "baris") == rows
    assert count(path, "tabel") == len(hasil.tables)
    assert count(path, "temuan") == len(hasil.findings)
    assert count(path, "sumber") == len(hasil.sources)
    conn = archive.connect(path, read_only=True)
    try:
        sha = {r[0]: r[1] for r in conn.execute("SELECT nama, sha256 FROM sumber")}
        codes = [r[0] for r in conn.execute("SELECT kode FROM temuan ORDER BY urutan")]
        got = archive.run_dict(conn, ran.archived.run_id, ("anggaran",))
    finally:
        conn.close()
    assert sha == {s.nama: s.sha256 for s in hasil.sources}
    assert codes == [f.code for f in hasil.findings]
    from lkjip_excel.export import hasil_to_dict

    expected = hasil_to_dict(hasil)
    assert got["tabel"]["anggaran"]["jumlah"] == expected["tabel"]["anggaran"]["jumlah"]
    assert got["ringkasan"]["realisasi"] == expected["ringkasan"]["realisasi"]


def test_same_inputs_are_not_recorded_twice_new_inputs_are(tmp_path: Path):
    ws = example_workspace(tmp_path)
    out = ws / "output" / "hasil.xlsx"
    first = pipeline.run(ws, out_file=out).archived
    again = pipeline.run(ws, out_file=out).archived
    assert first is not None and again is not None
    assert (again.run_id, again.new) == (first.run_id, False)
    assert count(ws / "arsip.sqlite", "proses") == 1
    moved = sorted((ws / "masuk").iterdir())[0]
    shutil.move(moved, tmp_path / moved.name)
    third = pipeline.run(ws, out_file=out).archived
    assert third is not None and third.new and third.run_id != first.run_id
    listed = archive.runs(ws / "arsip.sqlite")
    assert [(r.id, r.kini) for r in listed] == [(first.run_id, False), (third.run_id, True)]
    # the first inputs again: no new run, the first one is the year's current run again
    shutil.move(tmp_path / moved.name, moved)
    back = pipeline.run(ws, out_file=out).archived
    assert back is not None and (back.run_id, back.new) == (first.run_id, False)
    assert [r.id for r in archive.runs(ws / "arsip.sqlite") if r.kini] == [first.run_id]


def test_tanpa_arsip_records_nothing(tmp_path: Path):
    ws = example_workspace(tmp_path)
    result = CliRunner().invoke(
        cli, ["proses", str(ws), "--senyap", "--tanpa-arsip", "--keluar", str(tmp_path / "o.xlsx")]
    )
    assert result.exit_code == 0, result.output
    assert not (ws / "arsip.sqlite").exists()
    assert (tmp_path / "o.xlsx").is_file()


def test_the_archive_cannot_be_an_output(tmp_path: Path):
    ws = example_workspace(tmp_path)
    result = CliRunner().invoke(cli, ["proses", str(ws), "--senyap", "--keluar", str(ws / "arsip.sqlite")])
    assert result.exit_code == 2
    assert not (ws / "arsip.sqlite").exists()


# --- the version, checked on open ---------------------------------------------------------


def test_a_newer_archive_is_refused_and_left_alone(tmp_path: Path, recorded):
    ws = example_workspace(tmp_path)
    path = ws / "arsip.sqlite"
    shutil.copy(recorded[0] / "arsip.sqlite", path)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    conn.close()
    before = path.read_bytes()
    result = CliRunner().invoke(cli, ["proses", str(ws), "--senyap", "--keluar", str(tmp_path / "o.xlsx")])
    assert result.exit_code == 2
    assert "lebih baru" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "o.xlsx").exists()  # checked before any output is written
    assert path.read_bytes() == before
    with pytest.raises(archive.ArchiveError):
        archive.runs(path)


@pytest.mark.parametrize(
    "content", [b"", b"not a database at all" * 100, b"SQLite format 3\x00" + b"\xff" * 200]
)
def test_a_damaged_or_foreign_file_is_an_archive_error(tmp_path: Path, content: bytes):
    path = tmp_path / "arsip.sqlite"
    path.write_bytes(content)
    with pytest.raises(archive.ArchiveError):
        archive.runs(path)
    if content:  # an empty file is a new archive for a writer; anything else is refused
        with pytest.raises(archive.ArchiveError):
            archive.connect(path)
        assert path.read_bytes() == content


def test_a_foreign_sqlite_database_is_refused(tmp_path: Path):
    path = tmp_path / "arsip.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE x (a)")
    conn.commit()
    conn.close()
    with pytest.raises(archive.ArchiveError, match="bukan arsip"):
        archive.connect(path)


def test_an_older_archive_is_migrated_in_one_transaction(tmp_path: Path, recorded, monkeypatch):
    path = tmp_path / "arsip.sqlite"
    shutil.copy(recorded[0] / "arsip.sqlite", path)
    old = schema.SCHEMA_VERSION
    monkeypatch.setattr(schema, "SCHEMA_VERSION", old + 1)
    # a migration that fails half-way leaves the file at its version, untouched
    monkeypatch.setattr(
        schema,
        "MIGRATIONS",
        {old: ("ALTER TABLE proses ADD COLUMN catatan TEXT", "SELECT * FROM no_such_table")},
    )
    before = dump(path)
    with pytest.raises(archive.ArchiveError, match="tidak bisa diperbarui"):
        archive.connect(path).close()
    assert dump(path) == before
    monkeypatch.setattr(schema, "MIGRATIONS", {old: ("ALTER TABLE proses ADD COLUMN catatan TEXT",)})
    conn = archive.connect(path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == old + 1
        assert conn.execute("SELECT count(catatan), count(*) FROM proses").fetchone() == (0, 1)
    finally:
        conn.close()


# --- killed while writing ------------------------------------------------------------------

#: the child: proses with the archive's test-only hook set, which says it is inside the write
#: transaction (a marker file) and then waits to be killed
CHILD = """
import sys, time
from pathlib import Path
import lkjip_excel.archive.store as store
marker = Path(sys.argv.pop(1))
def hold():
    marker.write_text("in")
    time.sleep(120)
store._before_commit = hold
from lkjip_excel.cli import cli
cli(sys.argv[1:])
"""


def test_a_killed_run_leaves_the_archive_as_it_was(tmp_path: Path, recorded):
    ws = example_workspace(tmp_path)
    path = ws / "arsip.sqlite"
    shutil.copy(recorded[0] / "arsip.sqlite", path)
    # other inputs, so that the run is a new one: a whole run's rows are inside the transaction
    (ws / "masuk" / sorted(os.listdir(ws / "masuk"))[0]).unlink()
    before = dump(path)
    marker = tmp_path / "marker"
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(marker), "proses", str(ws), "--senyap"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 120
    while not marker.exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the archive write was never reached"
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    assert dump(path) == before  # opening it rolls the hot journal back
    assert count(path, "proses") == 1
    # and the next run records normally
    again = pipeline.run(ws, out_file=tmp_path / "o.xlsx").archived
    assert again is not None and again.new and count(path, "proses") == 2


def test_no_archive_among_the_submissions(tmp_path: Path):
    """Settings inside the folder of submissions: the archive would be read as a submission by
    the next run, so it is not written, and proses says so."""
    ws = example_workspace(tmp_path)
    masuk = ws / "masuk"
    shutil.copy(ws / "lkjip.toml", masuk / "lkjip.toml")
    result = CliRunner().invoke(
        cli,
        [
            "proses",
            str(masuk),
            "--pengaturan",
            str(masuk / "lkjip.toml"),
            "--senyap",
            "--keluar",
            str(tmp_path / "o.xlsx"),
        ],
    )
    assert "Arsip tidak dicatat" in result.output
    assert not (masuk / "arsip.sqlite").exists()


@pytest.mark.parametrize("content", [b"not a database at all" * 100, b"SQLite format 3\x00" + b"\xff" * 200])
def test_a_damaged_archive_stops_proses_before_any_output(tmp_path: Path, content: bytes):
    ws = example_workspace(tmp_path)
    (ws / "arsip.sqlite").write_bytes(content)
    out, js = tmp_path / "o.xlsx", tmp_path / "o.json"
    result = CliRunner().invoke(cli, ["proses", str(ws), "--senyap", "--keluar", str(out), "--json", str(js)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "Galat internal" not in result.output
    assert not out.exists() and not js.exists()
    assert (ws / "arsip.sqlite").read_bytes() == content


def test_an_archive_linked_into_the_submissions_is_not_written(tmp_path: Path):
    """``arsip.sqlite`` a link into masuk/: following it would put the archive among the
    submissions, so it is skipped like an archive placed there."""
    ws = example_workspace(tmp_path)
    (ws / "arsip.sqlite").symlink_to(Path("masuk") / "arsip.sqlite")
    runner = CliRunner()
    result = runner.invoke(cli, ["proses", str(ws), "--senyap", "--keluar", str(tmp_path / "o.xlsx")])
    assert result.exit_code in (0, 1), result.output
    assert "Arsip tidak dicatat" in result.output
    assert not (ws / "masuk" / "arsip.sqlite").exists()
    again = runner.invoke(cli, ["periksa", str(ws), "--json"])
    assert again.exit_code == pipeline.check(ws).has_errors, again.output
