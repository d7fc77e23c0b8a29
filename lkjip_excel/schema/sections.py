"""The workbooks of the other sections: kepegawaian, tata pemerintahan, PMD, kesra, trantib."""

from __future__ import annotations

from .cocok import INDIKATOR_CHECKS, cocok
from .columns import SUB_KEGIATAN_CODE, choice, count, date, decimal, polarity, text, year
from .desa import DOKUMEN
from .kinds import SectionKind
from .model import FixedRow, Kind, Layout, Table
from .perencanaan_keuangan import PREDIKAT

ESELON = ("II.a", "II.b", "III.a", "III.b", "IV.a", "IV.b", "Non-eselon")
STATUS_PEGAWAI = ("PNS", "PPPK", "THL")
PENDIDIKAN = ("SD", "SMP", "SMA/SMK", "D1/D2/D3", "S1/D4", "S2", "S3")

UNSUR_SKM = (
    FixedRow("u1", "Persyaratan"),
    FixedRow("u2", "Prosedur"),
    FixedRow("u3", "Waktu pelayanan"),
    FixedRow("u4", "Biaya/tarif"),
    FixedRow("u5", "Produk spesifikasi jenis pelayanan"),
    FixedRow("u6", "Kompetensi pelaksana"),
    FixedRow("u7", "Perilaku pelaksana"),
    FixedRow("u8", "Sarana dan prasarana"),
    FixedRow("u9", "Penanganan pengaduan"),
)

BULAN = ("jan", "feb", "mar", "apr", "mei", "jun", "jul", "agu", "sep", "okt", "nov", "des")
KATEGORI_LAYANAN = ("Non-perizinan", "Perizinan non-usaha")

UMUM_KEPEGAWAIAN = Kind(
    key=SectionKind.UMUM_KEPEGAWAIAN,
    label="Sub Bagian Umum dan Kepegawaian",
    description="Pegawai kecamatan dan target jumlah pegawai.",
    tables=(
        Table(
            name="pegawai",
            sheet="Pegawai",
            title="Daftar Pegawai",
            description="Satu baris per pegawai (PNS, PPPK dan THL). Nama boleh dikosongkan.",
            max_rows=100,
            columns=(
                text("nama", "Nama (boleh kosong)", max_length=100, width=28),
                text("jabatan", "Jabatan", required=True, max_length=150, width=36),
                choice("eselon", "Eselon", ESELON, required=True),
                choice("status", "Status", STATUS_PEGAWAI, required=True),
                choice("pendidikan", "Pendidikan terakhir", PENDIDIKAN, required=True),
                choice("jenis_kelamin", "Jenis kelamin", ("L", "P"), required=True),
            ),
        ),
        Table(
            name="target_pegawai",
            sheet="Target Pegawai",
            title="Kebutuhan (Target) Pegawai",
            layout=Layout.FORM,
            columns=(
                count("asn", "Target jumlah ASN", "orang", required=True, maximum=1_000),
                count("thl", "Target jumlah THL", "orang", required=True, maximum=1_000),
            ),
        ),
    ),
)

TATA_PEMERINTAHAN = Kind(
    key=SectionKind.TATA_PEMERINTAHAN,
    label="Seksi Tata Pemerintahan",
    description="Evaluasi SAKIP, rekomendasi LHE, SPPT PBB per desa, pilkades, fasilitasi dokumen desa.",
    tables=(
        Table(
            name="sakip_komponen",
            sheet="SAKIP",
            title="Nilai SAKIP per Komponen",
            description="Sedikitnya tiga tahun terakhir. Komponen mengikuti skema penilaian tahun itu.",
            key=("tahun", "komponen"),
            max_rows=30,
            columns=(
                year("tahun", "Tahun", required=True),
                text("skema", "Skema penilaian", max_length=100, width=24),
                text("komponen", "Komponen", required=True, max_length=150, width=40),
                decimal("bobot", "Bobot (nilai maksimal)", maximum=100),
                decimal("nilai", "Nilai diperoleh", required=True, maximum=100),
            ),
        ),
        Table(
            name="sakip_hasil",
            sheet="Hasil SAKIP",
            title="Nilai dan Predikat SAKIP Tertulis di LHE",
            required=False,
            key=("tahun",),
            max_rows=10,
            columns=(
                year("tahun", "Tahun", required=True),
                decimal("nilai", "Nilai SAKIP tertulis", maximum=100, stated=True),
                choice("predikat", "Predikat tertulis", PREDIKAT, stated=True),
            ),
        ),
        Table(
            name="rekomendasi_lhe",
            sheet="Rekomendasi LHE",
            title="Rekomendasi LHE dan Tindak Lanjut",
            required=False,
            max_rows=30,
            columns=(
                year("tahun", "Tahun LHE", required=True),
                text("komponen", "Komponen", max_length=150, width=24),
                text("rekomendasi", "Rekomendasi", required=True, max_length=2000, width=60),
                text("tindak_lanjut", "Tindak lanjut", max_length=2000, width=40),
            ),
        ),
        Table(
            name="sppt",
            sheet="SPPT",
            title="Penyaluran SPPT PBB-P2 per Desa",
            description="Menurut data dari kantor pajak daerah.",
            layout=Layout.PER_DESA,
            total_row=True,
            columns=(
                text("kode_desa", "Kode desa", width=10),
                text("nama_desa", "Nama desa", width=20),
                count("target", "Target SPPT", "lembar", maximum=1_000_000),
                count("tersalurkan", "SPPT tersalurkan", "lembar", maximum=1_000_000),
            ),
        ),
        Table(
            name="pilkades",
            sheet="Pilkades",
            title="Pemilihan Kepala Desa",
            required=False,
            key=("kode_desa",),
            max_rows=30,
            columns=(
                choice("kode_desa", "Kode desa", choices_from="desa", required=True),
                date("tanggal", "Tanggal pemilihan"),
                count("calon", "Jumlah calon", "orang", maximum=20),
                count("pemilih_terdaftar", "Pemilih terdaftar", "orang", maximum=100_000),
                count("pemilih_hadir", "Pemilih hadir", "orang", maximum=100_000),
            ),
        ),
        Table(
            name="dokumen_fasilitasi",
            sheet="Fasilitasi Dokumen",
            title="Dokumen Desa yang Difasilitasi Kecamatan",
            description="Jumlah dokumen tiap desa yang difasilitasi kecamatan tahun ini.",
            layout=Layout.PER_DESA,
            columns=(
                text("kode_desa", "Kode desa", width=10),
                text("nama_desa", "Nama desa", width=20),
                *(count(r.key, r.label, "dokumen", maximum=1_000) for r in DOKUMEN),
            ),
        ),
    ),
)

PMD = Kind(
    key=SectionKind.PMD,
    label="Seksi Pemberdayaan Masyarakat dan Desa",
    description="Musrenbang desa dan evaluasi APBDes.",
    tables=(
        Table(
            name="musrenbang_desa",
            sheet="Musrenbang",
            title="Musrenbang Desa yang Difasilitasi",
            layout=Layout.PER_DESA,
            columns=(
                text("kode_desa", "Kode desa", width=10),
                text("nama_desa", "Nama desa", width=20),
                date("tanggal", "Tanggal"),
                count("lembaga", "Lembaga yang hadir", "lembaga", maximum=100),
                count("peserta_l", "Peserta laki-laki", "orang", maximum=10_000),
                count("peserta_p", "Peserta perempuan", "orang", maximum=10_000),
            ),
        ),
        Table(
            name="apbdes",
            sheet="APBDes",
            title="Evaluasi Rancangan APBDes",
            layout=Layout.PER_DESA,
            columns=(
                text("kode_desa", "Kode desa", width=10),
                text("nama_desa", "Nama desa", width=20),
                date("tanggal", "Tanggal evaluasi"),
                text("nomor", "Nomor hasil evaluasi", max_length=100, width=24),
                choice("status", "Status", ("Selesai", "Belum")),
            ),
        ),
    ),
)

KESRA = Kind(
    key=SectionKind.KESRA,
    label="Seksi Kesejahteraan Rakyat",
    description="Kegiatan seksi kesra dan indikator keluarannya.",
    tables=(
        Table(
            name="kegiatan_kesra",
            sheet="Kegiatan",
            title="Kegiatan dan Indikator Keluaran Seksi Kesra",
            key=("kegiatan", "indikator"),
            max_rows=40,
            columns=(
                text("kegiatan", "Kegiatan", required=True, width=40),
                text(
                    "kode_sub_kegiatan",
                    "Kode sub kegiatan",
                    max_length=25,
                    pattern=SUB_KEGIATAN_CODE,
                    pattern_hint="contoh 7.01.03.2.01.0001; kosongkan bila tidak ada",
                    width=20,
                ),
                text("indikator", "Indikator keluaran", required=True, width=40),
                text("satuan", "Satuan", required=True, max_length=30),
                polarity(),
                decimal("target", "Target"),
                decimal("realisasi", "Realisasi"),
                text("keterangan", "Keterangan", width=30),
                cocok(INDIKATOR_CHECKS),
            ),
        ),
    ),
)

TRANTIB_PELAYANAN = Kind(
    key=SectionKind.TRANTIB_PELAYANAN,
    label="Seksi Ketenteraman, Ketertiban Umum dan Pelayanan",
    description="Layanan per jenis dan per bulan, Survei Kepuasan Masyarakat (SKM).",
    tables=(
        Table(
            name="layanan",
            sheet="Layanan",
            title="Layanan per Jenis dan Bulan",
            description="Jumlah pemohon yang dilayani tiap bulan, per jenis layanan.",
            key=("kategori", "jenis"),
            max_rows=40,
            columns=(
                choice("kategori", "Kategori", KATEGORI_LAYANAN, required=True, width=20),
                text("jenis", "Jenis layanan", required=True, max_length=150, width=34),
                count("target", "Target setahun", "pemohon", maximum=1_000_000),
                *(count(b, b.capitalize(), maximum=100_000) for b in BULAN),
            ),
        ),
        Table(
            name="layanan_kategori",
            sheet="Target Layanan",
            title="Target dan Jumlah Layanan per Kategori",
            layout=Layout.FIXED,
            rows=(
                FixedRow("non_perizinan", "Non-perizinan"),
                FixedRow("perizinan_non_usaha", "Perizinan non-usaha"),
            ),
            columns=(
                text("kategori", "Kategori", width=22),
                count("target", "Target setahun", "pemohon", maximum=1_000_000),
                count("realisasi", "Jumlah tertulis", "pemohon", maximum=1_000_000, stated=True),
            ),
        ),
        Table(
            name="skm_semester",
            sheet="SKM Semester",
            title="Survei Kepuasan Masyarakat per Semester",
            layout=Layout.FIXED,
            rows=(FixedRow("1", "Semester 1"), FixedRow("2", "Semester 2")),
            columns=(
                text("semester", "Semester", width=14),
                count("populasi", "Populasi penerima layanan", "orang", maximum=10_000_000),
                count("responden", "Jumlah responden", "orang", maximum=100_000),
                decimal("ikm", "IKM tertulis (konversi)", minimum=25, maximum=100, stated=True),
            ),
        ),
        Table(
            name="skm_nrr",
            sheet="SKM Unsur",
            title="Nilai Rata-rata (NRR) per Unsur Pelayanan",
            description="NRR tiap unsur (skala 1-4) per semester.",
            layout=Layout.FIXED,
            rows=UNSUR_SKM,
            columns=(
                text("unsur", "Unsur pelayanan", width=36),
                decimal("nrr_1", "NRR semester 1", precision=4, minimum=1, maximum=4),
                decimal("nrr_2", "NRR semester 2", precision=4, minimum=1, maximum=4),
            ),
        ),
        Table(
            name="skm_responden",
            sheet="SKM Responden",
            title="Jawaban Responden SKM (opsional)",
            description="Bila ada, satu baris per responden: nilai 1-4 untuk tiap unsur U1-U9.",
            required=False,
            max_rows=1000,
            columns=(
                count("semester", "Semester", minimum=1, maximum=2, required=True),
                *(
                    count(r.key, f"{r.key.upper()} {r.label}", minimum=1, maximum=4, required=True)
                    for r in UNSUR_SKM
                ),
            ),
        ),
    ),
)
