"""Render one result ``Tabel`` on a sheet: values, live formulas with cached values, flags.

Totals, row sums and percentages become Excel formulas whose cached value is the
engine's result, so every application (and openpyxl/pandas) reads the right number
without recalculating. Text from inputs is always written as text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from xlsxwriter.utility import xl_rowcol_to_cell

from ..engine.model import Baris, Kolom, Tabel
from .formats import Formats


@dataclass
class Placed:
    """Where a table landed: rows and columns, for charts and cross-references."""

    header_row: int
    first_row: int
    last_row: int  # last data row (the total row is below it, if any)
    total_row: int | None
    col: dict[str, int]
    row_of: list[int]


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


def width_of(table: Tabel, col: Kolom) -> int:
    longest = max([len(str(r.values.get(col.key) or "")) for r in table.rows] + [0])
    base = max(len(col.label) * 0.9, min(longest, 60) + 2, 8)
    return int(min(base, 60))


def write_table(ws, f: Formats, table: Tabel, top: int, kecamatan_line: str | None = None) -> Placed:
    """Write ``table`` with its title at row ``top``; return where it landed."""
    ws.write_string(top, 0, table.title, f.title)
    r = top + 1
    if kecamatan_line:
        ws.write_string(r, 0, kecamatan_line, f.subtitle)
        r += 1
    if table.source:
        ws.write_string(r, 0, f"Sumber: {table.source}", f.subtitle)
        r += 1
    header_row = r + 1
    for c, col in enumerate(table.columns):
        ws.write_string(header_row, c, col.label, f.header)
    ws.set_row(header_row, 27)
    col_index = {col.key: c for c, col in enumerate(table.columns)}
    first = header_row + 1
    row_of = [first + i for i in range(len(table.rows))]
    money_cents = {
        col.key: any(
            isinstance(row.values.get(col.key), Decimal) and row.values[col.key] % 1 for row in table.rows
        )
        for col in table.columns
        if col.type == "rupiah"
    }
    widths = {col.key: width_of(table, col) for col in table.columns if col.type == "text"}
    for i, row in enumerate(table.rows):
        _write_row(ws, f, table, row, row_of[i], col_index, row_of, money_cents, widths, is_total=False)
    last = row_of[-1] if row_of else header_row
    total_row = None
    if table.total is not None:
        total_row = last + 1
        label_col = 0
        ws.write_string(total_row, label_col, table.total_label, f.total_label)
        _write_row(
            ws, f, table, table.total, total_row, col_index, row_of, money_cents, widths, is_total=True
        )
    end = (total_row or last) + 1
    for note in table.notes:
        ws.write_string(end, 0, note, f.note)
        end += 1
    return Placed(header_row, first, last, total_row, col_index, row_of)


def _row_height(row: Baris, widths: dict[str, int]) -> float | None:
    """Wrapped text needs a taller row; applications do not grow rows written by a program."""
    lines = 1
    for key, width in widths.items():
        value = row.values.get(key)
        if isinstance(value, str):
            lines = max(lines, -(-len(value) // max(width - 1, 1)))
    return 13.5 * min(lines, 12) if lines > 1 else None


def _write_row(
    ws, f, table: Tabel, row: Baris, r: int, col_index, row_of, money_cents, widths, is_total: bool
) -> None:
    flagged = bool(row.flags)
    height = _row_height(row, widths)
    if height:
        ws.set_row(r, height)
    emphasis = is_total or row.level == 1
    for c, col in enumerate(table.columns):
        if is_total and c == 0:
            continue
        value = row.values.get(col.key)
        kind = row.types.get(col.key, col.type)
        fmt = f.cell(
            kind,
            bold=emphasis,
            flagged=flagged,
            cents=money_cents.get(col.key, False),
            decimals=col.decimals,
        )
        formula = _formula(table, row, col, r, col_index, row_of, is_total)
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
        else:
            ws.write_number(r, c, float(value), fmt)
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
    if col.sum_of and all(k in col_index for k in col.sum_of) and (is_total or row.values.get(col.key) is not None):
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
