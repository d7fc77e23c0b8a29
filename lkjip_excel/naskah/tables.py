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
from ..text import output_text

#: point sizes of the table text: narrow tables, and tables of many columns
FONT_PT, SMALL_FONT_PT, MANY_COLUMNS = 9, 7, 9
HEADER_FILL = "D9E2F3"
#: the width a table takes: the text width of an A4 page with 25 mm margins, in twentieths of a point
TEXT_WIDTH_TWIPS = 9070
#: a column is sized by its longest text up to this many characters (longer texts wrap)
MAX_WEIGHT, MIN_WEIGHT = 40, 4
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


def _widths_of(tabel: Tabel, size: float, scale: bool = True) -> list[int]:
    """Column widths in twips: a figure column as wide as its longest figure (and the longest
    word of its label) so that no number wraps; text columns share the rest by their length."""
    char = size * 20 * 0.6  # an Arial digit or letter, bold, in twips
    pad = 160
    rows = list(tabel.rows) + ([tabel.total] if tabel.total is not None else [])
    fixed: dict[int, float] = {}
    weights: dict[int, float] = {}
    for i, col in enumerate(tabel.columns):
        longest_word = max((len(w) for w in col.label.split()), default=1) + 1  # bold, wider
        texts = [cell_text(r.values.get(col.key), r.types.get(col.key, col.type), col) for r in rows]
        longest = max((len(t) for t in texts), default=1)
        if col.type == "text":
            weights[i] = max(min(longest, MAX_WEIGHT), longest_word, MIN_WEIGHT)
            # words are not broken: the longest word of a cell (up to 18 letters) fits
            cell_word = max((len(w) for t in texts for w in t.split()), default=1)
            fixed[i] = max(longest_word, min(cell_word, 18), MIN_WEIGHT) * char + pad
        else:
            fixed[i] = max(longest, longest_word) * char + pad
    rest = TEXT_WIDTH_TWIPS - sum(fixed[i] for i in fixed if i not in weights)
    text_min = sum(fixed[i] for i in weights)
    widths = [0.0] * len(tabel.columns)
    for i in fixed:
        widths[i] = fixed[i]
    if weights and rest > text_min:
        total = sum(weights.values())
        for i, w in weights.items():
            widths[i] = max(rest * w / total, fixed[i])
    factor = TEXT_WIDTH_TWIPS / sum(widths) if scale else 1.0
    return [int(w * factor) for w in widths]


def _fits(tabel: Tabel, size: float) -> bool:
    """Whether, at ``size``, the figure columns leave the text columns at least 40 % of the width."""
    widths = _widths_of(tabel, size, scale=False)
    figures = sum(w for w, c in zip(widths, tabel.columns, strict=True) if c.type != "text")
    return figures <= 0.6 * TEXT_WIDTH_TWIPS


def _widths(table: Any, tabel: Tabel, size: float) -> list[int]:
    """Fill the text width, columns in proportion to their content (the grid and a fixed layout,
    which Word and LibreOffice both follow)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    widths = _widths_of(tabel, size)
    props = table._tbl.tblPr
    width = OxmlElement("w:tblW")
    width.set(qn("w:w"), "5000")
    width.set(qn("w:type"), "pct")
    for old in props.findall(qn("w:tblW")):
        props.remove(old)
    props.append(width)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    props.append(layout)
    for grid_col, twips in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        grid_col.set(qn("w:w"), str(twips))
    return widths


def _set_widths(cells: Any, widths: list[int]) -> None:
    from docx.shared import Twips

    for cell, twips in zip(cells, widths, strict=False):
        cell.width = Twips(twips)


def _fill(cell: Any, colour: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    cell._tc.get_or_add_tcPr().append(shading)


def _keep_whole(row: Any) -> None:
    """A row is never split over two pages."""
    from docx.oxml import OxmlElement

    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def _repeat_header(row: Any) -> None:
    from docx.oxml import OxmlElement

    row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))


#: WordprocessingML's namespace, for the cell paragraphs written as XML
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_JUSTIFY = {"left": "left", "right": "right", "center": "center"}


def _write(cell: Any, text: str, size: float, *, bold: bool = False, align: str = "left") -> None:
    """The cell's one paragraph, written as XML in one parse (python-docx's property setters
    cost ~10 element look-ups each, and a report has thousands of cells)."""
    from xml.sax.saxutils import escape

    from docx.oxml import parse_xml

    half_points = int(size * 2)
    paragraph = parse_xml(
        f'<w:p xmlns:w="{_W}"><w:pPr><w:spacing w:before="20" w:after="20"/>'
        f'<w:ind w:left="0" w:firstLine="0"/><w:jc w:val="{_JUSTIFY[align]}"/></w:pPr>'
        f"<w:r><w:rPr>{'<w:b/>' if bold else ''}"
        f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/></w:rPr>'
        f'<w:t xml:space="preserve">{escape(output_text(text))}</w:t></w:r></w:p>'
    )
    old = cell._tc.p_lst[0]
    old.addprevious(paragraph)
    old.getparent().remove(old)


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
    size = FONT_PT if len(columns) <= MANY_COLUMNS and _fits(tabel, FONT_PT) else SMALL_FONT_PT
    header_rows = 2 if any(c.grup for c in columns) else 1
    # the header first, then row by row: python-docx's table.cell() walks the whole table
    table = subdoc.add_table(rows=header_rows, cols=len(columns))
    _borders(table)
    widths = _widths(table, tabel, size)
    for row in table.rows:
        _set_widths(row.cells, widths)
    _header(table, columns, size)
    body = list(tabel.rows) + ([tabel.total] if tabel.total is not None else [])
    if not body:
        cells = table.add_row().cells
        merged = cells[0].merge(cells[-1])
        _write(merged, NO_DATA, size, align="center")
    for row in body:
        added = table.add_row()
        _keep_whole(added)
        cells = added.cells
        _set_widths(cells, widths)
        _body_row(cells, tabel, row, size, total=row is tabel.total)
    return table
