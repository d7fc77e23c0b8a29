"""Numbers, money, percentages, dates and sizes written for people, the Indonesian way.

One place for how a figure reads in a message, on the console or in a mail:
``1.611.891.182`` (thousands with '.'), ``95,12`` (decimals with ','), ``Rp 1.611.891.182``,
``95,31%``, ``29/11/2026``, ``1,5 MB``. What a person types back (``1.611.891.182``,
``95,12``) is read by :mod:`lkjip_excel.reading.values`; the tests check that the two agree.

Babel (``format_decimal(x, locale="id")``) writes the same separators, but it rounds a
float through its shortest text (2.675 -> ``2,68``) where Python rounds the float's exact
value (``2,67``), and it costs an import of its locale data; Python's own format
specification does the grouping and rounding here and only the separators are swapped.
Dates keep the day/month/year form (``29/11/2026``) the workbook and the findings use.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import lru_cache
from typing import Any

#: bytes in a kilobyte and a megabyte as file sizes are shown (binary, as the OS shows them)
KB = 1024
MB = 1024 * KB

#: what a missing figure reads as
MISSING = "-"


def exponent(value: Decimal) -> int:
    """The exponent of a finite decimal (NaN and infinities have a letter there: ValueError)."""
    found = value.as_tuple().exponent
    if not isinstance(found, int):
        raise ValueError(f"not a finite number: {value}")
    return found


def _indonesian(text: str) -> str:
    """``1,234.5`` (Python's grouping) as ``1.234,5``."""
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def number(value: Any, decimals: int | None = None, *, grouping: bool = True, trim: bool = False) -> str:
    """``value`` with '.' between thousands and ',' before decimals; ``-`` when missing.

    ``decimals`` fixes the number of decimals (rounded as Python rounds). Without it, a
    whole figure has none (``1.611.891.182``) and any other at least two, more when it has
    them (``95,12``, ``0,125``); a :class:`~decimal.Decimal` under 1000 written with decimals
    keeps them (``9,00``). ``grouping=False`` leaves out the thousands separator;
    ``trim`` drops trailing zeros of the decimals (``20``, ``0,5``). A value that is not a
    number is returned as ``str(value)``.
    """
    if value is None or isinstance(value, bool):
        return MISSING
    group = "," if grouping else ""
    try:
        if decimals is None:
            fractional = isinstance(value, Decimal) and exponent(value) < 0 and abs(value) < 1000
            if value == int(value) and not fractional:
                return _indonesian(f"{int(value):{group}}")
            decimals = max(2, -exponent(Decimal(str(value)).normalize()))
        text = f"{value:{group}.{decimals}f}"
    except (TypeError, ValueError, OverflowError, ArithmeticError):
        return str(value)
    if trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    return _indonesian(text)


def rupiah(value: Any) -> str:
    """``Rp 1.611.891.182`` (whole rupiah); ``Rp -`` when missing."""
    return f"Rp {number(value, 0)}"


def percent(value: Any, *, grouping: bool = True) -> str:
    """A percentage with two decimals: ``95,31%``; ``-%`` when missing."""
    return f"{number(value, 2, grouping=grouping)}%"


def points(change: Any, *, grouping: bool = True) -> str:
    """A change of a percentage in percentage points: ``naik 1,25 poin`` or ``turun 0,50 poin``."""
    direction = "naik" if change >= 0 else "turun"
    return f"{direction} {number(abs(change), 2, grouping=grouping)} poin"


def date(value: dt.date) -> str:
    """``29/11/2026``."""
    return f"{value:%d/%m/%Y}"


@lru_cache(maxsize=1024)  # (a batch's files were mostly signed on a few days: the Sumber sheet)
def long_date(value: dt.date) -> str:
    """``29 November 2026``: the date as a letter or a signature block writes it (Babel's
    Indonesian month names; imported here only, so commands that print no long date do not pay for it)."""
    from babel.dates import format_date

    return format_date(value, "d MMMM y", locale="id")


def time(value: dt.time | dt.datetime, *, seconds: bool | None = None) -> str:
    """``14:05``; with the seconds (``14:05:09``) when ``seconds``, by default when they are not 0."""
    if seconds is None:
        seconds = bool(value.second)
    return f"{value:%H:%M:%S}" if seconds else f"{value:%H:%M}"


def datetime(value: dt.datetime, *, seconds: bool | None = None) -> str:
    """``29/11/2026 14:05`` (seconds as in :func:`time`)."""
    return f"{date(value)} {time(value, seconds=seconds)}"


def file_size(size: int, decimals: int = 1) -> str:
    """``1,5 MB`` from a megabyte on (``decimals`` of them), else ``12 KB`` / ``0,5 KB``
    (one decimal under 10 KB; never 0 KB)."""
    if size >= MB:
        return f"{megabytes(size, decimals)} MB"
    return f"{number(max(size, 1) / KB, 0 if size >= 10 * KB else 1)} KB"


def megabytes(size: int, decimals: int = 1) -> str:
    """``size`` bytes as a number of megabytes, without the unit: ``1,5``."""
    return number(size / MB, decimals)


def setting(value: Any) -> str:
    """A number from the settings as a person wrote it: ``20``, ``0,5`` (up to two decimals,
    no thousands separator)."""
    return number(value, 2, grouping=False, trim=True)
