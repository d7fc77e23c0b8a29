"""Issue 13, point 3: every table of the report, in its order and numbering, each on its own
sheet; the tables that were missing, computed from the rules and the inputs."""

from __future__ import annotations

import re
from decimal import Decimal as D
from pathlib import Path

import openpyxl
import pytest
import yaml

from lkjip_excel.engine import proses, registry, rules
from lkjip_excel.engine.anggaran import letter
from lkjip_excel.engine.kinerja import predikat_text
from lkjip_excel.engine.skala import skala_capaian, skala_sakip, skala_skm
from lkjip_excel.schema import SCHEMA
from tests.engine.test_reconcile import build_variant

DATA = Path(__file__).resolve().parents[1] / "data" / "report_tables.yaml"
PK_FILE = "2024-perencanaan-keuangan.xlsx"
#: the numbers the seed prints, which the workbook must keep
SEED_NUMBERS = {
    "sakip_komponen": "Tabel 7",
    "rekomendasi_lhe": "Tabel 8",
    "efisiensi_sakip": "Tabel 12",
    "efisiensi_skm": "Tabel 19",
    "layanan": "Tabel 21",
    "sppt": "Tabel 21.2",
}


def _number(nomor: str) -> tuple[int, ...]:
    assert re.fullmatch(r"Tabel \d+(\.\d+)?", nomor), nomor
    return tuple(int(p) for p in nomor.removeprefix("Tabel ").split("."))


# ------------------------------------------------------------------ numbering and sheets


def test_every_table_is_numbered_uniquely_in_report_order():
    numbers = [_number(t.nomor) for t in registry.TABLES]
    assert len(set(numbers)) == len(numbers)
    assert numbers == sorted(numbers), "TABLES are not in the report's numbering order"
    for key, nomor in SEED_NUMBERS.items():
        assert next(t.nomor for t in registry.TABLES if t.key == key) == nomor


def test_every_table_has_its_own_short_sheet_named_by_its_number():
    names = [t.sheet.name for t in registry.TABLES]
    assert len(set(names)) == len(names) == len(registry.sheets())
    assert len({n.casefold() for n in names}) == len(names)  # Excel compares sheet names without case
    for spec in registry.TABLES:
        name = spec.sheet.name
        assert len(name) <= 31 and not set(name) & set("[]:*?/\\"), name
        assert name.startswith(f"T{spec.nomor.removeprefix('Tabel ')} "), name
        assert registry.sheet_name(spec.key) == name


def test_the_computed_tables_carry_their_number(example_hasil):
    for spec in registry.TABLES:
        assert example_hasil.tables[spec.key].nomor == spec.nomor


def test_every_table_of_the_report_has_its_sheet_in_the_workbook(example_book: Path):
    """From the reference transcription's table keys (tests/data/report_tables.yaml): each has
    its declared output tables, and each of those its sheet in the written example workbook."""
    listed = yaml.safe_load(DATA.read_text(encoding="utf-8"))["tables"]
    declared = {t.key: t for t in registry.TABLES}
    sheets = openpyxl.load_workbook(example_book, read_only=True).sheetnames
    for entry in listed:
        assert entry["tables"], entry["reference"]
        for key in entry["tables"]:
            assert key in declared, (entry["reference"], key)
            assert declared[key].sheet.name in sheets, (entry["reference"], key)
        if "nomor" in entry:
            assert [declared[k].nomor for k in entry["tables"]] == [entry["nomor"]]
    covered = {k for entry in listed for k in entry["tables"]}
    # beyond the report: tables of inputs it does not print, and the Renstra progress the
    # Inspektorat asked for (issue 15)
    extra = {"indikator_kesra", "dokumen", "musrenbang", "pilkades", "apbdes", "renstra_progres"}
    assert covered | extra == set(declared)


# ------------------------------------------------------------------ scales from the rules


def test_the_sakip_scale_is_the_rules_bands():
    table = skala_sakip()
    assert [r.values["predikat"] for r in table.rows] == [b[1] for b in rules.SAKIP_BANDS] + ["D"]
    assert [r.values["keterangan"] for r in table.rows][:2] == ["Sangat Memuaskan", "Memuaskan"]
    assert table.rows[0].values["rentang"] == "> 90 – 100"
    assert table.rows[2].values["rentang"] == "> 70 – 80"
    assert table.rows[-1].values["rentang"] == "0 – 30"


def test_a_scale_follows_a_change_of_the_bands(monkeypatch):
    monkeypatch.setattr(rules, "SAKIP_BANDS", ((D(85), "AA", "Sangat Memuaskan"), (D(40), "B", "Baik")))
    assert [r.values["rentang"] for r in skala_sakip().rows] == ["> 85 – 100", "> 40 – 85", "0 – 40"]
    monkeypatch.setattr(rules, "CAPAIAN_BANDS", ((D(90), "Tinggi"),))
    assert [r.values["rentang"] for r in skala_capaian().rows] == ["≥ 90", "< 90"]


def test_the_capaian_scale():
    rows = [r.values for r in skala_capaian().rows]
    assert [r["kategori"] for r in rows] == ["Sangat Tinggi", "Tinggi", "Sedang", "Rendah", "Sangat Rendah"]
    assert [r["rentang"] for r in rows] == ["≥ 91", "76 – < 91", "66 – < 76", "51 – < 66", "< 51"]
    assert [r["nomor"] for r in rows] == [1, 2, 3, 4, 5]


def _ends(text: str) -> tuple[D, D]:
    low, high = text.split(" – ")
    return D(low.replace(",", ".")), D(high.replace(",", "."))


def test_the_skm_scale_is_the_converted_bands_and_their_nrr():
    rows = [r.values for r in skala_skm().rows]
    assert [r["mutu"] for r in rows] == [b[1] for b in rules.IKM_BANDS]
    assert [r["persepsi"] for r in rows] == [4, 3, 2, 1]
    assert [_ends(r["interval_konversi"]) for r in rows] == [
        (D("88.31"), D("100.00")),
        (D("76.61"), D("88.30")),
        (D("65.00"), D("76.60")),
        (D("25.00"), D("64.99")),
    ]
    # the 1-4 scale is the converted one / 25: its lower ends are the NRR bands of the rules
    assert [_ends(r["interval_nrr"])[0] for r in rows] == [b[0] for b in rules.NRR_BANDS]
    assert _ends(rows[3]["interval_nrr"])[1] == D("2.5996")
    for r in rows:  # every end of a band is judged as its own band
        low, high = _ends(r["interval_konversi"])
        assert rules.mutu_ikm(low)[0] == rules.mutu_ikm(high)[0] == r["mutu"]


# ------------------------------------------------------------------ target dan realisasi


def test_predikat_is_computed_from_the_score():
    assert predikat_text(D("71.20")) == "BB (71,20)"
    assert predikat_text(D("70")) == "B (70,00)"  # a band excludes its lower bound
    assert predikat_text(D("70.01")) == "BB (70,01)"
    assert predikat_text(None) is None


def test_target_and_realisasi_per_sasaran(example_hasil):
    sakip = [r.values for r in example_hasil.tables["target_realisasi_sakip"].rows]
    assert [(r["nomor"], r["predikat_target"], r["predikat_realisasi"]) for r in sakip] == [
        (1, "BB (71,20)", "BB (72,10)")  # the form (and the report) say "B (71,20)"
    ]
    assert round(sakip[0]["capaian"], 2) == D("101.26") and sakip[0]["kategori"] == "Sangat Tinggi"
    wrong = [f for f in example_hasil.findings if f.code == "PREDIKAT_TIDAK_SESUAI" and f.file == PK_FILE]
    assert [(f.file, f.sheet, f.cell, f.values["stated"], f.values["computed"]) for f in wrong] == [
        (PK_FILE, "Sasaran", "I6", "B", "BB")
    ]
    skm = [r.values for r in example_hasil.tables["target_realisasi_skm"].rows]
    assert [(r["nomor"], r["target"], r["realisasi"], r["predikat_target"]) for r in skm] == [
        (2, D("85.50"), D("86.30"), None)
    ]
    assert round(skm[0]["capaian"], 2) == D("100.94")
    # the comparison with earlier years and with the Renstra target stands beside it
    riwayat = example_hasil.tables["riwayat_sakip"].rows[0].values
    assert (riwayat["y2"], riwayat["y1"], riwayat["y0"], riwayat["target_renstra"]) == (
        D("60.59"),
        D("71.20"),
        D("72.10"),
        D("71.30"),
    )


# ------------------------------------------------------------------ efisiensi grid


def test_efisiensi_is_the_reports_grid_per_sasaran(example_hasil):
    sakip, skm = example_hasil.tables["efisiensi_sakip"], example_hasil.tables["efisiensi_skm"]
    groups = [(c.grup, c.label) for c in sakip.columns if c.grup]
    assert [g for g, _ in groups][:9] == ["Target"] * 3 + ["Realisasi"] * 3 + ["Capaian (%)"] * 3
    assert [label for _, label in groups][:3] == ["Indikator", "Dana (Rp)", "SDM (ASN)"]
    one = sakip.rows[0].values
    assert (one["nomor"], one["t_dana"], one["r_dana"], one["t_sdm"], one["r_sdm"]) == (
        1,
        D("45838600"),
        D("43141600"),  # program C + D, rolled up from their sub kegiatan
        16,
        10,
    )
    assert round(one["c_sdm"], 2) == D("62.50") and round(one["c_dana"], 2) == D("94.12")
    assert one["s_dana"] == one["c_indikator"] - one["c_dana"]
    two = skm.rows[0].values
    assert (two["nomor"], two["t_dana"]) == (2, D("2322917223"))
    assert round(two["c_indikator"], 2) == D("100.94")


# ------------------------------------------------------------------ budget numbering and counts


def test_budget_numbering_follows_the_report(example_hasil):
    rows = example_hasil.tables["anggaran"].rows
    assert [r.values["no"] for r in rows if r.level == 1] == ["A", "B", "C", "D"]
    program_a = next(r for r in rows if r.level == 1)
    assert [rows[i].values["no"] for i in program_a.children] == ["1", "2", "3", "4", "5", "6"]
    assert all("no" not in r.values for r in rows if r.level == 3)
    assert [letter(i) for i in (0, 25, 26, 27)] == ["A", "Z", "AA", "AB"]


def test_counts_of_programs_kegiatan_and_sub_kegiatan(example_hasil):
    rows = [r.values for r in example_hasil.tables["jumlah_program"].rows]
    assert [(r["tingkat"], r["jumlah"]) for r in rows] == [
        ("Program", 4),
        ("Kegiatan", 9),
        ("Sub kegiatan", 22),
    ]


# ------------------------------------------------------------------ program and kegiatan indicators


def test_program_and_kegiatan_indicators(example_hasil):
    rows = {r.values["kode"]: r for r in example_hasil.tables["indikator_program"].rows}
    a = rows["7.01.01"].values
    assert (a["no"], a["tingkat"], a["capaian"], a["kategori"]) == ("A", "Program", D(100), "Sangat Tinggi")
    assert a["uraian"] == "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN / KOTA"
    assert rows["7.01.02.2.02"].values["tingkat"] == "Kegiatan"
    assert rows["7.01.06"].values["capaian"] is None  # no realisasi stated
    found = {
        (f.code, f.cell, f.values.get("kode"))
        for f in example_hasil.findings
        if (f.file, f.sheet) == (PK_FILE, "Indikator Program")
    }
    assert found == {
        ("KODE_ANGGARAN_TIDAK_DIKENAL", "A15", "7.01.03"),
        ("KODE_ANGGARAN_TIDAK_DIKENAL", "A16", "7.01.03.2.01"),
        ("REALISASI_KOSONG", "E17", None),
        ("REALISASI_KOSONG", "E18", None),
    }
    assert rows["7.01.03"].flags and rows["7.01.03"].values["uraian"] is None


def _variant(data: dict) -> None:
    pk = data["perencanaan-keuangan"]
    pk["indikator_program"] = [
        {
            "kode": "7.01.05",
            "indikator": "Persentase urusan umum",
            "satuan": "persen",
            "target": 80,
            "realisasi": 60,
        },
        {"kode": "7.01.09", "indikator": "Program yang tidak ada", "target": 100, "realisasi": 100},
    ]
    pk["anggaran"] = [r for r in pk["anggaran"] if not str(r["kode"]).startswith("7.01.06")]


def test_a_variant_counts_and_finds_what_it_holds(tmp_path: Path):
    hasil = proses(build_variant(tmp_path, _variant))
    counts = [r.values["jumlah"] for r in hasil.tables["jumlah_program"].rows]
    assert counts == [3, 8, 20]
    rows = [r.values for r in hasil.tables["indikator_program"].rows]
    assert [(r["kode"], r["capaian"], r["kategori"]) for r in rows] == [
        ("7.01.05", D(75), "Sedang"),
        ("7.01.09", D(100), "Sangat Tinggi"),
    ]
    unknown = [
        f
        for f in hasil.findings
        if f.code == "KODE_ANGGARAN_TIDAK_DIKENAL" and f.table == "indikator_program"
    ]
    assert [(f.sheet, f.cell, f.table, f.column, f.values["kode"]) for f in unknown] == [
        ("Indikator Program", "A7", "indikator_program", "kode", "7.01.09")
    ]


# ------------------------------------------------------------------ the schema's new table


def test_the_new_input_table_is_declared_since_its_version():
    table = SCHEMA.kind("perencanaan-keuangan").table("indikator_program")
    assert table.since == SCHEMA.version == "1.2" and not table.required
    assert {c.since for c in table.columns} == {"1.2"}
    assert [c.key for c in table.columns] == ["kode", "indikator", "satuan", "target", "realisasi"]


@pytest.mark.parametrize(("version", "missing"), [("1.1", False), ("1.2", True)])
def test_an_older_form_without_the_new_sheet_still_reads(tmp_path: Path, version: str, missing: bool):
    """A 1.1 form has no Indikator Program sheet: read as an empty table, no finding; a 1.2 form
    that lost the sheet is told so."""
    workspace = build_variant(tmp_path, lambda data: None)
    path = workspace / "masuk" / PK_FILE
    wb = openpyxl.load_workbook(path)
    del wb["Indikator Program"]
    for row in wb["_lkjip"].iter_rows():
        if row[0].value == "versi_skema":
            row[1].value = version
    wb.save(path)
    hasil = proses(workspace)
    lost = [(f.code, f.sheet) for f in hasil.findings if f.code == "LEMBAR_HILANG"]
    assert lost == ([("LEMBAR_HILANG", "Indikator Program")] if missing else [])
    if not missing:
        assert hasil.tables["indikator_program"].rows == []
        assert not hasil.has_errors


def test_the_json_export_carries_number_and_column_groups(example_hasil):
    from lkjip_excel.export import hasil_to_dict

    tabel = hasil_to_dict(example_hasil)["tabel"]
    assert list(tabel) == [t.key for t in registry.TABLES]
    assert tabel["sakip_komponen"]["nomor"] == "Tabel 7"
    assert [c["grup"] for c in tabel["efisiensi_skm"]["kolom"]][:3] == [None, None, "Target"]


def test_years_are_year_columns(example_hasil):
    """A year is shown as 2024, never 2.024: every column of years has the year kind."""
    found = []
    for table in example_hasil.tables.values():
        for col in table.columns:
            values = [r.values.get(col.key) for r in table.rows]
            if col.key.startswith("tahun") and any(isinstance(v, int) for v in values):
                assert col.type == "year", (table.key, col.key)
                found.append(table.key)
    assert {"sakip_hasil", "rekomendasi_lhe", "anggaran_tahunan", "perjanjian_kinerja"} <= set(found)
