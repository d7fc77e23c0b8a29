"""A :class:`Submission` as plain data: what a reading process sends back, and what the
reading cache (:mod:`.cache`) keeps — one encoding for both, so a file read for the cache
is encoded once.

msgpack through msgspec, strictly typed on the way in (never pickle: a cache entry comes
from a file). A record's cell addresses travel as its sheet columns (:class:`RowCells`),
not as one address string per cell.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import fields
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import msgspec

from ..findings import Finding
from ..schema.workbook import WorkbookIdentity
from .model import Record, RowCells, Submission, TableData

#: bump when the stored form of a submission changes (the cache keys on it)
STORED_FORMAT = 2


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
    #: name, sheet, found, records: (row, key, {column: value}, cells), where cells is
    #: {column: sheet column} for a table row and {column: A1 address} for a form
    tables: list[tuple[str, str, bool, list[tuple[int, str | None, dict[str, Any], dict[str, str | int]]]]]
    #: code, file, sheet, cell, table, column, values
    findings: list[tuple[str, str | None, str | None, str | None, str | None, str | None, dict[str, Any]]]


_IDENTITY = [f.name for f in fields(WorkbookIdentity)]
_ENCODER = msgspec.msgpack.Encoder()
_DECODER = msgspec.msgpack.Decoder(_Entry, ext_hook=_ext)
_ANY = msgspec.msgpack.Decoder(ext_hook=_ext)


def _cells(record: Record) -> dict[str, Any]:
    cells = record.cells
    return cells.columns if isinstance(cells, RowCells) else dict(cells)


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
        tables=[
            (t.name, t.sheet, t.found, [(r.row, r.key, _values(r.values), _cells(r)) for r in t.records])
            for t in sub.tables.values()
        ],
        findings=[
            (f.code, f.file, f.sheet, f.cell, f.table, f.column, _values(f.values)) for f in sub.findings
        ],
    )
    return _ENCODER.encode(entry)


def decode(blob: bytes, path: Path) -> Submission:
    """The stored submission for ``path``; EntryError when it is not a valid entry."""
    try:
        e = _DECODER.decode(blob)
        sub = Submission(Path(path), size=e.size, sha256=e.sha256, format=e.format, used=e.used)
        if e.identity is not None:
            if len(e.identity) != len(_IDENTITY):
                raise EntryError("identity")
            sub.identity = WorkbookIdentity(**dict(zip(_IDENTITY, e.identity, strict=True)))  # type: ignore[arg-type]
        sub.diisi_oleh, sub.tanggal = e.diisi_oleh, e.tanggal
        sub.claims = [tuple(c) for c in e.claims]  # type: ignore[misc]
        for name, sheet, found, records in e.tables:
            table = TableData(name, sheet, found=found)
            shared: dict[tuple[tuple[str, Any], ...], dict[str, Any] | None] = {}  # one per table, as read
            table.records = [
                Record(row, values, _record_cells(row, cells, shared), key)
                for row, key, values, cells in records
            ]
            sub.tables[name] = table
        sub.findings = [
            Finding(code, file, sheet, cell, table, column, values)
            for code, file, sheet, cell, table, column, values in e.findings
        ]
    except (
        msgspec.ValidationError,
        msgspec.DecodeError,
        KeyError,
        TypeError,
        ValueError,
        RecursionError,
    ) as exc:
        raise EntryError(type(exc).__name__) from None
    return sub


def _record_cells(
    row: int, cells: dict[str, Any], shared: dict[tuple[tuple[str, Any], ...], dict[str, Any] | None]
) -> RowCells | dict[str, Any]:
    """A record's cells as read: a table row's sheet columns (one map per table, checked
    once) or a form's addresses."""
    key = tuple(cells.items())
    if key not in shared:
        kinds = {type(v) for v in cells.values()}
        if kinds == {int} and all(v >= 0 for v in cells.values()):
            shared[key] = cells
        elif kinds <= {str}:
            shared[key] = None
        else:
            raise EntryError("cells")
    columns = shared[key]
    return cells if columns is None else RowCells(row, columns)
