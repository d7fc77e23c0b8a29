"""A submission as plain data (what reading processes send and the cache keeps)."""

from __future__ import annotations

from pathlib import Path

import msgspec
import pytest

from lkjip_excel import pipeline
from lkjip_excel.reading.model import RowCells
from lkjip_excel.reading.stored import EntryError, decode, encode

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
    table = entry["tables"][0]
    table[3][0][3] = cells
    with pytest.raises(EntryError):
        decode(msgspec.msgpack.encode(entry), read_as_is[0].path)


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
