"""parse_value: one raw cell value -> a typed value (or a finding code) for a column."""

from __future__ import annotations

import datetime as dt
import math
import re
import string
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from lkjip_excel.findings import CATALOG, Finding, Severity
from lkjip_excel.reading.values import Parsed, Readings, parse_value
from lkjip_excel.schema import columns as C
from lkjip_excel.schema.model import ColumnType

D = Decimal

COUNT = C.count("jumlah", "Jumlah")
YEAR = C.year("tahun", "Tahun")
RUPIAH = C.rupiah("pagu", "Pagu")
PERCENT = C.percent("capaian", "Capaian")  # 0..1000
SERAPAN = C.percent("serapan", "Serapan", maximum=200)
DECIMAL = C.decimal("luas", "Luas", "ha")  # precision 2, 0..10 000 000
TONS = C.decimal("berat", "Berat", "ton", precision=3)
NRR = C.decimal("nrr", "NRR", precision=4, minimum=1, maximum=4)
SIGNED = C.decimal("selisih", "Selisih", minimum=-1_000_000, maximum=1_000_000)
DATE = C.date("tanggal", "Tanggal")
TEXT = C.text("uraian", "Uraian", max_length=20)
CODE = C.text("kode", "Kode", max_length=25, pattern=C.BUDGET_CODE, pattern_hint=C.BUDGET_CODE_HINT)
POLARITY = C.polarity()
DESA = C.choice("kode_desa", "Kode desa", choices_from="desa")
YESNO = C.yesno("ada", "Ada")
DESA_CODES = ["001", "002", "010"]

AMBIGUOUS, AS_TEXT, RANGE = "NILAI_AMBIGU", "ANGKA_SEBAGAI_TEKS", "NILAI_DI_LUAR_RENTANG"
NEGATIVE, NOT_NUMBER, NOT_INTEGER = "NILAI_NEGATIF", "NILAI_BUKAN_ANGKA", "NILAI_BUKAN_BILANGAN_BULAT"
NOT_DATE, DATE_AS_TEXT, NOT_IN_LIST = (
    "NILAI_BUKAN_TANGGAL",
    "TANGGAL_SEBAGAI_TEKS",
    "NILAI_TIDAK_DALAM_DAFTAR",
)
TOO_LONG, BAD_PATTERN, FORMULA = "NILAI_TERLALU_PANJANG", "NILAI_POLA_SALAH", "TEKS_SEPERTI_RUMUS"

CASES = [
    # --- empty, whatever the column ---
    *[(col, raw, None, None) for col in (COUNT, RUPIAH, DATE, TEXT, POLARITY, YESNO) for raw in ("", None)],
    *[(COUNT, raw, None, None) for raw in ("   ", "\u00a0", "-", "–", "—", "n/a", "N/A", "#N/A", " - ")],
    (TEXT, "-", None, None),
    # --- numbers stored as numbers ---
    (COUNT, 3.0, 3, None),
    (COUNT, 3, 3, None),
    (COUNT, 2.9999999999999996, 3, None),  # float noise of a SUM
    (COUNT, 3.5, None, NOT_INTEGER),
    (COUNT, True, None, NOT_NUMBER),
    (COUNT, False, None, NOT_NUMBER),
    (COUNT, float("nan"), None, NOT_NUMBER),
    (COUNT, float("inf"), None, NOT_NUMBER),
    (COUNT, dt.date(2024, 3, 15), None, NOT_NUMBER),
    (COUNT, dt.time(7, 1), None, NOT_NUMBER),
    (COUNT, -1, None, NEGATIVE),
    (COUNT, 10_000_001, None, RANGE),
    (YEAR, 1999, None, RANGE),
    (YEAR, -5, None, RANGE),  # "negatif" is for minimum 0 only
    (YEAR, 2025.0, 2025, None),
    (RUPIAH, 274.65999999999997, D("274.66"), None),
    (RUPIAH, 2219102223, D("2219102223.00"), None),
    (RUPIAH, 617666666.66, D("617666666.66"), None),
    (RUPIAH, 0.005, D("0.01"), None),  # ROUND_HALF_UP
    (RUPIAH, 0.0049, D("0.00"), None),
    (RUPIAH, 1e300, None, RANGE),
    (RUPIAH, -0.0, D("0.00"), None),
    (DECIMAL, D("12.345"), D("12.35"), None),
    (NRR, 3.12345, D("3.1235"), None),
    (NRR, 0.5, None, RANGE),
    (SIGNED, -12.5, D("-12.50"), None),
    # --- percent: a %-formatted cell holds a fraction ---
    (PERCENT, 0.9512, D("95.12"), None),
    (PERCENT, 1, D("100.00"), None),
    (PERCENT, 0.95123, D("95.12"), None),
    (PERCENT, 95.12, D("95.12"), None),  # pasted percent points: 9512 % is out of range
    (SERAPAN, 1.5, D("150.00"), None),
    (SERAPAN, 150, D("150.00"), None),  # 15000 % is out of range
    (SERAPAN, 2, D("200.00"), None),  # a fraction when both fit: the cell shows 200,00 %
    (SERAPAN, 2500, None, RANGE),
    (PERCENT, -0.05, None, NEGATIVE),
    # --- percent typed as text: percent points ---
    (PERCENT, "95,12%", D("95.12"), AS_TEXT),
    (PERCENT, "95,12 %", D("95.12"), AS_TEXT),
    (PERCENT, "95.12%", D("95.12"), AS_TEXT),
    (PERCENT, "95,12", D("95.12"), AS_TEXT),
    (PERCENT, "100%", D("100.00"), AS_TEXT),
    (PERCENT, "1.500%", D("1.50"), AS_TEXT),  # 1500 % is out of range: one reading
    (PERCENT, "95,123 %", D("95.12"), AS_TEXT),  # 95123 % out of range, 95,123 rounded
    (PERCENT, "2.341", D("2.34"), AS_TEXT),
    (C.percent("p", "p", maximum=100), "2,341", D("2.34"), AS_TEXT),
    (PERCENT, "1.000%", D("1000.00"), AMBIGUOUS),  # 1000 % and 1 % are both possible
    (DECIMAL, "95%", None, NOT_NUMBER),  # % only in percent columns
    # --- numbers typed as text, Indonesian style ---
    (RUPIAH, "2.219.102.223", D("2219102223.00"), AS_TEXT),
    (RUPIAH, "617.666.666,66", D("617666666.66"), AS_TEXT),
    (RUPIAH, "Rp 1.500.000,-", D("1500000.00"), AS_TEXT),
    (RUPIAH, "Rp. 2.219.102.223,00", D("2219102223.00"), AS_TEXT),
    (RUPIAH, "Rp1.500.000", D("1500000.00"), AS_TEXT),
    (RUPIAH, "rp 1.500.000", D("1500000.00"), AS_TEXT),
    (RUPIAH, "1.500.000,00", D("1500000.00"), AS_TEXT),
    (RUPIAH, "1.500.000,-", D("1500000.00"), AS_TEXT),
    (RUPIAH, "  1.500.000  ", D("1500000.00"), AS_TEXT),
    (RUPIAH, "\u00a0Rp\u00a01.500.000\u00a0", D("1500000.00"), AS_TEXT),
    (RUPIAH, "1500000", D("1500000.00"), AS_TEXT),
    (RUPIAH, "0,5", D("0.50"), AS_TEXT),
    (DECIMAL, "95,12", D("95.12"), AS_TEXT),
    (DECIMAL, "1.234,5", D("1234.50"), AS_TEXT),
    (DECIMAL, "Rp 1.500", None, NOT_NUMBER),  # Rp only in Rupiah columns
    # --- the other style ---
    (COUNT, "3,148", 3148, AS_TEXT),  # 3,148 is no whole number
    (RUPIAH, "1,234,567.89", D("1234567.89"), AS_TEXT),
    (DECIMAL, "1234.5", D("1234.50"), AS_TEXT),
    (DECIMAL, "0.500", D("0.50"), AS_TEXT),  # a leading 0 is never a thousands group
    # --- negatives ---
    (SIGNED, "-1.500,50", D("-1500.50"), AS_TEXT),
    (SIGNED, "(1.500,50)", D("-1500.50"), AS_TEXT),
    (SIGNED, "\u22121.500,50", D("-1500.50"), AS_TEXT),
    (SIGNED, "-5", D("-5.00"), AS_TEXT),
    (RUPIAH, "-Rp 1.500.000", None, NEGATIVE),
    (RUPIAH, "Rp -1.500.000", None, NEGATIVE),
    (RUPIAH, "(Rp 1.500.000)", None, NEGATIVE),
    (COUNT, "-3", None, NEGATIVE),
    (SIGNED, "--5", None, NOT_NUMBER),
    (SIGNED, "(-5)", None, NOT_NUMBER),
    # --- one separator followed by three digits: ambiguous only when both readings are valid ---
    (COUNT, "2.341", 2341, AS_TEXT),  # 2,341 is no whole number: the form's own "1.500.000" style
    (COUNT, "3.452", 3452, AS_TEXT),
    (COUNT, "1,500", 1500, AS_TEXT),
    (COUNT, "1,000", 1000, AS_TEXT),  # three digits after the comma: no count is written so
    (COUNT, "1.000", 1000, AS_TEXT),
    (RUPIAH, "3.452", D("3452.00"), AS_TEXT),  # 3,452 has too many decimals for Rupiah
    (RUPIAH, "1.500", D("1500.00"), AS_TEXT),
    (RUPIAH, "1,500", D("1500.00"), AS_TEXT),  # three digits after the comma: no cents
    (DECIMAL, "3.452", D("3452.00"), AMBIGUOUS),  # 3452 ha or 3,452 ha: both valid
    (DECIMAL, "3,452", D("3452.00"), AMBIGUOUS),  # the reading with the column's digits first
    (SIGNED, "-1.500", D("-1500.00"), AMBIGUOUS),
    (TONS, "2.341", D("2341.000"), AMBIGUOUS),
    (TONS, "2,341", D("2.341"), AMBIGUOUS),  # both keep three decimals: the Indonesian reading
    (RUPIAH, "Rp 1.500,-", D("1500.00"), AS_TEXT),  # ",-": a whole amount
    (RUPIAH, "1,500,-", D("1500.00"), AS_TEXT),
    (RUPIAH, "1.000,-", D("1000.00"), AS_TEXT),
    (NRR, "3.452", D("3.4520"), AS_TEXT),  # 3452 is out of range: the range picks
    (NRR, "3,452", D("3.4520"), AS_TEXT),
    (YEAR, "2.024", 2024, AS_TEXT),
    (C.decimal("x", "x", maximum=100), "1.234", D("1.23"), AS_TEXT),  # 1234 too big: 1,234 rounded
    (YEAR, "1.999", None, RANGE),  # 1999 too early, 1,999 no year
    (NRR, "5,123", None, RANGE),  # neither 5,123 nor 5123 is within 1..4
    (RUPIAH, "-1.500", None, NEGATIVE),
    # --- not numbers ---
    *[
        (RUPIAH, raw, None, NOT_NUMBER)
        for raw in (
            "abc",
            "1.2.3",
            "1,50,000",
            "1.500,",
            ".5",
            "1 500 000",
            "1e5",
            "=SUM(A1:A3)",
            "12a",
            "١٢٣",
        )
    ],
    (DECIMAL, "1.234.567,89,1", None, NOT_NUMBER),
    (DECIMAL, "1,234.567.8", None, NOT_NUMBER),
    (DECIMAL, "1234.567,8", None, NOT_NUMBER),
    (COUNT, "3,5", None, NOT_INTEGER),
    (COUNT, "2.5", None, NOT_INTEGER),
    # --- dates ---
    (DATE, dt.datetime(2024, 3, 15, 10, 30), dt.date(2024, 3, 15), None),
    (DATE, dt.date(2024, 3, 15), dt.date(2024, 3, 15), None),
    (DATE, 45366, dt.date(2024, 3, 15), None),  # Excel serial
    (DATE, 45366.75, dt.date(2024, 3, 15), None),
    (DATE, 2024, None, NOT_DATE),  # a year, not a serial date
    (DATE, 1e9, None, NOT_DATE),
    (DATE, True, None, NOT_DATE),
    (DATE, dt.time(10, 30), None, NOT_DATE),
    (DATE, dt.timedelta(days=1), None, NOT_DATE),
    (DATE, dt.date(1999, 12, 31), None, RANGE),
    (DATE, dt.datetime(2101, 1, 1), None, RANGE),
    (DATE, "15/03/2024", dt.date(2024, 3, 15), DATE_AS_TEXT),
    (DATE, "15-03-2024", dt.date(2024, 3, 15), DATE_AS_TEXT),
    (DATE, "15.03.2024", dt.date(2024, 3, 15), DATE_AS_TEXT),
    (DATE, "5/3/2024", dt.date(2024, 3, 5), DATE_AS_TEXT),
    (DATE, "15/03/24", dt.date(2024, 3, 15), DATE_AS_TEXT),
    (DATE, "2024-03-15", dt.date(2024, 3, 15), DATE_AS_TEXT),
    (DATE, "2024-03-15 10:30:00", dt.date(2024, 3, 15), DATE_AS_TEXT),
    (DATE, "15 Maret 2024", dt.date(2024, 3, 15), DATE_AS_TEXT),
    (DATE, "15 Mar 2024", dt.date(2024, 3, 15), DATE_AS_TEXT),
    (DATE, "15-Mar-2024", dt.date(2024, 3, 15), DATE_AS_TEXT),
    (DATE, "15 MARET 2024", dt.date(2024, 3, 15), DATE_AS_TEXT),
    (DATE, "1 Agustus 2024", dt.date(2024, 8, 1), DATE_AS_TEXT),
    (DATE, "1 Agt 2024", dt.date(2024, 8, 1), DATE_AS_TEXT),
    (DATE, "17 Agu. 2024", dt.date(2024, 8, 17), DATE_AS_TEXT),
    (DATE, "10 Pebruari 2024", dt.date(2024, 2, 10), DATE_AS_TEXT),
    (DATE, "10 Nopember 2024", dt.date(2024, 11, 10), DATE_AS_TEXT),
    (DATE, "31 Des 2024", dt.date(2024, 12, 31), DATE_AS_TEXT),
    (DATE, "2 Mei 2024", dt.date(2024, 5, 2), DATE_AS_TEXT),
    (DATE, "Senin, 15 Juli 2024", dt.date(2024, 7, 15), DATE_AS_TEXT),
    (DATE, "15 October 2024", dt.date(2024, 10, 15), DATE_AS_TEXT),
    (DATE, "March 15, 2024", dt.date(2024, 3, 15), DATE_AS_TEXT),
    (DATE, "15\u00a0Maret\u00a02024", dt.date(2024, 3, 15), DATE_AS_TEXT),
    (DATE, "31/02/2024", None, NOT_DATE),
    (DATE, "03/15/2024", None, NOT_DATE),  # day/month, never month/day
    (DATE, "15 Marc 2024", None, NOT_DATE),
    (DATE, "besok", None, NOT_DATE),
    (DATE, "45366", None, NOT_DATE),
    (DATE, "15/03/1024", None, RANGE),
    # --- text ---
    (TEXT, 3.0, "3", None),
    (TEXT, 7.01, "7.01", None),
    (TEXT, 0.1 + 0.2, "0.3", None),
    (TEXT, 42, "42", None),
    (TEXT, True, "Ya", None),
    (TEXT, dt.date(2024, 3, 15), "15/03/2024", None),
    (TEXT, dt.datetime(2024, 3, 15, 10, 30), "15/03/2024 10:30", None),
    (TEXT, "  Rapat  koordinasi \u00a0", "Rapat  koordinasi", None),
    (TEXT, "x" * 20, "x" * 20, None),
    (TEXT, "x" * 21, None, TOO_LONG),
    (TEXT, 1e20, None, TOO_LONG),
    (TEXT, '=HYPERLINK("http://x","klik")', None, TOO_LONG),
    (C.text("t", "t"), '=HYPERLINK("http://x","klik")', '=HYPERLINK("http://x","klik")', FORMULA),
    (TEXT, "+62 812", "+62 812", FORMULA),
    (TEXT, "@foo", "@foo", FORMULA),
    (CODE, "7.01.01", "7.01.01", None),
    (CODE, "7.01.01.2.01.0001", "7.01.01.2.01.0001", None),
    (CODE, " 7.01.01.2.01 ", "7.01.01.2.01", None),
    (CODE, "7.01", None, BAD_PATTERN),
    (CODE, 7.01, None, BAD_PATTERN),
    (CODE, "=7.01.01", None, BAD_PATTERN),
    # --- choices ---
    (POLARITY, "Positif", "Positif", None),
    (POLARITY, "  positif ", "Positif", None),
    (POLARITY, "NEGATIF", "Negatif", None),
    (POLARITY, "Netral", None, NOT_IN_LIST),
    (POLARITY, 1, None, NOT_IN_LIST),
    (
        C.choice("s", "s", ("Seksi  Pemerintahan", "Seksi Kesra")),
        "seksi pemerintahan",
        "Seksi  Pemerintahan",
        None,
    ),
    (C.choice("s", "s", ("Seksi Pemerintahan",)), "Seksi   Pemerintahan", "Seksi Pemerintahan", None),
    # --- yes / no ---
    *[(YESNO, raw, True, None) for raw in ("Ya", "ya", "YA", "Y", "y", "Sudah", "sudah", True, 1, 1.0, "1")],
    *[(YESNO, raw, False, None) for raw in ("Tidak", "tidak", "tdk", "T", "Belum", False, 0, 0.0, "0")],
    *[(YESNO, raw, None, NOT_IN_LIST) for raw in ("mungkin", 2, 0.5, dt.date(2024, 1, 1), "Ya tidak")],
]


def _id(case) -> str:
    col, raw = case[0], case[1]
    return f"{col.key}-{raw!r}"[:60]


@pytest.mark.parametrize(("col", "raw", "value", "code"), CASES, ids=[_id(c) for c in CASES])
def test_parse_value(col, raw, value, code):
    got = parse_value(raw, col)
    assert got.code == code, got
    assert got.value == value, got
    assert type(got.value) is type(value), got
    _assert_message_complete(got)


def _assert_message_complete(got: Parsed) -> None:
    """The values carry every field the code's message template needs."""
    if got.code is None:
        return
    assert got.code in CATALOG
    fields = {name for _, name, _, _ in string.Formatter().parse(CATALOG[got.code].template) if name}
    assert fields <= got.values.keys(), (got.code, got.values)
    # every placeholder is filled: the message is the template formatted with the values
    message = Finding(got.code, values=got.values).message
    template = CATALOG[got.code].template
    if fields:
        assert message != template, (got.code, message)


@pytest.mark.parametrize(
    ("raw", "value", "code"),
    [
        ("001", "001", None),
        (" 002 ", "002", None),
        (1, "001", None),  # the code Excel turned into a number
        (10.0, "010", None),
        ("1", None, NOT_IN_LIST),
        ("099", None, NOT_IN_LIST),
    ],
)
def test_choices_from_settings(raw, value, code):
    got = parse_value(raw, DESA, DESA_CODES)
    assert (got.value, got.code) == (value, code)
    if code:
        assert got.values["choices"] == "001, 002, 010"


def test_choices_argument_overrides_column_choices():
    assert parse_value("Lain", POLARITY, ["Lain"]).value == "Lain"
    assert parse_value("Positif", POLARITY, ["Lain"]).code == NOT_IN_LIST


def test_no_choices_known_keeps_the_text():
    assert parse_value(" Desa A ", DESA) == Parsed("Desa A")


def test_ambiguous_values_carry_both_readings():
    got = parse_value("1.500", DECIMAL)
    assert got.code == AMBIGUOUS
    assert got.values["readings"] == [D("1500"), D("1.5")]
    assert got.values["value"] == D("1500.00")
    message = Finding(got.code, values=got.values).message
    assert "1500 atau 1,5" in message
    assert Finding(got.code, values=got.values).to_dict()["nilai"]["readings"] == [1500, 1.5]

    got = parse_value("5,123", NRR)
    assert got.values["readings"] == [D("5.123"), D("5123")]
    assert (got.values["value"], got.values["minimum"], got.values["maximum"]) == (D("5123.0000"), 1, 4)


def test_error_values():
    assert parse_value(3.5, COUNT).values == {"raw": "3.5", "value": D("3.5")}
    assert parse_value("x" * 21, TEXT).values == {"raw": "x" * 21, "length": 21, "max_length": 20}
    assert parse_value("7.01", CODE).values["hint"] == C.BUDGET_CODE_HINT
    assert parse_value("Rp 1.500.000,-", RUPIAH).values == {"raw": "Rp 1.500.000,-", "value": D("1500000.00")}
    assert parse_value("Netral", POLARITY).values == {"raw": "Netral", "choices": "Positif, Negatif"}
    assert parse_value("mungkin", YESNO).values["choices"] == "Ya, Tidak"
    assert parse_value(True, COUNT).values == {"raw": "Ya"}


def test_readings_print_the_indonesian_way():
    assert str(Readings([D("3452"), D("3.452")])) == "3452 atau 3,452"
    assert f"{Readings([D('-1.5')])}" == "-1,5"


def test_numbers_are_typed():
    assert type(parse_value("1.500.000", COUNT).value) is int
    assert parse_value(274.65999999999997, RUPIAH).value.as_tuple().exponent == -2
    assert parse_value("3,5", NRR).value.as_tuple().exponent == -4


# --- properties ------------------------------------------------------------------------

_SWAP = str.maketrans(".,", ",.")
_SINGLE_GROUP = re.compile(r"^-?[1-9]\d{0,2}[.,]\d{3}$")


def _fmt(d: Decimal, places: int, style: str) -> str:
    """``d`` with thousands grouping: ``id`` 1.234.567,89 or ``en`` 1,234,567.89."""
    s = f"{d:,.{places}f}"
    return s.translate(_SWAP) if style == "id" else s


def _needed_places(d: Decimal) -> int:
    return max(0, -d.normalize().as_tuple().exponent)


def _in_range(col, x: Decimal) -> bool:
    return col.minimum <= x <= col.maximum and (col.type is not ColumnType.INTEGER or x == int(x))


def _kept(col, x: Decimal) -> bool:
    """Written with no more digits after the mark than the column keeps."""
    return -x.as_tuple().exponent <= col.precision


def _valid(col, x: Decimal) -> bool:
    """Valid for the column's type and range: whole numbers and Rupiah take no extra digits."""
    exact = col.type in (ColumnType.INTEGER, ColumnType.RUPIAH)
    return _in_range(col, x) and (_kept(col, x) or not exact)


def _expected(col, number: str, meant: Decimal) -> tuple[Decimal, str]:
    """What parse_value must return for a number text meant as ``meant``."""
    if not _SINGLE_GROUP.match(number):
        return meant, AS_TEXT
    head, tail = re.split("[.,]", number)
    thousands, decimal = D(head + tail), D(head + "." + tail)
    indonesian = thousands if "." in number else decimal
    readings = (thousands, decimal) if indonesian == thousands else (decimal, thousands)
    fitting = [r for r in readings if _valid(col, r)]
    assert meant in fitting
    if len(fitting) == 2:  # the reading written with the column's digits first, then the Indonesian
        return next((r for r in fitting if _kept(col, r)), indonesian), AMBIGUOUS
    return meant, AS_TEXT  # the column's type and range leave one reading: not ambiguous


def _check(col, raw: str, number: str, meant: Decimal, whole: bool = False) -> None:
    got = parse_value(raw, col)
    value, code = (meant, AS_TEXT) if whole else _expected(col, number, meant)
    assert (got.value, got.code) == (value, code), (raw, got)
    if code == AMBIGUOUS:
        assert meant in got.values["readings"]
    _assert_message_complete(got)


places2 = st.integers(0, 2)
NUMBER_COLUMNS = [COUNT, YEAR, RUPIAH, PERCENT, SERAPAN, DECIMAL, NRR, SIGNED, TONS]


def _settled(col, x: Decimal):
    if col.type is ColumnType.INTEGER:
        return int(x)
    return x.quantize(D(1).scaleb(-col.precision), rounding=ROUND_HALF_UP)


@given(
    col=st.sampled_from(NUMBER_COLUMNS),
    head=st.integers(1, 999),
    tail=st.integers(0, 999),
    sep=st.sampled_from(".,"),
)
@example(col=COUNT, head=2, tail=341, sep=".")  # Penduduk laki-laki 2.341
@example(col=PERCENT, head=2, tail=341, sep=".")
@example(col=DECIMAL, head=2, tail=341, sep=".")
def test_ambiguous_only_when_both_readings_are_valid(col, head, tail, sep):
    number = f"{head}{sep}{tail:03d}"
    thousands, decimal = D(f"{head}{tail:03d}"), D(f"{head}.{tail:03d}")
    valid = [r for r in (thousands, decimal) if _valid(col, r)]
    got = parse_value(number, col)
    if len(valid) == 2:
        assert got.code == AMBIGUOUS, got
        assert set(got.values["readings"]) == {thousands, decimal}
    elif len(valid) == 1:
        assert got == Parsed(_settled(col, valid[0]), AS_TEXT, {"raw": number, "value": got.value}), got
    else:
        assert got.value is None and CATALOG[got.code].severity is Severity.GALAT, got
    _assert_message_complete(got)


@given(
    d=st.decimals(0, C.MAX_RUPIAH, places=2),
    extra=places2,
    prefix=st.sampled_from(["", "Rp ", "Rp. ", "Rp", "rp\u00a0", " "]),
    dash=st.booleans(),
)
@example(d=D("1500"), extra=0, prefix="Rp ", dash=True)
@example(d=D("3452"), extra=0, prefix="", dash=False)
def test_rupiah_indonesian_style_round_trips(d, extra, prefix, dash):
    places = min(2, _needed_places(d) + extra)
    number = _fmt(d, places, "id")
    suffix = ",-" if dash and places == 0 else ""
    _check(RUPIAH, prefix + number + suffix, number, d, whole=bool(suffix))
    assert parse_value(prefix + number + suffix, RUPIAH).value == d  # the Indonesian reading always wins


@given(d=st.decimals(0, C.MAX_RUPIAH, places=2), extra=places2)
@example(d=D("1500"), extra=0)
@example(d=D("1.5"), extra=1)
def test_rupiah_other_style_round_trips(d, extra):
    number = _fmt(d, min(2, _needed_places(d) + extra), "en")
    _check(RUPIAH, number, number, d)


@given(n=st.integers(0, C.MAX_COUNT), style=st.sampled_from(["id", "en"]))
@example(n=1000, style="en")
@example(n=3148, style="en")
def test_count_round_trips(n, style):
    number = _fmt(D(n), 0, style)
    _check(COUNT, number, number, D(n))
    assert parse_value(number, COUNT) == Parsed(n, AS_TEXT, {"raw": number, "value": n})  # never ambiguous


@given(
    d=st.decimals(0, 1000, places=2),
    extra=places2,
    style=st.sampled_from(["id", "en"]),
    sign=st.sampled_from(["%", " %", "\u00a0%", ""]),
)
@example(d=D("95.12"), extra=0, style="id", sign="%")
@example(d=D("1.5"), extra=2, style="en", sign="%")
def test_percent_text_round_trips(d, extra, style, sign):
    number = _fmt(d, min(2, _needed_places(d) + extra), style)
    _check(PERCENT, number + sign, number, d)


@given(d=st.decimals(1, 4, places=4), extra=st.integers(0, 4), style=st.sampled_from(["id", "en"]))
def test_four_decimals_round_trip(d, extra, style):
    number = _fmt(d, min(4, _needed_places(d) + extra), style)
    _check(NRR, number, number, d)


@given(
    d=st.decimals(-1_000_000, D("-0.01"), places=2),
    style=st.sampled_from(["id", "en"]),
    form=st.sampled_from(["-{}", "({})", "\u2212{}", "( {} )"]),
)
def test_negative_round_trips(d, style, form):
    number = _fmt(-d, _needed_places(d), style)
    got = parse_value(form.format(number), SIGNED)
    value, code = _expected(SIGNED, number, -d)
    assert (got.value, got.code) == (-value, code)


@given(d=st.decimals(0, C.MAX_RUPIAH, places=2), noise=st.sampled_from([0, 1, -1]))
def test_rupiah_number_cells_lose_float_noise(d, noise):
    x = float(d)
    if noise:
        x = math.nextafter(x, noise * math.inf)
    assert parse_value(x, RUPIAH) == Parsed(d)


@given(d=st.decimals(0, 1000, places=2))
def test_percent_number_cells_are_fractions(d):
    assert parse_value(float(d / 100), PERCENT) == Parsed(d)


@given(n=st.integers(0, C.MAX_COUNT))
def test_count_number_cells(n):
    assert parse_value(float(n), COUNT) == Parsed(n)
    assert parse_value(n, COUNT) == Parsed(n)


@given(day=st.dates(dt.date(2000, 1, 1), dt.date(2100, 12, 31)))
def test_dates_round_trip(day):
    assert parse_value(day, DATE) == Parsed(day)
    assert parse_value(f"{day:%d/%m/%Y}", DATE).value == day
    assert parse_value(day.isoformat(), DATE).value == day
    serial = (day - dt.date(1899, 12, 30)).days
    assert parse_value(serial, DATE) == Parsed(day)


ANY_RAW = st.one_of(
    st.just(""),
    st.text(max_size=30),
    st.from_regex(r"\A[-(]?(Rp ?)?[0-9.,]{1,16}(,-)?%?\)?\Z"),
    st.integers(),
    st.floats(),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.times(),
    st.timedeltas(),
)
ALL_COLUMNS = [
    COUNT,
    YEAR,
    RUPIAH,
    PERCENT,
    SERAPAN,
    DECIMAL,
    NRR,
    SIGNED,
    DATE,
    TEXT,
    CODE,
    POLARITY,
    DESA,
    YESNO,
]


@given(raw=ANY_RAW, col=st.sampled_from(ALL_COLUMNS))
def test_never_raises_and_codes_are_consistent(raw, col):
    got = parse_value(raw, col, DESA_CODES if col is DESA else None)
    if got.code is None:
        assert not got.values
    elif CATALOG[got.code].severity is Severity.GALAT:
        assert got.value is None
    else:
        assert got.value is not None
    _assert_message_complete(got)


# --- through a workbook ----------------------------------------------------------------


def test_whole_number_typed_with_a_thousands_dot_is_read_without_warning(tmp_path):
    """The issue's case: '2.341' in Penduduk laki-laki, as the form's Petunjuk allows."""
    from lkjip_excel.reading import read_submission
    from tests.helpers import make_settings
    from tests.reading.builders import desa_data, write_desa

    settings = make_settings(n_desa=1)
    data = desa_data()
    data["wilayah"] = {**data["wilayah"], "penduduk_l": "2.341", "penduduk_p": "2,250"}
    sub = read_submission(write_desa(tmp_path / "desa.xlsx", settings, data=data), settings)
    values = sub.table("wilayah").form.values
    assert (values["penduduk_l"], values["penduduk_p"]) == (2341, 2250)
    found = {(f.code, f.sheet, f.cell) for f in sub.findings}
    assert found == {(AS_TEXT, "Wilayah", "B10"), (AS_TEXT, "Wilayah", "B11")}  # info only
