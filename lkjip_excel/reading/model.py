"""What reading a submission produces: typed records with their cell addresses."""

from __future__ import annotations

import datetime as dt
from collections.abc import ItemsView, Iterator, Mapping, ValuesView
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..findings import Finding, Severity
from ..schema.layout import column_letter
from ..schema.workbook import WorkbookIdentity


class RowCells(Mapping[str, str]):
    """The A1 addresses of a row record's cells, by column key, made when asked: the row,
    and the sheet column of each key (one dict shared by every row of the table), instead
    of a dict of addresses per record (~23 KiB a desa file, held to the end)."""

    __slots__ = ("columns", "row")

    def __init__(self, row: int, columns: dict[str, int]):
        self.row = row
        self.columns = columns

    def __getitem__(self, key: str) -> str:
        return f"{_letter(self.columns[key])}{self.row + 1}"

    def __iter__(self) -> Iterator[str]:
        return iter(self.columns)

    def __len__(self) -> int:
        return len(self.columns)

    def __repr__(self) -> str:
        return repr(dict(self))

    def __reduce__(self) -> tuple[Any, ...]:
        return RowCells, (self.row, self.columns)


_LETTERS: list[str] = []


def _letter(col: int) -> str:
    while len(_LETTERS) <= col:
        _LETTERS.append(column_letter(len(_LETTERS)))
    return _LETTERS[col]


class RowValues(Mapping[str, Any]):
    """A record's values by column key, as decoded from a reading process or the cache:
    the values in order and the position of each key (one dict shared by every record
    with the same keys), instead of a dict per record (~40 MB at 5,000 desa)."""

    __slots__ = ("data", "index")

    def __init__(self, index: dict[str, int], data: tuple[Any, ...]):
        self.index = index
        self.data = data

    def __getitem__(self, key: str) -> Any:
        return self.data[self.index[key]]

    def get(self, key: str, default: Any = None) -> Any:
        i = self.index.get(key)
        return default if i is None else self.data[i]

    def __contains__(self, key: object) -> bool:
        return key in self.index

    def __iter__(self) -> Iterator[str]:
        return iter(self.index)

    def __len__(self) -> int:
        return len(self.index)

    def items(self) -> ItemsView[str, Any]:
        return _RowItems(self)

    def values(self) -> ValuesView[Any]:
        return _RowValuesView(self)

    def __repr__(self) -> str:
        return repr(dict(self))

    def __reduce__(self) -> tuple[Any, ...]:
        return RowValues, (self.index, self.data)


class _RowItems(ItemsView[str, Any]):
    """:meth:`RowValues.items`, iterated without a lookup per key."""

    _mapping: RowValues

    def __iter__(self) -> Iterator[tuple[str, Any]]:
        return zip(self._mapping.index, self._mapping.data, strict=True)


class _RowValuesView(ValuesView[Any]):
    _mapping: RowValues

    def __iter__(self) -> Iterator[Any]:
        return iter(self._mapping.data)


@dataclass(slots=True)
class Record:
    """One row of a table (or the single record of a form)."""

    row: int  # 0-based sheet row of the record (first field's row for a form)
    #: a dict as read; a :class:`RowValues` as decoded (:mod:`.stored`)
    values: Mapping[str, Any]
    cells: Mapping[str, str]  # column key -> A1 address
    key: str | None = None  # fixed-row key or desa code, where the layout has one

    def get(self, column: str, default: Any = None) -> Any:
        value = self.values.get(column)
        return default if value is None else value


@dataclass
class TableData:
    name: str
    sheet: str
    records: list[Record] = field(default_factory=list)
    found: bool = True

    def by_key(self) -> dict[str, Record]:
        return {r.key: r for r in self.records if r.key is not None}

    @property
    def form(self) -> Record | None:
        """The record of a FORM table."""
        return self.records[0] if self.records else None


@dataclass
class Submission:
    """One input file: where it came from, what it says it is, what was read, what is wrong."""

    path: Path
    size: int = 0
    sha256: str | None = None
    format: str | None = None
    modified: dt.datetime | None = None
    identity: WorkbookIdentity | None = None
    diisi_oleh: str | None = None
    tanggal: dt.date | None = None
    tables: dict[str, TableData] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    #: False when the file is set aside (its identity sources disagree, duplicate, wrong
    #: year, other kecamatan...)
    used: bool = True
    #: every (jenis, kode) one of the workbook's identity sources claims, the agreed one first
    claims: list[tuple[str, str]] = field(default_factory=list)
    #: set by :meth:`release_tables`: tables were read, and are no longer held
    tables_released: bool = False

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def readable(self) -> bool:
        return self.identity is not None and (bool(self.tables) or self.tables_released)

    def release_tables(self) -> None:
        """Drop what was read from the tables (once computed), keeping what the file is."""
        if self.tables:
            self.tables, self.tables_released = {}, True

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    @property
    def status(self) -> str:
        """An Indonesian one-word status for listings."""
        if not self.readable:
            return "tidak terbaca"
        if not self.used:
            return "tidak dipakai"
        if self.count(Severity.GALAT):
            return "ada galat"
        if self.count(Severity.PERINGATAN):
            return "ada peringatan"
        return "baik"

    def identity_keys(self) -> list[tuple[str, str]]:
        """(jenis, kode) of the identity used, then of any other one a source claims."""
        keys = [(self.identity.jenis, self.identity.kode)] if self.identity else []
        return keys + [k for k in self.claims if k not in keys]

    def table(self, name: str) -> TableData:
        return self.tables.get(name) or TableData(name, "", [], found=False)

    def content_key(self) -> tuple[object, ...]:
        """What the file says, for telling identical duplicates from differing ones."""
        return tuple(
            (name, tuple((r.key, tuple(sorted(r.values.items(), key=lambda kv: kv[0]))) for r in t.records))
            for name, t in sorted(self.tables.items())
        )
