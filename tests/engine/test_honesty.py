"""Issue 11: every input table used, partial desa data said and compared like with like,
spending above the ceiling found, cross-checks declared rather than guessed."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest

from lkjip_excel.engine import proses
from lkjip_excel.engine.cocok import guess
from lkjip_excel.export import hasil_to_dict
from lkjip_excel.schema import SCHEMA
from lkjip_excel.schema import cocok as c
from lkjip_excel.schema.desa import DOKUMEN
from tests.engine.generated import build_workspace, desa_list, generated_data
from tests.engine.test_reconcile import build_variant

N = 12
MISSING = ("011", "012")  # no usable workbook: one never sent, one unreadable
NAMES = dict(desa_list(N))
PK_FILE = "2024-perencanaan-keuangan.xlsx"


def _drop_two_desa(folder: Path) -> Path:
    masuk = folder / "masuk"
    (next(masuk.glob(f"*-desa-{MISSING[0]}-*.xlsx"))).unlink()
    broken = next(masuk.glob(f"*-desa-{MISSING[1]}-*.xlsx"))
    broken.write_bytes(b"PK\x03\x04 bukan berkas excel")
    return folder


@pytest.fixture(scope="module")
def full(tmp_path_factory):
    return proses(build_workspace(tmp_path_factory.mktemp("full"), generated_data(N), N))


@pytest.fixture(scope="module")
def partial(tmp_path_factory):
    return proses(_drop_two_desa(build_workspace(tmp_path_factory.mktemp("partial"), generated_data(N), N)))


def codes(hasil, code: str) -> list:
    return [f for f in hasil.findings if f.code == code]


# ------------------------------------------------------------- 1. nothing read is dropped


def test_every_input_table_of_the_schema_is_consumed(full):
    """Derived from the schema: a table added without being used fails here."""
    schema_tables = {(kind.key, table.name) for kind in SCHEMA.kinds for table in kind.tables}
    assert full.consumed == schema_tables, {
        "declared but never used": sorted(schema_tables - full.consumed),
        "used but not declared": sorted(full.consumed - schema_tables),
    }


def test_the_generated_workspace_is_consistent(full):
    assert [(f.code, f.sheet, f.cell) for f in full.findings] == []
    assert len(full.tables["wilayah"].rows) == N


def test_kesra_indicators_reach_the_output_with_capaian(full):
    table = full.tables["indikator_kesra"]
    assert len(table.rows) == len(generated_data(N)["kesra"]["kegiatan_kesra"])
    assert all(r.values["capaian"] == 100 for r in table.rows)
    exported = hasil_to_dict(full)["tabel"]["indikator_kesra"]
    assert [b["indikator"] for b in exported["baris"]] == [r.values["indikator"] for r in table.rows]


def test_pilkades_and_apbdes_reach_the_output(full):
    pilkades = full.tables["pilkades"]
    written = generated_data(N)["tata-pemerintahan"]["pilkades"]
    assert [r.values["desa"] for r in pilkades.rows] == [NAMES[r["kode_desa"]] for r in written]
    hadir = sum(r["pemilih_hadir"] for r in written)
    terdaftar = sum(r["pemilih_terdaftar"] for r in written)
    assert pilkades.total.values["hadir"] == hadir
    assert pilkades.total.values["partisipasi"] == D(hadir) * 100 / D(terdaftar)
    assert [r.values["status"] for r in full.tables["apbdes"].rows] == ["Selesai"] * N


def test_kesra_empty_realisasi_and_target_are_found(tmp_path: Path):
    def change(data):
        rows = data["kesra"]["kegiatan_kesra"]
        rows[0].pop("realisasi")
        rows[1].pop("target")

    hasil = proses(build_variant(tmp_path, change))
    where = {(f.code, f.file, f.sheet, f.cell) for f in hasil.findings}
    assert ("REALISASI_KOSONG", "2024-kesra.xlsx", "Kegiatan", "G6") in where
    assert ("TARGET_KOSONG", "2024-kesra.xlsx", "Kegiatan", "F7") in where
    rows = hasil.tables["indikator_kesra"].rows
    assert rows[0].values["capaian"] is None and rows[0].flags
    assert rows[1].values["capaian"] is None and rows[1].flags


# ------------------------------------------------- 2. partial data, like compared with like


def test_partial_no_false_cross_source_alarm(partial):
    assert codes(partial, "SUMBER_TIDAK_SAMA") == []
    assert codes(partial, "SUMBER_TIDAK_SEBANDING") == []
    # only the two unusable desa are reported, nothing that follows from their absence
    assert {f.code for f in partial.findings} == {"KIRIMAN_BELUM_ADA", "BERKAS_RUSAK"}


def test_partial_desa_tables_show_missing_desa_empty_and_say_n_of_m(partial):
    missing = {NAMES[k] for k in MISSING}
    for key in (
        "wilayah",
        "perikanan",
        "ternak_besar",
        "unggas",
        "tambang",
        "industri",
        "wisata",
        "pertanian",
    ):
        table = partial.tables[key]
        assert table.total_label == "Jumlah (10 dari 12 desa)", key
        assert any("10 dari 12 desa" in note for note in table.notes), key
        for row in table.rows:
            if row.values["desa"] in missing:
                assert all(v is None for k, v in row.values.items() if k != "desa"), (key, row.values)
    assert partial.ringkasan["cakupan_desa"] == "10 dari 12 desa"
    assert partial.ringkasan["desa_dipakai"] == 10


def test_partial_totals_are_sums_of_the_present_desa(partial, full):
    present = [r for r in full.tables["wilayah"].rows if r.values["desa"] not in {NAMES[k] for k in MISSING}]
    total = partial.tables["wilayah"].total.values
    assert total["penduduk"] == sum(r.values["penduduk_l"] + r.values["penduduk_p"] for r in present)
    assert total["rt"] == sum(r.values["rt"] for r in present)


def test_partial_section_figures_fill_the_missing_desa(partial, full):
    for key, section in (("dokumen", "tata-pemerintahan"), ("musrenbang", "pmd")):
        table = partial.tables[key]
        by_desa = {r.values["desa"]: r.values for r in table.rows}
        whole = {r.values["desa"]: r.values for r in full.tables[key].rows}
        for kode in MISSING:
            row = by_desa[NAMES[kode]]
            assert row["sumber"] == section
            numbers = [k for k in row if k not in ("desa", "sumber")]
            assert {k: row[k] for k in numbers} == {k: whole[NAMES[kode]][k] for k in numbers}
        present = [r for r in table.rows if r.values["desa"] not in {NAMES[k] for k in MISSING}]
        assert {r.values["sumber"] for r in present} == {"formulir desa"}
        assert table.total_label == "Jumlah", key  # every desa is covered
        assert table.total.values == full.tables[key].total.values


def test_partial_indicator_compared_over_all_desa_with_their_names(tmp_path: Path):
    """A real difference is still found, and the finding names the desa compared."""
    data = generated_data(N)
    row = next(
        r
        for r in data["perencanaan-keuangan"]["indikator_keluaran"]
        if r.get("dicocokkan", "").startswith("Dokumen desa: Peraturan")
    )
    row["realisasi"] += 1
    hasil = proses(_drop_two_desa(build_workspace(tmp_path, data, N)))
    [f] = codes(hasil, "SUMBER_TIDAK_SAMA")
    assert (f.file, f.sheet) == (PK_FILE, "Indikator Keluaran")
    assert f.values["difference"] == 1
    assert f.values["desa"] == [name for _, name in desa_list(N)]


def test_partial_indicator_not_compared_when_the_section_lacks_the_desa(tmp_path: Path):
    data = generated_data(N)
    for kode in MISSING:
        del data["tata-pemerintahan"]["dokumen_fasilitasi"][kode]
    hasil = proses(_drop_two_desa(build_workspace(tmp_path, data, N)))
    assert codes(hasil, "SUMBER_TIDAK_SAMA") == []
    skipped = codes(hasil, "SUMBER_TIDAK_SEBANDING")
    assert len(skipped) == len(DOKUMEN)
    assert {f.sheet for f in skipped} == {"Indikator Keluaran"}
    assert all(f.values["tidak_ada"] == f"{NAMES['011']}, {NAMES['012']}" for f in skipped)
    assert all(len(f.values["desa"]) == 10 for f in skipped)
    dokumen = hasil.tables["dokumen"]
    assert dokumen.total_label == "Jumlah (10 dari 12 desa)"
    assert {r.values["sumber"] for r in dokumen.rows if r.values["desa"] == NAMES["011"]} == {None}


def test_partial_sums_of_empty_parts_are_empty_not_zero(partial):
    wil = {r.values["desa"]: r.values for r in partial.tables["wilayah"].rows}
    assert wil[NAMES["011"]]["penduduk"] is None
    mus = {r.values["desa"]: r.values for r in partial.tables["musrenbang"].rows}
    assert mus[NAMES["001"]]["peserta"] == mus[NAMES["001"]]["peserta_l"] + mus[NAMES["001"]]["peserta_p"]


# ------------------------------------------------------- 3. spending above the ceiling


def _budget(data) -> dict:
    return {r["kode"]: r for r in data["perencanaan-keuangan"]["anggaran"]}


def test_sub_kegiatan_above_pagu_is_found_though_its_kegiatan_is_not(tmp_path: Path):
    def change(data):
        rows = _budget(data)
        sub = rows["7.01.01.2.01.0001"]
        sub["realisasi"] = round(sub["pagu_perubahan"] * 1.05)
        sub.pop("serapan", None)

    hasil = proses(build_variant(tmp_path, change))
    found = codes(hasil, "REALISASI_MELEBIHI_PAGU")
    table = hasil.tables["anggaran"]
    sub = next(r for r in table.rows if r.values["kode"] == "7.01.01.2.01.0001")
    kegiatan = next(r for r in table.rows if r.values["kode"] == "7.01.01.2.01")
    assert kegiatan.values["realisasi"] <= kegiatan.values["pagu_perubahan"]  # the roll-up hides it
    [f] = found
    assert (f.file, f.sheet, f.column) == (PK_FILE, "Anggaran", "realisasi")
    assert f.values["kode"] == "7.01.01.2.01.0001"
    assert f.values["serapan"] == round(sub.values["serapan"], 2)
    assert round(sub.values["serapan"]) == 105
    assert sub.flags


def test_realisasi_above_pagu_at_every_level(tmp_path: Path):
    def change(data):
        pk = data["perencanaan-keuangan"]
        for row in pk["anggaran"]:
            if row.get("pagu_perubahan"):
                row["realisasi"] = round(row["pagu_perubahan"] * 1.1)
            row.pop("serapan", None)
        pk["anggaran_total"] = {}

    hasil = proses(build_variant(tmp_path, change))
    found = {f.values["kode"] for f in codes(hasil, "REALISASI_MELEBIHI_PAGU")}
    table = hasil.tables["anggaran"]
    assert found == {r.values["kode"] for r in table.rows} | {"jumlah"}
    assert table.total.flags
    levels = {f.values["tingkat"] for f in codes(hasil, "REALISASI_MELEBIHI_PAGU")}
    assert levels == {"Program", "Kegiatan", "Sub kegiatan", "Anggaran"}


def test_realisasi_equal_to_pagu_is_fine(full):
    assert codes(full, "REALISASI_MELEBIHI_PAGU") == []


# ---------------------------------------------------------- 5. declared cross-checks


def test_example_declares_its_checks_and_nothing_is_guessed():
    hasil = proses(EXAMPLE_DIR)
    assert codes(hasil, "COCOK_DITEBAK") == []
    # declared 'Tidak dicocokkan': a report of service counts is not a service count
    assert ("SUMBER_TIDAK_SAMA", "H24") not in {(f.code, f.cell) for f in hasil.findings}


def test_empty_column_guesses_from_wording_and_says_so(tmp_path: Path):
    def change(data):
        for row in data["perencanaan-keuangan"]["indikator_keluaran"]:
            if "Gaji" in row["indikator"]:
                row.pop("dicocokkan")
        for row in data["perencanaan-keuangan"]["sasaran"]:
            row.pop("dicocokkan")

    hasil = proses(build_variant(tmp_path, change))
    guessed = {(f.sheet, f.cell): f.values["pilihan"] for f in codes(hasil, "COCOK_DITEBAK")}
    assert guessed == {
        ("Indikator Keluaran", "I8"): c.CHECKS[c.ASN],
        ("Sasaran", "P6"): c.CHECKS[c.SAKIP],
        ("Sasaran", "P7"): c.CHECKS[c.SKM],
    }
    assert all(f.severity == "info" for f in codes(hasil, "COCOK_DITEBAK"))
    # the guessed checks still run
    assert {(f.code, f.cell) for f in hasil.findings} >= {
        ("JUMLAH_PEGAWAI_TIDAK_SAMA", "H8"),
        ("IKM_TIDAK_SAMA", "J7"),
    }


def test_the_declaration_decides_not_the_wording(tmp_path: Path):
    def change(data):
        for row in data["perencanaan-keuangan"]["sasaran"]:
            if row["nomor"] == 2:  # worded as the SKM, declared as not checked
                row["dicocokkan"] = c.CHECKS[c.TIDAK]
        kesra = data["kesra"]["kegiatan_kesra"][0]  # worded as MTQ, declared as the ASN count
        kesra["dicocokkan"] = c.CHECKS[c.ASN]

    hasil = proses(build_variant(tmp_path, change))
    cells = {(f.code, f.sheet, f.cell) for f in hasil.findings}
    assert ("IKM_TIDAK_SAMA", "Sasaran", "J7") not in cells
    assert hasil.tables["riwayat_skm"].rows == []
    assert ("JUMLAH_PEGAWAI_TIDAK_SAMA", "Kegiatan", "G6") in cells
    assert codes(hasil, "COCOK_DITEBAK") == []


def test_choices_are_declared_once_in_the_schema():
    for kind, table in (
        ("perencanaan-keuangan", "indikator_keluaran"),
        ("kesra", "kegiatan_kesra"),
        ("perencanaan-keuangan", "sasaran"),
    ):
        col = SCHEMA.kind(kind).table(table).column("dicocokkan")
        assert col.label == "Dicocokkan dengan"
        assert set(col.choices) <= set(c.CHECKS.values())
        assert c.CHECKS[c.TIDAK] in col.choices


@pytest.mark.parametrize(
    "indikator, satuan, expected",
    [
        (
            "Jumlah Laporan Pelaksanaan Urusan Pemerintahan Terkait dengan Non Perijinan",
            "laporan",
            c.LAYANAN_NON_PERIZINAN,
        ),
        ("Jumlah Dokumen Pelayanan Perizinan Non Usaha", "dokumen", c.LAYANAN_PERIZINAN),
        ("Jumlah Orang yang Menerima Gaji dan Tunjangan ASN", "orang", c.ASN),
        ("Jumlah Orang yang Menerima Gaji", "paket", None),
        ("Jumlah Kendaraan Dinas ... Pajak dan Perizinannya", "unit", None),
        ("Nilai SAKIP Kecamatan", "nilai", None),  # not an output indicator's check
    ],
)
def test_wording_suggestions(indikator, satuan, expected):
    assert guess(indikator, satuan, c.INDIKATOR_CHECKS) == expected


EXAMPLE_DIR = Path(__file__).resolve().parents[2] / "examples" / "purwareja-klampok-2024"


def test_a_form_from_the_older_template_without_the_column_still_reads(tmp_path: Path):
    """Schema 1.0 forms have no 'Dicocokkan dengan' column: read as empty, the wording suggests."""
    import openpyxl

    workspace = build_variant(tmp_path, lambda data: None)
    for name in ("2024-perencanaan-keuangan.xlsx", "2024-kesra.xlsx"):
        path = workspace / "masuk" / name
        wb = openpyxl.load_workbook(path)
        for ws in wb.worksheets:
            for row in ws.iter_rows(max_row=12):
                for cell in row:
                    if cell.value == "Dicocokkan dengan":
                        ws.delete_cols(cell.column)
            if ws.title == "_lkjip":
                for row in ws.iter_rows():
                    if row[0].value == "versi_skema":
                        row[1].value = "1.0"
        wb.save(path)
    hasil = proses(workspace)
    assert not hasil.has_errors, [(f.code, f.sheet) for f in hasil.findings if f.severity == "galat"]
    assert "KOLOM_HILANG" not in {f.code for f in hasil.findings}
    guessed = {(f.sheet, f.values["pilihan"]) for f in codes(hasil, "COCOK_DITEBAK")}
    assert ("Sasaran", c.CHECKS[c.SAKIP]) in guessed and ("Indikator Keluaran", c.CHECKS[c.ASN]) in guessed
    assert ("JUMLAH_PEGAWAI_TIDAK_SAMA", "H8") in {(f.code, f.cell) for f in hasil.findings}
