"""Every formula's cached value equals what a real spreadsheet application recalculates."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from lkjip_excel.engine import proses
from lkjip_excel.output import write_output
from tests.helpers import recalc_differences

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


@pytest.mark.parametrize("key", ["recalc-example", "recalc-negative-and-capped"])
def test_libreoffice_recalculation_matches_cached_values(libreoffice, key: str):
    written = libreoffice.original(key, "xlsx")
    recalculated = libreoffice.get(written, "xlsx")
    checked, wrong, fresh = recalc_differences(written, recalculated)
    assert checked > 200
    assert wrong == []
    for ws in fresh.worksheets:
        for row in ws.iter_rows(values_only=True):
            for value in row:
                assert not (isinstance(value, str) and value.startswith(ERRORS)), (ws.title, value)
