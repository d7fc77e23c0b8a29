"""Shared test helpers: build settings, and read a workbook's content for comparison.

Workbooks are compared by content (sheet names and states, cell values, Excel tables,
data validations), never byte for byte, in the spirit of XlsxWriter's comparison tests.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl

from lkjip_excel.settings import Settings, settings_from_dict


def make_settings(n_desa: int = 3, tahun: int = 2025, **extra) -> Settings:
    data = {
        "kecamatan": "Suka Maju",
        "kabupaten": "Contoh",
        "provinsi": "Jawa Tengah",
        "tahun": tahun,
        "desa": [{"kode": f"{i:03d}", "nama": f"Desa Ke-{i}"} for i in range(1, n_desa + 1)],
        **extra,
    }
    return settings_from_dict(data)


def workbook_content(path: Path) -> dict:
    """Everything a user or the reader sees in a workbook, as plain data."""
    wb = openpyxl.load_workbook(path, data_only=True)
    out = {}
    for ws in wb.worksheets:
        out[ws.title] = {
            "state": ws.sheet_state,
            "protected": bool(ws.protection.sheet),
            "cells": [list(row) for row in ws.iter_rows(values_only=True)],
            "tables": dict(ws.tables.items()),
            "validations": sorted(
                (dv.type, str(dv.sqref), dv.formula1 or "", dv.formula2 or "")
                for dv in ws.data_validations.dataValidation
            ),
        }
    wb.close()
    return out


def soffice() -> str:
    """The LibreOffice binary; the test is skipped where it is missing, except in CI."""
    import os
    import shutil

    import pytest

    binary = shutil.which("soffice") or shutil.which("libreoffice")
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is missing in CI: .ci/run must install it")
        pytest.skip("LibreOffice (soffice) is not installed")
    return binary


def soffice_convert(path: Path, fmt: str, outdir: Path, profile: Path) -> Path:
    """Convert one file with LibreOffice headless in a private profile; return the new file."""
    return soffice_convert_many([path], fmt, outdir, profile)[0]


def soffice_convert_many(paths: list[Path], fmt: str, outdir: Path, profile: Path) -> list[Path]:
    """Convert several files in ONE LibreOffice start (their stems must differ); return the
    new files, in order. The profile may be reused from call to call, never concurrently."""
    import subprocess

    stems = [p.stem for p in paths]
    assert len(set(stems)) == len(stems), f"same output name twice: {stems}"
    outdir.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            soffice(),
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            fmt,
            "--outdir",
            str(outdir),
            *map(str, paths),
        ],
        check=True,
        capture_output=True,
        timeout=180 + 60 * len(paths),
    )
    produced = [outdir / (stem + "." + fmt.split(":")[0]) for stem in stems]
    missing = [p.name for p in produced if not p.exists()]
    assert not missing, f"LibreOffice did not produce {missing}"
    return produced


def pdf_text(path: Path) -> tuple[int, str]:
    """A PDF's page count and text (poppler's pdfinfo and pdftotext; skipped where missing,
    except in CI)."""
    import os
    import re
    import shutil
    import subprocess

    import pytest

    if shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None:
        if os.environ.get("CI"):
            pytest.fail("poppler-utils (pdftotext) is missing in CI: .ci/run must install it")
        pytest.skip("poppler-utils (pdftotext) is not installed")
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, flags=re.M).group(1))
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True).stdout
    return pages, text.decode("utf-8")


RECALC_XCU = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def recalc_profile(folder: Path) -> Path:
    """A LibreOffice profile that always recalculates formulas when it opens a file."""
    user = folder / "user"
    user.mkdir(parents=True, exist_ok=True)
    (user / "registrymodifications.xcu").write_text(RECALC_XCU, encoding="utf-8")
    return folder


def _same_value(cached, new) -> bool:
    if cached in ("", None) and new in ("", None):
        return True
    if isinstance(cached, int | float) and isinstance(new, int | float):
        return abs(cached - new) <= 1e-9 * max(1.0, abs(cached))
    return cached == new


def recalc_differences(written: Path, recalculated: Path) -> tuple[int, list[tuple], openpyxl.Workbook]:
    """Every formula of ``written`` whose cached value differs from what a spreadsheet computed
    (``recalculated``: the same workbook recalculated and saved by LibreOffice): the number of
    formulas checked, the differing (sheet, cell, formula, cached, fresh), and the fresh book."""
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
                    if not _same_value(a, b):
                        wrong.append((ws.title, cell.coordinate, cell.value, a, b))
    return checked, wrong, fresh
