"""Build filled workbooks for the reading tests, and break them in the ways people do."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import openpyxl

from lkjip_excel.settings import Settings
from lkjip_excel.template import Identity, identities, write_workbook

FILLED = {"diisi_oleh": "Operator Desa", "tanggal": dt.date(2026, 1, 10)}


def desa_data() -> dict:
    return {
        "wilayah": {
            "luas": Decimal("250.5"),
            "dusun": 5,
            "rw": 10,
            "rt": 40,
            "penduduk_l": 3000,
            "penduduk_p": 3100,
        },
        "pertanian_pangan": [
            {"komoditas": "Padi", "produksi": 900000, "satuan": "kg"},
            {"komoditas": "Jagung", "produksi": 6000, "satuan": "kg"},
        ],
        "perikanan": {"kolam": {"produksi": 1000}, "pancing": {"produksi": 100}},
        "peternakan": {
            "sapi": {"populasi": 5},
            "kambing": {"populasi": 405},
            "ayam_kampung": {"populasi": 4718},
        },
        "tambang": {"pasir": {"lokasi": 1}},
        "wisata": [{"nama": "Rawalutung", "jenis": "Buatan"}],
        "industri": {"rumah_tangga": {"unit": 225}, "kecil": {"unit": 25}},
        "produk_unggulan": [{"produk": "Keramik", "usaha": 13}],
        "pbb": {"sppt_diterima": 3150, "sppt_disampaikan": 3148},
        "dokumen": {
            row: {"disampaikan": "Ya", "tanggal": dt.date(2025, 3, 1), "jumlah": 1}
            for row in (
                "perdes_perkades",
                "administrasi",
                "keuangan_aset",
                "sinkronisasi_perencanaan",
                "trantibum",
                "pemberdayaan",
                "pendampingan",
            )
        },
        "musrenbang": {"tanggal": dt.date(2025, 1, 20), "lembaga": 10, "peserta_l": 40, "peserta_p": 25},
    }


def keuangan_data() -> dict:
    return {
        "anggaran": [
            {
                "kode": "7.01.01",
                "uraian": "Program Penunjang",
                "pagu_perubahan": 3000000,
                "realisasi": 2041000,
            },
            {
                "kode": "7.01.01.2.01.0001",
                "uraian": "Penyusunan Dokumen Perencanaan",
                "pagu_murni": 1500000,
                "pagu_perubahan": 1500000,
                "realisasi": 630000,
            },
            {
                "kode": "7.01.01.2.01.0006",
                "uraian": "Laporan Capaian Kinerja",
                "pagu_murni": 1500000,
                "pagu_perubahan": 1500000,
                "realisasi": 1411000,
            },
        ],
        "indikator_keluaran": [
            {
                "kode_sub_kegiatan": "7.01.01.2.01.0001",
                "indikator": "Jumlah Dokumen Perencanaan",
                "satuan": "dokumen",
                "polaritas": "Positif",
                "target_murni": 8,
                "target_perubahan": 8,
                "realisasi": 8,
            }
        ],
        "sasaran": [
            {
                "nomor": 1,
                "sasaran": "Sasaran satu",
                "indikator": "Nilai SAKIP",
                "target": Decimal("71.2"),
                "realisasi": Decimal("72.1"),
            }
        ],
        "anggaran_tahun_lalu": {"tahun": 2024, "pagu": 2313453250, "realisasi": 2256061297},
        "peta_sasaran": [{"nomor_sasaran": 1, "kode": "7.01.01"}],
    }


def identity_of(settings: Settings, jenis: str, kode: str | None = None) -> Identity:
    for ident in identities(settings):
        if ident.jenis == jenis and (kode is None or ident.kode == kode):
            return ident
    raise KeyError((jenis, kode))


def write_desa(
    path: Path, settings: Settings, kode: str = "001", data: dict | None = None, **identity
) -> Path:
    ident = identity_of(settings, "desa", kode)
    if identity:
        ident = Identity(**{**ident.__dict__, **identity})
    return write_workbook(path, ident, settings, data if data is not None else desa_data(), FILLED)


def write_keuangan(path: Path, settings: Settings, data: dict | None = None) -> Path:
    ident = identity_of(settings, "perencanaan-keuangan")
    return write_workbook(path, ident, settings, data if data is not None else keuangan_data(), FILLED)


def edit(path: Path, change, out: Path | None = None) -> Path:
    """Open with openpyxl (as a program would), apply ``change(wb)``, save."""
    wb = openpyxl.load_workbook(path)
    change(wb)
    target = out or path
    wb.save(target)
    return target
