"""The sheet contract the schema owns: cell addresses, identity, file names, choices, records."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from xlsxwriter.utility import xl_cell_to_rowcol, xl_col_to_name, xl_rowcol_to_cell

from lkjip_excel.schema import SCHEMA
from lkjip_excel.schema.choices import cached_settings_choices, column_choices
from lkjip_excel.schema.layout import cell_address, cell_position, column_letter, fixed_columns
from lkjip_excel.schema.record import ValueProblem, check_value, fixed_keys, input_columns, row_keys
from lkjip_excel.schema.workbook import WorkbookIdentity, identities, template_filename
from tests.helpers import make_settings

MAX_ROW, MAX_COL = 1_048_575, 16_383  # the last cell of an xlsx sheet


def _table(kind: str, name: str):
    return next(t for t in SCHEMA.kind(kind).tables if t.name == name)


def _column(kind: str, table: str, key: str):
    return next(c for c in _table(kind, table).columns if c.key == key)


@given(
    st.integers(0, MAX_ROW),
    st.integers(0, MAX_COL),
    st.booleans(),
    st.booleans(),
)
def test_cell_addresses_agree_with_xlsxwriter(row, col, row_abs, col_abs):
    address = cell_address(row, col, row_abs, col_abs)
    assert address == xl_rowcol_to_cell(row, col, row_abs, col_abs)
    assert column_letter(col, col_abs) == xl_col_to_name(col, col_abs)
    assert cell_position(address) == xl_cell_to_rowcol(address) == (row, col)


def test_cell_addresses_at_the_edges():
    assert [cell_address(0, 0), cell_address(9, 1), cell_address(0, 25), cell_address(0, 26)] == [
        "A1",
        "B10",
        "Z1",
        "AA1",
    ]
    assert cell_address(MAX_ROW, MAX_COL) == "XFD1048576"
    assert cell_position("") == (0, 0)
    with pytest.raises(ValueError):
        cell_position("Jumlah")


def test_one_identity_class_for_writer_and_reader():
    from lkjip_excel.reading.model import Submission
    from lkjip_excel.reading.model import WorkbookIdentity as read_identity
    from lkjip_excel.template import Identity

    assert read_identity is WorkbookIdentity and Identity is WorkbookIdentity
    assert Submission.__dataclass_fields__["identity"].type == "WorkbookIdentity | None"
    ident = identities(make_settings(n_desa=2))[0]
    assert ident.versi_skema == SCHEMA.version
    assert list(ident.meta()) == ["jenis", "kode", "nama", "kecamatan", "kabupaten", "tahun", "versi_skema"]


def test_template_filenames():
    settings = make_settings(n_desa=1)
    names = [template_filename(i) for i in identities(settings)]
    assert names[0] == "2025-desa-001-desa-ke-1.xlsx"
    assert all(n.startswith("2025-") and n.endswith(".xlsx") for n in names)
    assert len(set(names)) == len(names)
    # a submitted workbook may state no readable year: its template is still named
    unknown = WorkbookIdentity("desa", "001", "Ke/1", "Suka Maju", "Contoh", None)
    assert template_filename(unknown) == "0-desa-001-ke-1.xlsx"


def test_column_choices_come_from_the_column_or_the_settings():
    settings = make_settings(n_desa=3)
    assert column_choices(_column("tata-pemerintahan", "pilkades", "kode_desa"), settings) == [
        "001",
        "002",
        "003",
    ]
    seksi = _column("perencanaan-keuangan", "anggaran", "penanggung_jawab")
    assert column_choices(seksi, settings) == list(settings.seksi.values())
    eselon = _column("umum-kepegawaian", "pegawai", "eselon")
    assert column_choices(eselon, settings) == list(eselon.choices) and eselon.choices


def test_cached_choices_follow_the_settings():
    settings = make_settings(n_desa=2)
    first = cached_settings_choices(settings)
    assert cached_settings_choices(settings) is first
    other = make_settings(n_desa=4)
    assert cached_settings_choices(other)["desa"] == ["001", "002", "003", "004"]
    settings.desa.pop()
    assert cached_settings_choices(settings)["desa"] == ["001"]


def test_where_a_record_stands():
    settings = make_settings(n_desa=2)
    peternakan = _table("desa", "peternakan")  # FIXED
    sppt = _table("tata-pemerintahan", "sppt")  # PER_DESA with a stated total
    apbdes = _table("pmd", "apbdes")  # PER_DESA without one
    pegawai = _table("umum-kepegawaian", "pegawai")  # LIST
    assert fixed_columns(peternakan) == {0} and fixed_keys(peternakan) == {"jenis"}
    assert fixed_keys(sppt) == {"kode_desa", "nama_desa"} and fixed_columns(pegawai) == frozenset()
    assert "jenis" not in input_columns(peternakan) and "populasi" in input_columns(peternakan)
    assert list(input_columns(pegawai)) == [c.key for c in pegawai.columns]
    assert row_keys(peternakan, settings) == [r.key for r in peternakan.rows]
    assert row_keys(sppt, settings) == ["001", "002", "jumlah"]
    assert row_keys(apbdes, settings) == ["001", "002"]
    assert row_keys(pegawai, settings) == []


@pytest.mark.parametrize(
    ("table", "key", "value", "expected"),
    [
        ("wilayah", "dusun", 5, 5),
        ("wilayah", "luas", 12.5, Decimal("12.5")),
        ("wilayah", "luas", 3, 3),
        ("wilayah", "luas", None, None),
        ("dokumen", "disampaikan", True, "Ya"),
        ("dokumen", "disampaikan", False, "Tidak"),
        ("dokumen", "disampaikan", "Tidak", "Tidak"),
        ("dokumen", "tanggal", dt.date(2024, 3, 1), dt.date(2024, 3, 1)),
    ],
)
def test_values_that_fit(table, key, value, expected):
    got = check_value(_column("desa", table, key), value, make_settings())
    assert got == expected and type(got) is type(expected)


@pytest.mark.parametrize(
    ("kind", "table", "key", "value", "fragment"),
    [
        ("desa", "wilayah", "dusun", "5", "harus angka"),
        ("desa", "wilayah", "dusun", True, "harus angka"),
        ("desa", "wilayah", "dusun", 2.5, "bilangan bulat"),
        ("desa", "wilayah", "dusun", -1, "batas bawah"),
        ("desa", "wilayah", "dusun", 101, "batas atas"),
        ("desa", "dokumen", "tanggal", "2024-03-01", "harus tanggal"),
        ("desa", "dokumen", "tanggal", dt.datetime(2024, 3, 1), "harus tanggal"),
        ("desa", "dokumen", "disampaikan", "ya", "salah satu dari"),
        ("umum-kepegawaian", "pegawai", "eselon", "III-x", "tidak ada dalam pilihan"),
        ("umum-kepegawaian", "pegawai", "nama", 7, "harus teks"),
        ("tata-pemerintahan", "pilkades", "kode_desa", "009", "tidak ada dalam pilihan"),
    ],
)
def test_values_that_do_not_fit(kind, table, key, value, fragment):
    with pytest.raises(ValueProblem, match=fragment):
        check_value(_column(kind, table, key), value, make_settings(n_desa=2))


def test_text_length_and_pattern():
    settings = make_settings()
    name = next(c for c in SCHEMA.identity.columns if c.key == "diisi_oleh")
    assert check_value(name, "A" * 100, settings) == "A" * 100
    with pytest.raises(ValueProblem, match="paling banyak 100"):
        check_value(name, "A" * 101, settings)
    patterned = next(c for k in SCHEMA.kinds for t in k.tables for c in t.columns if c.pattern)
    with pytest.raises(ValueProblem, match="tidak sesuai bentuk"):
        check_value(patterned, "bukan kode!", settings)
