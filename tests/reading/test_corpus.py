"""A corpus of broken and hostile inputs, built here: each gives its finding, at its cell.

Every case also checks that the input's bytes are unchanged after reading, and the
whole corpus goes once through the real command line: exit code 1, no traceback.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import xlsxwriter
from click.testing import CliRunner

from lkjip_excel.cli import cli
from lkjip_excel.findings import Severity
from lkjip_excel.reading import check_folder, read_submission
from lkjip_excel.reading.container import Limits
from lkjip_excel.workspace import render_settings
from tests.helpers import make_settings
from tests.reading import hostile
from tests.reading.builders import desa_data, edit, keuangan_data, write_desa, write_keuangan

SETTINGS = make_settings(n_desa=3)


@dataclass(frozen=True)
class Case:
    name: str
    build: Callable[[Path], Path]
    code: str
    sheet: str | None = None
    cell: str | None = None
    limits: Limits = Limits()


def _desa(**changes) -> Callable[[Path], Path]:
    """A desa workbook whose data differ from the valid one by ``changes`` (table -> value)."""

    def build(folder: Path) -> Path:
        data = desa_data()
        for table, value in changes.items():
            if (
                isinstance(value, dict)
                and isinstance(data.get(table), dict)
                and table in ("wilayah", "pbb", "musrenbang")
            ):
                data[table] = {**data[table], **value}
            elif isinstance(value, dict) and isinstance(data.get(table), dict):
                data[table] = {**data[table], **value}
            else:
                data[table] = value
        return write_desa(folder / "desa.xlsx", SETTINGS, data=data)

    return build


def _keuangan(**changes) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        data = keuangan_data()
        for table, value in changes.items():
            data[table] = {**data[table], **value} if isinstance(value, dict) else value
        return write_keuangan(folder / "keuangan.xlsx", SETTINGS, data=data)

    return build


def _edited(change, base=None) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        path = (base or _desa())(folder)
        return edit(path, change)

    return build


def _bytes(data: bytes, name: str = "kiriman.xlsx") -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data)
        return path

    return build


def _truncated(folder: Path) -> Path:
    path = _desa()(folder)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def _random_spreadsheet(folder: Path) -> Path:
    path = folder / "rekap-desa.xlsx"
    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet("Sheet1")
    ws.write_row(0, 0, ["Nama", "Jumlah"])
    ws.write_row(1, 0, ["Padi", 100])
    wb.close()
    return path


def _encrypted(folder: Path) -> Path:
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = _desa()(folder)
    out = io.BytesIO()
    with plain.open("rb") as fh:
        OOXMLFile(fh).encrypt("rahasia", out)
    path = folder / "bersandi.xlsx"
    path.write_bytes(out.getvalue())
    plain.unlink()
    return path


def _rezip(
    folder: Path, change: Callable[[str, bytes], bytes], extra: dict[str, bytes] | None = None
) -> Path:
    path = _desa()(folder)
    source = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            out.writestr(item.filename, change(item.filename, source.read(item.filename)))
        for name, data in (extra or {}).items():
            out.writestr(name, data)
    path.write_bytes(buffer.getvalue())
    return path


def _xml_entities(folder: Path) -> Path:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol2;</t></si></sst>'
    )
    return _rezip(folder, lambda name, data: bomb if name == "xl/sharedStrings.xml" else data)


def _external_entity(folder: Path) -> Path:
    xxe = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&e;</t></si></sst>'
    )
    return _rezip(folder, lambda name, data: xxe if name == "xl/sharedStrings.xml" else data)


def _zip_bomb(folder: Path) -> Path:
    return _rezip(folder, lambda name, data: data, extra={"xl/media/padding.bin": b"\0" * 3_000_000})


def _meta(key: str, value: str):
    def change(wb):
        ws = wb["_lkjip"]
        for row in ws.iter_rows(min_row=2):
            if row[0].value == key:
                row[1].value = value

    return change


def _formula_without_value(wb):
    wb["Wilayah"]["B7"] = "=2+3"


def _formula_with_value(folder: Path) -> Path:
    path = _desa()(folder)
    # rebuild the dusun cell as a formula with a cached value, as Excel would save it
    return _rezip_cell(path, "Wilayah", "B7", '<c r="B7" s="{s}"><f>2+3</f><v>5</v></c>')


def _rezip_cell(path: Path, sheet: str, cell: str, xml: str) -> Path:
    import re

    from lkjip_excel.reading.formulas import _sheet_parts

    source = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    part = _sheet_parts(source)[sheet]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == part:
                text = data.decode()
                match = re.search(rf'<c r="{cell}" s="(\d+)"[^>]*?(/>|>.*?</c>)', text)
                assert match, cell
                text = text.replace(match.group(0), xml.format(s=match.group(1)))
                data = text.encode()
            out.writestr(item.filename, data)
    path.write_bytes(buffer.getvalue())
    return path


def _merge(wb):
    wb["Wilayah"].merge_cells("B7:B8")


def _insert_row(wb):
    ws = wb["Peternakan"]
    ws.insert_rows(8)
    ws["A8"] = "Kuda"
    ws["B8"] = 3


def _rename_row(wb):
    wb["Peternakan"]["A6"] = "Sapi perah"


def _delete_row(wb):
    wb["Peternakan"].delete_rows(7)


def _hide(wb):
    wb["Wilayah"].sheet_state = "hidden"


def _rename_sheet(wb):
    wb["Wilayah"].title = "Wilayah Desa"


def _delete_sheet(wb):
    del wb["Tambang"]


ANGGARAN_TEXT = [
    {
        "kode": "7.01.01.2.01.0001",
        "uraian": "A",
        "pagu_perubahan": "2.219.102.223",
        "realisasi": "Rp 1.500.000,-",
    },
    {
        "kode": "7.01.01.2.01.0002",
        "uraian": "B",
        "pagu_perubahan": "617.666.666,66",
        "realisasi": "Rp. 2.219.102.223,00",
    },
    {
        "kode": "7.01.01.2.01.0003",
        "uraian": "C",
        "pagu_perubahan": 100,
        "realisasi": 95,
        "serapan": "95,12 %",
    },
]


def _duplicate_sheet(sheet: str, as_name: str) -> Callable[[Path], Path]:
    """A forged copy of ``sheet`` (other figures) placed first and renamed ``as_name``, so
    the workbook lists two sheets of one name (as Excel sees names: without case)."""

    def build(folder: Path) -> Path:
        path = _desa()(folder)

        def change(wb):
            copy = wb.copy_worksheet(wb[sheet])
            copy.title = "SALINANXYZ"
            copy["B10"] = 999999
            wb.move_sheet(copy, -(len(wb.sheetnames) - 1))

        edit(path, change)
        source = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
            for item in source.infolist():
                data = source.read(item.filename)
                if item.filename == "xl/workbook.xml":
                    data = data.replace(b'name="SALINANXYZ"', f'name="{as_name}"'.encode())
                out.writestr(item.filename, data)
        path.write_bytes(buffer.getvalue())
        return path

    return build


CASES = [
    Case("empty file", _bytes(b""), "BERKAS_KOSONG"),
    Case("two sheets named Wilayah", _duplicate_sheet("Wilayah", "Wilayah"), "LEMBAR_GANDA", "Wilayah"),
    Case("sheet names differing in case", _duplicate_sheet("Wilayah", "WILAYAH"), "LEMBAR_GANDA", "Wilayah"),
    Case("two Identitas sheets", _duplicate_sheet("Identitas", "Identitas"), "LEMBAR_GANDA", "Identitas"),
    Case("text renamed .xlsx", _bytes(b"Nama desa;Jumlah\nPurwareja;12\n"), "BERKAS_BUKAN_SPREADSHEET"),
    Case("pdf renamed .xlsx", _bytes(b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n"), "BERKAS_BUKAN_SPREADSHEET"),
    Case("truncated", _truncated, "BERKAS_RUSAK"),
    Case("encrypted", _encrypted, "BERKAS_BERSANDI"),
    Case("random spreadsheet", _random_spreadsheet, "BUKAN_TEMPLAT"),
    Case("xml entity expansion", _xml_entities, "XML_BERBAHAYA"),
    Case("xml external entity", _external_entity, "XML_BERBAHAYA"),
    Case("zip bomb", _zip_bomb, "BERKAS_BOM_ZIP", limits=Limits(max_uncompressed_bytes=2_000_000)),
    Case("file too big", _desa(), "BERKAS_TERLALU_BESAR", limits=Limits(max_file_bytes=1_000)),
    Case("incompatible schema", _edited(_meta("versi_skema", "2.0")), "VERSI_SKEMA_TIDAK_COCOK"),
    Case("compatible schema", _edited(_meta("versi_skema", "1.9")), "VERSI_SKEMA_LAIN"),
    Case("unknown kind", _edited(_meta("jenis", "kelurahan")), "JENIS_TIDAK_DIKENAL"),
    Case("sheet renamed", _edited(_rename_sheet), "LEMBAR_HILANG", "Wilayah"),
    Case("sheet deleted", _edited(_delete_sheet), "LEMBAR_HILANG", "Tambang"),
    Case("sheet hidden", _edited(_hide), "LEMBAR_TERSEMBUNYI", "Wilayah"),
    Case("formula without value", _edited(_formula_without_value), "RUMUS_TANPA_NILAI", "Wilayah", "B7"),
    Case("formula in input cell", _formula_with_value, "RUMUS_DI_SEL_ISIAN", "Wilayah", "B7"),
    Case("merged over input", _edited(_merge), "SEL_DIGABUNG", "Wilayah", "B7"),
    Case("row inserted in fixed table", _edited(_insert_row), "BARIS_TIDAK_DIKENAL", "Peternakan", "A8"),
    Case("fixed row renamed", _edited(_rename_row), "BARIS_TETAP_DIGANTI", "Peternakan", "A6"),
    Case("fixed row removed", _edited(_delete_row), "BARIS_TETAP_HILANG", "Peternakan"),
    Case("number as text (id)", _keuangan(anggaran=ANGGARAN_TEXT), "ANGKA_SEBAGAI_TEKS", "Anggaran", "D6"),
    Case("rupiah with Rp and ,-", _keuangan(anggaran=ANGGARAN_TEXT), "ANGKA_SEBAGAI_TEKS", "Anggaran", "E6"),
    Case("rupiah with cents", _keuangan(anggaran=ANGGARAN_TEXT), "ANGKA_SEBAGAI_TEKS", "Anggaran", "D7"),
    Case("percent as text", _keuangan(anggaran=ANGGARAN_TEXT), "ANGKA_SEBAGAI_TEKS", "Anggaran", "F8"),
    Case(
        "comma thousands 3,148", _desa(pbb={"sppt_disampaikan": "3,148"}), "ANGKA_SEBAGAI_TEKS", "PBB", "B7"
    ),
    Case("ambiguous 3.452", _desa(wilayah={"luas": "3.452"}), "NILAI_AMBIGU", "Wilayah", "B6"),
    Case("not a number", _desa(wilayah={"rt": "empat puluh"}), "NILAI_BUKAN_ANGKA", "Wilayah", "B9"),
    Case("decimal in count", _desa(wilayah={"rw": 10.5}), "NILAI_BUKAN_BILANGAN_BULAT", "Wilayah", "B8"),
    Case(
        "date as text",
        _desa(musrenbang={"tanggal": "20/01/2025"}),
        "TANGGAL_SEBAGAI_TEKS",
        "Musrenbang",
        "B6",
    ),
    Case(
        "not a date", _desa(musrenbang={"tanggal": "minggu lalu"}), "NILAI_BUKAN_TANGGAL", "Musrenbang", "B6"
    ),
    Case("negative count", _desa(wilayah={"dusun": -5}), "NILAI_NEGATIF", "Wilayah", "B7"),
    Case(
        "population 10^12", _desa(wilayah={"penduduk_l": 10**12}), "NILAI_DI_LUAR_RENTANG", "Wilayah", "B10"
    ),
    Case(
        "very long text",
        _desa(wisata=[{"nama": "x" * 5000, "jenis": "Alam"}]),
        "NILAI_TERLALU_PANJANG",
        "Wisata",
        "A6",
    ),
    Case(
        "text starting with =",
        _desa(wisata=[{"nama": '=HYPERLINK("http://x","klik")', "jenis": "Alam"}]),
        "TEKS_SEPERTI_RUMUS",
        "Wisata",
        "A6",
    ),
    Case(
        "not in list",
        _desa(wisata=[{"nama": "Curug", "jenis": "Religi"}]),
        "NILAI_TIDAK_DALAM_DAFTAR",
        "Wisata",
        "B6",
    ),
    Case("required empty", _desa(wisata=[{"nama": "Curug"}]), "NILAI_WAJIB_KOSONG", "Wisata", "B6"),
    Case(
        "duplicate commodity",
        _desa(pertanian_pangan=[{"komoditas": "Padi", "produksi": 1, "satuan": "kg"}] * 2),
        "KUNCI_GANDA",
        "Pertanian",
        "A7",
    ),
    Case(
        "duplicate budget code",
        _keuangan(anggaran=keuangan_data()["anggaran"] + [keuangan_data()["anggaran"][1]]),
        "KUNCI_GANDA",
        "Anggaran",
        "A9",
    ),
    Case(
        "unknown budget code",
        _keuangan(
            indikator_keluaran=[{"kode_sub_kegiatan": "7.01.09.2.01.0001", "indikator": "X", "satuan": "dok"}]
        ),
        "KODE_ANGGARAN_TIDAK_DIKENAL",
        "Indikator Keluaran",
        "A6",
    ),
    Case(
        "bad budget code",
        _keuangan(peta_sasaran=[{"nomor_sasaran": 1, "kode": "A.1.1"}]),
        "NILAI_POLA_SALAH",
        "Peta Sasaran",
        "B6",
    ),
    Case("empty required table", _keuangan(anggaran=[]), "TABEL_WAJIB_KOSONG", "Anggaran"),
    Case("untouched template", _desa(**{k: None for k in desa_data()}), "FORMULIR_BELUM_DIISI"),
    # --- sizes: a far cell, a table far over its rows (read before the library allocates)
    Case(
        "far cell XFD1048576",
        hostile.sheet_rows("Wilayah", hostile.FAR_CELL),
        "SEL_DI_LUAR_AREA",
        "Wilayah",
        "XFD1048576",
    ),
    Case(
        "far row, cell without r",
        hostile.sheet_rows("Wilayah", hostile.FAR_ROW_NO_REF),
        "SEL_DI_LUAR_AREA",
        "Wilayah",
        "A1048576",
    ),
    Case(
        "row without r after a far row",
        hostile.sheet_rows("Wilayah", hostile.FAR_AFTER_ROW_WITHOUT_REF),
        "SEL_DI_LUAR_AREA",
        "Wilayah",
        "A1048575",
    ),
    Case(
        "far cell, prefixed",
        hostile.sheet_rows("Wilayah", hostile.FAR_PREFIXED),
        "SEL_DI_LUAR_AREA",
        "Wilayah",
        "XFD2",
    ),
    Case(
        "far cell after a comment",
        hostile.far_cell_after_comment,
        "SEL_DI_LUAR_AREA",
        "Wilayah",
        "XFD1048576",
    ),
    Case(
        "cell right of the form",
        hostile.sheet_rows("Wilayah", hostile.FAR_COLUMN),
        "SEL_DI_LUAR_AREA",
        "Wilayah",
        "AZ30",
    ),
    Case(
        "far cell in the identity sheet",
        hostile.sheet_rows("_lkjip", hostile.FAR_CELL),
        "SEL_DI_LUAR_AREA",
        "_lkjip",
    ),
    Case("merged range over the whole sheet", hostile.merged_whole_sheet, "SEL_DIGABUNG", "Wilayah", "B6"),
    Case(
        "shared formula over the whole sheet",
        hostile.shared_formula_whole_sheet,
        "RUMUS_DI_SEL_ISIAN",
        "Wilayah",
        "B7",
    ),
    Case("list over its rows", hostile.list_over_limit, "TABEL_TERLALU_PANJANG", "Pertanian", "A21"),
    Case("list of 3,000 rows", hostile.list_rows(3000), "TABEL_TERLALU_PANJANG", "Pertanian"),
    Case("ods far cell", hostile.ods_far_cell, "SEL_DI_LUAR_AREA", "Wilayah", "XFD1048576"),
    Case("ods repeated block", hostile.ods_repeated_block, "SEL_DI_LUAR_AREA", "Wilayah"),
    # --- zips that lie
    Case("member inflating past its header", hostile.lying_member(64), "ZIP_TIDAK_WAJAR"),
    Case("duplicate member", hostile.duplicate_member, "ZIP_TIDAK_WAJAR"),
    Case("local name differs", hostile.local_name_differs, "ZIP_TIDAK_WAJAR"),
    Case("local size differs", hostile.local_size_differs, "ZIP_TIDAK_WAJAR"),
    Case("overlapping members", hostile.overlapping_members, "ZIP_TIDAK_WAJAR"),
    Case("6,000 members", hostile.many_members, "BERKAS_TERLALU_BESAR"),
]


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_corpus_case(case: Case, tmp_path: Path):
    path = case.build(tmp_path)
    before = sha(path)
    sub = read_submission(path, SETTINGS, case.limits)
    assert sha(path) == before, "the input was changed"
    found = [(f.code, f.sheet, f.cell) for f in sub.findings]
    matching = [f for f in sub.findings if f.code == case.code]
    assert matching, f"{case.code} not in {found}"
    if case.sheet:
        assert any(f.sheet == case.sheet for f in matching), found
    if case.cell:
        assert any(f.sheet == case.sheet and f.cell == case.cell for f in matching), found
    assert all(f.code != "GALAT_INTERNAL" for f in sub.findings), found


def test_corpus_is_large_enough():
    assert len({c.name for c in CASES}) >= 25


def test_text_numbers_are_read_in_every_style(tmp_path: Path):
    sub = read_submission(_keuangan(anggaran=ANGGARAN_TEXT)(tmp_path), SETTINGS)
    rows = sub.table("anggaran").records
    assert str(rows[0].values["pagu_perubahan"]) == "2219102223.00"
    assert str(rows[0].values["realisasi"]) == "1500000.00"
    assert str(rows[1].values["pagu_perubahan"]) == "617666666.66"
    assert str(rows[1].values["realisasi"]) == "2219102223.00"
    assert str(rows[2].values["serapan"]) == "95.12"


def test_comma_thousands_reads_as_thousands(tmp_path: Path):
    sub = read_submission(_desa(pbb={"sppt_disampaikan": "3,148"})(tmp_path), SETTINGS)
    assert sub.table("pbb").form.values["sppt_disampaikan"] == 3148


def test_formula_without_value_is_never_zero(tmp_path: Path):
    sub = read_submission(_edited(_formula_without_value)(tmp_path), SETTINGS)
    assert sub.table("wilayah").form.values["dusun"] is None


def test_formula_cached_value_is_used(tmp_path: Path):
    sub = read_submission(_formula_with_value(tmp_path), SETTINGS)
    assert sub.table("wilayah").form.values["dusun"] == 5


# --- batch ------------------------------------------------------------------------


def _folder_with_all(tmp_path: Path) -> Path:
    folder = tmp_path / "masuk"
    folder.mkdir()
    for kode in ("001", "002", "003"):
        write_desa(folder / f"desa-{kode}.xlsx", SETTINGS, kode)
    write_keuangan(folder / "keuangan.xlsx", SETTINGS)
    return folder


def codes(report) -> list[str]:
    return [f.code for f in report.findings]


def test_missing_submissions(tmp_path: Path):
    folder = _folder_with_all(tmp_path)
    (folder / "desa-002.xlsx").unlink()
    report = check_folder(folder, SETTINGS)
    missing = [f for f in report.findings if f.code == "KIRIMAN_BELUM_ADA"]
    assert {(f.values["jenis"], f.values["kode"]) for f in missing} == {
        ("desa", "002"),
        *((k, k) for k in SETTINGS.seksi if k != "perencanaan-keuangan"),
    }


def test_identical_duplicate_is_info(tmp_path: Path):
    folder = _folder_with_all(tmp_path)
    (folder / "desa-001 (1).xlsx").write_bytes((folder / "desa-001.xlsx").read_bytes())
    report = check_folder(folder, SETTINGS)
    dup = [f for f in report.findings if f.code == "KIRIMAN_GANDA_SAMA"]
    assert {f.file for f in dup} == {"desa-001.xlsx", "desa-001 (1).xlsx"}
    assert all(f.severity is Severity.INFO for f in dup)
    assert len(report.used("desa")) == 3


def test_differing_duplicates_are_an_error_unless_newest_is_asked(tmp_path: Path):
    folder = _folder_with_all(tmp_path)
    data = desa_data()
    data["wilayah"] = {**data["wilayah"], "rt": 41}
    newer = write_desa(folder / "desa-001-revisi.xlsx", SETTINGS, "001", data)
    import datetime as dt

    from lkjip_excel.template import write_workbook
    from tests.reading.builders import identity_of

    write_workbook(
        newer,
        identity_of(SETTINGS, "desa", "001"),
        SETTINGS,
        data,
        {"diisi_oleh": "X", "tanggal": dt.date(2026, 2, 1)},
    )
    report = check_folder(folder, SETTINGS)
    assert "KIRIMAN_GANDA_BERBEDA" in codes(report)
    assert report.has_errors
    report = check_folder(folder, SETTINGS, pakai_terbaru=True)
    assert "KIRIMAN_GANDA_DIPAKAI_TERBARU" in codes(report)
    used = [s.name for s in report.used("desa") if s.identity.kode == "001"]
    assert used == ["desa-001-revisi.xlsx"]


def test_other_kecamatan_and_wrong_year(tmp_path: Path):
    folder = _folder_with_all(tmp_path)
    write_desa(folder / "lain.xlsx", SETTINGS, "002", kecamatan="Banjarmangu")
    write_desa(folder / "lama.xlsx", SETTINGS, "003", tahun=2023)
    report = check_folder(folder, SETTINGS)
    by_file = {(f.file, f.code) for f in report.findings}
    assert ("lain.xlsx", "KECAMATAN_LAIN") in by_file
    assert ("lama.xlsx", "TAHUN_SALAH") in by_file


def test_unknown_desa_code(tmp_path: Path):
    folder = _folder_with_all(tmp_path)
    other = make_settings(n_desa=4)
    write_desa(folder / "desa-004.xlsx", other, "004")
    report = check_folder(folder, SETTINGS)
    assert ("desa-004.xlsx", "KODE_DESA_TIDAK_DIKENAL") in {(f.file, f.code) for f in report.findings}


def test_whole_corpus_through_the_cli(tmp_path: Path):
    folder = tmp_path / "kec"
    inputs = folder / "masuk"
    inputs.mkdir(parents=True)
    (folder / "lkjip.toml").write_text(
        render_settings(SETTINGS.kecamatan, SETTINGS.tahun, [(d.kode, d.nama) for d in SETTINGS.desa]),
        encoding="utf-8",
    )
    for i, case in enumerate(CASES):
        sub = tmp_path / f"case{i}"
        sub.mkdir()
        path = case.build(sub)
        path.rename(inputs / f"{i:02d}-{path.name}")
    hashes = {p.name: sha(p) for p in inputs.iterdir()}
    result = CliRunner().invoke(cli, ["periksa", str(folder), "--senyap"])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert "GALAT_INTERNAL" not in result.output
    assert {p.name: sha(p) for p in inputs.iterdir()} == hashes
    json_result = CliRunner().invoke(cli, ["periksa", str(folder), "--json"])
    import json

    data = json.loads(json_result.output)
    assert data["ringkasan"]["galat"] > 0
    assert {f["kode"] for f in data["temuan"]} >= {"BERKAS_KOSONG", "XML_BERBAHAYA", "BERKAS_BERSANDI"}


def test_missing_folder_is_a_usage_error(tmp_path: Path):
    result = CliRunner().invoke(cli, ["periksa", str(tmp_path / "tidak-ada")])
    assert result.exit_code == 2
    assert "tidak ada" in result.output


# --- exit codes, case by case -----------------------------------------------------

ONE_SECTION_TOML = """kecamatan = "Suka Maju"
tahun = 2025
[[desa]]
kode = "001"
nama = "Desa Ke-1"
[[desa]]
kode = "002"
nama = "Desa Ke-2"
[[desa]]
kode = "003"
nama = "Desa Ke-3"
[seksi]
perencanaan-keuangan = "Sub Bagian Perencanaan dan Keuangan"
"""


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_corpus_case_exit_code(case: Case, tmp_path: Path):
    """In an otherwise complete and clean batch, the case alone decides the exit code."""
    from lkjip_excel.findings import CATALOG
    from lkjip_excel.settings import settings_from_dict

    if case.limits != Limits():
        pytest.skip("the command line uses the default limits")
    import tomllib

    settings = settings_from_dict(tomllib.loads(ONE_SECTION_TOML))
    ws = tmp_path / "ws"
    inputs = ws / "masuk"
    inputs.mkdir(parents=True)
    (ws / "lkjip.toml").write_text(ONE_SECTION_TOML, encoding="utf-8")
    path = case.build(tmp_path)
    ident = read_submission(path, settings).identity
    replaced = (ident.jenis, ident.kode) if ident else None
    for kode in ("001", "002", "003"):
        if replaced != ("desa", kode):
            write_desa(inputs / f"desa-{kode}.xlsx", settings, kode)
    if replaced != ("perencanaan-keuangan", "perencanaan-keuangan"):
        write_keuangan(inputs / "keuangan.xlsx", settings)
    path.rename(inputs / f"kasus-{path.name}")
    result = CliRunner().invoke(cli, ["periksa", str(ws), "--senyap"])
    expected = 1 if CATALOG[case.code].severity is Severity.GALAT else 0
    assert result.exit_code == expected, result.output
    assert "Traceback" not in result.output


def test_desa_name_that_differs_from_the_settings(tmp_path: Path):
    folder = _folder_with_all(tmp_path)
    write_desa(folder / "desa-003.xlsx", SETTINGS, "003", nama="Srikandi")
    report = check_folder(folder, SETTINGS)
    f = next(f for f in report.findings if f.code == "NAMA_DESA_BERBEDA")
    assert (f.file, f.values["nama"], f.values["expected"]) == ("desa-003.xlsx", "Srikandi", "Desa Ke-3")
    assert f.severity is Severity.PERINGATAN
    assert [s.name for s in report.used("desa")].count("desa-003.xlsx") == 1


def test_a_submission_set_aside_is_named_not_called_missing(tmp_path: Path):
    folder = _folder_with_all(tmp_path)
    (folder / "desa-003.xlsx").unlink()
    write_desa(folder / "desa-003-lama.xlsx", SETTINGS, "003", tahun=2023)
    report = check_folder(folder, SETTINGS)
    codes_for_003 = [f for f in report.findings if f.values.get("kode") == "003" and f.file is None]
    assert [f.code for f in codes_for_003] == ["KIRIMAN_TIDAK_DIPAKAI"]
    assert codes_for_003[0].values["files"] == "desa-003-lama.xlsx"
    wrong_year = next(f for f in report.findings if f.code == "TAHUN_SALAH")
    assert "2023" in wrong_year.message and "2.023" not in wrong_year.message
