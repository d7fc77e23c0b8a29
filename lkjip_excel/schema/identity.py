"""The identity block every workbook carries, and the hidden sheet that records it."""

from __future__ import annotations

from .columns import date, text, year
from .model import Layout, Table

#: the hidden sheet where the template records what it is (kind, code, year, version)
META_SHEET = "_lkjip"
#: the hidden sheet holding long choice lists for data validation
LISTS_SHEET = "_daftar"

IDENTITY = Table(
    name="identitas",
    sheet="Identitas",
    title="Identitas Formulir",
    layout=Layout.FORM,
    description="Kolom abu-abu diisi otomatis, jangan diubah. Isi nama pengisi dan tanggal.",
    columns=(
        text("jenis", "Jenis formulir", locked=True, required=True),
        text("kode", "Kode", locked=True, required=True),
        text("nama", "Nama desa / seksi", locked=True, required=True),
        text("kecamatan", "Kecamatan", locked=True, required=True),
        text("kabupaten", "Kabupaten", locked=True),
        year("tahun", "Tahun laporan", locked=True, required=True),
        text("versi_skema", "Versi standar isian", locked=True, required=True),
        text("diisi_oleh", "Diisi oleh (nama)", required=True, max_length=100),
        text("jabatan", "Jabatan pengisi", max_length=100),
        text("telepon", "Nomor telepon / WA", max_length=30),
        date("tanggal", "Tanggal pengisian", required=True),
    ),
)

#: the keys written in the hidden meta sheet, in order
META_KEYS = ("jenis", "kode", "nama", "kecamatan", "kabupaten", "tahun", "versi_skema")

#: the identity fields every source a workbook carries must agree on (the hidden sheet, the
#: Identitas sheet, the document properties, the sheet subtitles); ``versi_skema`` is not
#: one of them (it says which template, not whose workbook)
IDENTITY_FIELDS = ("jenis", "kode", "nama", "kecamatan", "kabupaten", "tahun")
