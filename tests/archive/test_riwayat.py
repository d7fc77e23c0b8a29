"""``riwayat``: the recorded runs and a figure's history, as text and as JSON."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from lkjip_excel import pipeline
from lkjip_excel.cli import cli
from tests.archive.test_archive import example_workspace


def test_riwayat_lists_runs_and_a_figures_history(tmp_path: Path):
    ws = example_workspace(tmp_path)
    first = pipeline.run(ws, out_file=tmp_path / "o.xlsx")
    moved = sorted((ws / "masuk").iterdir())[0]
    shutil.move(moved, tmp_path / moved.name)
    second = pipeline.run(ws, out_file=tmp_path / "o.xlsx")
    assert first.archived and second.archived
    runner = CliRunner()
    listed = runner.invoke(cli, ["riwayat", str(ws), "--json"])
    assert listed.exit_code == 0, listed.output
    runs = json.loads(listed.output)["proses"]
    assert [(r["id"], r["kini"], r["berkas"]) for r in runs] == [
        (first.archived.run_id, False, len(first.hasil.sources)),
        (second.archived.run_id, True, len(second.hasil.sources)),
    ]
    text = runner.invoke(cli, ["riwayat", str(ws)])
    assert text.exit_code == 0 and "Traceback" not in text.output
    history = runner.invoke(cli, ["riwayat", str(ws), "--indikator", "  nilai  SAKIP ", "--json"])
    entries = json.loads(history.output)["riwayat"]
    expected = [s for s in first.hasil.ringkasan.sasaran if "SAKIP" in (s.indikator or "")]
    assert len(entries) == 2 and len(expected) == 1
    assert [e["realisasi"] for e in entries] == [float(expected[0].realisasi)] * 2
    serapan = json.loads(runner.invoke(cli, ["riwayat", str(ws), "--indikator", "serapan", "--json"]).output)
    assert [e["nilai"] for e in serapan["riwayat"]] == [
        float(first.hasil.ringkasan.serapan),
        float(second.hasil.ringkasan.serapan),
    ]
    none = runner.invoke(cli, ["riwayat", str(ws), "--indikator", "tidak ada"])
    assert none.exit_code == 0 and "Tidak ada angka" in none.output


def test_riwayat_without_an_archive_is_one_line_exit_2(tmp_path: Path):
    ws = example_workspace(tmp_path)
    result = CliRunner().invoke(cli, ["riwayat", str(ws)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output and "proses" in result.output


def test_an_edited_archive_is_read_without_a_traceback(tmp_path: Path):
    """An archive whose rows were edited by hand (wrong types, broken JSON): riwayat and rekap
    name it or skip the run's figures; never a traceback."""
    import sqlite3

    ws = example_workspace(tmp_path)
    pipeline.run(ws, out_file=tmp_path / "o.xlsx")
    conn = sqlite3.connect(ws / "arsip.sqlite")
    conn.execute("UPDATE proses SET ringkasan = '[1, 2', tahun = 'dua ribu'")
    conn.commit()
    conn.close()
    runner = CliRunner()
    for args in (["riwayat", str(ws)], ["riwayat", str(ws), "--indikator", "sakip", "--json"]):
        result = runner.invoke(cli, args)
        assert "Traceback" not in result.output, result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        assert result.exit_code == 0, result.output
    rekap = runner.invoke(cli, ["rekap", str(ws / "arsip.sqlite"), "--keluar", str(tmp_path / "r.xlsx")])
    assert rekap.exit_code == 1 and "REKAP_SUMBER_TIDAK_TERBACA" in rekap.output


def test_riwayat_of_a_missing_folder_or_a_file_is_exit_2(tmp_path: Path, monkeypatch):
    """Not the current folder's archive in silence: a FOLDER that is missing or a file is refused."""
    ws = example_workspace(tmp_path)
    pipeline.run(ws, out_file=tmp_path / "o.xlsx", json_file=tmp_path / "o.json")
    monkeypatch.chdir(ws)
    runner = CliRunner()
    assert runner.invoke(cli, ["riwayat"]).exit_code == 0
    for target in (tmp_path / "tidak-ada", tmp_path / "o.json"):
        result = runner.invoke(cli, ["riwayat", str(target)])
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1
