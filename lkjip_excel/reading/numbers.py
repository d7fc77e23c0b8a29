"""Numbers in cells: a float read as the decimal Excel shows, a number typed as text (with
``.``/``,`` separators, "Rp", ",-", "%") read the Indonesian way, and the ambiguity of one
separator followed by three digits. :class:`Parsed` (what reading a cell gives) lives here;
:mod:`lkjip_excel.reading.values` (the entry point, :func:`~.values.parse_value`) re-exports it.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation

from .. import fmt
from ..schema.model import YES_NO, Column, ColumnType


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
OUT_OF_RANGE = "NILAI_DI_LUAR_RENTANG"
AMBIGUOUS = "NILAI_AMBIGU"
NEGATIVE = "NILAI_NEGATIF"
NUMBER_AS_TEXT = "ANGKA_SEBAGAI_TEKS"

# --- constants ---------------------------------------------------------------------
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
        return _in_range(col, int(d), raw)
    return _in_range(col, _quantize(d, col.precision), raw)


def _in_range(col: Column, value: int | Decimal, raw: str) -> Parsed:
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
    if isinstance(raw, float) and col.type is ColumnType.INTEGER and raw.is_integer():
        # (most number cells: a whole count) no decimal detour; its text only for a finding
        res = _in_range(col, int(raw), "")
        return res if res.code is None else _in_range(col, int(raw), str(int(raw)))
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
    if col.type is not ColumnType.PERCENT:
        res = _settle(col, d, "")
        return res if res.code is None else _settle(col, d, format(d, "f"))  # (its text for the finding)
    # a %-formatted cell holds a fraction; a pasted 95.12 (9512 % is out of range) means 95.12 %
    scaled = _settle(col, d * 100, "")
    if scaled.code is None:
        return scaled
    as_is = _settle(col, d, "")
    if as_is.code is None:
        return as_is
    return _settle(col, d * 100, format(d, "f"))


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
