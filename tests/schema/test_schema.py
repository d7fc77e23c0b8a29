"""The schema is consistent with itself and with Excel's naming rules."""

import json
import re

from lkjip_excel.schema import SCHEMA, ColumnType, Layout
from lkjip_excel.schema.export import schema_to_dict, schema_to_text
from lkjip_excel.schema.model import NUMERIC_TYPES

EXCEL_TABLE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,254}$")


def all_tables():
    yield SCHEMA.identity
    for kind in SCHEMA.kinds:
        yield from kind.tables


def test_table_names_are_valid_and_unique_within_a_kind():
    for kind in SCHEMA.kinds:
        names = [t.name for t in kind.tables] + [SCHEMA.identity.name]
        sheets = [t.sheet for t in kind.tables] + [SCHEMA.identity.sheet, "Petunjuk"]
        assert len(names) == len(set(names)), kind.key
        assert len(sheets) == len(set(sheets)), kind.key
        for name in names:
            assert EXCEL_TABLE_NAME.match(name), name
        for sheet in sheets:
            assert len(sheet) <= 31 and not set(sheet) & set("[]:*?/\\"), sheet


def test_columns_are_well_formed():
    for table in all_tables():
        keys = [c.key for c in table.columns]
        assert len(keys) == len(set(keys)), table.name
        for col in table.columns:
            if col.type is ColumnType.CHOICE:
                assert col.choices or col.choices_from, (table.name, col.key)
            if col.type in NUMERIC_TYPES:
                assert col.minimum is not None and col.maximum is not None, (table.name, col.key)
                assert col.minimum <= col.maximum
        for key in table.key:
            assert key in keys, (table.name, key)
        if table.layout is Layout.FIXED:
            assert table.rows, table.name
            assert table.columns[0].type is ColumnType.TEXT
        if table.layout is Layout.PER_DESA:
            assert keys[:2] == ["kode_desa", "nama_desa"], table.name


def test_json_covers_every_table_and_column():
    data = json.loads(json.dumps(schema_to_dict(SCHEMA)))
    assert data["schema_version"] == SCHEMA.version
    by_kind = {k["key"]: k for k in data["kinds"]}
    assert set(by_kind) == {k.key for k in SCHEMA.kinds}
    for kind in SCHEMA.kinds:
        tables = {t["name"]: t for t in by_kind[kind.key]["tables"]}
        assert set(tables) == {t.name for t in kind.tables}
        for table in kind.tables:
            assert [c["key"] for c in tables[table.name]["columns"]] == [c.key for c in table.columns]
            assert [r["key"] for r in tables[table.name]["fixed_rows"]] == [r.key for r in table.rows]


def test_required_kinds_and_fixed_rows_exist():
    assert {k.key for k in SCHEMA.kinds} == {
        "desa",
        "perencanaan-keuangan",
        "umum-kepegawaian",
        "tata-pemerintahan",
        "pmd",
        "kesra",
        "trantib-pelayanan",
    }
    assert len(SCHEMA.kind("trantib-pelayanan").table("skm_nrr").rows) == 9
    ternak = [r.key for r in SCHEMA.kind("desa").table("peternakan").rows]
    assert ternak == [
        "sapi", "kerbau", "kambing", "domba", "babi", "kelinci", "ayam_kampung",
        "ayam_broiler", "ayam_ras_petelur", "itik_manila", "itik_biasa",
    ]  # fmt: skip


def test_text_overview_names_every_table():
    text = schema_to_text(SCHEMA)
    for kind in SCHEMA.kinds:
        for table in kind.tables:
            assert f"tabel {table.name} " in text


def test_compatibility_is_by_major_version():
    assert SCHEMA.is_compatible(SCHEMA.version)
    major = SCHEMA.version.split(".")[0]
    assert SCHEMA.is_compatible(f"{major}.99")
    assert not SCHEMA.is_compatible(f"{int(major) + 1}.0")
