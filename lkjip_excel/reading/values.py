"""The one place that turns a raw spreadsheet cell value into a typed value for a column.

``raw`` is what python-calamine returns for a cell: ``""`` when empty, ``str``, ``int``,
``float``, ``bool``, ``datetime.date``, ``datetime.datetime``, ``datetime.time`` or
``datetime.timedelta``. :func:`parse_value` never raises on user input; it returns a
:class:`Parsed` whose ``code`` (from :data:`lkjip_excel.findings.CATALOG`) says what was
wrong or noteworthy, and whose ``values`` fill that code's message template.

Numbers never go through binary float arithmetic: a float is converted once to the
decimal number Excel shows (15 significant digits), everything after that is
:class:`~decimal.Decimal`.

A number typed as text with one separator followed by three digits (``2.341``, ``3,148``)
can mean thousands or decimals. It is ambiguous (``NILAI_AMBIGU``) only when both readings
are valid for the column: within its range, and for the columns whose decimals are part of
what they are (whole numbers, Rupiah with cents) written with no more digits after the mark
than the column keeps. ``2.341`` in a whole-number column is 2341; in a percentage column
of at most 1000 % it is 2,34 %. A decimal column (hectares, kilograms) keeps its rounding,
so there ``2.341`` may be either and is reported.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from functools import lru_cache

from ..schema.model import YES_NO, Column, ColumnType
from ..text import normal_label
from .numbers import (
    _NORMALIZE,
    AMBIGUOUS,
    NEGATIVE,
    NOT_INTEGER,
    NOT_NUMBER,
    NUMBER_AS_TEXT,
    OUT_OF_RANGE,
    Parsed,
    Readings,
    _parse_number,
    _to_text,
)

__all__ = [
    "AMBIGUOUS",
    "NEGATIVE",
    "NOT_INTEGER",
    "NOT_NUMBER",
    "NUMBER_AS_TEXT",
    "OUT_OF_RANGE",
    "Parsed",
    "Readings",
    "parse_value",
]


# --- codes -------------------------------------------------------------------------
NOT_DATE = "NILAI_BUKAN_TANGGAL"
NOT_IN_LIST = "NILAI_TIDAK_DALAM_DAFTAR"
TOO_LONG = "NILAI_TERLALU_PANJANG"
BAD_PATTERN = "NILAI_POLA_SALAH"
DATE_AS_TEXT = "TANGGAL_SEBAGAI_TEKS"
LOOKS_LIKE_FORMULA = "TEKS_SEPERTI_RUMUS"

# --- constants ---------------------------------------------------------------------
EMPTY_MARKS = frozenset({"", "-", "–", "—", "n/a", "#n/a"})  # compared casefolded
MIN_DATE = dt.date(2000, 1, 1)
MAX_DATE = dt.date(2100, 12, 31)
_MIN_SERIAL, _MAX_SERIAL = 36526, 73415  # Excel 1900-system serials of MIN_DATE, MAX_DATE
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)  # serial 0 of the 1900 system (serials >= 61)


_TIME = r"(?:[ t]\d{1,2}[:.]\d{2}(?:[:.]\d{2}(?:\.\d+)?)?)?"
_DMY = re.compile(r"^(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{4}|\d{2})" + _TIME + "$", re.ASCII)
_YMD = re.compile(r"^(\d{4})([/.-])(\d{1,2})\2(\d{1,2})" + _TIME + "$", re.ASCII)
_WEEKDAY = r"(?:(?:senin|selasa|rabu|kamis|jum'?at|sabtu|minggu|ahad|monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s*)?"
_D_MONTH_Y = re.compile(r"^" + _WEEKDAY + r"(\d{1,2})[\s./-]*([a-z]+)\.?[\s./,-]*(\d{4})$", re.ASCII)
_MONTH_D_Y = re.compile(r"^" + _WEEKDAY + r"([a-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$", re.ASCII)
_MONTHS = {
    **dict.fromkeys(("januari", "jan", "january"), 1),
    **dict.fromkeys(("februari", "pebruari", "feb", "peb", "february"), 2),
    **dict.fromkeys(("maret", "mar", "mrt", "march"), 3),
    **dict.fromkeys(("april", "apr"), 4),
    **dict.fromkeys(("mei", "may"), 5),
    **dict.fromkeys(("juni", "jun", "june"), 6),
    **dict.fromkeys(("juli", "jul", "july"), 7),
    **dict.fromkeys(("agustus", "agu", "agt", "ags", "agus", "agust", "aug", "august"), 8),
    **dict.fromkeys(("september", "sep", "sept"), 9),
    **dict.fromkeys(("oktober", "okt", "oct", "october"), 10),
    **dict.fromkeys(("november", "nopember", "nov", "nop"), 11),
    **dict.fromkeys(("desember", "des", "dec", "december"), 12),
}

_YES = frozenset({"ya", "y", "iya", "yes", "sudah", "true", "benar", "1"})
_NO = frozenset({"tidak", "tdk", "t", "n", "no", "belum", "false", "salah", "0"})
_FORMULA_START = ("=", "+", "@")


# --- entry point -------------------------------------------------------------------
def parse_value(raw: object, col: Column, choices: Sequence[str] | None = None) -> Parsed:
    """Read one cell value for ``col``; ``choices`` overrides ``col.choices``."""
    if raw is None:
        return Parsed(None)
    if isinstance(raw, str):
        raw = raw.strip()
        if raw.casefold() in EMPTY_MARKS:
            return Parsed(None)
    return _PARSERS[col.type](raw, col, choices)


# --- text, choices, yes/no -----------------------------------------------------------
@lru_cache(maxsize=64)
def _regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _parse_text(raw: object, col: Column, choices: object = None) -> Parsed:
    text = _to_text(raw).strip()
    if col.max_length is not None and len(text) > col.max_length:
        return Parsed(None, TOO_LONG, {"raw": text, "length": len(text), "max_length": col.max_length})
    if col.pattern and not _regex(col.pattern).search(text):
        return Parsed(None, BAD_PATTERN, {"raw": text, "hint": col.pattern_hint or col.pattern})
    if text.startswith(_FORMULA_START):
        return Parsed(text, LOOKS_LIKE_FORMULA, {"raw": text})
    return Parsed(text)


def _key(text: str) -> str:
    return normal_label(text)


@lru_cache(maxsize=256)
def _choice_index(choices: tuple[str, ...]) -> tuple[dict[str, str], dict[int, str]]:
    """Normalized spelling -> choice, and number -> choice for all-digit choices ("001")."""
    by_key = {_key(c): c for c in choices}
    by_number: dict[int, str | None] = {}
    for c in choices:
        if c.isascii() and c.strip().isdigit():
            n = int(c)
            by_number[n] = None if n in by_number else c  # two choices for one number: no guess
    return by_key, {n: c for n, c in by_number.items() if c is not None}


def _parse_choice(raw: object, col: Column, choices: Sequence[str] | None = None) -> Parsed:
    options = tuple(col.choices if choices is None else choices)
    text = _to_text(raw).strip()
    if not options:  # nothing to check against (the caller gave no list)
        return Parsed(text)
    by_key, by_number = _choice_index(options)
    found = by_key.get(_key(text))
    if (
        found is None
        and not isinstance(raw, bool)
        and (isinstance(raw, int) or isinstance(raw, float) and raw.is_integer())
    ):
        found = by_number.get(int(raw))  # a code like 001 that Excel turned into the number 1
    if found is None:
        return Parsed(None, NOT_IN_LIST, {"raw": text, "choices": ", ".join(options)})
    return Parsed(found)


def _parse_yesno(raw: object, col: Column, choices: Sequence[str] | None = None) -> Parsed:
    if isinstance(raw, bool):
        return Parsed(raw)
    key = _key(_to_text(raw))
    if key in _YES:
        return Parsed(True)
    if key in _NO:
        return Parsed(False)
    options = tuple(col.choices or YES_NO) if choices is None else tuple(choices)
    return Parsed(None, NOT_IN_LIST, {"raw": _to_text(raw), "choices": ", ".join(options)})


# --- dates -------------------------------------------------------------------------
def _date_or_none(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _date_from_text(text: str) -> dt.date | None:
    t = text.translate(_NORMALIZE).strip().casefold()
    if m := _DMY.match(t):
        year = int(m[4]) + (2000 if len(m[4]) == 2 else 0)
        return _date_or_none(year, int(m[3]), int(m[1]))
    if m := _YMD.match(t):
        return _date_or_none(int(m[1]), int(m[3]), int(m[4]))
    if m := _D_MONTH_Y.match(t):
        month = _MONTHS.get(m[2])
        return _date_or_none(int(m[3]), month, int(m[1])) if month else None
    if m := _MONTH_D_Y.match(t):
        month = _MONTHS.get(m[1])
        return _date_or_none(int(m[3]), month, int(m[2])) if month else None
    return None


def _serial_date(serial: float) -> dt.date:
    """The date of an Excel serial of the 1900 system from 1 March 1900 on, as
    ``openpyxl.utils.datetime.from_excel(serial).date()`` computes it (without importing
    openpyxl, ~0.1 s): the time of day is rounded to the millisecond first."""
    day, fraction = divmod(serial, 1)
    moment = dt.timedelta(milliseconds=round(fraction * 86_400 * 1000))
    return (_EXCEL_EPOCH + dt.timedelta(days=day) + moment).date()


def _parse_date(raw: object, col: Column, choices: object = None) -> Parsed:
    code = None
    value: dt.date | None
    if isinstance(raw, dt.datetime):
        value = raw.date()
    elif isinstance(raw, dt.date):
        value = raw
    elif isinstance(raw, int | float) and not isinstance(raw, bool):
        if not _MIN_SERIAL <= raw < _MAX_SERIAL + 1:  # also rejects NaN
            return Parsed(None, NOT_DATE, {"raw": _to_text(raw)})
        value = _serial_date(raw)
    elif isinstance(raw, str):
        value = _date_from_text(raw)
        if value is None:
            return Parsed(None, NOT_DATE, {"raw": raw})
        code = DATE_AS_TEXT
    else:
        return Parsed(None, NOT_DATE, {"raw": _to_text(raw)})
    if not MIN_DATE <= value <= MAX_DATE:
        return Parsed(
            None,
            OUT_OF_RANGE,
            {"raw": _to_text(raw), "value": value, "minimum": MIN_DATE, "maximum": MAX_DATE},
        )
    return Parsed(value, code, {"raw": raw, "value": value} if code else {})


_PARSERS: dict[ColumnType, Callable[[object, Column, Sequence[str] | None], Parsed]] = {
    ColumnType.INTEGER: _parse_number,
    ColumnType.DECIMAL: _parse_number,
    ColumnType.RUPIAH: _parse_number,
    ColumnType.PERCENT: _parse_number,
    ColumnType.TEXT: _parse_text,
    ColumnType.CHOICE: _parse_choice,
    ColumnType.YESNO: _parse_yesno,
    ColumnType.DATE: _parse_date,
}
