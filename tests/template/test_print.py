"""The forms print right: one page wide on A4 at a readable size, no text over other text,
and years without a thousands mark (blank forms and filled ones, through LibreOffice)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest

from lkjip_excel.schema import SCHEMA, Layout
from lkjip_excel.schema.layout import FIRST_DATA_ROW, FORM_VALUE_COL
from lkjip_excel.template import generate_templates
from lkjip_excel.template.formats import is_year
from tests.conftest import LONG_SEKSI
from tests.helpers import make_settings

#: a 10 pt word prints 13 pt tall in pdftotext's boxes; a box this tall is text of 7.5 pt
MIN_BOX_HEIGHT = 7.5 * 1.3
A4_POINTS = sorted((595.3, 841.9))


def word_boxes(pdf: Path) -> list[tuple[float, float, list[tuple[float, float, float, float, str]]]]:
    """Per page: its width, height and words (xMin, yMin, xMax, yMax, text)."""
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdftotext) is not installed")
    xml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True).stdout
    root = ElementTree.fromstring(re.sub(rb'xmlns="[^"]+"', b"", xml))
    pages = []
    for page in root.iter("page"):
        words = [
            (*(float(w.get(k, 0)) for k in ("xMin", "yMin", "xMax", "yMax")), w.text or "")
            for w in page.iter("word")
        ]
        pages.append((float(page.get("width", 0)), float(page.get("height", 0)), words))  # type: ignore[arg-type]
    return pages


def overlapping(words) -> list[tuple[str, str]]:
    """Pairs of words printed over each other (a row too short for its wrapped text)."""
    out = []
    ordered = sorted(words, key=lambda w: w[1])
    for i, (x0, y0, x1, y1, a) in enumerate(ordered):
        for X0, Y0, X1, Y1, b in ordered[i + 1 :]:
            if Y0 >= y1 - 2:
                break
            if min(x1, X1) - max(x0, X0) > 1 and min(y1, Y1) - max(y0, Y0) > 2:
                out.append((a, b))
    return out


def _printed_forms(libreoffice) -> list[Path]:
    forms = libreoffice.originals("template", "pdf") + libreoffice.originals("filled", "pdf")
    assert {p.stem.split("-")[0] for p in forms} == {"template", "filled"}
    return forms


def test_every_form_sheet_prints_one_page_wide_on_a4_readable_without_overlap(libreoffice):
    for form in _printed_forms(libreoffice):
        wb = openpyxl.load_workbook(form)
        visible = [ws for ws in wb.worksheets if ws.sheet_state == "visible"]
        for ws in visible:
            setup = ws.page_setup
            assert int(setup.paperSize) == 9, (form.name, ws.title)
            assert ws.sheet_properties.pageSetUpPr.fitToPage, (form.name, ws.title)
            # fitToWidth is left out of the file when it is 1 (its default)
            assert (setup.fitToWidth or 1, setup.fitToHeight) == (1, 0), (form.name, ws.title)
        pages = word_boxes(libreoffice.get(form, "pdf"))
        # one page wide: a sheet split over pages side by side would print more pages
        # than it has rows for; every sheet starts on a page holding its title
        assert len(pages) >= len(visible), form.name
        for n, (width, height, words) in enumerate(pages, start=1):
            where = f"{form.name} page {n}"
            assert sorted((round(width, 1), round(height, 1))) == pytest.approx(A4_POINTS, abs=1), where
            assert words, where
            assert all(0 <= w[0] and w[2] <= width for w in words), where
            small = [w for w in words if w[3] - w[1] < MIN_BOX_HEIGHT]
            assert not small, (where, small[:5])
            assert not overlapping(words), (where, overlapping(words)[:5])


def test_a_long_seksi_name_prints_whole(libreoffice):
    (form,) = [p for p in libreoffice.originals("filled", "pdf") if "perencanaan-keuangan" in p.name]
    words = [w[4] for _, _, page in word_boxes(libreoffice.get(form, "pdf")) for w in page]
    text = " ".join(words)
    assert LONG_SEKSI in text


def _year_columns():
    """Every column of the standard that holds a year (its key says so)."""
    found = []
    for kind in SCHEMA.kinds:
        for table in (SCHEMA.identity, *kind.tables):
            for c, col in enumerate(table.columns):
                if "tahun" in col.key.split("_"):
                    found.append((kind, table, c, col))
    return found


def test_year_columns_are_years():
    columns = _year_columns()
    assert {t.name for _, t, _, _ in columns} >= {"identitas"}
    assert all(is_year(col) for *_, col in columns), [col.key for *_, col in columns if not is_year(col)]


def _year_cells(ws, table, c: int):
    if table.layout is Layout.FORM:
        return [ws.cell(FIRST_DATA_ROW + c + 1, FORM_VALUE_COL + 1)]
    return [ws.cell(FIRST_DATA_ROW + 1 + r, c + 1) for r in range(3)]


@pytest.mark.parametrize("filled", [False, True], ids=["blank", "filled"])
def test_no_year_cell_has_a_thousands_mark(tmp_path, filled):
    if filled:
        from tests.test_example import DATA, SETTINGS, build_example

        paths = build_example.build(SETTINGS, DATA, tmp_path)
    else:
        paths = generate_templates(make_settings(n_desa=1), tmp_path)
    by_kind = {}
    for path in paths:
        wb = openpyxl.load_workbook(path)
        by_kind[wb["_lkjip"]["B2"].value] = wb
    checked = 0
    for kind, table, c, _col in _year_columns():
        ws = by_kind[kind.key][table.sheet]
        for cell in _year_cells(ws, table, c):
            assert "," not in cell.number_format and "." not in cell.number_format, (
                kind.key,
                table.name,
                cell.coordinate,
                cell.number_format,
            )
            checked += 1
            if filled and table.name == "identitas":
                assert isinstance(cell.value, int | float) and 1000 <= cell.value <= 9999
    assert checked >= len(_year_columns())
