"""A submission as plain data (what reading processes send and the cache keeps)."""

from __future__ import annotations

from pathlib import Path

import msgspec
import pytest

from lkjip_excel import pipeline
from lkjip_excel.reading.model import RowCells, RowValues
from lkjip_excel.reading.stored import EntryError, TwoPass, decode, decode_head, encode

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "purwareja-klampok-2024"


@pytest.fixture(scope="module")
def read_as_is():
    checked = pipeline.check(EXAMPLE, pipeline.Options(workers=1, cache=False))
    subs = checked.report.submissions
    for sub in subs:
        sub.findings = [f for f in sub.findings if f.file == sub.name]  # as read, before the batch
    return subs


def test_every_example_file_round_trips(read_as_is):
    for sub in read_as_is:
        again = decode(encode(sub), sub.path)
        again.modified = sub.modified
        assert again == sub


def test_a_tables_rows_share_one_column_map(read_as_is):
    """Cells travel as sheet columns: each row's addresses made when asked, from one map a table."""
    sub = next(s for s in read_as_is if s.identity and s.identity.jenis == "perencanaan-keuangan")
    again = decode(encode(sub), sub.path)
    for name, table in again.tables.items():
        rows = [r for r in table.records if isinstance(r.cells, RowCells)]
        if len(rows) < 2:
            continue
        assert len({id(r.cells.columns) for r in rows}) == 1, name
        original = {r.row: dict(r.cells) for r in sub.tables[name].records}
        assert {r.row: dict(r.cells) for r in rows} == {r: original[r] for r in (x.row for x in rows)}


@pytest.mark.parametrize("cells", [{"a": 1, "b": "B2"}, {"a": -1}, {"a": 1.5}])
def test_cells_that_no_reader_made_are_refused(read_as_is, cells):
    entry = msgspec.msgpack.decode(encode(read_as_is[0]))
    _shapes, tables = entry["tables"]
    tables[0][3][0][4] = cells  # (row, key, shape, values, cells) of the first record
    with pytest.raises(EntryError):
        decode(msgspec.msgpack.encode(entry), read_as_is[0].path)


def _spoiled(sub, spoil) -> bytes:
    entry = msgspec.msgpack.decode(encode(sub))
    spoil(*entry["tables"])
    return msgspec.msgpack.encode(entry)


@pytest.mark.parametrize(
    "spoil",
    [
        lambda shapes, tables: tables[0][3][0][3].append(1),  # a value more than the shape's keys
        lambda shapes, tables: tables[0][3][0].__setitem__(2, len(shapes)),  # no such shape
        lambda shapes, tables: tables[0][3][0].__setitem__(2, -1),  # (not the last one)
        lambda shapes, tables: shapes[0].append(shapes[0][0]),  # a key twice
    ],
    ids=["values", "shape", "negative-shape", "keys"],
)
def test_values_that_do_not_fit_their_keys_are_refused(read_as_is, spoil):
    sub = read_as_is[0]
    blob = _spoiled(sub, spoil)
    with pytest.raises(EntryError):
        decode(blob, sub.path)
    # decoded in two passes, the file is known at once and its tables fail when asked
    two_pass = TwoPass()
    head, tables = decode_head(blob, sub.path)
    two_pass.add(head, tables)
    good, good_tables = decode_head(encode(sub), sub.path)
    two_pass.add(good, good_tables)
    assert two_pass.fill() == [head]
    assert head.tables == {} and good.tables.keys() == sub.tables.keys()


def test_records_of_every_file_share_their_key_maps(read_as_is):
    """A decoded record's values are a tuple and a key map shared by every record of that
    shape, in every file (not a dict per record)."""
    desa = [decode(encode(s), s.path) for s in read_as_is if s.identity and s.identity.jenis == "desa"]
    assert len(desa) >= 2
    records = [r for sub in desa for t in sub.tables.values() for r in t.records]
    assert all(isinstance(r.values, RowValues) for r in records)
    maps: dict[tuple[str, ...], set[int]] = {}
    for r in records:
        maps.setdefault(tuple(r.values), set()).add(id(r.values.index))
    assert all(len(ids) == 1 for ids in maps.values())
    columns = [r.cells.columns for r in records if isinstance(r.cells, RowCells)]
    assert len({id(c) for c in columns}) == len({tuple(c.items()) for c in columns})


def test_deeply_nested_or_non_finite_values_are_refused(read_as_is):
    entry = msgspec.msgpack.decode(encode(read_as_is[0]))
    inner = msgspec.msgpack.encode([1])
    for _ in range(3000):
        inner = msgspec.msgpack.encode([msgspec.msgpack.Ext(5, inner)])  # (5: a list)
    entry["findings"] = [
        ["KABUPATEN_LAIN", "x", None, None, None, None, {"x": msgspec.msgpack.Ext(5, inner)}]
    ]
    with pytest.raises(EntryError):
        decode(msgspec.msgpack.encode(entry), read_as_is[0].path)
    entry["findings"] = [
        ["KABUPATEN_LAIN", "x", None, None, None, None, {"x": msgspec.msgpack.Ext(1, b"NaN")}]
    ]
    with pytest.raises(EntryError):
        decode(msgspec.msgpack.encode(entry), read_as_is[0].path)
