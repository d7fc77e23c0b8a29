"""The records' compact forms behave as the dicts they replace."""

from __future__ import annotations

import copy
import pickle

from lkjip_excel.reading.model import RowCells, RowValues


def test_row_values_is_the_dict_it_stands_for():
    plain = {"kode": "001", "jumlah": 12, "kosong": None}
    row = RowValues({k: i for i, k in enumerate(plain)}, tuple(plain.values()))
    assert row == plain and plain == row and dict(row) == plain
    assert list(row) == list(plain) and len(row) == 3
    assert list(row.items()) == list(plain.items()) and list(row.values()) == list(plain.values())
    assert ("jumlah", 12) in row.items() and 12 in row.values() and row.keys() == plain.keys()
    assert row["jumlah"] == 12 and row.get("kosong") is None and row.get("tidak ada", 5) == 5
    assert "kode" in row and "tidak ada" not in row
    assert {**row} == plain and sorted(row.items()) == sorted(plain.items())
    assert pickle.loads(pickle.dumps(row)) == plain and copy.deepcopy(row) == plain
    assert repr(row) == repr(plain)
    assert row != {**plain, "jumlah": 13}


def test_row_cells_gives_addresses_from_columns():
    cells = RowCells(4, {"a": 0, "b": 27})
    assert dict(cells) == {"a": "A5", "b": "AB5"}
    assert pickle.loads(pickle.dumps(cells)) == {"a": "A5", "b": "AB5"}
