"""Each cross-source and stated-total check fires where a disagreement is injected."""

from __future__ import annotations

import importlib.util
from decimal import Decimal as D
from pathlib import Path

import pytest
import yaml

from lkjip_excel.engine import proses

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "purwareja-klampok-2024"


def _builder():
    spec = importlib.util.spec_from_file_location("build_example", ROOT / "examples" / "build_example.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build_variant(tmp_path: Path, change) -> Path:
    data = yaml.safe_load((EXAMPLE / "data.yaml").read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "data.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    workspace = tmp_path / "ws"
    (workspace / "masuk").mkdir(parents=True)
    (workspace / "lkjip.toml").write_bytes((EXAMPLE / "lkjip.toml").read_bytes())
    _builder().build(EXAMPLE / "lkjip.toml", path, workspace / "masuk")
    return workspace


def inject(data: dict) -> None:
    desa = data["desa"]["001"]
    desa["pbb"]["sppt_disampaikan"] = 3100  # tapem says 3148
    desa["musrenbang"]["peserta_p"] = 25  # pmd says 18
    desa["dokumen"]["trantibum"]["jumlah"] = 2  # tapem facilitated 1
    desa["wilayah"]["penduduk_jumlah"] = 1  # stated total far from L + P
    desa["perikanan"]["jumlah"] = {"produksi": 1300}  # 150 + 100 + 1000 = 1250
    tapem = data["tata-pemerintahan"]
    tapem["sppt"]["jumlah"]["tersalurkan"] = 25000  # the desa rows sum to 24984
    tapem["sakip_hasil"][2]["nilai"] = 73.00  # components sum to 72.10
    for row in data["perencanaan-keuangan"]["indikator_keluaran"]:
        if row["indikator"].startswith("Jumlah Dokumen Perencanaan"):
            row["target_perubahan"] = 0  # realisasi 8 against a zero target


@pytest.fixture(scope="module")
def injected(tmp_path_factory):
    return proses(build_variant(tmp_path_factory.mktemp("injected"), inject))


def where(hasil, code: str) -> set[tuple]:
    return {(f.file, f.sheet, f.cell) for f in hasil.findings if f.code == code}


def test_sppt_desa_versus_tata_pemerintahan(injected):
    assert ("2024-tata-pemerintahan.xlsx", "SPPT", "D6") in where(injected, "SUMBER_TIDAK_SAMA")
    f = next(f for f in injected.findings if f.code == "SUMBER_TIDAK_SAMA" and f.sheet == "SPPT")
    assert (f.values["a"], f.values["b"]) == (3148, 3100)


def test_musrenbang_desa_versus_pmd(injected):
    assert ("2024-pmd.xlsx", "Musrenbang", "F6") in where(injected, "SUMBER_TIDAK_SAMA")


def test_documents_desa_versus_facilitated(injected):
    assert ("2024-tata-pemerintahan.xlsx", "Fasilitasi Dokumen", "G6") in where(injected, "SUMBER_TIDAK_SAMA")


def test_stated_totals(injected):
    totals = where(injected, "JUMLAH_TIDAK_SAMA")
    assert ("2024-desa-001-purwareja.xlsx", "Wilayah", "B12") in totals
    assert ("2024-desa-001-purwareja.xlsx", "Perikanan", "B9") in totals
    assert ("2024-tata-pemerintahan.xlsx", "SPPT", "D14") in totals


def test_sakip_stated_score(injected):
    f = next(f for f in injected.findings if f.code == "SAKIP_TIDAK_SAMA" and f.sheet == "Hasil SAKIP")
    assert (f.cell, f.values["stated"], f.values["computed"]) == ("B8", D("73.00"), D("72.10"))


def test_zero_target_has_no_capaian_and_a_finding(injected):
    assert where(injected, "TARGET_KOSONG")
    row = next(
        r
        for r in injected.tables["indikator_keluaran"].rows
        if r.values["indikator"].startswith("Jumlah Dokumen Perencanaan")
    )
    assert row.values["capaian"] is None and row.flags


def test_pooled_responses_are_used_when_asked(tmp_path: Path):
    def pooled(data):
        data["trantib-pelayanan"]["skm_responden"] = [
            {"semester": 1 + i % 2, **{f"u{k}": 3 + (i + k) % 2 for k in range(1, 10)}} for i in range(40)
        ]

    workspace = build_variant(tmp_path, pooled)
    toml = (workspace / "lkjip.toml").read_text(encoding="utf-8")
    (workspace / "lkjip.toml").write_text(
        toml.replace('skm_tahunan = "rata-rata semester"', 'skm_tahunan = "gabungan responden"'),
        encoding="utf-8",
    )
    hasil = proses(workspace)
    assert hasil.skm.metode_tahunan == "gabungan jawaban responden"
    # every unsur's pooled mean is 3.5 (half 3s, half 4s), so IKM = 3.5 x 25
    assert hasil.skm.ikm == D("87.5")
