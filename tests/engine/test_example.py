"""The engine on the bundled example: the report's own inconsistencies, exact arithmetic,
no false alarms on a corrected copy, and a JSON export that is the same run after run."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal as D
from pathlib import Path

import pytest

from lkjip_excel.engine import proses
from lkjip_excel.export import dumps, hasil_to_dict

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "purwareja-klampok-2024"

RECONCILIATION = {
    "ANGGARAN_TOTAL_TIDAK_SAMA",
    "ANGGARAN_TANPA_RINCIAN",
    "JUMLAH_TIDAK_SAMA",
    "PERSEN_TIDAK_SAMA",
    "SUMBER_TIDAK_SAMA",
    "JUMLAH_PEGAWAI_TIDAK_SAMA",
    "IKM_TIDAK_SAMA",
    "SAKIP_TIDAK_SAMA",
    "PREDIKAT_TIDAK_SESUAI",
    "TARGET_BERUBAH_TANPA_ALASAN",
    "TARGET_KOSONG",
    "SAMPEL_SKM_KURANG",
    "REALISASI_KOSONG",
    "KODE_ANGGARAN_TIDAK_DIKENAL",
}
PK = "2024-perencanaan-keuangan.xlsx"


@pytest.fixture(scope="module")
def hasil(example_hasil):
    """The example's result, computed once per run (conftest); read only."""
    return example_hasil


def find(hasil, code: str, sheet: str, cell: str):
    matches = [f for f in hasil.findings if (f.code, f.sheet, f.cell) == (code, sheet, cell)]
    assert matches, [(f.code, f.sheet, f.cell) for f in hasil.findings]
    return matches[0]


def test_the_reports_own_inconsistencies_are_found(hasil):
    f = find(hasil, "ANGGARAN_TOTAL_TIDAK_SAMA", "Anggaran", "E10")  # Kegiatan Administrasi Keuangan
    assert (f.file, f.values["stated"], f.values["computed"]) == (PK, D("1611182"), D("1611891182"))
    f = find(hasil, "ANGGARAN_TOTAL_TIDAK_SAMA", "Anggaran", "E23")  # Kegiatan Penyediaan Jasa Penunjang
    assert (f.values["stated"], f.values["computed"]) == (D("67180325"), D("76180314"))
    f = find(hasil, "ANGGARAN_TOTAL_TIDAK_SAMA", "Anggaran", "E6")  # the program that follows
    assert (f.values["stated"], f.values["computed"], f.values["difference"]) == (
        D("2110785470"),
        D("2110785459"),
        11,
    )
    f = find(hasil, "ANGGARAN_TOTAL_TIDAK_SAMA", "Jumlah Anggaran", "B8")  # the grand total
    assert (f.values["stated"], f.values["computed"]) == (D("2257682070"), D("2257682059"))
    f = find(hasil, "IKM_TIDAK_SAMA", "Sasaran", "J7")
    assert (f.values["stated"], f.values["computed"]) == (D("86.30"), D("85.00"))
    f = find(hasil, "PREDIKAT_TIDAK_SESUAI", "Sasaran", "I6")
    assert (f.values["stated"], f.values["computed"], f.values["score"]) == ("B", "BB", D("71.20"))
    f = find(hasil, "JUMLAH_TIDAK_SAMA", "Target Layanan", "C7")  # perizinan non-usaha
    assert (f.values["stated"], f.values["computed"]) == (
        1793,
        118 + 119 + 78 + 88 + 74 + 55 + 130 + 59 + 24 + 636,
    )
    f = find(hasil, "JUMLAH_PEGAWAI_TIDAK_SAMA", "Indikator Keluaran", "H8")
    assert (f.values["stated"], f.values["computed"]) == (D(9), 10)
    f = find(hasil, "PERSEN_TIDAK_SAMA", "Anggaran", "F10")  # the 0,10 % built on the typo
    assert f.values["stated"] == D("0.10")


def test_only_reconciliation_findings_and_no_errors(hasil):
    assert not hasil.has_errors
    assert {f.code for f in hasil.findings} <= RECONCILIATION


def test_budget_arithmetic(hasil):
    table = hasil.tables["anggaran"]
    subs = [r for r in table.rows if r.level == 3]
    assert len(subs) == 22
    assert len([r for r in table.rows if r.level == 1]) == 4
    for row in table.rows:
        if row.children:
            for m in ("pagu_murni", "pagu_perubahan", "realisasi"):
                assert row.values[m] == sum(table.rows[i].values[m] for i in row.children)
    total = table.total.values
    assert total["pagu_perubahan"] == sum(r.values["pagu_perubahan"] for r in subs) == D("2368755823")
    assert total["realisasi"] == D("2257682059")
    assert total["pagu_murni"] == D("2516295820")
    r = hasil.ringkasan
    assert (r["serapan"], r["serapan_tahun_lalu"], r["perubahan_serapan_poin"]) == (
        D("95.31"),
        D("97.52"),
        D("-2.21"),
    )


def test_wilayah_and_potensi_totals(hasil):
    wil = hasil.tables["wilayah"].total.values
    assert (wil["dusun"], wil["rw"], wil["rt"]) == (37, 65, 244)
    assert (wil["penduduk_l"], wil["penduduk_p"], wil["penduduk"]) == (25559, 25056, 50615)
    assert wil["luas"] == 2115
    assert hasil.tables["pertanian"].total.values["padi"] == 5864154
    assert hasil.tables["unggas"].total.values["ayam_kampung"] == 27925
    assert hasil.tables["industri"].total.values["jumlah"] == 953
    assert hasil.tables["sppt"].total.values["tersalurkan"] == 24984
    assert hasil.tables["sppt"].total.values["target"] == 24752


def test_performance_tables(hasil):
    pk = {r.values["nomor"]: r.values for r in hasil.tables["perjanjian_kinerja"].rows}
    assert round(pk[1]["capaian"], 2) == D("101.26")
    assert pk[1]["kategori"] == "Sangat Tinggi"
    assert round(pk[2]["capaian_renstra"], 2) == D("100.58")
    sakip = hasil.tables["sakip_komponen"].total.values
    assert (sakip["y2"], sakip["y1"], sakip["y0"]) == (D("60.59"), D("71.20"), D("72.10"))
    hist = hasil.tables["sasaran_riwayat"].rows[0].values
    assert round(hist["rata_rata"], 2) == D("67.96")
    assert hist["tren"] == "Meningkat"
    skm = hasil.skm
    assert (round(skm.ikm, 2), skm.mutu, skm.bobot) == (D("85.00"), "B", "1/9")
    assert "skm" not in hasil.settings  # computed figures are not settings
    assert hasil_to_dict(hasil)["pengaturan"]["skm"]["mutu"] == "B"  # the JSON keeps them where it had them
    counts = {
        (r.values["kelompok"], r.values["uraian"]): r.values["jumlah"]
        for r in hasil.tables["kepegawaian"].rows
    }
    assert counts[("Eselon", "III.a")] == 1 and counts[("Eselon", "IV.b")] == 2
    assert counts[("Status", "PNS")] == 10 and counts[("Status", "THL")] == 3


def test_json_is_stable_and_exact(hasil, tmp_path: Path):
    first = json.loads(dumps(hasil))
    again = json.loads(dumps(proses(EXAMPLE)))
    first.pop("dibuat"), again.pop("dibuat")
    assert first == again
    data = hasil_to_dict(hasil)
    assert data["tabel"]["anggaran"]["jumlah"]["realisasi"] == 2257682059
    text = dumps(hasil)
    assert '"realisasi": 2257682059' in text


def test_pandas_view(hasil):
    pytest.importorskip("pandas")
    frame = hasil.tabel("anggaran")
    assert list(frame.columns)[:4] == ["no", "kode", "uraian", "tingkat"]
    assert len(frame) == len(hasil.tables["anggaran"].rows) + 1


def _corrected(data: dict) -> None:
    """The report's mistakes corrected: stated figures set to what they should have been."""
    pk = data["perencanaan-keuangan"]
    rows = pk["anggaran"]
    money = ("pagu_murni", "pagu_perubahan", "realisasi")
    leaves = [r for r in rows if len(str(r["kode"]).split(".")) == 6]
    for row in rows:
        if row in leaves:
            continue
        children = [leaf for leaf in leaves if str(leaf["kode"]).startswith(str(row["kode"]) + ".")]
        for m in money:
            row[m] = sum(c.get(m) or 0 for c in children)
        row["serapan"] = round(row["realisasi"] / row["pagu_perubahan"] * 100, 2)
    totals = {m: sum(r.get(m) or 0 for r in leaves) for m in money}
    pk["anggaran_total"] = {
        **totals,
        "serapan": round(totals["realisasi"] / totals["pagu_perubahan"] * 100, 2),
    }
    for row in pk["sasaran"]:
        if row["nomor"] == 1:
            row["predikat_target"] = "BB"
        if row["nomor"] == 2:
            row["realisasi"] = 85.00
            row["capaian"] = round(85.00 / row["target"] * 100, 2)
    for row in pk["indikator_keluaran"]:
        if "Gaji" in row["indikator"]:
            row["realisasi"] = 10
        if "Perizinan Non Usaha" in row["indikator"]:
            row["realisasi"] = 1381
        target = row.get("target_perubahan", row.get("target_murni"))
        if row.get("target_murni") is not None and row.get("target_perubahan") not in (
            None,
            row["target_murni"],
        ):
            row["alasan_perubahan"] = "Penyesuaian pada anggaran perubahan"
        if row.get("realisasi") is None and (target or row.get("target_murni")):
            row["realisasi"] = target or row["target_murni"]
    pk["indikator_program"] = [r for r in pk["indikator_program"] if not str(r["kode"]).startswith("7.01.03")]
    for row in pk["indikator_program"]:
        row.setdefault("realisasi", row["target"])
    data["trantib-pelayanan"]["layanan_kategori"]["perizinan_non_usaha"]["realisasi"] = 1381
    for row in data["tata-pemerintahan"]["sakip_hasil"]:
        row["predikat"] = {2022: "B", 2023: "BB", 2024: "BB"}[row["tahun"]]


def test_corrected_copy_gives_no_false_alarms(tmp_path: Path):
    """The example with the report's mistakes corrected (stated figures kept, but right)
    yields no finding at all: every comparison path runs, none fires."""
    from tests.engine.test_reconcile import build_variant

    clean = proses(build_variant(tmp_path, _corrected))
    assert [(f.code, f.sheet, f.cell, f.message) for f in clean.findings] == []
    assert clean.ringkasan["realisasi"] == D("2257682059")


def test_dates_survive(hasil):
    assert all(isinstance(s.tanggal, dt.date) for s in hasil.sources)
