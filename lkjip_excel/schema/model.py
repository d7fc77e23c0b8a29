"""The vocabulary of the input standard: column types, columns, tables, workbook kinds.

Everything here is plain frozen data. The concrete standard (which kinds, tables and
columns exist) is declared in the sibling modules and assembled in ``schema/__init__``;
template generation, reading, validation and ``lkjip-excel skema`` all read it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from decimal import Decimal


class ColumnType(enum.StrEnum):
    """The value types a column can hold; the values are the JSON contract."""

    INTEGER = "integer"
    DECIMAL = "decimal"
    RUPIAH = "rupiah"
    PERCENT = "percent"
    TEXT = "text"
    CHOICE = "choice"
    DATE = "date"
    YESNO = "yesno"


NUMERIC_TYPES = frozenset({ColumnType.INTEGER, ColumnType.DECIMAL, ColumnType.RUPIAH, ColumnType.PERCENT})

#: Indonesian names of the types, for the Petunjuk sheet and ``skema``.
TYPE_LABELS = {
    ColumnType.INTEGER: "bilangan bulat",
    ColumnType.DECIMAL: "bilangan desimal",
    ColumnType.RUPIAH: "Rupiah",
    ColumnType.PERCENT: "persen",
    ColumnType.TEXT: "teks",
    ColumnType.CHOICE: "pilihan",
    ColumnType.DATE: "tanggal",
    ColumnType.YESNO: "ya/tidak",
}

YES_NO = ("Ya", "Tidak")


class Layout(enum.StrEnum):
    """How a table is laid out on its sheet."""

    #: one record; each column is a row of the form (label | value | unit)
    FORM = "form"
    #: a fixed list of rows declared in the schema (e.g. the nine SKM unsur)
    FIXED = "fixed"
    #: one row per desa of the workspace settings
    PER_DESA = "per_desa"
    #: free rows, as many as the user needs (up to ``max_rows``)
    LIST = "list"


@dataclass(frozen=True)
class Column:
    """One column of a table (or one field of a form)."""

    key: str
    label: str
    type: ColumnType
    unit: str | None = None
    required: bool = False
    minimum: Decimal | int | None = None
    maximum: Decimal | int | None = None
    #: digits after the decimal mark kept when reading (noise like 274.65999 -> 274.66)
    precision: int | None = None
    choices: tuple[str, ...] = ()
    #: the values come from the workspace settings ("desa", "seksi") instead of ``choices``
    choices_from: str | None = None
    max_length: int | None = None
    #: a regular expression a text value must match (e.g. a budget code)
    pattern: str | None = None
    pattern_hint: str | None = None
    #: a stated total or percentage, to be checked against computed values, never trusted
    stated: bool = False
    #: filled in by the template generator and locked (identity fields)
    locked: bool = False
    help: str = ""
    width: int | None = None
    #: the schema version that added this column: a workbook made from an older template
    #: lacks it, and is read as if the column were empty
    since: str | None = None

    def header(self) -> str:
        """The header text shown in the template: label and unit."""
        return f"{self.label} ({self.unit})" if self.unit else self.label


@dataclass(frozen=True)
class FixedRow:
    """A row that the template fills in and locks (its label is the row's key)."""

    key: str
    label: str
    #: a group the report uses (e.g. ternak besar / kecil / unggas)
    group: str | None = None
    #: a "Jumlah" row: its values are stated totals, to be checked
    total: bool = False


@dataclass(frozen=True)
class Table:
    """A table of a workbook kind; each table has a sheet of its own."""

    name: str
    sheet: str
    title: str
    columns: tuple[Column, ...]
    layout: Layout = Layout.LIST
    description: str = ""
    #: for FIXED: the rows; the first column holds their labels
    rows: tuple[FixedRow, ...] = ()
    #: for LIST: the columns whose values must be unique together
    key: tuple[str, ...] = ()
    #: for LIST: how many empty rows the template prepares
    max_rows: int = 50
    #: for PER_DESA: add a locked "Jumlah" row whose values are stated totals
    total_row: bool = False
    required: bool = True
    #: the schema version that added this table: a workbook made from an older template lacks
    #: its sheet, and is read as if the table were empty
    since: str | None = None

    def column(self, key: str) -> Column:
        for col in self.columns:
            if col.key == key:
                return col
        raise KeyError(f"{self.name} has no column {key!r}")


@dataclass(frozen=True)
class Kind:
    """A workbook kind: one per desa (``per_desa``) or one per section of the office."""

    key: str
    label: str
    description: str
    tables: tuple[Table, ...]
    per_desa: bool = False

    def table(self, name: str) -> Table:
        for table in self.tables:
            if table.name == name:
                return table
        raise KeyError(f"{self.key} has no table {name!r}")


@dataclass(frozen=True)
class Schema:
    """The whole input standard."""

    version: str
    kinds: tuple[Kind, ...]
    identity: Table
    glossary: dict[str, str] = field(default_factory=dict)

    def kind(self, key: str) -> Kind:
        for kind in self.kinds:
            if kind.key == key:
                return kind
        raise KeyError(key)

    @property
    def section_kinds(self) -> tuple[Kind, ...]:
        return tuple(k for k in self.kinds if not k.per_desa)

    @staticmethod
    def older(version: str, than: str | None) -> bool:
        """``version`` predates ``than`` ("1.1" < "1.2"); an unreadable version is not older."""
        if than is None:
            return False
        try:
            return tuple(int(p) for p in str(version).split(".")) < tuple(int(p) for p in than.split("."))
        except ValueError:
            return False

    def is_compatible(self, version: str) -> bool:
        """A workbook is readable when its major version equals ours."""
        return str(version).split(".")[0] == self.version.split(".")[0]
