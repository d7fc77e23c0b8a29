"""A :class:`Submission` as plain data: what a reading process sends back, and what the
reading cache (:mod:`.cache`) keeps — one encoding for both, so a file read for the cache
is encoded once.

msgpack through msgspec, strictly typed on the way in (never pickle: a cache entry comes
from a file). A record's cell addresses travel as its sheet columns (:class:`RowCells`),
not as one address string per cell, and its values in the order of its keys, stated once
per shape (:class:`RowValues`), not as a map per record.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import fields
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated, Any

import msgspec

from ..findings import Finding
from ..schema.workbook import WorkbookIdentity
from .model import Record, RowCells, RowValues, Submission, TableData

#: bump when the stored form of a submission changes (the cache keys on it)
STORED_FORMAT = 3


class EntryError(ValueError):
    """Data that cannot be a submission this version encoded."""


#: msgpack keeps these as they are; the others travel as an extension (code, text)
_PLAIN = frozenset({type(None), bool, int, str, float})
_EXT_DECIMAL, _EXT_DATE, _EXT_DATETIME, _EXT_TUPLE, _EXT_LIST, _EXT_DICT = 1, 2, 3, 4, 5, 6


def _value(v: Any) -> Any:
    """A record or finding value for msgpack, its Python type kept."""
    kind = type(v)
    if kind in _PLAIN:
        return v
    if kind is Decimal:
        return msgspec.msgpack.Ext(_EXT_DECIMAL, str(v).encode())
    if kind is dt.date:
        return msgspec.msgpack.Ext(_EXT_DATE, v.isoformat().encode())
    if kind is dt.datetime:
        return msgspec.msgpack.Ext(_EXT_DATETIME, v.isoformat().encode())
    if kind in (tuple, list):
        code = _EXT_TUPLE if kind is tuple else _EXT_LIST
        return msgspec.msgpack.Ext(code, _ENCODER.encode([_value(x) for x in v]))
    if kind is dict and all(type(k) is str for k in v):
        return msgspec.msgpack.Ext(_EXT_DICT, _ENCODER.encode({k: _value(x) for k, x in v.items()}))
    raise TypeError(kind.__name__)


def _values(values: dict[str, Any]) -> dict[str, Any]:
    if all(type(v) in _PLAIN for v in values.values()):
        return values
    return {k: _value(v) for k, v in values.items()}


def _ext(code: int, data: memoryview) -> Any:
    """An extension back to its value (msgspec calls this for each one it meets)."""
    try:
        if code == _EXT_DECIMAL:
            number = Decimal(bytes(data).decode())
            if not number.is_finite():
                raise EntryError("value")
            return number
        if code == _EXT_DATE:
            return dt.date.fromisoformat(bytes(data).decode())
        if code == _EXT_DATETIME:
            return dt.datetime.fromisoformat(bytes(data).decode())
        if code in (_EXT_TUPLE, _EXT_LIST):
            items = _ANY.decode(data)
            if not isinstance(items, list):
                raise EntryError("sequence")
            return tuple(items) if code == _EXT_TUPLE else items
        if code == _EXT_DICT:
            mapping = _ANY.decode(data)
            if not isinstance(mapping, dict) or not all(isinstance(k, str) for k in mapping):
                raise EntryError("mapping")
            return mapping
    except (UnicodeDecodeError, ValueError, InvalidOperation):
        raise EntryError("value") from None
    raise EntryError("extension")


class _Entry(msgspec.Struct, forbid_unknown_fields=True):
    """A submission as stored (the types are checked when it is read back)."""

    size: int
    sha256: str
    format: str | None
    identity: list[str | int | None] | None
    diisi_oleh: str | None
    tanggal: dt.date | None
    used: bool
    claims: list[tuple[str, str]]
    #: :data:`_Tables`, left encoded until :func:`fill_tables` (see :class:`TwoPass`)
    tables: msgspec.Raw
    #: code, file, sheet, cell, table, column, values
    findings: list[tuple[str, str | None, str | None, str | None, str | None, str | None, dict[str, Any]]]


#: (shapes, tables): every record's column keys once (shapes), and each table's name,
#: sheet, found, records: (row, key, shape, values in the shape's order, cells), where
#: cells is {column: sheet column} for a table row and {column: A1 address} for a form
_Shape = Annotated[int, msgspec.Meta(ge=0)]
_Tables = tuple[
    list[tuple[str, ...]],
    list[tuple[str, str, bool, list[tuple[int, str | None, _Shape, tuple[Any, ...], dict[str, str | int]]]]],
]

_IDENTITY = [f.name for f in fields(WorkbookIdentity)]
_ENCODER = msgspec.msgpack.Encoder()
_DECODER = msgspec.msgpack.Decoder(_Entry, ext_hook=_ext)
_TABLES = msgspec.msgpack.Decoder(_Tables, ext_hook=_ext)
#: what a failed decoding raises, made an EntryError
_INVALID = (
    msgspec.ValidationError,
    msgspec.DecodeError,
    KeyError,
    IndexError,
    TypeError,
    ValueError,
    RecursionError,
)
#: the maps shared by the records of every file (RowValues.index, RowCells.columns), by
#: their content: a few dozen shapes in a batch (bounded all the same)
_SHARED: dict[tuple[Any, ...], dict[str, Any] | None] = {}
_SHARED_MAX = 4096
_ANY = msgspec.msgpack.Decoder(ext_hook=_ext)


def _cells(record: Record) -> dict[str, Any]:
    cells = record.cells
    return cells.columns if isinstance(cells, RowCells) else dict(cells)


def _tables(sub: Submission) -> tuple[list[tuple[str, ...]], list[tuple[Any, ...]]]:
    """``sub``'s tables as :data:`_Tables`."""
    shapes: dict[tuple[str, ...], int] = {}
    tables = [
        (t.name, t.sheet, t.found, [_record(r, shapes) for r in t.records]) for t in sub.tables.values()
    ]
    return list(shapes), tables


def _record(record: Record, shapes: dict[tuple[str, ...], int]) -> tuple[Any, ...]:
    values = record.values
    shape = shapes.setdefault(tuple(values), len(shapes))
    row = [v if type(v) in _PLAIN else _value(v) for v in values.values()]
    return record.row, record.key, shape, row, _cells(record)


def encode(sub: Submission) -> bytes:
    """``sub`` as stored; TypeError when it holds a value this format cannot keep."""
    if sub.sha256 is None:
        raise TypeError("no digest")
    ident = sub.identity
    entry = _Entry(
        size=sub.size,
        sha256=sub.sha256,
        format=sub.format,
        identity=[getattr(ident, k) for k in _IDENTITY] if ident else None,
        diisi_oleh=sub.diisi_oleh,
        tanggal=sub.tanggal,
        used=sub.used,
        claims=list(sub.claims),
        tables=msgspec.Raw(_ENCODER.encode(_tables(sub))),
        findings=[
            (f.code, f.file, f.sheet, f.cell, f.table, f.column, _values(f.values)) for f in sub.findings
        ],
    )
    return _ENCODER.encode(entry)


def decode(blob: bytes, path: Path) -> Submission:
    """The stored submission for ``path``; EntryError when it is not a valid entry."""
    sub, tables = decode_head(blob, path)
    fill_tables(sub, tables)
    return sub


def decode_head(blob: bytes, path: Path) -> tuple[Submission, msgspec.Raw]:
    """The stored submission for ``path`` without its tables, and the tables still
    encoded (for :func:`fill_tables`); EntryError when it is not a valid entry."""
    try:
        e = _DECODER.decode(blob)
        sub = Submission(Path(path), size=e.size, sha256=e.sha256, format=e.format, used=e.used)
        if e.identity is not None:
            if len(e.identity) != len(_IDENTITY):
                raise EntryError("identity")
            sub.identity = WorkbookIdentity(**dict(zip(_IDENTITY, e.identity, strict=True)))  # type: ignore[arg-type]
        sub.diisi_oleh, sub.tanggal = e.diisi_oleh, e.tanggal
        sub.claims = [tuple(c) for c in e.claims]  # type: ignore[misc]
        sub.findings = [
            Finding(code, file, sheet, cell, table, column, values)
            for code, file, sheet, cell, table, column, values in e.findings
        ]
    except _INVALID as exc:
        raise EntryError(type(exc).__name__) from None
    return sub, e.tables


def fill_tables(sub: Submission, tables: msgspec.Raw) -> None:
    """``sub``'s tables from their encoding; EntryError when they are not valid."""
    try:
        shapes, decoded = _TABLES.decode(tables)
        indexes = [_index(keys) for keys in shapes]
        for name, sheet, found, records in decoded:
            table = TableData(name, sheet, found=found)
            table.records = [
                Record(row, _row_values(indexes[shape], values), _record_cells(row, cells), key)
                for row, key, shape, values, cells in records
            ]
            sub.tables[name] = table
    except _INVALID as exc:
        raise EntryError(type(exc).__name__) from None


def fill_now_or_later(sub: Submission, tables: msgspec.Raw, two_pass: TwoPass | None) -> None:
    """``sub``'s tables decoded now, or left to ``two_pass`` when given; EntryError now only."""
    if two_pass is None:
        fill_tables(sub, tables)
    else:
        two_pass.add(sub, tables)


class TwoPass:
    """Submissions decoded in two passes: what each file is (:func:`decode_head`) as it
    comes, then the tables of all of them (:meth:`fill`) once every file is in.

    The rows are the bulk, and they are released together once computed
    (``CheckReport.release_records``); decoded file by file, what stays of each file
    (its identity, findings, path) sat between its rows and kept most of the memory they
    had used from being reused by the workbook writer (at 5,000 desa the peak was ~20 MB
    higher: docs/performance.md).
    """

    def __init__(self) -> None:
        self._pending: list[tuple[Submission, msgspec.Raw]] = []

    def add(self, sub: Submission, tables: msgspec.Raw) -> None:
        """What :func:`decode_head` gave; the tables wait for :meth:`fill`."""
        self._pending.append((sub, tables))

    def fill(self) -> list[Submission]:
        """Decode the waiting tables; the submissions whose tables are not valid (not
        possible for an entry this version wrote) are returned, to be read again."""
        failed = []
        for sub, tables in self._pending:
            try:
                fill_tables(sub, tables)
            except EntryError:
                sub.tables = {}
                failed.append(sub)
        self._pending = []
        return failed


def _share(key: tuple[Any, ...], value: Any) -> Any:
    """``value``, kept to be shared under ``key`` from now on."""
    if len(_SHARED) < _SHARED_MAX:
        _SHARED[key] = value
    return value


def _index(keys: tuple[str, ...]) -> dict[str, int]:
    shared = ("keys", *keys)
    if shared in _SHARED:
        return _SHARED[shared]  # type: ignore[return-value]
    index = {k: i for i, k in enumerate(keys)}
    if len(index) != len(keys):
        raise EntryError("keys")
    return _share(shared, index)  # type: ignore[no-any-return]


def _row_values(index: dict[str, int], values: tuple[Any, ...]) -> RowValues:
    if len(values) != len(index):
        raise EntryError("values")
    return RowValues(index, values)


def _record_cells(row: int, cells: dict[str, Any]) -> RowCells | dict[str, Any]:
    """A record's cells as read: a table row's sheet columns (one map shared by the rows
    of every file with the same columns, checked once) or a form's addresses."""
    shared = ("cells", *cells.items())
    columns = _SHARED[shared] if shared in _SHARED else _share(shared, _columns(cells))
    return cells if columns is None else RowCells(row, columns)


def _columns(cells: dict[str, Any]) -> dict[str, Any] | None:
    """``cells`` as a row's sheet columns, or None for a form's addresses."""
    kinds = {type(v) for v in cells.values()}
    if kinds == {int} and all(v >= 0 for v in cells.values()):
        return cells
    if kinds <= {str}:
        return None
    raise EntryError("cells")
