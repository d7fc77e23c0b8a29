"""``periksa`` runs every check ``proses`` runs: proses = periksa + writing.

On the example, on a workspace with injected faults that only the engine's checks see
(stated totals, cross-source differences, SAKIP), and on one that also has a reading
error, the findings of ``periksa --json`` and of ``proses --json`` are the same, in the
same order, and both exit with 1 exactly when there are errors (warnings exit 0).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from lkjip_excel import pipeline
from lkjip_excel.cli import cli
from tests.engine.test_reconcile import build_variant, inject

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "purwareja-klampok-2024"
KEY = ("kode", "berkas", "lembar", "sel", "tingkat")
#: what only the engine finds in the injected workspace (the reading alone reports none of it)
ENGINE_FAULTS = {
    ("JUMLAH_TIDAK_SAMA", "2024-desa-001-purwareja.xlsx", "Perikanan", "B9"),  # a written total off
    ("JUMLAH_TIDAK_SAMA", "2024-desa-001-purwareja.xlsx", "Wilayah", "B12"),
    ("SUMBER_TIDAK_SAMA", "2024-tata-pemerintahan.xlsx", "SPPT", "D6"),
    ("SUMBER_TIDAK_SAMA", "2024-pmd.xlsx", "Musrenbang", "F6"),
    ("SAKIP_TIDAK_SAMA", "2024-tata-pemerintahan.xlsx", "Hasil SAKIP", "B8"),
}


def copy_example(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(EXAMPLE / "lkjip.toml", folder / "lkjip.toml")
    shutil.copytree(EXAMPLE / "masuk", folder / "masuk")
    return folder


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Path:
    return copy_example(tmp_path_factory.mktemp("example") / "ws")


@pytest.fixture(scope="module")
def injected(tmp_path_factory) -> Path:
    return build_variant(tmp_path_factory.mktemp("injected"), inject)


@pytest.fixture(scope="module")
def broken(tmp_path_factory) -> Path:
    """The injected faults, and a reading error (galat) on top."""
    folder = build_variant(tmp_path_factory.mktemp("broken"), inject)
    (folder / "masuk" / "rusak.xlsx").write_bytes(b"")
    return folder


def periksa(folder: Path):
    result = CliRunner().invoke(cli, ["periksa", str(folder), "--json"])
    return result.exit_code, json.loads(result.stdout)


def proses(folder: Path, out: Path):
    args = [
        "proses",
        str(folder),
        "--keluar",
        str(out / "hasil.xlsx"),
        "--json",
        str(out / "hasil.json"),
        "--senyap",
    ]
    result = CliRunner().invoke(cli, args)
    return result.exit_code, json.loads((out / "hasil.json").read_text(encoding="utf-8"))


def keys(data: dict) -> list[tuple]:
    return [tuple(f[k] for k in KEY) for f in data["temuan"]]


@pytest.mark.parametrize("name", ["example", "injected", "broken"])
def test_periksa_and_proses_report_the_same_findings(name: str, request, tmp_path: Path):
    folder = request.getfixturevalue(name)
    checked_exit, checked = periksa(folder)
    ran_exit, ran = proses(folder, tmp_path)
    assert keys(checked) == keys(ran)
    assert checked["temuan"] == ran["temuan"]  # messages and values too
    galat = sum(1 for f in checked["temuan"] if f["tingkat"] == "galat")
    assert checked["ringkasan"]["galat"] == galat
    assert checked["ringkasan"]["peringatan"] == sum(
        1 for f in checked["temuan"] if f["tingkat"] == "peringatan"
    )
    assert checked_exit == ran_exit == (1 if galat else 0)
    assert (name == "broken") == bool(galat)


def test_periksa_runs_the_engines_checks(injected, example):
    _, data = periksa(injected)
    found = {(f["kode"], f["berkas"], f["lembar"], f["sel"]) for f in data["temuan"]}
    assert ENGINE_FAULTS <= found
    _, data = periksa(example)
    assert "IKM_TIDAK_SAMA" in {f["kode"] for f in data["temuan"]}


def test_periksa_text_counts_the_engines_findings(injected):
    result = CliRunner().invoke(cli, ["periksa", str(injected), "--senyap"])
    assert result.exit_code == 0, result.output
    _, data = periksa(injected)
    counts = data["ringkasan"]
    assert (
        f"{counts['galat']} galat, {counts['peringatan']} peringatan, {counts['info']} info." in result.output
    )
    row = next(line for line in result.output.splitlines() if line.startswith("2024-desa-001-purwareja.xlsx"))
    per_file = [f for f in data["temuan"] if f["berkas"] == "2024-desa-001-purwareja.xlsx"]
    assert "ada peringatan" in row
    assert (
        next(b for b in data["berkas"] if b["nama"] == "2024-desa-001-purwareja.xlsx")["status"]
        == "ada peringatan"
    )
    assert row.split()[-2:] == [str(sum(f["tingkat"] == "peringatan" for f in per_file)), "0"]
    assert "JUMLAH_TIDAK_SAMA" in result.output and "Perikanan!B9" in result.output


def test_the_library_check_is_the_run_without_writing(injected, tmp_path: Path):
    folder = injected
    checked = pipeline.check(folder)
    ran = pipeline.run(folder, out_file=tmp_path / "x.xlsx", json_file=tmp_path / "x.json")
    assert [f.to_dict() for f in checked.findings] == [f.to_dict() for f in ran.checked.findings]
    assert ran.written == [tmp_path / "x.xlsx", tmp_path / "x.json"]
    assert all(p.is_file() for p in ran.written)
    assert not list(tmp_path.glob("*.tmp"))
    assert pipeline.send(ran, []) is None  # written, but no one to send it to (no --kirim-ke)


def test_send_file_decides_before_sending(tmp_path: Path):
    """``kirim``'s checks are the library's: no recipient, or an .eml that would overwrite
    the workbook, are usage errors before any settings are read or any server is reached."""
    from lkjip_excel.errors import UsageError

    workbook = tmp_path / "LKjIP.xlsx"
    workbook.write_bytes(b"PK")
    with pytest.raises(UsageError, match="--ke"):
        pipeline.send_file(workbook, [])
    with pytest.raises(UsageError):
        pipeline.send_file(workbook, ["camat@example.org"], dry_run=workbook)
    assert workbook.read_bytes() == b"PK"


def test_ketat_refuses_to_write_but_reports_the_same(broken, tmp_path: Path):
    folder = broken
    ran = pipeline.run(folder, out_file=tmp_path / "x.xlsx", ketat=True)
    assert ran.refused and not ran.written and not (tmp_path / "x.xlsx").exists()
    assert [f.to_dict() for f in ran.checked.findings] == [
        f.to_dict() for f in pipeline.check(folder).findings
    ]
    assert pipeline.send(ran, ["camat@example.org"]) is None  # nothing written, nothing sent


def test_periksa_imports_no_writer():
    """Checking stays light: the output writer, the JSON export, mail and pandas are for proses
    only. (xlsxwriter itself is still imported by the reader, for its cell-address helpers.)"""
    code = (
        "import sys\n"
        "from lkjip_excel.cli import cli\n"
        "HEAVY = ('lkjip_excel.output', 'lkjip_excel.export', 'lkjip_excel.mail', 'pandas')\n"
        f"sys.argv = ['lkjip-excel', 'periksa', {str(EXAMPLE)!r}, '--senyap']\n"
        "try:\n    cli()\n"
        "except SystemExit as e:\n"
        "    heavy = sorted(m for m in HEAVY if m in sys.modules)\n"
        "    sys.stderr.write(f'{e.code} {heavy}')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.stderr == "0 []", done.stderr


def test_options_reach_the_reader(example):
    from lkjip_excel.reading.container import Limits

    checked = pipeline.check(example, pipeline.Options(limits=Limits(max_file_bytes=1_000), workers=1))
    assert {f.code for f in checked.findings if f.file} >= {"BERKAS_TERLALU_BESAR"}
    assert checked.has_errors
