"""What one record of a table may hold, and the check of one value against its column.

Used wherever records are written from data (the template writer, the example builder):
the keys a record may give, the row keys a FIXED or PER_DESA table has, and a value's
type, range and choice. Reading a filled cell is the reader's own (``reading.values``):
it accepts what people type, not what a program passes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from .choices import column_choices
from .layout import TOTAL_KEY, fixed_columns
from .model import NUMERIC_TYPES, YES_NO, Column, ColumnType, Layout, Table

if TYPE_CHECKING:
    from ..settings import Settings


class ValueProblem(ValueError):
    """A value does not fit its column; the message is Indonesian and says what is expected."""


def known(keys: Iterable[object]) -> str:
    """``keys`` listed for a message."""
    return ", ".join(str(k) for k in keys) or "(tidak ada)"


def input_columns(table: Table) -> dict[str, Column]:
    """The columns a record of ``table`` may give (not those the template fills itself)."""
    fixed = fixed_columns(table)
    return {c.key: c for i, c in enumerate(table.columns) if i not in fixed}


def fixed_keys(table: Table) -> frozenset[str]:
    """The keys of the columns the template fills itself (row labels, desa code and name)."""
    return frozenset(table.columns[i].key for i in fixed_columns(table))


def row_keys(table: Table, settings: Settings) -> list[str]:
    """The row keys of a FIXED table, or the desa codes (and ``jumlah``) of a PER_DESA one."""
    if table.layout is Layout.FIXED:
        return [r.key for r in table.rows]
    if table.layout is Layout.PER_DESA:
        return [d.kode for d in settings.desa] + ([TOTAL_KEY] if table.total_row else [])
    return []


def check_value(col: Column, value: Any, settings: Settings) -> Any:
    """``value`` checked against ``col`` (type, bounds, choices, length, pattern).

    Returns what a workbook gets (a float becomes an exact Decimal, ``True`` becomes
    ``"Ya"``); raises :class:`ValueProblem` when it does not fit.
    """
    if value is None:
        return None
    t = col.type
    if t in NUMERIC_TYPES:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueProblem(f"{value!r} harus angka (tanpa tanda kutip)")
        if t is ColumnType.INTEGER:
            if not isinstance(value, int):
                raise ValueProblem(f"{value!r} harus bilangan bulat")
            number: Any = value
        elif isinstance(value, int):
            number = value
        else:
            number = Decimal(repr(value))
        if col.minimum is not None and number < col.minimum:
            raise ValueProblem(f"{value} kurang dari batas bawah {col.minimum}")
        if col.maximum is not None and number > col.maximum:
            raise ValueProblem(f"{value} lebih dari batas atas {col.maximum}")
        return number
    if t is ColumnType.DATE:
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            raise ValueProblem(f"{value!r} harus tanggal YYYY-MM-DD (tanpa tanda kutip)")
        return value
    if t is ColumnType.YESNO:
        if isinstance(value, bool):
            value = YES_NO[0] if value else YES_NO[1]
        if value not in YES_NO:
            raise ValueProblem(f"{value!r} harus salah satu dari: {known(YES_NO)}")
        return value
    if not isinstance(value, str):
        raise ValueProblem(f"{value!r} harus teks (beri tanda kutip bila perlu)")
    if t is ColumnType.CHOICE:
        choices = column_choices(col, settings)
        if value not in choices:
            raise ValueProblem(f"{value!r} tidak ada dalam pilihan: {known(choices)}")
        return value
    if col.max_length is not None and len(value) > col.max_length:
        raise ValueProblem(f"teks {len(value)} huruf, paling banyak {col.max_length}")
    if col.pattern and not re.fullmatch(col.pattern, value):
        raise ValueProblem(f"{value!r} tidak sesuai bentuk ({col.pattern_hint or col.pattern})")
    return value
