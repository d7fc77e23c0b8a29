"""The desa workbook: one per desa, filled by the desa office."""

from __future__ import annotations

from .columns import choice, count, date, decimal, text, yesno
from .kinds import SectionKind
from .model import FixedRow, Kind, Layout, Table

KOMODITAS_PANGAN = (
    "Padi",
    "Jagung",
    "Ubi kayu",
    "Ubi jalar",
    "Kacang tanah",
    "Kedelai",
    "Kacang hijau",
)

TERNAK = (
    FixedRow("sapi", "Sapi", group="besar"),
    FixedRow("kerbau", "Kerbau", group="besar"),
    FixedRow("kambing", "Kambing", group="kecil"),
    FixedRow("domba", "Domba", group="kecil"),
    FixedRow("babi", "Babi", group="kecil"),
    FixedRow("kelinci", "Kelinci", group="kecil"),
    FixedRow("ayam_kampung", "Ayam kampung", group="unggas"),
    FixedRow("ayam_broiler", "Ayam broiler", group="unggas"),
    FixedRow("ayam_ras_petelur", "Ayam ras petelur", group="unggas"),
    FixedRow("itik_manila", "Itik manila", group="unggas"),
    FixedRow("itik_biasa", "Itik biasa", group="unggas"),
)

#: documents a desa submits to the kecamatan; the sections facilitate the same kinds
DOKUMEN = (
    FixedRow("perdes_perkades", "Peraturan Desa / Peraturan Kepala Desa"),
    FixedRow("administrasi", "Administrasi tata pemerintahan desa"),
    FixedRow("keuangan_aset", "Pengelolaan keuangan dan aset desa"),
    FixedRow("sinkronisasi_perencanaan", "Sinkronisasi perencanaan pembangunan"),
    FixedRow("trantibum", "Ketenteraman dan ketertiban umum"),
    FixedRow("pemberdayaan", "Program pemberdayaan masyarakat desa"),
    FixedRow("pendampingan", "Koordinasi pendampingan desa"),
)

_TOTAL = FixedRow("jumlah", "Jumlah", total=True)

DESA = Kind(
    key=SectionKind.DESA,
    label="Formulir Desa",
    description="Data wilayah, potensi, PBB, dokumen dan musrenbang satu desa.",
    per_desa=True,
    tables=(
        Table(
            name="wilayah",
            sheet="Wilayah",
            title="Wilayah dan Penduduk",
            layout=Layout.FORM,
            description="Keadaan akhir tahun laporan.",
            columns=(
                decimal("luas", "Luas wilayah", "ha", required=True, maximum=100_000),
                count("dusun", "Jumlah dusun", "dusun", required=True, maximum=100),
                count("rw", "Jumlah RW", "RW", required=True, maximum=500),
                count("rt", "Jumlah RT", "RT", required=True, maximum=2_000),
                count("penduduk_l", "Penduduk laki-laki", "jiwa", required=True, maximum=1_000_000),
                count("penduduk_p", "Penduduk perempuan", "jiwa", required=True, maximum=1_000_000),
                count(
                    "penduduk_jumlah",
                    "Jumlah penduduk (jika tercantum di dokumen desa)",
                    "jiwa",
                    maximum=2_000_000,
                    stated=True,
                ),
            ),
        ),
        Table(
            name="pertanian_pangan",
            sheet="Pertanian",
            title="Produksi Pertanian Tanaman Pangan",
            description="Satu baris per komoditas. Kosongkan bila tidak ada.",
            key=("komoditas",),
            max_rows=15,
            required=False,
            columns=(
                choice("komoditas", "Komoditas", KOMODITAS_PANGAN, required=True, width=18),
                decimal("produksi", "Produksi", required=True, maximum=100_000_000),
                choice("satuan", "Satuan", ("kg", "kuintal", "ton"), required=True),
            ),
        ),
        Table(
            name="perikanan",
            sheet="Perikanan",
            title="Produksi Perikanan Darat",
            description="Produksi setahun per cara tangkap/budidaya (ikan jahir, gurami, bawal, lele, dll.).",
            layout=Layout.FIXED,
            rows=(
                FixedRow("jala_tebar", "Jala tebar"),
                FixedRow("pancing", "Pancing"),
                FixedRow("kolam", "Kolam"),
                _TOTAL,
            ),
            columns=(
                text("cara", "Cara", width=16),
                decimal("produksi", "Produksi", "kg", maximum=10_000_000),
            ),
        ),
        Table(
            name="peternakan",
            sheet="Peternakan",
            title="Populasi Ternak",
            layout=Layout.FIXED,
            rows=TERNAK,
            columns=(
                text("jenis", "Jenis ternak", width=20),
                count("populasi", "Populasi", "ekor"),
            ),
        ),
        Table(
            name="tambang",
            sheet="Tambang",
            title="Lokasi Tambang Tidak Berizin",
            layout=Layout.FIXED,
            rows=(
                FixedRow("pasir", "Pasir"),
                FixedRow("kerikil", "Kerikil"),
                FixedRow("batu", "Batu"),
                _TOTAL,
            ),
            columns=(
                text("bahan", "Bahan tambang", width=16),
                count("lokasi", "Jumlah lokasi", "lokasi", maximum=1_000),
            ),
        ),
        Table(
            name="wisata",
            sheet="Wisata",
            title="Objek Wisata",
            key=("nama",),
            max_rows=15,
            required=False,
            columns=(
                text("nama", "Nama objek wisata", required=True, max_length=200, width=36),
                choice("jenis", "Jenis", ("Alam", "Buatan"), required=True),
                text("keterangan", "Keterangan (prestasi, pengelola, dll.)", width=40),
            ),
        ),
        Table(
            name="industri",
            sheet="Industri",
            title="Industri menurut Skala Usaha",
            layout=Layout.FIXED,
            rows=(
                FixedRow("rumah_tangga", "Industri rumah tangga"),
                FixedRow("kecil", "Industri kecil"),
                FixedRow("sedang", "Industri sedang"),
                FixedRow("besar", "Industri besar"),
                _TOTAL,
            ),
            columns=(
                text("skala", "Skala usaha", width=22),
                count("unit", "Jumlah usaha", "unit", maximum=100_000),
            ),
        ),
        Table(
            name="produk_unggulan",
            sheet="Produk Unggulan",
            title="Produk Unggulan Desa",
            key=("produk",),
            max_rows=15,
            required=False,
            columns=(
                text("produk", "Produk", required=True, max_length=200, width=30),
                count("usaha", "Jumlah usaha", "unit", maximum=100_000),
                text("keterangan", "Keterangan", width=44),
            ),
        ),
        Table(
            name="pbb",
            sheet="PBB",
            title="SPPT PBB-P2",
            layout=Layout.FORM,
            description="Lembar SPPT yang diterima desa dan yang sudah disampaikan ke wajib pajak.",
            columns=(
                count("sppt_diterima", "SPPT diterima", "lembar", required=True, maximum=200_000),
                count("sppt_disampaikan", "SPPT disampaikan", "lembar", required=True, maximum=200_000),
            ),
        ),
        Table(
            name="dokumen",
            sheet="Dokumen",
            title="Dokumen yang Disampaikan ke Kecamatan",
            description="Untuk tiap jenis dokumen: sudah disampaikan atau belum, tanggal, dan jumlah dokumen.",
            layout=Layout.FIXED,
            rows=DOKUMEN,
            columns=(
                text("jenis", "Jenis dokumen", width=40),
                yesno("disampaikan", "Disampaikan", required=True),
                date("tanggal", "Tanggal penyampaian"),
                count("jumlah", "Jumlah", "dokumen", maximum=1_000),
            ),
        ),
        Table(
            name="musrenbang",
            sheet="Musrenbang",
            title="Musyawarah Perencanaan Pembangunan Desa",
            layout=Layout.FORM,
            columns=(
                date("tanggal", "Tanggal musrenbang desa", required=True),
                count("lembaga", "Lembaga kemasyarakatan yang hadir", "lembaga", required=True, maximum=100),
                text("nama_lembaga", "Nama lembaga yang hadir", max_length=1000),
                count("peserta_l", "Peserta laki-laki", "orang", required=True, maximum=10_000),
                count("peserta_p", "Peserta perempuan", "orang", required=True, maximum=10_000),
            ),
        ),
    ),
)
