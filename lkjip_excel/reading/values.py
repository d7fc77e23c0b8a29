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
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation
from functools import lru_cache

from .. import fmt
from ..schema.model import YES_NO, Column, ColumnType
from ..text import normal_label


@dataclass(frozen=True)
class Parsed:
    value: object  # None | int | Decimal | str | datetime.date | bool
    code: str | None = None  # a finding code from lkjip_excel.findings.CATALOG, or None when clean
    values: dict[str, object] = field(default_factory=dict)  # the fields the code's message template needs


class Readings(list[Decimal]):
    """The readings of an ambiguous number; printed the Indonesian way: ``3452 atau 3,452``."""

    def __str__(self) -> str:
        return " atau ".join(fmt.number(d, max(0, -fmt.exponent(d)), grouping=False) for d in self)


# --- codes -------------------------------------------------------------------------
NOT_NUMBER = "NILAI_BUKAN_ANGKA"
NOT_INTEGER = "NILAI_BUKAN_BILANGAN_BULAT"
NOT_DATE = "NILAI_BUKAN_TANGGAL"
OUT_OF_RANGE = "NILAI_DI_LUAR_RENTANG"
NOT_IN_LIST = "NILAI_TIDAK_DALAM_DAFTAR"
AMBIGUOUS = "NILAI_AMBIGU"
TOO_LONG = "NILAI_TERLALU_PANJANG"
BAD_PATTERN = "NILAI_POLA_SALAH"
NEGATIVE = "NILAI_NEGATIF"
NUMBER_AS_TEXT = "ANGKA_SEBAGAI_TEKS"
DATE_AS_TEXT = "TANGGAL_SEBAGAI_TEKS"
LOOKS_LIKE_FORMULA = "TEKS_SEPERTI_RUMUS"

# --- constants ---------------------------------------------------------------------
EMPTY_MARKS = frozenset({"", "-", "–", "—", "n/a", "#n/a"})  # compared casefolded
MIN_DATE = dt.date(2000, 1, 1)
MAX_DATE = dt.date(2100, 12, 31)
_MIN_SERIAL, _MAX_SERIAL = 36526, 73415  # Excel 1900-system serials of MIN_DATE, MAX_DATE
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)  # serial 0 of the 1900 system (serials >= 61)

_WIDE = Context(prec=100)  # for quantizing: a huge typo must not raise
_STEPS = [Decimal(1).scaleb(-p) for p in range(30)]  # 1, 0.1, 0.01, ...
_NORMALIZE = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2212": "-"})

#: a number typed as text: sign, "Rp", digits with separators, ",-", "%"
_NUMBER_TEXT = re.compile(
    r"""^(?P<sign1>-)?\s*
        (?P<rp>rp\.?|idr)?\s*
        (?P<sign2>-)?\s*
        (?P<num>\d(?:[\d.,]*\d)?)\s*
        (?P<dash>[.,]\s*[-–—])?\s*  # ",-": a whole amount
        (?P<pct>%)?$""",
    re.IGNORECASE | re.VERBOSE | re.ASCII,
)
_GROUPED = {
    ".": re.compile(r"^[1-9]\d{0,2}(?:\.\d{3})+$", re.ASCII),
    ",": re.compile(r"^[1-9]\d{0,2}(?:,\d{3})+$", re.ASCII),
}

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


# --- numbers -----------------------------------------------------------------------
def _float_decimal(x: float) -> Decimal:
    """The decimal number Excel shows for a float (15 significant digits): no float noise."""
    if x.is_integer():
        return Decimal(int(x))
    return Decimal(f"{x:.15g}")


def _quantize(d: Decimal, places: int | None) -> Decimal:
    if places is None:
        return d
    try:
        return d.quantize(_STEPS[places], rounding=ROUND_HALF_UP, context=_WIDE)
    except InvalidOperation:  # absurdly large: left as is, the range check reports it
        return d


def _plain(d: Decimal) -> Decimal:
    """``1.500`` -> ``1.5``, ``1500`` stays ``1500`` (no exponent)."""
    n = d.normalize()
    exponent = n.as_tuple().exponent  # a letter for NaN and infinities
    return n if not isinstance(exponent, int) or exponent <= 0 else n.quantize(1, context=_WIDE)


def _bound(b: Decimal | int | None) -> object:
    return "tak terbatas" if b is None else b


def _settle(col: Column, d: Decimal, raw: str) -> Parsed:
    """Apply integer-ness, precision and range to a number."""
    if col.type is ColumnType.INTEGER:
        if d != d.to_integral_value():
            return Parsed(None, NOT_INTEGER, {"raw": raw, "value": _plain(d)})
        value: int | Decimal = int(d)
    else:
        value = _quantize(d, col.precision)
    lo, hi = col.minimum, col.maximum
    if value < 0 and lo == 0:
        return Parsed(None, NEGATIVE, {"raw": raw, "value": value})
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        return Parsed(
            None, OUT_OF_RANGE, {"raw": raw, "value": value, "minimum": _bound(lo), "maximum": _bound(hi)}
        )
    return Parsed(value)


def _fits(col: Column, d: Decimal, strict: bool = True) -> bool:
    """Whether a reading fits: within range, whole for integers, and (strict) written with no
    more digits after the mark than the column keeps ("1,500" is no Rupiah amount of 1,5)."""
    exponent = d.as_tuple().exponent  # a letter for NaN and infinities
    if strict and col.precision is not None and isinstance(exponent, int) and -exponent > col.precision:
        return False
    return _settle(col, d, "").code is None


#: the column types whose decimals are part of the value's kind: a count has none ("1.000" is
#: no count of 1), a Rupiah amount at most cents; other decimal columns round to theirs
_EXACT_DECIMALS = frozenset({ColumnType.INTEGER, ColumnType.RUPIAH})


def _valid(col: Column, d: Decimal) -> bool:
    """Whether a reading is valid for the column's type and range (what decides ambiguity)."""
    return _fits(col, d, strict=col.type in _EXACT_DECIMALS)


def _readings(num: str) -> tuple[Decimal, ...] | None:
    """The numbers a digit string with ``.``/``,`` separators can mean, Indonesian reading first."""
    dots, commas = num.count("."), num.count(",")
    if not dots and not commas:
        return (Decimal(num),)
    if dots and commas:  # the last separator is the decimal mark, the other groups thousands
        mark = "." if num.rfind(".") > num.rfind(",") else ","
        group = "," if mark == "." else "."
        head, _, tail = num.rpartition(mark)
        if mark in head or (group in head and not _GROUPED[group].match(head)):
            return None
        return (Decimal(head.replace(group, "") + "." + tail),)
    sep = "." if dots else ","
    if dots + commas > 1:  # repeated: thousands grouping only
        return (Decimal(num.replace(sep, "")),) if _GROUPED[sep].match(num) else None
    head, _, tail = num.partition(sep)
    as_decimal = Decimal(head + "." + tail)
    if len(tail) != 3 or not _GROUPED[sep].match(num):
        return (as_decimal,)
    as_thousands = Decimal(head + tail)
    return (as_thousands, as_decimal) if sep == "." else (as_decimal, as_thousands)


def _not_number(raw: object) -> Parsed:
    return Parsed(None, NOT_NUMBER, {"raw": _to_text(raw)})


def _parse_number(raw: object, col: Column, choices: object = None) -> Parsed:
    if isinstance(raw, str):
        return _parse_number_text(raw, col)
    if isinstance(raw, bool) or not isinstance(raw, int | float | Decimal):
        return _not_number(raw)
    if isinstance(raw, int):
        d = Decimal(raw)
    elif isinstance(raw, float):
        if not math.isfinite(raw):
            return _not_number(raw)
        d = _float_decimal(raw)
    elif not raw.is_finite():
        return _not_number(raw)
    else:
        d = raw
    shown = format(d, "f")
    if col.type is not ColumnType.PERCENT:
        return _settle(col, d, shown)
    # a %-formatted cell holds a fraction; a pasted 95.12 (9512 % is out of range) means 95.12 %
    scaled = _settle(col, d * 100, shown)
    if scaled.code is not None:
        as_is = _settle(col, d, shown)
        if as_is.code is None:
            return as_is
    return scaled


def _parse_number_text(raw: str, col: Column) -> Parsed:
    text = raw.translate(_NORMALIZE).strip()
    negative = text.startswith("(") and text.endswith(")")
    if negative:
        text = text[1:-1].strip()
    m = _NUMBER_TEXT.match(text)
    if (
        m is None
        or (m["rp"] and col.type is not ColumnType.RUPIAH)
        or (m["pct"] and col.type is not ColumnType.PERCENT)
        or (m["sign1"] and m["sign2"])
        or (negative and (m["sign1"] or m["sign2"]))
    ):
        return _not_number(raw)
    readings = _readings(m["num"])
    if readings is None:
        return _not_number(raw)
    if m["dash"]:  # "1.500,-": the separator groups thousands
        readings = (max(readings, key=abs),)
    if negative or m["sign1"] or m["sign2"]:
        readings = tuple(-r for r in readings)
    if len(readings) == 1:
        res = _settle(col, readings[0], raw)
        return res if res.code else Parsed(res.value, NUMBER_AS_TEXT, {"raw": raw, "value": res.value})
    # one separator followed by three digits: thousands or decimals?
    shown = Readings(_plain(r) for r in readings)
    valid = [r for r in readings if _valid(col, r)]
    if not valid:  # the thousands reading (always whole) tells what is wrong
        res = _settle(col, max(readings, key=abs), raw)
        return Parsed(None, res.code, {**res.values, "readings": shown})
    # a reading written with no more digits than the column keeps goes first ("3,452 ha" is
    # 3452 rather than 3,45), then the Indonesian one
    res = _settle(col, next((r for r in valid if _fits(col, r)), valid[0]), raw)
    if len(valid) == 1:  # the column's type and range leave one reading: nothing is ambiguous
        return Parsed(res.value, NUMBER_AS_TEXT, {"raw": raw, "value": res.value})
    return Parsed(res.value, AMBIGUOUS, {"raw": raw, "value": res.value, "readings": shown})


# --- text, choices, yes/no -----------------------------------------------------------
def _to_text(raw: object) -> str:
    """A cell value as the text a person sees (numbers without float noise)."""
    if isinstance(raw, str):
        return raw
    if isinstance(raw, bool):
        return YES_NO[0] if raw else YES_NO[1]
    if isinstance(raw, float):
        return format(_float_decimal(raw), "f") if math.isfinite(raw) else str(raw)
    if isinstance(raw, Decimal):
        return format(raw, "f")
    if isinstance(raw, dt.datetime):
        return fmt.date(raw) if raw.time() == dt.time() else fmt.datetime(raw)
    if isinstance(raw, dt.date):
        return fmt.date(raw)
    if isinstance(raw, dt.time):
        return fmt.time(raw)
    return str(raw)


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
