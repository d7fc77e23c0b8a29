"""The consolidated workbook as printed: LibreOffice's PDF of the example's workbook and of a
generated 30-desa workspace's, read with the sheets' print settings (issue 13).

Each sheet one page wide at a readable size, no chart across a page break, the charts'
helper data hidden, no year with a thousands mark, the signature block whole on a page.
"""

from __future__ import annotations

import re

import openpyxl
import pytest

from lkjip_excel.output.workbook import SHEETS
from lkjip_excel.text import normal_label
from tests.output.printcheck import BOX_PER_PT, MIN_POINTS, chart_references, pdf_pages, read_sheets

#: laid out by output/'s findings and sources module, outside this branch's print layout
#: (TODO of nobody: remove once that module fits them to the readable limit too)
LISTS = {"Pemeriksaan", "Sumber"}
TABLE_SHEETS = {name for name, _, _ in SHEETS}


@pytest.fixture(scope="module", params=["print-example", "print-generated"])
def printed(request, libreoffice):
    xlsx = libreoffice.original(request.param, "pdf")
    return xlsx, read_sheets(xlsx), pdf_pages(libreoffice.get(xlsx, "pdf"))


def _visible(sheets):
    return [s for s in sheets.values() if not s.hidden]


def test_every_sheet_is_one_page_wide_at_a_readable_scale(printed):
    _, sheets, _ = printed
    for s in _visible(sheets):
        width, _ = s.printable()
        if s.col_breaks:  # a table too wide even landscape: its columns split over pages
            assert not s.fit_width and s.scale >= MIN_POINTS * 10, s.name
            edges = [0, *s.col_breaks, len(s.widths)]
            for a, b in zip(edges, edges[1:], strict=False):
                assert sum(s.widths[a:b]) * s.scale / 100 <= width + 1, (s.name, a, b)
            continue
        assert s.fit_width, f"{s.name}: not fitted to one page wide"
        if s.name not in LISTS:
            assert s.print_scale() >= MIN_POINTS / 10, (s.name, round(s.print_scale(), 2))


def test_no_word_beyond_the_page_and_none_below_the_readable_size(printed):
    _, sheets, pages = printed
    named = {p.sheet for p in pages}
    assert {s.name for s in _visible(sheets)} <= named, "a sheet whose pages carry no header with its name"
    for page in pages:
        side = 72 * 0.5 - 2
        for x0, _, x1, _, word in page.words:
            assert side <= x0 and x1 <= page.width - side, (page.number, page.sheet, word)
        if page.sheet in LISTS:
            continue
        smallest = min((y1 - y0 for _, y0, _, y1, _ in page.body()), default=99)
        assert smallest / BOX_PER_PT >= MIN_POINTS * 0.98, (page.number, page.sheet, round(smallest / BOX_PER_PT, 2))


def test_no_chart_crosses_a_page_break(printed):
    _, sheets, pages = printed
    charted = [s for s in _visible(sheets) if s.charts]
    assert charted
    for s in charted:
        assert s.repeat_rows is None, f"{s.name}: a header row would print over the charts"
        s.last_row = max(s.last_row, *(b for _, b in s.charts))
        page = s.pages_of_rows()
        for first, last in s.charts:
            assert page[first] == page[last], (s.name, first, last, page[first], page[last])
        # and LibreOffice printed as many pages as the breaks make
        assert len([p for p in pages if p.sheet == s.name]) == page[-1] + 1, s.name


def test_chart_data_is_on_a_hidden_sheet(printed):
    xlsx, sheets, pages = printed
    referenced = set()
    for ref in chart_references(xlsx):
        m = re.match(r"'?([^'!]+)'?!", ref)
        assert m, ref
        referenced.add(m[1])
    helpers = referenced - TABLE_SHEETS
    assert helpers, "no chart uses helper data: nothing to check"
    for name in helpers:
        assert sheets[name].hidden, f"chart data on the visible sheet {name}"
    text = " ".join(w[4] for p in pages for w in p.words)
    assert "Data grafik" not in text and "Data Grafik" not in text


def test_no_year_has_a_thousands_mark(printed):
    """A number under or beside a "Tahun …" label, or any whole number of 1900-2100 in a column
    titled with a year word, is shown without a thousands mark."""
    xlsx, _, _ = printed
    wb = openpyxl.load_workbook(xlsx)
    checked = 0
    for ws in wb.worksheets:
        if ws.sheet_state == "hidden":
            continue
        for row in ws.iter_rows():
            for cell in row:
                if not (isinstance(cell.value, str) and normal_label(cell.value).startswith("tahun")):
                    continue
                below = [ws.cell(cell.row + k, cell.column) for k in range(1, 200)]
                around = [ws.cell(cell.row, cell.column + 1)]
                for c in [*around, *below]:
                    v = c.value
                    if isinstance(v, int | float) and not isinstance(v, bool) and 1900 <= v <= 2100:
                        checked += 1
                        assert "," not in c.number_format, (ws.title, c.coordinate, c.number_format)
    assert checked, "no year found under a Tahun label: nothing checked"


def test_signature_block_is_whole_on_one_page(printed):
    _, _, pages = printed
    summary = [p for p in pages if p.sheet == "Ringkasan"]
    with_nip = [p for p in summary if any(w[4] == "NIP" for w in p.words)]
    assert len(with_nip) == 1
    words = [w[4] for w in with_nip[0].words]
    assert "Camat" in words  # the office (jabatan) line stands on the same page as the NIP
