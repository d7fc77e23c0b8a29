"""Short constructors for the columns the standard uses again and again."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .model import YES_NO, Column, ColumnType

MAX_COUNT = 10_000_000
MAX_RUPIAH = Decimal("1000000000000")  # 1 triliun: far above any kecamatan budget


def count(key: str, label: str, unit: str | None = None, **kw: Any) -> Column:
    """A whole number of things, never negative."""
    kw.setdefault("minimum", 0)
    kw.setdefault("maximum", MAX_COUNT)
    return Column(key, label, ColumnType.INTEGER, unit=unit, precision=0, **kw)


def decimal(key: str, label: str, unit: str | None = None, precision: int = 2, **kw: Any) -> Column:
    kw.setdefault("minimum", 0)
    kw.setdefault("maximum", MAX_COUNT)
    return Column(key, label, ColumnType.DECIMAL, unit=unit, precision=precision, **kw)


def rupiah(key: str, label: str, **kw: Any) -> Column:
    """An amount of money; cents are kept (two decimals)."""
    kw.setdefault("minimum", 0)
    kw.setdefault("maximum", MAX_RUPIAH)
    return Column(key, label, ColumnType.RUPIAH, unit="Rp", precision=2, **kw)


def percent(key: str, label: str, maximum: int = 1000, **kw: Any) -> Column:
    """A percentage, read in percent points (95,12 % -> 95.12)."""
    kw.setdefault("minimum", 0)
    return Column(key, label, ColumnType.PERCENT, unit="%", precision=2, maximum=maximum, **kw)


def text(key: str, label: str, max_length: int = 500, **kw: Any) -> Column:
    return Column(key, label, ColumnType.TEXT, max_length=max_length, **kw)


def choice(key: str, label: str, choices: tuple[str, ...] = (), **kw: Any) -> Column:
    return Column(key, label, ColumnType.CHOICE, choices=choices, **kw)


def date(key: str, label: str, **kw: Any) -> Column:
    return Column(key, label, ColumnType.DATE, **kw)


def yesno(key: str, label: str, **kw: Any) -> Column:
    return Column(key, label, ColumnType.YESNO, choices=YES_NO, **kw)


def year(key: str, label: str, **kw: Any) -> Column:
    return Column(key, label, ColumnType.INTEGER, minimum=2000, maximum=2100, precision=0, **kw)


POLARITY = ("Positif", "Negatif")


def polarity(key: str = "polaritas", label: str = "Polaritas") -> Column:
    return choice(
        key,
        label,
        POLARITY,
        help="Positif: makin besar makin baik. Negatif: makin kecil makin baik.",
    )


#: nomenclature codes: program X.XX.XX, kegiatan X.XX.XX.X.XX, sub kegiatan X.XX.XX.X.XX.XXXX
BUDGET_CODE = r"^\d{1,2}\.\d{2}\.\d{2}(\.\d\.\d{2}(\.\d{4})?)?$"
PROGRAM_KEGIATAN_CODE = r"^\d{1,2}\.\d{2}\.\d{2}(\.\d\.\d{2})?$"
SUB_KEGIATAN_CODE = r"^\d{1,2}\.\d{2}\.\d{2}\.\d\.\d{2}\.\d{4}$"
BUDGET_CODE_HINT = "contoh 7.01.01 (program), 7.01.01.2.01 (kegiatan), 7.01.01.2.01.0001 (sub kegiatan)"
