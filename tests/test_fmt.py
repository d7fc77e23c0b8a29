"""Numbers, money, percentages, dates and sizes for people (lkjip_excel.fmt)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from lkjip_excel import fmt
from lkjip_excel.reading.values import DATE_AS_TEXT, MAX_DATE, MIN_DATE, NUMBER_AS_TEXT, parse_value
from lkjip_excel.schema import columns as C
from lkjip_excel.schema.columns import MAX_RUPIAH

D = Decimal
RUPIAH = C.rupiah("pagu", "Pagu")
PERCENT = C.percent("capaian", "Capaian")
DECIMAL = C.decimal("luas", "Luas", "ha")
DATE = C.date("tanggal", "Tanggal")


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (1611891182, None, "1.611.891.182"),
        (D("1611891182.00"), None, "1.611.891.182"),
        (D("95.12"), None, "95,12"),
        (95.125, None, "95,125"),
        (D("9.00"), None, "9,00"),  # a Decimal under 1000 written with decimals keeps them
        (9.0, None, "9"),
        (D("0.5"), None, "0,50"),
        (-1234567, None, "-1.234.567"),
        (D("-1234.5"), None, "-1.234,50"),
        (1234.5, 0, "1.234"),  # Python rounds half to even
        (1235.5, 0, "1.236"),
        (D("95.125"), 2, "95,12"),
        (2.675, 2, "2,67"),  # the float's exact value is below 2.675
        (1611891182, 2, "1.611.891.182,00"),
        (None, 2, "-"),
        (None, None, "-"),
        (True, 2, "-"),
        ("n/a", 2, "n/a"),
    ],
)
def test_number(value, decimals, expected):
    assert fmt.number(value, decimals) == expected


def test_number_without_grouping_and_trimmed():
    assert fmt.number(D("12345.678"), 2, grouping=False) == "12345,68"
    assert fmt.number(12345, grouping=False) == "12345"
    assert fmt.setting(20) == "20"
    assert fmt.setting(20.0) == "20"
    assert fmt.setting(0.5) == "0,5"
    assert fmt.setting(2.25) == "2,25"
    assert fmt.setting(100) == "100"
    assert fmt.setting(1500.5) == "1500,5"


def test_money_percent_points():
    assert fmt.rupiah(1611891182) == "Rp 1.611.891.182"
    assert fmt.rupiah(D("1611891182.40")) == "Rp 1.611.891.182"
    assert fmt.rupiah(None) == "Rp -"
    assert fmt.percent(D("95.305")) == "95,30%"  # half to even, as Decimal rounds
    assert fmt.percent(95.31) == "95,31%"
    assert fmt.percent(D("1234.5")) == "1.234,50%"
    assert fmt.percent(D("1234.5"), grouping=False) == "1234,50%"
    assert fmt.percent(None) == "-%"
    assert fmt.points(D("1.25")) == "naik 1,25 poin"
    assert fmt.points(D("-0.5")) == "turun 0,50 poin"
    assert fmt.points(0) == "naik 0,00 poin"


def test_dates_and_times():
    assert fmt.date(dt.date(2026, 11, 29)) == "29/11/2026"
    assert fmt.date(dt.datetime(2026, 2, 1, 14, 5)) == "01/02/2026"
    assert fmt.datetime(dt.datetime(2026, 11, 29, 14, 5)) == "29/11/2026 14:05"
    assert fmt.datetime(dt.datetime(2026, 11, 29, 14, 5, 9)) == "29/11/2026 14:05:09"
    assert fmt.datetime(dt.datetime(2026, 11, 29, 14, 5, 9), seconds=False) == "29/11/2026 14:05"
    assert fmt.time(dt.time(8, 0)) == "08:00"
    assert fmt.time(dt.time(8, 0, 1)) == "08:00:01"
    assert fmt.time(dt.time(8, 0), seconds=True) == "08:00:00"


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        (0, "0,0 KB"),  # never "0 KB" for a file that exists: at least 1 byte
        (1, "0,0 KB"),
        (512, "0,5 KB"),
        (10 * 1024 - 1, "10,0 KB"),
        (10 * 1024, "10 KB"),
        (1024 * 1024 - 1, "1.024 KB"),
        (1024 * 1024, "1,0 MB"),
        (3 * 1024 * 1024 // 2, "1,5 MB"),
        (5 * 1024**3, "5.120,0 MB"),
    ],
)
def test_file_size(size, expected):
    assert fmt.file_size(size) == expected


def test_file_size_decimals_and_megabytes():
    assert fmt.file_size(int(20.5 * fmt.MB), 2) == "20,50 MB"
    assert fmt.megabytes(int(20.25 * fmt.MB), 2) == "20,25"


# --- what fmt writes, the reader reads back ------------------------------------------


def _read(text: str, col) -> Decimal:
    parsed = parse_value(text, col)
    assert parsed.code in (None, NUMBER_AS_TEXT), (text, parsed)
    return parsed.value


@given(st.integers(min_value=0, max_value=int(MAX_RUPIAH)))
@example(1611891182)
@example(1000)
@example(999)
@example(int(MAX_RUPIAH))
def test_whole_rupiah_reads_back(n):
    assert _read(fmt.number(n), RUPIAH) == n
    assert _read(fmt.number(n, 0), RUPIAH) == n


@given(st.decimals(min_value=0, max_value=10_000_000, places=2, allow_nan=False, allow_infinity=False))
@example(D("1234.50"))
@example(D("0.01"))
def test_two_decimals_read_back(d):
    assert _read(fmt.number(d, 2), DECIMAL) == d
    if d != d.to_integral_value():  # a whole figure is written without decimals: "3.125" may be 3,125
        assert _read(fmt.number(d), DECIMAL) == d


@given(st.decimals(min_value=0, max_value=1000, places=2, allow_nan=False, allow_infinity=False))
@example(D("95.31"))
def test_percent_figures_read_back(d):
    assert _read(fmt.number(d, 2), PERCENT) == d
    assert _read(fmt.percent(d), PERCENT) == d


@given(st.dates(min_value=MIN_DATE, max_value=MAX_DATE))
def test_dates_read_back(d):
    parsed = parse_value(fmt.date(d), DATE)
    assert parsed.code in (None, DATE_AS_TEXT)
    assert parsed.value == d


def test_separators_are_swapped_only_in_fmt():
    """Every number for people goes through fmt: no other module swaps '.' and ','."""
    package = Path(fmt.__file__).parent
    swaps = ('replace(",", ".")', 'replace(".", ",")', 'maketrans(".,"')
    found = [
        f"{path.relative_to(package)}:{n}"
        for path in package.rglob("*.py")
        if path != Path(fmt.__file__)
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if any(swap in line for swap in swaps)
    ]
    assert found == []
