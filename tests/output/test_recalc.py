"""Every formula's cached value equals what a real spreadsheet application recalculates."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from lkjip_excel.engine import proses
from lkjip_excel.output import write_output

ERRORS = ("#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#N/A", "#NUM!", "#NULL!", "Err:")


def _negative_and_capped(data: dict) -> None:
    """Lower-is-better indicators and a sasaran, so that polarity reaches the formulas."""
    pk = data["perencanaan-keuangan"]
    pk["sasaran"][1]["polaritas"] = "Negatif"
    for row in pk["indikator_keluaran"][:4]:
        row["polaritas"] = "Negatif"


def negative_and_capped_book(folder: Path) -> Path:
    """The example with lower-is-better indicators and capped capaian, written as a workbook."""
    from tests.engine.test_reconcile import build_variant

    workspace = build_variant(folder, _negative_and_capped)
    toml = workspace / "lkjip.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace("batasi_capaian = false", "batasi_capaian = true"),
        encoding="utf-8",
    )
    hasil = proses(workspace)
    assert hasil.tables["perjanjian_kinerja"].cap
    return write_output(hasil, folder / "hasil.xlsx")


def _same(cached, new) -> bool:
    if cached in ("", None) and new in ("", None):
        return True
    if isinstance(cached, int | float) and isinstance(new, int | float):
        return abs(cached - new) <= 1e-9 * max(1.0, abs(cached))
    return cached == new


@pytest.mark.parametrize("key", ["recalc-example", "recalc-negative-and-capped"])
def test_libreoffice_recalculation_matches_cached_values(libreoffice, key: str):
    written = libreoffice.original(key, "xlsx")
    recalculated = libreoffice.get(written, "xlsx")
    formulas = openpyxl.load_workbook(written)
    cached = openpyxl.load_workbook(written, data_only=True)
    fresh = openpyxl.load_workbook(recalculated, data_only=True)
    checked, wrong = 0, []
    for ws in formulas.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    checked += 1
                    a = cached[ws.title][cell.coordinate].value
                    b = fresh[ws.title][cell.coordinate].value
                    if not _same(a, b):
                        wrong.append((ws.title, cell.coordinate, cell.value, a, b))
    assert checked > 200
    assert wrong == []
    for ws in fresh.worksheets:
        for row in ws.iter_rows(values_only=True):
            for value in row:
                assert not (isinstance(value, str) and value.startswith(ERRORS)), (ws.title, value)
