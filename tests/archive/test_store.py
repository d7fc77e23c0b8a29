"""How the archive stores values: read back, the same as the canonical JSON gives."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import enum
import math
import uuid
from decimal import Decimal
from typing import NamedTuple

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lkjip_excel import export
from lkjip_excel.archive.store import canonical, dumps, fingerprint, loads, record
from lkjip_excel.text import texts

_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.decimals(allow_nan=True, allow_infinity=True)
    | st.text()
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=12,
)


def _same(a, b) -> bool:
    """Equal, NaN included."""
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a):
        return math.isnan(b)
    if isinstance(a, Decimal) and isinstance(b, Decimal) and a.is_nan():
        return b.is_nan()
    if isinstance(a, type):
        return a is b
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return isinstance(b, list) and len(a) == len(b) and all(map(_same, a, b))
    return type(a) is type(b) and a == b


def _outcome(encode, value):
    """What is read back, or the kind of error the value was refused with."""
    try:
        return loads(encode(value))
    except (TypeError, ValueError, RecursionError) as exc:
        return type(exc)


@given(_VALUES)
def test_read_back_as_the_canonical_json(value):
    assert _same(_outcome(dumps, value), _outcome(canonical, value))


@pytest.mark.parametrize(
    "value",
    [
        {"luas": Decimal("200.20"), "desa": "Karangasri", "rt": 14, "catatan": None},
        [float("nan"), 1.5],
        {"a": {"b": [float("-inf")]}},
        Decimal("NaN"),
        {"x": Decimal("1E+2")},
        2**80,
        "é\u2028\x00",
    ],
)
def test_values_the_fast_encoder_would_write_otherwise(value):
    assert _same(_outcome(dumps, value), _outcome(canonical, value))


def test_non_finite_numbers_are_refused_as_before():
    for value in ([float("nan")], {"a": {"b": [float("-inf")]}}, Decimal("NaN"), Decimal("Infinity")):
        with pytest.raises(ValueError):
            dumps(value)


class _Pair(NamedTuple):
    a: int
    b: int


class _Kind(enum.IntEnum):
    ONE = 1


class _Dict(dict):
    pass


@dataclasses.dataclass
class _Record:
    a: int = 1


def _circular() -> list:
    value: list = [1]
    value.append(value)
    return value


@pytest.mark.parametrize(
    "value",
    [
        b"ab",
        bytearray(b"ab"),
        _Pair(1, 2),
        {1, 2},
        frozenset({"a"}),
        {float("nan")},
        [{float("nan")}],
        dt.date(2024, 1, 1),
        dt.datetime(2024, 1, 1, 8, 0),
        uuid.UUID(int=1),
        _Kind.ONE,
        _Dict(a=1),
        _Record(),
        {1: "a", "1": "b"},
        {True: 1},
        _circular(),
        Decimal("sNaN"),
        -0.0,
        Decimal("-0"),
        Decimal("1E+400"),
        "\ud800",
    ],
)
def test_values_a_result_does_not_hold_are_written_as_canonical_writes_them(value):
    assert _same(_outcome(dumps, value), _outcome(canonical, value))


def test_a_row_is_compact_and_sorted():
    assert dumps({"b": Decimal("1.50"), "a": None}) == '{"a":null,"b":1.50}'


def test_what_json_cannot_hold_is_refused_as_before():
    with pytest.raises(TypeError):
        canonical({"a": object()})
    with pytest.raises(TypeError):
        dumps({"a": object()})


def test_the_fingerprint_of_what_went_in_is_the_runs(example_hasil):
    whole = texts(export.hasil_to_dict(example_hasil))
    assert fingerprint(texts(export.identity_to_dict(example_hasil))) == fingerprint(whole)


def test_a_known_run_is_recognised_without_the_whole_result(example_hasil, tmp_path, monkeypatch):
    first = record(copy.deepcopy(example_hasil), tmp_path / "arsip.sqlite")
    made: list[int] = []
    real = export.hasil_to_dict
    monkeypatch.setattr(export, "hasil_to_dict", lambda hasil: made.append(1) or real(hasil))
    again = record(copy.deepcopy(example_hasil), tmp_path / "arsip.sqlite")
    assert first.new and not again.new and again.run_id == first.run_id
    assert made == []
