"""Render one result ``Tabel`` on a sheet: values, live formulas with cached values, flags.

Totals, row sums and percentages become Excel formulas whose cached value is the
engine's result, so every application (and openpyxl/pandas) reads the right number
without recalculating. Text from inputs is always written as text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

from xlsxwriter.utility import xl_rowcol_to_cell

from .. import fmt
from ..engine.model import Baris, Kolom, Tabel
from . import layout
from .formats import Formats, column_kind


@dataclass
class Placed:
    """Where a table landed: rows and columns, for charts and cross-references."""

    header_row: int
    first_row: int
    last_row: int  # last data row (the total row is below it, if any)
    total_row: int | None
    col: dict[str, int]
    row_of: Sequence[int]  # the sheet row of each table row (a range: held to the end)
    #: the last header row (the column titles when columns are grouped over two rows)
    header_last: int = -1
    #: the height in points of every row the table set higher than the default (layout.LINE)
    heights: dict[int, float] = field(default_factory=dict)
    #: the last row of the block (notes and legend included)
    end: int = -1

    def label_row(self, grouped: bool) -> int:
        """The row holding a column's title: the lower header row for a grouped column."""
        return self.header_last if grouped and self.header_last >= 0 else self.header_row


def _number(value: Any) -> float | None:
    if value is None or isinstance(value, str):
        return None
    return float(value)


def ratio_formula(num: str, den: str, negatif: bool = False, cap: bool = False) -> str:
    """num / den as a fraction; lower-is-better and the 100 % cap as the engine applies them."""
    guard = f'OR(N({den})=0,{num}="")'
    value = f"(2*{den}-{num})/{den}" if negatif else f"{num}/{den}"
    if cap:
        value = f"MIN({value},1)"
    return f'=IF({guard},"",{value})'


def _ratio_cached(value: Any) -> float | str:
    return "" if value is None else float(Decimal(value) / 100)


def shown(value: Any, kind: str, decimals: int | None = None) -> str:
    """The text a cell shows (for measuring): digits and separators as the format writes them."""
    if value is None:
        return ""
    if isinstance(value, str) or kind == "text":
        return str(value)
    if isinstance(value, dt.date):
        return fmt.long_date(value)
    if kind == "year":
        return str(int(value))
    if kind == "percent":
        return fmt.percent(value)
    if kind == "decimal":
        return fmt.number(value, 2 if decimals is None else decimals)
    if kind == "rupiah":
        return fmt.number(value, 2 if Decimal(value) % 1 else 0)
    return fmt.number(value, 0)


class _Cell(NamedTuple):
    """What one column of a table writes in every row, found once per table."""

    c: int
    col: Kolom
    key: str
    kind: str  # (a row's own type, ``Baris.types``, comes before it)
    cents: bool
    #: the column may hold a formula (a ratio, a sum of columns or of rows)
    formulas: bool


def _plan(table: Tabel) -> list[_Cell]:
    cents = {
        col.key
        for col in table.columns
        if col.type == "rupiah"
        and any(isinstance(v := row.values.get(col.key), Decimal) and v % 1 for row in table.rows)
    }
    return [
        _Cell(c, col, col.key, column_kind(col), col.key in cents,
              bool(col.ratio or col.sum_of or col.total == "sum"))  # fmt: skip
        for c, col in enumerate(table.columns)
    ]


def measure(table: Tabel) -> list[layout.Column]:
    """What each column of ``table`` needs on paper."""
    rows = [*table.rows, *([table.total] if table.total is not None else [])]
    out = []
    for col in table.columns:
        kind = column_kind(col)
        cells = [shown(r.values.get(col.key), r.types.get(col.key, kind), col.decimals) for r in rows]
        bold = [r is table.total or r.level == 1 for r in rows]
        texts = set(zip(cells, bold, strict=True))  # (each text measured once: names, zeros...)
        need = layout.cell_width(max([layout.text_width(t, bold=b) for t, b in texts] + [0.0]))
        head_word = layout.cell_width(layout.longest_word(col.label, bold=True))
        head_full = layout.cell_width(layout.text_width(col.label, bold=True))
        if column_kind(col) == "text":
            need = min(need, layout.TEXT_CAP)
            words = layout.cell_width(max([layout.longest_word(t) for t in set(cells)] + [0.0]))
            minimum = max(head_word, min(words, 110.0), 48.0)
        else:
            minimum = max(need, head_word)
        natural = max(need, head_word, min(head_full, max(need, 80.0)), minimum)
        out.append(layout.Column(natural, minimum))
    return out


def title_of(table: Tabel) -> str:
    return f"{table.nomor}. {table.title}" if table.nomor else table.title


def write_table(
    ws, f: Formats, table: Tabel, top: int, widths: list[float], kecamatan_line: str | None = None
) -> Placed:
    """Write ``table`` with its title at row ``top`` in columns of ``widths`` points; return where
    it landed, with the height of every row it set."""
    n = len(table.columns)
    heights: dict[int, float] = {}
    span = sum(widths[:n])

    def line(r: int, text: str, cell_format, size: float = layout.SIZE, bold: bool = False) -> None:
        if n > 1:
            ws.merge_range(r, 0, r, n - 1, "", cell_format)
        ws.write_string(r, 0, text, cell_format)
        heights[r] = layout.row_height(layout.line_count(text, span, size, bold), size) * (size / layout.SIZE)
        ws.set_row(r, heights[r])

    line(top, title_of(table), f.title, 12, True)
    r = top + 1
    for text in (kecamatan_line, f"Sumber: {table.source}" if table.source else None):
        if text:
            line(r, text, f.subtitle)
            r += 1
    header_row, header_last = _header(ws, f, table, r + 1, widths, heights)
    col_index = {col.key: c for c, col in enumerate(table.columns)}
    first = header_last + 1
    row_of = range(first, first + len(table.rows))
    plan = _plan(table)
    for i, row in enumerate(table.rows):
        height = _row_height(plan, row, widths)
        if height != layout.LINE:  # (a row missing from heights has the default: the page breaks count so)
            heights[row_of[i]] = height
        _write_row(ws, f, table, plan, row, row_of[i], col_index, row_of, height, is_total=False)
    last = row_of[-1] if row_of else header_last
    total_row = None
    if table.total is not None:
        total_row = last + 1
        heights[total_row] = _row_height(plan, table.total, widths, table.total_label)
        ws.write_string(total_row, 0, table.total_label, f.total_label)
        _write_row(
            ws, f, table, plan, table.total, total_row, col_index, row_of, heights[total_row], is_total=True
        )
    end = (total_row or last) + 1
    for note in table.notes:
        line(end, note, f.note)
        end += 1
    end = legend(ws, f, end, n, span, heights, flagged=any(r.flags for r in table.rows),
                 emphasis=any(r.level == 1 for r in table.rows))  # fmt: skip
    return Placed(header_row, first, last, total_row, col_index, row_of, header_last, heights, end - 1)


#: what each highlight colour means, said on the sheets that use it
LEGEND_FLAG = (
    "Sel berwarna seperti baris ini: ada temuan pemeriksaan pada barisnya; lihat komentar sel dan lembar"
    " Pemeriksaan."
)
LEGEND_EMPHASIS = "Baris tebal berwarna seperti baris ini: jumlah dari baris-baris di bawahnya."


def legend(ws, f: Formats, row: int, n: int, span: float, heights: dict[int, float], *, flagged: bool,
           emphasis: bool) -> int:  # fmt: skip
    """One line in each highlight colour used, saying what it means; returns the next free row."""
    for used, cell_format, text in (
        (flagged, f.legend_flag, LEGEND_FLAG),
        (emphasis, f.legend_emphasis, LEGEND_EMPHASIS),
    ):
        if not used:
            continue
        if n > 1:
            ws.merge_range(row, 0, row, n - 1, "", cell_format)
        ws.write_string(row, 0, text, cell_format)
        heights[row] = layout.row_height(layout.line_count(text, span))
        ws.set_row(row, heights[row])
        row += 1
    return row


def _header(
    ws, f: Formats, table: Tabel, r: int, widths: list[float], heights: dict[int, float]
) -> tuple[int, int]:
    """The column titles, on two rows where columns are grouped (``Kolom.grup``)."""
    cols = table.columns
    two = any(col.grup for col in cols)
    last = r + 1 if two else r
    labels = [layout.line_count(col.label, widths[c], bold=True) for c, col in enumerate(cols)]
    c = 0
    top_lines = 1
    while c < len(cols):
        col = cols[c]
        if two and col.grup:
            end = c
            while end + 1 < len(cols) and cols[end + 1].grup == col.grup:
                end += 1
            if end > c:
                ws.merge_range(r, c, r, end, "", f.header)
            ws.write_string(r, c, col.grup, f.header)
            top_lines = max(top_lines, layout.line_count(col.grup, sum(widths[c : end + 1]), bold=True))
            for k in range(c, end + 1):
                ws.write_string(last, k, cols[k].label, f.header)
            c = end + 1
            continue
        if two:
            ws.merge_range(r, c, last, c, "", f.header)
        ws.write_string(r, c, col.label, f.header)
        c += 1
    if two:
        grouped = [n for n, col in zip(labels, cols, strict=True) if col.grup] or [1]
        heights[r] = layout.row_height(top_lines)
        heights[last] = layout.row_height(max(grouped))
        single = (
            max(n for n, col in zip(labels, cols, strict=True) if not col.grup)
            if not all(c.grup for c in cols)
            else 1
        )
        extra = layout.row_height(single) - heights[r] - heights[last]
        if extra > 0:
            heights[last] += extra
    else:
        heights[r] = layout.row_height(max(labels))
    for row in {r, last}:
        ws.set_row(row, heights[row])
    return r, last


def _row_height(plan: list[_Cell], row: Baris, widths: list[float], label: str | None = None) -> float:
    """Wrapped text needs a taller row; applications do not grow rows written by a program."""
    lines = 1
    values, types = row.values, row.types
    bold = row.level == 1 or label is not None
    for c, _, key, kind, _, _ in plan:
        value = label if (label is not None and c == 0) else values.get(key)
        if value is None:
            continue
        if isinstance(value, str):
            if value:
                lines = max(lines, layout.line_count(value, widths[c], bold=bold))
        elif (types.get(key, kind) if types else kind) == "text":
            lines = max(lines, layout.line_count(str(value), widths[c]))
    return layout.row_height(lines)


def _write_row(
    ws, f, table: Tabel, plan: list[_Cell], row: Baris, r: int, col_index, row_of, height: float, is_total: bool
) -> None:
    flagged = bool(row.flags)
    ws.set_row(r, height)
    emphasis = is_total or row.level == 1
    values, types = row.values, row.types
    for c, col, key, kind, cents, formulas in plan:
        if is_total and c == 0:
            continue
        value = values.get(key)
        if types:
            kind = types.get(key, kind)
        fmt = f.cell(kind, emphasis, flagged, cents, col.decimals)
        formula = _formula(table, row, col, r, col_index, row_of, is_total) if formulas else None
        if formula is not None:
            cached = _ratio_cached(value) if col.ratio else (_number(value) if value is not None else 0)
            ws.write_formula(r, c, formula, fmt, cached)
        elif value is None:
            ws.write_blank(r, c, None, fmt)
        elif kind == "text" or isinstance(value, str):
            ws.write_string(r, c, str(value), fmt)
        elif isinstance(value, dt.date):
            ws.write_datetime(r, c, value, fmt)
        elif kind == "percent":
            ws.write_number(r, c, float(Decimal(value) / 100), fmt)
        else:  # (a whole count as it is: the result's own object, no float of its own per cell)
            ws.write_number(r, c, value if type(value) is int else float(value), fmt)
    if flagged:
        ws.write_comment(r, 0, "\n".join(row.flags)[:2000], {"x_scale": 3, "y_scale": 2})


def _formula(table: Tabel, row: Baris, col: Kolom, r: int, col_index, row_of, is_total: bool) -> str | None:
    c = col_index[col.key]
    if col.ratio:
        num = xl_rowcol_to_cell(r, col_index[col.ratio[0]])
        den = xl_rowcol_to_cell(r, col_index[col.ratio[1]])
        # rows that carry a polaritas are indicator capaian: polarity and the cap apply
        is_capaian = "polaritas" in row.values
        return ratio_formula(num, den, row.values.get("polaritas") == "Negatif", is_capaian and table.cap)
    # a row whose parts are all empty (a desa without data) stays empty, not 0
    if (
        col.sum_of
        and all(k in col_index for k in col.sum_of)
        and (is_total or row.values.get(col.key) is not None)
    ):
        cells = ",".join(xl_rowcol_to_cell(r, col_index[k]) for k in col.sum_of)
        return f"=SUM({cells})"
    if col.total != "sum":
        return None
    if is_total:
        leaves = {id(b) for b in table.leaf_rows()}
        sources = [row_of[i] for i, b in enumerate(table.rows) if id(b) in leaves]
    elif row.children:
        sources = [row_of[i] for i in row.children]
    else:
        return None
    if not sources:
        return "=0"
    if sources == list(range(sources[0], sources[-1] + 1)):
        return f"=SUM({xl_rowcol_to_cell(sources[0], c)}:{xl_rowcol_to_cell(sources[-1], c)})"
    return "=SUM(" + ",".join(xl_rowcol_to_cell(s, c) for s in sources) + ")"
