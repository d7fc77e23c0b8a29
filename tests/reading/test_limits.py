"""One workbook cannot exhaust the machine: the heavy hostile inputs are read under a
memory cap, in a process of their own; a reading process that dies is named; the whole
hostile corpus goes through ``periksa`` and ``proses`` without an internal error."""

from __future__ import annotations

import hashlib
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from lkjip_excel.cli import cli
from lkjip_excel.reading import batch, parallel, read_submission
from lkjip_excel.reading.container import Limits
from tests.reading import hostile
from tests.reading.builders import workspace, write_desa, write_keuangan
from tests.reading.test_corpus import CASES, SETTINGS

ROOT = Path(__file__).resolve().parents[2]
#: the address space a reading process gets here: a reader that believed the file would
#: need hundreds of GB (far cell) or 4 GB (lying zip)
MEMORY_CAP = 1536 * 2**20

CHILD = """
import json, sys
from pathlib import Path
from tests.helpers import make_settings
from lkjip_excel.reading import read_submission
sub = read_submission(Path(sys.argv[1]), make_settings(n_desa=3))
print(json.dumps([[f.code, f.sheet, f.cell] for f in sub.findings]))
"""


def _cap() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def read_capped(path: Path, code: str = CHILD) -> tuple[subprocess.CompletedProcess, float]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "RUST_BACKTRACE": "0"}
    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", code, str(path)],
        cwd=ROOT,
        env=env,
        preexec_fn=_cap,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return done, time.monotonic() - start


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_cap_is_real(tmp_path: Path):
    """The capped process cannot take 3 GB: what passes below passed under the cap."""
    done, _ = read_capped(tmp_path, "bytearray(3 * 2**30)")
    assert done.returncode != 0
    assert "MemoryError" in done.stderr


HEAVY = [
    (
        "far cell XFD1048576",
        hostile.sheet_rows("Wilayah", hostile.FAR_CELL),
        "SEL_DI_LUAR_AREA",
        "XFD1048576",
    ),
    (
        "far row without r",
        hostile.sheet_rows("Wilayah", hostile.FAR_ROW_NO_REF),
        "SEL_DI_LUAR_AREA",
        "A1048576",
    ),
    ("ods far cell", hostile.ods_far_cell, "SEL_DI_LUAR_AREA", "XFD1048576"),
    ("ods repeated block", hostile.ods_repeated_block, "SEL_DI_LUAR_AREA", None),
    ("4 GB behind a 1 kB header", hostile.lying_member(4096), "ZIP_TIDAK_WAJAR", None),
    ("list of 300,000 rows", hostile.list_rows(300_000), "TABEL_TERLALU_PANJANG", None),
    ("xls far cell in every sheet", hostile.xls_far_cells, "SEL_DI_LUAR_AREA", None),
]


@pytest.mark.parametrize(("name", "build", "code", "cell"), HEAVY, ids=[h[0] for h in HEAVY])
def test_heavy_input_under_a_memory_cap(name, build, code, cell, tmp_path: Path):
    path = build(tmp_path)
    before = sha(path)
    done, seconds = read_capped(path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    findings = json.loads(done.stdout)
    assert code in [f[0] for f in findings], findings
    if cell:
        assert [code, "Wilayah", cell] in findings, findings
    assert "GALAT_INTERNAL" not in [f[0] for f in findings]
    assert sha(path) == before
    assert seconds < 60, f"{name} took {seconds:.1f} s"


def test_long_list_is_counted_and_cut(tmp_path: Path):
    sub = read_submission(hostile.list_rows(300_000)(tmp_path), SETTINGS)
    too_long = [f for f in sub.findings if f.code == "TABEL_TERLALU_PANJANG"]
    assert len(too_long) == 1
    assert too_long[0].values["limit"] == 15
    assert too_long[0].values["count"] == 300_000 + 2  # (the two rows of the valid workbook)
    # (only the rows within the sheet's area are read at all: the two of the valid
    # workbook and the first of the 300,000)
    assert 2 < len(sub.table("pertanian_pangan").records) <= 15


def test_list_over_its_limit_keeps_the_first_rows(tmp_path: Path):
    sub = read_submission(hostile.list_over_limit(tmp_path), SETTINGS)
    f = next(f for f in sub.findings if f.code == "TABEL_TERLALU_PANJANG")
    assert (f.sheet, f.cell, f.values["count"], f.values["limit"]) == ("Pertanian", "A21", 16, 15)
    produced = [r.values["produksi"] for r in sub.table("pertanian_pangan").records]
    assert produced == list(range(15))


def test_cells_right_of_the_area_are_not_read_but_the_table_is(tmp_path: Path):
    sub = read_submission(hostile.sheet_rows("Wilayah", hostile.FAR_COLUMN)(tmp_path), SETTINGS)
    assert [(f.code, f.cell) for f in sub.findings if f.code == "SEL_DI_LUAR_AREA"] == [
        ("SEL_DI_LUAR_AREA", "AZ30")
    ]
    assert sub.table("wilayah").form.values["dusun"] == 5


@pytest.mark.parametrize(
    "build",
    [hostile.whole_sheet_dimension, hostile.merged_whole_sheet, hostile.shared_formula_whole_sheet],
    ids=["dimension", "merged", "shared formula"],
)
def test_claims_without_cells_cost_nothing(build, tmp_path: Path):
    """A ``<dimension>``, a merged range or a shared formula claiming the whole sheet
    allocates nothing: the file is read (under the cap) and its data are there."""
    path = build(tmp_path)
    done, _ = read_capped(path)
    assert done.returncode == 0, done.stderr[-2000:]
    codes = [f[0] for f in json.loads(done.stdout)]
    assert "SEL_DI_LUAR_AREA" not in codes and "GALAT_INTERNAL" not in codes
    sub = read_submission(path, SETTINGS)
    assert sub.table("wilayah").form.values["penduduk_l"] == 3000


def test_zip_limits_count_real_bytes(tmp_path: Path):
    """Truthful headers, but more real bytes than the limit: refused while inflating."""
    path = hostile.lying_member(64)(tmp_path)
    sub = read_submission(path, SETTINGS, Limits(max_uncompressed_bytes=10 * 2**20))
    assert [f.code for f in sub.findings] == ["ZIP_TIDAK_WAJAR"]
    assert sub.findings[0].values["part"] == "xl/worksheets/sheet3.xml"


# --- the batch goes on when a reading process dies ------------------------------------


def _workspace(tmp_path: Path, n_files: int) -> tuple[Path, Path]:
    ws, inputs = workspace(tmp_path / "ws", SETTINGS)
    first = write_desa(inputs / "desa-001.xlsx", SETTINGS, "001")
    for i in range(n_files - 1):
        shutil.copy(first, inputs / f"salinan-{i:02d}.xlsx")
    return ws, inputs


@pytest.mark.skipif(sys.platform != "linux", reason="the workers are forked (they inherit the test's reader)")
def test_a_dead_reading_process_is_a_finding_and_the_batch_goes_on(tmp_path: Path, monkeypatch):
    ws, inputs = _workspace(tmp_path, 40)
    hashes = {p.name: sha(p) for p in inputs.iterdir()}
    real = parallel.read_submission

    def dies_on_one_file(path, *args, **kwargs):
        if Path(path).name == "salinan-17.xlsx":
            os._exit(3)  # as a crash in the reading library would end the process
        return real(path, *args, **kwargs)

    monkeypatch.setattr(parallel, "read_submission", dies_on_one_file)  # (what the workers run)
    monkeypatch.setenv("LKJIP_PROSES", "2")
    result = CliRunner().invoke(cli, ["periksa", str(ws), "--json"])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    data = json.loads(result.output)
    dead = [f for f in data["temuan"] if f["kode"] == "BERKAS_GAGAL_DIBACA"]
    assert [f["berkas"] for f in dead] == ["salinan-17.xlsx"]
    assert "GALAT_INTERNAL" not in {f["kode"] for f in data["temuan"]}
    files = {f["nama"]: f for f in data["berkas"]}
    assert len(files) == 40
    assert files["salinan-17.xlsx"]["status"] == "tidak terbaca"
    assert all(f["kode"] == "001" for name, f in files.items() if name != "salinan-17.xlsx")
    assert {p.name: sha(p) for p in inputs.iterdir()} == hashes


@pytest.mark.skipif(sys.platform != "linux", reason="the workers are forked (they inherit the test's reader)")
def test_several_dead_processes_each_named(tmp_path: Path, monkeypatch):
    ws, inputs = _workspace(tmp_path, 33)
    real = parallel.read_submission
    killers = {"salinan-00.xlsx", "salinan-01.xlsx", "salinan-30.xlsx"}

    def dies(path, *args, **kwargs):
        if Path(path).name in killers:
            os._exit(9)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(parallel, "read_submission", dies)  # (what the workers run)
    report = batch.check_folder(inputs, SETTINGS, workers=2)
    dead = {f.file for f in report.findings if f.code == "BERKAS_GAGAL_DIBACA"}
    assert dead == killers
    assert sum(1 for s in report.submissions if s.readable) == 33 - len(killers)
    assert [s.name for s in report.submissions] == sorted(p.name for p in inputs.iterdir())


# --- the whole hostile corpus, through both commands -------------------------------------


def test_whole_corpus_through_periksa_and_proses(tmp_path: Path):
    ws, inputs = workspace(tmp_path / "kec", SETTINGS)
    write_keuangan(inputs / "keuangan-baik.xlsx", SETTINGS)
    for i, case in enumerate(CASES):
        folder = tmp_path / f"case{i}"
        folder.mkdir()
        path = case.build(folder)
        path.rename(inputs / f"{i:02d}-{path.name}")
    hashes = {p.name: sha(p) for p in inputs.iterdir()}
    runner = CliRunner()
    checked = runner.invoke(cli, ["periksa", str(ws), "--json"])
    assert checked.exit_code == 1, checked.output
    codes = {f["kode"] for f in json.loads(checked.output)["temuan"]}
    assert "GALAT_INTERNAL" not in codes
    assert {"SEL_DI_LUAR_AREA", "TABEL_TERLALU_PANJANG", "ZIP_TIDAK_WAJAR"} <= codes
    out = tmp_path / "hasil"
    processed = runner.invoke(
        cli,
        [
            "proses",
            str(ws),
            "--senyap",
            "--keluar",
            str(out / "hasil.xlsx"),
            "--json",
            str(out / "hasil.json"),
        ],
    )
    assert processed.exit_code == 1, processed.output
    for output in (checked.output, processed.output):
        assert "Traceback" not in output
        assert "Galat internal" not in output and "GALAT_INTERNAL" not in output
    exported = json.loads((out / "hasil.json").read_text(encoding="utf-8"))
    assert "GALAT_INTERNAL" not in {f["kode"] for f in exported["temuan"]}
    assert {p.name: sha(p) for p in inputs.iterdir()} == hashes
