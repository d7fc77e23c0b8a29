"""Any computed :class:`~lkjip_excel.engine.model.Tabel` as a real Word table (a docxtpl
subdocument), every cell formatted the Indonesian way by :mod:`lkjip_excel.fmt`.

Nothing here knows a particular table: columns say their kind (text, integer, year, decimal,
rupiah, percent, date), rows may override it (``Baris.types``), the budget's upper levels
are bold, the total row closes the table, and grouped columns (``Kolom.grup``) get a
two-row header. Borders are set on the table itself, so a kecamatan's template needs no
particular table style.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .. import fmt
from ..engine.model import Baris, Kolom, Tabel

#: point sizes of the table text: narrow tables, and tables of many columns
FONT_PT, SMALL_FONT_PT, MANY_COLUMNS = 9, 7, 9
HEADER_FILL = "D9E2F3"
NO_DATA = "Tidak ada data tahun ini."


def cell_text(value: Any, kind: str, column: Kolom, cap: bool = False) -> str:
    """One value as the document prints it."""
    if value is None or value == "":
        return "-"
    if kind == "text":
        return str(value)
    if kind == "year":
        return str(value)
    if kind == "date":
        return fmt.date(value) if isinstance(value, dt.date) else str(value)
    if kind in ("integer", "rupiah"):
        return fmt.number(value, 0)
    if kind == "percent":
        if cap and column.key.startswith("capaian") and value > 100:
            value = 100
        return fmt.number(value, 2)
    return fmt.number(value, 2 if column.decimals is None else column.decimals)


def _borders(table: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    props = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{edge}")
        line.set(qn("w:val"), "single")
        line.set(qn("w:sz"), "4")
        line.set(qn("w:space"), "0")
        line.set(qn("w:color"), "000000")
        borders.append(line)
    props.append(borders)


def _fill(cell: Any, colour: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    cell._tc.get_or_add_tcPr().append(shading)


def _repeat_header(row: Any) -> None:
    from docx.oxml import OxmlElement

    row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))


def _write(cell: Any, text: str, size: float, *, bold: bool = False, align: str = "left") -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paragraph = cell.paragraphs[0]
    paragraph.alignment = {
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
    }[align]
    fmt_ = paragraph.paragraph_format
    fmt_.space_before = fmt_.space_after = Pt(1)
    fmt_.first_line_indent = Pt(0)
    fmt_.left_indent = Pt(0)
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.bold = bold


def _header(table: Any, columns: list[Kolom], size: float) -> int:
    """The header row(s); returns how many rows they take."""
    grouped = any(c.grup for c in columns)
    if not grouped:
        for col, cell in zip(columns, table.rows[0].cells, strict=True):
            _write(cell, col.label, size, bold=True, align="center")
            _fill(cell, HEADER_FILL)
        _repeat_header(table.rows[0])
        return 1
    i = 0
    while i < len(columns):
        group = columns[i].grup
        j = i
        while j + 1 < len(columns) and group and columns[j + 1].grup == group:
            j += 1
        top = table.cell(0, i)
        if group:
            merged = top.merge(table.cell(0, j)) if j > i else top
            _write(merged, group, size, bold=True, align="center")
            _fill(merged, HEADER_FILL)
            for k in range(i, j + 1):
                _write(table.cell(1, k), columns[k].label, size, bold=True, align="center")
                _fill(table.cell(1, k), HEADER_FILL)
        else:
            merged = top.merge(table.cell(1, i))
            _write(merged, columns[i].label, size, bold=True, align="center")
            _fill(merged, HEADER_FILL)
        i = j + 1
    for row in table.rows[:2]:
        _repeat_header(row)
    return 2


def _body_row(cells: Any, tabel: Tabel, row: Baris, size: float, *, total: bool) -> None:
    for i, col in enumerate(tabel.columns):
        kind = row.types.get(col.key, col.type)
        value = row.values.get(col.key)
        if total and i == 0:
            text = tabel.total_label
        elif total and value is None:
            text = ""
        else:
            text = cell_text(value, kind, col, tabel.cap)
        align = "left" if kind in ("text",) else "center" if kind in ("year", "date") else "right"
        _write(cells[i], text, size, bold=total or row.level in (1, 2), align=align)


def word_table(subdoc: Any, tabel: Tabel) -> Any:
    """Add ``tabel`` to ``subdoc`` (a docxtpl Subdoc or python-docx Document) as a Word table."""
    columns = tabel.columns
    size = SMALL_FONT_PT if len(columns) > MANY_COLUMNS else FONT_PT
    header_rows = 2 if any(c.grup for c in columns) else 1
    # the header first, then row by row: python-docx's table.cell() walks the whole table
    table = subdoc.add_table(rows=header_rows, cols=len(columns))
    _borders(table)
    _header(table, columns, size)
    body = list(tabel.rows) + ([tabel.total] if tabel.total is not None else [])
    if not body:
        cells = table.add_row().cells
        merged = cells[0].merge(cells[-1])
        _write(merged, NO_DATA, size, align="center")
    for row in body:
        _body_row(table.add_row().cells, tabel, row, size, total=row is tabel.total)
    return table
