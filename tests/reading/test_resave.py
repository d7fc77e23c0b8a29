"""A workbook re-saved by LibreOffice (as .xlsx, .ods or .xls) reads exactly as the original."""

from __future__ import annotations

from pathlib import Path

import pytest

from lkjip_excel.reading import read_submission
from tests.helpers import make_settings
from tests.reading.builders import desa_data, keuangan_data, write_desa, write_keuangan

SETTINGS = make_settings(n_desa=3)


def snapshot(path: Path):
    sub = read_submission(path, SETTINGS)
    tables = {name: [(r.key, r.values) for r in data.records] for name, data in sorted(sub.tables.items())}
    findings = sorted((f.code, f.sheet or "", f.cell or "") for f in sub.findings)
    return sub.identity, tables, findings


def _messy_desa() -> dict:
    data = desa_data()
    data["wilayah"] = {**data["wilayah"], "rt": "40", "penduduk_l": "3.000"}
    data["pbb"] = {"sppt_diterima": "3,150", "sppt_disampaikan": 3148}
    data["wisata"] = [{"nama": '=HYPERLINK("http://x","klik")', "jenis": "buatan"}]
    return data


def build_originals(folder: Path) -> list[Path]:
    """The desa and keuangan workbooks LibreOffice re-saves (see ``libreoffice`` in conftest)."""
    keu = keuangan_data()
    keu["anggaran"][1]["realisasi"] = "Rp 630.000,-"
    return [
        write_desa(folder / "desa.xlsx", SETTINGS, data=_messy_desa()),
        write_keuangan(folder / "keuangan.xlsx", SETTINGS, data=keu),
    ]


@pytest.mark.parametrize("fmt", ["xlsx", "ods", "xls"])
@pytest.mark.parametrize("key", ["resave-desa", "resave-keuangan"])
def test_libreoffice_resave_reads_identically(libreoffice, tmp_path: Path, key: str, fmt: str):
    original = libreoffice.original(key, fmt)
    # a file renamed by the user: content decides, not the extension
    renamed = tmp_path / f"kiriman-{fmt}.xlsx"
    renamed.write_bytes(libreoffice.get(original, fmt).read_bytes())
    assert snapshot(renamed) == snapshot(original), (original.name, fmt)
