"""The print layout's parts, without LibreOffice: text measure, column plans (portrait,
landscape, scaled, split), two-row headers, years, the signature block."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from lkjip_excel.engine.model import Baris, Kolom, Penandatangan, Tabel
from lkjip_excel.output import layout, write_output
from lkjip_excel.output.formats import Formats, column_kind
from lkjip_excel.output.safe import SafeWorkbook
from lkjip_excel.output.tables import measure, write_table


def test_text_is_measured_with_arial_metrics():
    # Helvetica/Arial: "Kegiatan" bold is 4223/1000 em; LibreOffice printed it 42.3 pt wide at 10 pt
    assert layout.text_width("Kegiatan", bold=True) == pytest.approx(42.23)
    assert layout.line_count("Perempuan", layout.cell_width(layout.text_width("Perempuan"))) == 1
    assert layout.line_count("satu dua tiga empat lima enam", 60) == 3
    assert layout.line_count("baris\nkedua", 200) == 2


def _cols(*widths: tuple[float, float]) -> list[layout.Column]:
    return [layout.Column(n, m) for n, m in widths]


def test_narrow_table_portrait_wide_one_landscape_wider_scaled_widest_split():
    portrait, _ = layout.printable(False)
    landscape, _ = layout.printable(True)
    narrow = layout.plan(_cols((100, 60), (80, 80), (80, 80)))
    assert not narrow.landscape and narrow.scale == 1 and not narrow.breaks
    # text wraps (down to its minimum) before the page turns or the scale drops
    wrapped = layout.plan(_cols((400, 60), (80, 80), (80, 80)))
    assert not wrapped.landscape and sum(wrapped.widths) <= portrait
    wide = layout.plan(_cols(*[(70, 70)] * 9))
    assert wide.landscape and wide.scale == 1 and sum(wide.widths) <= landscape
    scaled = layout.plan(_cols(*[(70, 70)] * 12))
    assert scaled.landscape and layout.MIN_SCALE <= scaled.scale < 1
    split = layout.plan(_cols(*[(70, 70)] * 30))
    assert split.breaks and split.repeat == 1
    edges = [1, *split.breaks, 30]
    for a, b in zip(edges, edges[1:], strict=False):
        assert 70 + sum(split.widths[a:b]) <= landscape


def test_page_breaks_keep_blocks_whole():
    heights = dict.fromkeys(range(100), 10.0)
    # a block of rows 45..60 would cross the page of 500 pt: it starts a new page
    assert layout.page_breaks(heights, 99, 10, 500, [(45, 60)]) == [45]
    assert layout.page_breaks(heights, 99, 10, 500, [(10, 20)]) == []
    # a block taller than a page cannot be kept whole: no break is added for it
    assert layout.page_breaks(heights, 99, 10, 500, [(30, 99)]) == []


def _write(tmp_path: Path, table: Tabel) -> openpyxl.Workbook:
    path = tmp_path / "t.xlsx"
    wb = SafeWorkbook(str(path))
    ws = wb.add_worksheet("T")
    widths = layout.plan(measure(table)).widths
    write_table(ws, Formats(wb), table, 0, widths)
    wb.close()
    return openpyxl.load_workbook(path)


def test_grouped_columns_get_a_two_row_header(tmp_path: Path):
    columns = [
        Kolom("sasaran", "Sasaran", "text"),
        Kolom("t_ind", "Indikator", "decimal", grup="Target"),
        Kolom("t_dana", "Dana", "rupiah", grup="Target"),
        Kolom("r_ind", "Indikator", "decimal", grup="Realisasi"),
    ]
    table = Tabel("x", columns, [Baris({"sasaran": "S1", "t_ind": 1, "t_dana": 2, "r_ind": 3})], title="Judul", nomor="Tabel 9")
    ws = _write(tmp_path, table)["T"]
    assert ws["A1"].value == "Tabel 9. Judul"
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A3:A4", "B3:C3"} <= merged
    assert [ws.cell(3, c).value for c in (1, 2, 4)] == ["Sasaran", "Target", "Realisasi"]
    assert [ws.cell(4, c).value for c in (2, 3, 4)] == ["Indikator", "Dana", "Indikator"]
    assert ws["B5"].value == 1


def test_a_year_is_never_written_with_a_thousands_mark(tmp_path: Path):
    columns = [Kolom("uraian", "Uraian", "text"), Kolom("tahun_renstra", "Tahun", "integer"), Kolom("jumlah", "Jumlah")]
    assert [column_kind(c) for c in columns] == ["text", "year", "integer"]
    table = Tabel("x", columns, [Baris({"uraian": "a", "tahun_renstra": 2026, "jumlah": 2026})], title="T")
    ws = _write(tmp_path, table)["T"]
    year, count = ws["B4"], ws["C4"]
    assert year.value == count.value == 2026
    assert "," not in year.number_format and "," in count.number_format


@pytest.mark.parametrize("nama", ["Drs. Budi Santoso, M.Si.", ""])
def test_signature_block(example_hasil, tmp_path: Path, nama: str):
    hasil = copy.deepcopy(example_hasil)
    hasil.penandatangan = Penandatangan(
        jabatan="Camat Contoh", nama=nama, pangkat="Pembina", nip="19700101 199003 1 001" if nama else "",
        tempat="Contoh", tanggal=dt.date(2026, 11, 29),
    )  # fmt: skip
    ws = openpyxl.load_workbook(write_output(hasil, tmp_path / "b.xlsx"))["Ringkasan"]
    texts = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    values = [c.value for c in texts]
    at = values.index("Contoh, 29 November 2026")
    block = values[at : at + 5]
    assert block[1] == "Camat Contoh"
    if nama:
        assert block[2:] == [nama, "Pembina", "NIP 19700101 199003 1 001"]
        name = next(c for c in texts if c.value == nama)
        assert name.font.b and name.font.u
    else:
        assert block[2].startswith("( ....") and block[3] == "Pembina" and block[4].startswith("NIP ....")


def test_only_short_texts_have_their_line_counts_remembered():
    """A desa's name, measured in every table, is counted once; a long text (perhaps from an
    input) is counted each time and never kept."""
    from lkjip_excel.output import layout

    layout._remembered_line_count.cache_clear()
    long_text = "kata " * 100
    assert len(long_text) > layout.REMEMBERED_TEXT
    assert layout.line_count(long_text, 60.0) == layout._line_count(long_text, 60.0, layout.SIZE, False) > 1
    assert layout._remembered_line_count.cache_info().currsize == 0
    assert layout.line_count("Purwareja", 60.0) == layout.line_count("Purwareja", 60.0) == 1
    assert layout._remembered_line_count.cache_info().hits == 1
