"""Templates read back with openpyxl agree with the schema."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils.cell import range_boundaries

from lkjip_excel.schema import META_KEYS, META_SHEET, SCHEMA, Layout
from lkjip_excel.schema.layout import FIRST_DATA_ROW, HEADER_ROW, table_headers
from lkjip_excel.template import generate_templates, identities, template_filename
from tests.helpers import make_settings


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> tuple:
    settings = make_settings(n_desa=3)
    out = tmp_path_factory.mktemp("templat")
    paths = generate_templates(settings, out)
    return settings, paths


def _covered(ws, row: int, col: int) -> bool:
    for dv in ws.data_validations.dataValidation:
        for rng in str(dv.sqref).split():
            min_col, min_row, max_col, max_row = range_boundaries(rng)
            if min_row <= row <= max_row and min_col <= col <= max_col:
                return True
    return False


def test_one_workbook_per_desa_and_section(generated):
    settings, paths = generated
    assert len(paths) == len(settings.desa) + len(settings.seksi)
    assert sorted(p.name for p in paths) == sorted(template_filename(i) for i in identities(settings))


def test_every_table_is_named_labelled_and_validated(generated):
    settings, paths = generated
    for path, identity in zip(paths, identities(settings), strict=True):
        kind = SCHEMA.kind(identity.jenis)
        wb = openpyxl.load_workbook(path)
        assert wb.sheetnames[0] == "Petunjuk"
        for table in (SCHEMA.identity, *kind.tables):
            ws = wb[table.sheet]
            assert ws.protection.sheet, table.sheet
            assert table.name in ws.tables, (path.name, table.name)
            ref = ws.tables[table.name].ref
            min_col, min_row, max_col, max_row = range_boundaries(ref)
            assert min_row == HEADER_ROW + 1
            headers = [c.value for c in ws[HEADER_ROW + 1][min_col - 1 : max_col]]
            assert headers == table_headers(table)
            if table.layout is Layout.FORM:
                for i, col in enumerate(table.columns):
                    cell = ws.cell(FIRST_DATA_ROW + 1 + i, 2)
                    assert ws.cell(FIRST_DATA_ROW + 1 + i, 1).value == col.label
                    assert cell.protection.locked == col.locked, (table.name, col.key)
                    if not col.locked:
                        assert _covered(ws, cell.row, cell.column), (table.name, col.key)
                continue
            first_input = {Layout.FIXED: 1, Layout.PER_DESA: 2}.get(table.layout, 0)
            for c, col in enumerate(table.columns):
                cell = ws.cell(FIRST_DATA_ROW + 1, c + 1)
                if c < first_input:
                    assert cell.protection.locked, (table.name, col.key)
                else:
                    assert not cell.protection.locked, (table.name, col.key)
                    assert _covered(ws, max_row, c + 1), (table.name, col.key)
            n_rows = max_row - min_row
            if table.layout is Layout.FIXED:
                assert n_rows == len(table.rows)
                assert [ws.cell(FIRST_DATA_ROW + 1 + i, 1).value for i in range(n_rows)] == [
                    "Jumlah" if r.total else r.label for r in table.rows
                ]
            elif table.layout is Layout.PER_DESA:
                assert n_rows == len(settings.desa) + (1 if table.total_row else 0)
                codes = [ws.cell(FIRST_DATA_ROW + 1 + i, 1).value for i in range(len(settings.desa))]
                assert codes == [d.kode for d in settings.desa]
            else:
                assert n_rows == table.max_rows
        wb.close()


def test_identity_is_recorded_and_locked(generated):
    settings, paths = generated
    for path, identity in zip(paths, identities(settings), strict=True):
        wb = openpyxl.load_workbook(path)
        meta = wb[META_SHEET]
        assert meta.sheet_state == "hidden"
        recorded = {row[0]: row[1] for row in meta.iter_rows(min_row=2, values_only=True)}
        assert list(recorded) == list(META_KEYS)
        assert recorded["jenis"] == identity.jenis
        assert recorded["kode"] == identity.kode
        assert recorded["tahun"] == str(settings.tahun)
        assert recorded["versi_skema"] == SCHEMA.version
        ident = wb["Identitas"]
        values = {r[0]: r[1] for r in ident.iter_rows(min_row=FIRST_DATA_ROW + 1, values_only=True)}
        assert values["Kode"] == identity.kode
        assert values["Tahun laporan"] == settings.tahun
        assert wb.properties.creator == "lkjip-excel"
        wb.close()


def test_choice_lists_from_settings_use_the_hidden_sheet(generated):
    settings, paths = generated
    path = next(p for p in paths if "tata-pemerintahan" in p.name)
    wb = openpyxl.load_workbook(path)
    ws = wb["Pilkades"]
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert lists and lists[0].formula1.startswith("'_daftar'!")
    daftar = wb["_daftar"]
    assert daftar.sheet_state == "hidden"
    assert [r[0] for r in daftar.iter_rows(values_only=True)] == [d.kode for d in settings.desa]


def test_writing_is_atomic_and_keeps_previous_file(tmp_path: Path, monkeypatch):
    settings = make_settings(n_desa=1)
    identity = identities(settings)[0]
    target = tmp_path / "a.xlsx"
    target.write_bytes(b"previous")
    from lkjip_excel.template import writer

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(writer, "write_petunjuk", boom)
    with pytest.raises(RuntimeError):
        writer.write_workbook(target, identity, settings)
    assert target.read_bytes() == b"previous"
    assert list(tmp_path.iterdir()) == [target]


@pytest.mark.parametrize(
    "data, filled, fragment",
    [
        ({"wilayahh": {}}, {}, "no table 'wilayahh'"),
        ({"wilayah": {"luass": 1}}, {}, "no input columns ['luass']"),
        ({"peternakan": {"kuda": {"populasi": 1}}}, {}, "no rows ['kuda']"),
        ({"peternakan": {"sapi": {"jenis": "Sapi perah"}}}, {}, "no input columns ['jenis']"),
        ({}, {"kode": "999"}, "identity field 'kode' cannot be filled in"),
    ],
)
def test_write_refuses_data_it_has_no_place_for(tmp_path: Path, data, filled, fragment):
    from lkjip_excel.template import write_workbook

    settings = make_settings(n_desa=1)
    identity = identities(settings)[0]
    with pytest.raises(ValueError) as info:
        write_workbook(tmp_path / "a.xlsx", identity, settings, data, filled)
    assert fragment in str(info.value)
    assert not (tmp_path / "a.xlsx").exists()
