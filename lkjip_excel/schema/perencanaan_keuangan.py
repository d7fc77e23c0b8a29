"""The workbook of the Sub Bagian Perencanaan dan Keuangan: budget, indicators, sasaran."""

from __future__ import annotations

from .cocok import INDIKATOR_CHECKS, SASARAN_CHECKS, cocok
from .columns import (
    BUDGET_CODE,
    BUDGET_CODE_HINT,
    PROGRAM_KEGIATAN_CODE,
    SUB_KEGIATAN_CODE,
    choice,
    count,
    decimal,
    percent,
    polarity,
    rupiah,
    text,
    year,
)
from .kinds import SectionKind
from .model import Kind, Layout, Table

PREDIKAT = ("AA", "A", "BB", "B", "CC", "C", "D")

PERENCANAAN_KEUANGAN = Kind(
    key=SectionKind.PERENCANAAN_KEUANGAN,
    label="Sub Bagian Perencanaan dan Keuangan",
    description="Anggaran dan realisasinya, indikator keluaran, sasaran/IKU/Perjanjian Kinerja.",
    tables=(
        Table(
            name="anggaran",
            sheet="Anggaran",
            title="Alokasi dan Realisasi Anggaran",
            description=(
                "Salin dari aplikasi keuangan: satu baris per sub kegiatan (wajib). Baris program "
                "dan kegiatan boleh ikut disalin; jumlahnya akan diperiksa terhadap sub kegiatannya."
            ),
            key=("kode",),
            max_rows=200,
            columns=(
                text(
                    "kode",
                    "Kode rekening",
                    required=True,
                    max_length=25,
                    pattern=BUDGET_CODE,
                    pattern_hint=BUDGET_CODE_HINT,
                    width=20,
                ),
                text("uraian", "Uraian program / kegiatan / sub kegiatan", required=True, width=60),
                rupiah("pagu_murni", "Pagu murni (DPA)"),
                rupiah("pagu_perubahan", "Pagu perubahan (DPPA)", required=True),
                rupiah("realisasi", "Realisasi", required=True),
                percent("serapan", "Serapan tertulis", maximum=200, stated=True),
                choice("penanggung_jawab", "Seksi penanggung jawab", choices_from="seksi", width=30),
            ),
        ),
        Table(
            name="indikator_keluaran",
            sheet="Indikator Keluaran",
            title="Indikator Keluaran Sub Kegiatan",
            key=("kode_sub_kegiatan", "indikator"),
            max_rows=100,
            columns=(
                text(
                    "kode_sub_kegiatan",
                    "Kode sub kegiatan",
                    max_length=25,
                    pattern=SUB_KEGIATAN_CODE,
                    pattern_hint="contoh 7.01.01.2.01.0001; kosongkan bila tidak ada di anggaran",
                    width=20,
                ),
                text("indikator", "Indikator keluaran", required=True, width=60),
                text("satuan", "Satuan", required=True, max_length=30, width=12),
                polarity(),
                decimal("target_murni", "Target murni"),
                decimal("target_perubahan", "Target perubahan"),
                text("alasan_perubahan", "Alasan perubahan target", width=36),
                decimal("realisasi", "Realisasi"),
                cocok(INDIKATOR_CHECKS),
            ),
        ),
        Table(
            name="indikator_program",
            sheet="Indikator Program",
            title="Indikator Kinerja Program dan Kegiatan",
            description=(
                "Indikator program dan kegiatan (misalnya 'Persentase ...' dengan target 100). "
                "Kodenya harus ada di lembar Anggaran sebagai program atau kegiatan."
            ),
            key=("kode", "indikator"),
            max_rows=50,
            required=False,
            since="1.2",
            columns=(
                text(
                    "kode",
                    "Kode program / kegiatan",
                    required=True,
                    max_length=25,
                    pattern=PROGRAM_KEGIATAN_CODE,
                    pattern_hint="contoh 7.01.01 (program) atau 7.01.01.2.01 (kegiatan)",
                    width=20,
                    since="1.2",
                ),
                text("indikator", "Indikator kinerja", required=True, width=60, since="1.2"),
                text("satuan", "Satuan", max_length=30, width=12, since="1.2"),
                decimal("target", "Target", since="1.2"),
                decimal("realisasi", "Realisasi", since="1.2"),
            ),
        ),
        Table(
            name="sasaran",
            sheet="Sasaran",
            title="Sasaran Strategis, IKU dan Perjanjian Kinerja",
            key=("nomor",),
            max_rows=10,
            columns=(
                count("nomor", "No. sasaran", required=True, minimum=1, maximum=20),
                text("sasaran", "Sasaran strategis", required=True, width=44),
                text("indikator", "Indikator kinerja", required=True, width=36),
                text("formulasi", "Formulasi", width=30),
                text("sumber_data", "Sumber data", width=16),
                text("satuan", "Satuan", max_length=30),
                polarity(),
                decimal("target", "Target tahun ini", required=True, maximum=1_000_000),
                choice("predikat_target", "Predikat target tertulis", PREDIKAT, stated=True),
                decimal("realisasi", "Realisasi tahun ini", maximum=1_000_000),
                decimal("target_renstra", "Target akhir Renstra", maximum=1_000_000),
                year("tahun_renstra", "Tahun akhir Renstra"),
                decimal("realisasi_min2", "Realisasi 2 tahun lalu", maximum=1_000_000),
                decimal("realisasi_min1", "Realisasi tahun lalu", maximum=1_000_000),
                percent("capaian", "Capaian tertulis", stated=True),
                cocok(SASARAN_CHECKS),
            ),
        ),
        Table(
            name="anggaran_total",
            sheet="Jumlah Anggaran",
            title="Jumlah Anggaran Tertulis",
            description=(
                "Boleh dikosongkan. Isi bila dokumen (DPA/laporan aplikasi) mencantumkan jumlah "
                "seluruh anggaran; angka ini dicocokkan dengan jumlah sub kegiatan."
            ),
            layout=Layout.FORM,
            required=False,
            columns=(
                rupiah("pagu_murni", "Jumlah pagu murni (DPA)", stated=True),
                rupiah("pagu_perubahan", "Jumlah pagu perubahan (DPPA)", stated=True),
                rupiah("realisasi", "Jumlah realisasi", stated=True),
                percent("serapan", "Serapan tertulis", maximum=200, stated=True),
            ),
        ),
        Table(
            name="anggaran_tahun_lalu",
            sheet="Anggaran Tahun Lalu",
            title="Anggaran dan Realisasi Tahun Lalu",
            layout=Layout.FORM,
            columns=(
                year("tahun", "Tahun", required=True),
                rupiah("pagu", "Pagu", required=True),
                rupiah("realisasi", "Realisasi", required=True),
                percent("serapan", "Serapan tertulis", maximum=200, stated=True),
            ),
        ),
        Table(
            name="peta_sasaran",
            sheet="Peta Sasaran",
            title="Program/Kegiatan yang Mendukung Tiap Sasaran",
            description="Untuk tabel efisiensi: kode program, kegiatan atau sub kegiatan per sasaran.",
            key=("nomor_sasaran", "kode"),
            max_rows=50,
            columns=(
                count("nomor_sasaran", "No. sasaran", required=True, minimum=1, maximum=20),
                text(
                    "kode",
                    "Kode program / kegiatan / sub kegiatan",
                    required=True,
                    max_length=25,
                    pattern=BUDGET_CODE,
                    pattern_hint=BUDGET_CODE_HINT,
                    width=24,
                ),
            ),
        ),
    ),
)
