"""The bundled example examples/purwareja-klampok-2024: its generator and its data."""

from __future__ import annotations

import importlib.util
import sys
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
import yaml

from lkjip_excel.schema import SCHEMA
from lkjip_excel.settings import load_settings
from lkjip_excel.template import identities, template_filename
from lkjip_excel.workspace import render_settings

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "examples" / "build_example.py"
EXAMPLE = ROOT / "examples" / "purwareja-klampok-2024"
SETTINGS = EXAMPLE / "lkjip.toml"
DATA = EXAMPLE / "data.yaml"
MASUK = EXAMPLE / "masuk"

BULAN = ("jan", "feb", "mar", "apr", "mei", "jun", "jul", "agu", "sep", "okt", "nov", "des")
DESA = [
    ("001", "Purwareja"),
    ("002", "Kecitran"),
    ("003", "Sirkandi"),
    ("004", "Pagak"),
    ("005", "Kalilandak"),
    ("006", "Klampok"),
    ("007", "Kalimandi"),
    ("008", "Kaliwinasuh"),
]


def _load_script():
    spec = importlib.util.spec_from_file_location("build_example", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("build_example", module)
    spec.loader.exec_module(module)
    return module


build_example = _load_script()


def _sheets(path: Path) -> dict[str, list[tuple]]:
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return {ws.title: [tuple(row) for row in ws.iter_rows(values_only=True)] for ws in wb.worksheets}
    finally:
        wb.close()


@pytest.fixture(scope="module")
def data() -> dict:
    return build_example.load_data(DATA)


@pytest.fixture(scope="module")
def settings():
    return load_settings(SETTINGS)


# ------------------------------------------------------------------ (a) rebuild


def test_generator_rebuilds_the_committed_workbooks(tmp_path):
    written = build_example.build(SETTINGS, DATA, tmp_path)

    committed = sorted(p.name for p in MASUK.glob("*.xlsx"))
    assert sorted(p.name for p in written) == committed
    assert sorted(p.name for p in tmp_path.glob("*.xlsx")) == committed
    for name in committed:
        fresh, kept = _sheets(tmp_path / name), _sheets(MASUK / name)
        assert list(fresh) == list(kept), name
        for sheet in kept:
            assert fresh[sheet] == kept[sheet], f"{name} / {sheet}: isi berbeda; jalankan build_example.py"


# ------------------------------------------------------------- (b) all workbooks


def test_every_desa_and_section_workbook_is_committed(settings):
    wanted = identities(settings)
    assert [i.kode for i in wanted if i.jenis == "desa"] == [kode for kode, _ in DESA]
    assert sorted(i.jenis for i in wanted if i.jenis != "desa") == sorted(k.key for k in SCHEMA.section_kinds)
    assert len(wanted) == 14
    for identity in wanted:
        path = MASUK / template_filename(identity)
        assert path.is_file(), path
        sheets = _sheets(path)
        meta = {row[0]: row[1] for row in sheets["_lkjip"][1:]}
        assert meta["jenis"] == identity.jenis
        assert meta["kode"] == identity.kode
        assert meta["tahun"] == "2024"
        form = {row[0]: row[1] for row in sheets["Identitas"] if row and row[0]}
        assert form["Diisi oleh (nama)"], path
        assert form["Tanggal pengisian"].year == 2025 and form["Tanggal pengisian"].month == 1


def test_settings_file_is_what_init_writes(settings):
    expected = render_settings(
        "Purwareja Klampok", 2024, DESA, kabupaten="Banjarnegara", provinsi="Jawa Tengah"
    )
    assert SETTINGS.read_text(encoding="utf-8") == expected
    assert [(d.kode, d.nama) for d in settings.desa] == DESA
    assert settings.kabupaten == "Banjarnegara" and settings.provinsi == "Jawa Tengah"
    assert set(settings.seksi) == {k.key for k in SCHEMA.section_kinds}


# ------------------------------------------------------------- (c) strictness


def _write_bad(tmp_path: Path, mutate) -> Path:
    bad = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    mutate(bad)
    path = tmp_path / "data.yaml"
    path.write_text(yaml.safe_dump(bad, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_unknown_table_key_fails_with_a_clear_message(tmp_path, capsys):
    path = _write_bad(tmp_path, lambda d: d["desa"]["003"].update({"wilayahh": {"luas": 1}}))
    out = tmp_path / "keluar"

    code = build_example.main(["--data", str(path), "--pengaturan", str(SETTINGS), "--keluar", str(out)])

    err = capsys.readouterr().err
    assert code == 1
    assert "desa.003" in err and "'wilayahh'" in err and "tidak dikenal" in err
    assert "wilayah" in err.split("tabel yang ada:")[1]  # the message lists the real tables
    assert not out.exists() or not any(out.iterdir()), "nothing is written when the data is wrong"


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda d: d["desa"]["001"]["wilayah"].update({"luass": 3}), "kolom 'luass' tidak dikenal"),
        (lambda d: d["desa"]["001"]["industri"].update({"menengah": {"unit": 1}}), "kunci baris 'menengah'"),
        (lambda d: d["tata-pemerintahan"]["sppt"].update({"009": {"target": 1}}), "kode desa '009'"),
        (lambda d: d["pmd"]["apbdes"].update({"jumlah": {"status": "Selesai"}}), "kode desa 'jumlah'"),
        (lambda d: d["desa"].update({"009": {}}), "kode desa '009' tidak dikenal"),
        (lambda d: d.update({"kelurahan": {}}), "formulir 'kelurahan' tidak dikenal"),
        (lambda d: d["kesra"].pop("kegiatan_kesra"), "tabel 'kegiatan_kesra' tidak ada"),
        (lambda d: d["desa"]["002"]["wilayah"].update({"rt": "30"}), "harus angka"),
        (lambda d: d["desa"]["002"]["tambang"].update({"pasir": {"bahan": "Pasir"}}), "diisi oleh templat"),
        (
            lambda d: d["umum-kepegawaian"]["pegawai"][0].update({"eselon": "III-a"}),
            "tidak ada dalam pilihan",
        ),
        (lambda d: d["umum-kepegawaian"]["identitas"].update({"kode": "x"}), "diisi oleh templat"),
    ],
)
def test_other_drift_is_an_error(tmp_path, mutate, expected):
    path = _write_bad(tmp_path, mutate)
    with pytest.raises(build_example.DataError) as info:
        build_example.build(SETTINGS, path, tmp_path / "keluar")
    assert expected in str(info.value)


def test_duplicate_yaml_key_is_an_error(tmp_path):
    text = DATA.read_text(encoding="utf-8").replace("      dusun: 5\n", "      dusun: 5\n      dusun: 6\n", 1)
    path = tmp_path / "data.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(build_example.DataError, match="'dusun' tertulis dua kali"):
        build_example.build(SETTINGS, path, tmp_path / "keluar")


# --------------------------------------------- the data reproduces the report


def test_fill_ins_add_up_to_the_report(data):
    desa = data["desa"]
    wilayah = [desa[k]["wilayah"] for k, _ in DESA]
    assert sum(w["luas"] for w in wilayah) == 2115
    assert sum(w["penduduk_l"] for w in wilayah) == 25559
    assert sum(w["penduduk_p"] for w in wilayah) == 25056
    assert [sum(w[k] for w in wilayah) for k in ("dusun", "rt", "rw")] == [37, 244, 65]

    sppt = data["tata-pemerintahan"]["sppt"]
    assert sum(sppt[k]["target"] for k, _ in DESA) == 24752
    assert sppt["jumlah"] == {"target": 24752, "tersalurkan": 24984}
    assert [desa[k]["pbb"]["sppt_disampaikan"] for k, _ in DESA] == [
        3148,
        3445,
        4586,
        2330,
        2672,
        2726,
        3264,
        2813,
    ]

    anggaran = data["perencanaan-keuangan"]["anggaran"]
    subs = [r for r in anggaran if r["kode"].count(".") == 5]
    assert len(subs) == 22
    assert sum(r["pagu_murni"] for r in subs) == 2516295820
    assert sum(r["pagu_perubahan"] for r in subs) == 2368755823

    layanan = {r["jenis"]: r for r in data["trantib-pelayanan"]["layanan"]}
    yearly = {jenis: sum(r[b] for b in BULAN) for jenis, r in layanan.items()}
    assert yearly["KTP"] == 1899 and yearly["KK"] == 1639 and yearly["Pindah domisili"] == 636
    assert layanan["KTP"]["target"] == layanan["KK"]["target"] == 1000
    semester = data["trantib-pelayanan"]["skm_semester"]
    assert semester["1"]["populasi"] == sum(sum(r[b] for b in BULAN[:6]) for r in layanan.values())
    assert semester["2"]["populasi"] == sum(sum(r[b] for b in BULAN[6:]) for r in layanan.values())

    printed = [
        Decimal(v) for v in ("3.340", "3.380", "3.200", "3.970", "3.180", "3.390", "3.380", "3.380", "3.380")
    ]
    nrr = data["trantib-pelayanan"]["skm_nrr"]
    means = [
        (Decimal(str(nrr[f"u{i}"]["nrr_1"])) + Decimal(str(nrr[f"u{i}"]["nrr_2"]))) / 2 for i in range(1, 10)
    ]
    assert means == printed


def test_the_reports_own_errors_are_kept_as_printed(data):
    anggaran = {r["kode"]: r for r in data["perencanaan-keuangan"]["anggaran"]}
    assert anggaran["7.01.01.2.02"]["realisasi"] == 1611182  # sub kegiatan sum 1.611.891.182
    assert anggaran["7.01.01.2.02"]["serapan"] == pytest.approx(0.10)
    assert anggaran["7.01.01.2.08"]["realisasi"] == 67180325  # sub kegiatan sum 76.180.314
    sasaran = {s["nomor"]: s for s in data["perencanaan-keuangan"]["sasaran"]}
    assert sasaran[1]["predikat_target"] == "B" and sasaran[1]["target"] == pytest.approx(71.20)
    assert sasaran[1]["capaian"] == pytest.approx(101.26)
    hasil = {h["tahun"]: h["predikat"] for h in data["tata-pemerintahan"]["sakip_hasil"]}
    assert hasil == {2022: "CC", 2023: "B", 2024: "BB"}
    kategori = data["trantib-pelayanan"]["layanan_kategori"]["perizinan_non_usaha"]
    rincian = sum(
        sum(r[b] for b in BULAN)
        for r in data["trantib-pelayanan"]["layanan"]
        if r["kategori"] == "Perizinan non-usaha"
    )
    assert kategori == {"target": 1500, "realisasi": 1793} and rincian == 1381


def test_desa_and_section_figures_agree(data):
    tp, pmd = data["tata-pemerintahan"], data["pmd"]
    for kode, _ in DESA:
        desa = data["desa"][kode]
        assert desa["pbb"]["sppt_disampaikan"] == tp["sppt"][kode]["tersalurkan"]
        assert {k: row["jumlah"] for k, row in desa["dokumen"].items()} == tp["dokumen_fasilitasi"][kode]
        section = pmd["musrenbang_desa"][kode]
        assert {k: desa["musrenbang"][k] for k in section} == section
