"""The catalogue of finding codes: severity and Indonesian template of each code, and the
Indonesian names of the values findings carry. ``lkjip_excel.findings`` re-exports all of it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Severity(enum.StrEnum):
    GALAT = "galat"  # an error: the figure cannot be used as it is
    PERINGATAN = "peringatan"  # a warning: probably wrong, check it
    INFO = "info"  # for the record

    @property
    def rank(self) -> int:
        return {"galat": 0, "peringatan": 1, "info": 2}[self.value]


G, P, N = Severity.GALAT, Severity.PERINGATAN, Severity.INFO  # galat, peringatan, info (notice)


@dataclass(frozen=True)
class Code:
    severity: Severity
    template: str


#: code -> default severity and message template (fields come from ``Finding.values``)
CATALOG: dict[str, Code] = {
    # --- cell ---
    "NILAI_BUKAN_ANGKA": Code(
        G, "'{raw}' bukan angka. Ketik angkanya saja, misalnya 1500000 atau 1.500.000."
    ),
    "NILAI_BUKAN_BILANGAN_BULAT": Code(G, "'{raw}' harus bilangan bulat (tanpa koma/desimal)."),
    "NILAI_BUKAN_TANGGAL": Code(G, "'{raw}' bukan tanggal. Ketik tanggal seperti 15/03/2024."),
    "NILAI_DI_LUAR_RENTANG": Code(
        G, "Nilai {value} di luar batas yang wajar ({minimum} s.d. {maximum}). Periksa salah ketik."
    ),
    "NILAI_TIDAK_DALAM_DAFTAR": Code(
        G, "'{raw}' tidak ada dalam daftar pilihan ({choices}). Pilih dari daftar."
    ),
    "NILAI_WAJIB_KOSONG": Code(G, "Kolom '{label}' wajib diisi."),
    "NILAI_AMBIGU": Code(
        P, "'{raw}' bisa dibaca {readings}; dipakai {value}. Periksa dan ketik ulang tanpa titik/koma ribuan."
    ),
    "NILAI_TERLALU_PANJANG": Code(
        G, "Teks terlalu panjang ({length} huruf, paling banyak {max_length}). Persingkat."
    ),
    "NILAI_POLA_SALAH": Code(G, "'{raw}' tidak sesuai bentuk yang diminta ({hint})."),
    "NILAI_NEGATIF": Code(G, "Nilai {value} negatif; jumlah tidak mungkin kurang dari nol."),
    "ANGKA_SEBAGAI_TEKS": Code(N, "Angka diketik sebagai teks '{raw}', dibaca {value}."),
    "TANGGAL_SEBAGAI_TEKS": Code(N, "Tanggal diketik sebagai teks '{raw}', dibaca {value}."),
    "TEKS_SEPERTI_RUMUS": Code(N, "Teks '{raw}' diawali tanda rumus; dibaca sebagai teks biasa."),
    "RUMUS_DI_SEL_ISIAN": Code(
        P,
        "Sel isian berisi rumus {formula}; dipakai nilai tersimpannya {value}. Sebaiknya ketik angkanya langsung.",
    ),
    "RUMUS_TANPA_NILAI": Code(
        G,
        "Sel berisi rumus {formula} tanpa nilai tersimpan (berkas dibuat program). Buka dan simpan ulang di Excel/LibreOffice, atau ketik angkanya.",
    ),
    "SEL_DIGABUNG": Code(G, "Sel {range} digabung (merge) menutupi sel isian. Batalkan penggabungan sel."),
    # --- table ---
    "TABEL_TIDAK_DITEMUKAN": Code(
        G,
        "Tabel '{title}' tidak ditemukan di lembar ini (judul kolom diubah atau dihapus?). Pakai formulir asli.",
    ),
    "KOLOM_HILANG": Code(G, "Kolom '{header}' tidak ditemukan. Jangan mengubah atau menghapus judul kolom."),
    "BARIS_TETAP_HILANG": Code(
        G, "Baris '{label}' tidak ada lagi. Jangan menghapus baris formulir; pakai formulir asli."
    ),
    "BARIS_TETAP_DIGANTI": Code(
        G, "Baris '{expected}' diganti namanya menjadi '{label}'. Kembalikan nama barisnya."
    ),
    "BARIS_TIDAK_DIKENAL": Code(
        P,
        "Baris '{label}' bukan bagian formulir dan tidak dibaca. Hapus baris sisipan ini atau pindahkan isinya.",
    ),
    "KUNCI_GANDA": Code(
        G, "{key} tertulis lebih dari sekali (juga di baris {other}). Gabungkan menjadi satu baris."
    ),
    "KODE_DESA_TIDAK_DIKENAL": Code(
        G, "Kode desa '{kode}' tidak ada di pengaturan kecamatan. Periksa kode desa atau lkjip.toml."
    ),
    "KODE_ANGGARAN_TIDAK_DIKENAL": Code(
        P,
        "Kode '{kode}' tidak ada di tabel anggaran. Periksa kode atau tambahkan barisnya di lembar Anggaran.",
    ),
    "FORMULIR_BELUM_DIISI": Code(G, "Formulir ini belum diisi sama sekali. Isi lalu kirim ulang."),
    "TABEL_WAJIB_KOSONG": Code(G, "Tabel '{title}' masih kosong. Isi tabel ini."),
    # --- workbook ---
    "BERKAS_KOSONG": Code(G, "Berkas kosong (0 byte). Minta pengirim mengirim ulang."),
    "BERKAS_TIDAK_TERBACA": Code(
        G, "Berkas tidak bisa dibaca ({reason}). Periksa berkasnya (izin, disk), lalu jalankan lagi."
    ),
    "BERKAS_BUKAN_SPREADSHEET": Code(
        G, "Berkas ini bukan buku kerja Excel/LibreOffice. Minta formulir .xlsx yang benar."
    ),
    "BERKAS_RUSAK": Code(
        G, "Berkas rusak atau terpotong dan tidak bisa dibuka. Minta pengirim mengirim ulang."
    ),
    "BERKAS_BERSANDI": Code(
        G, "Berkas dikunci dengan kata sandi. Minta pengirim menyimpan ulang tanpa kata sandi."
    ),
    "BERKAS_TERLALU_BESAR": Code(
        G,
        "Berkas terlalu besar ({size_mb} MB, batas {limit_mb} MB). Formulir isian tidak sebesar ini; periksa berkasnya.",
    ),
    "BERKAS_BOM_ZIP": Code(
        G, "Isi berkas membengkak menjadi {uncompressed_mb} MB saat dibuka; berkas ditolak demi keamanan."
    ),
    "ZIP_TIDAK_WAJAR": Code(
        G,
        "Isi berkas tidak wajar ({reason}: {part}) dan ditolak demi keamanan. Buka di Excel/LibreOffice, simpan ulang, lalu kirim lagi.",
    ),
    "SEL_DI_LUAR_AREA": Code(
        G,
        "Sel {cell} berisi data di luar area formulir (paling jauh sampai {limit}); isinya tidak dibaca. Hapus isi sel itu atau pindahkan ke dalam tabel.",
    ),
    "TABEL_TERLALU_PANJANG": Code(
        G,
        "Tabel '{title}' berisi {count} baris, padahal paling banyak {limit} baris; baris setelah ke-{limit} tidak dibaca. Hapus baris yang berlebih atau gabungkan isinya.",
    ),
    "BERKAS_GAGAL_DIBACA": Code(
        G,
        "Berkas {file} menghentikan proses pembacaan ({reason}) dan tidak dibaca. Buka di Excel/LibreOffice, simpan ulang, lalu kirim lagi.",
    ),
    "XML_BERBAHAYA": Code(G, "Berkas berisi XML berbahaya ({part}) dan ditolak demi keamanan."),
    "BUKAN_TEMPLAT": Code(
        G, "Buku kerja ini bukan formulir lkjip-excel. Pakai formulir dari 'lkjip-excel templat'."
    ),
    "JENIS_TIDAK_DIKENAL": Code(
        G, "Jenis formulir '{jenis}' tidak dikenal. Pakai formulir dari 'lkjip-excel templat'."
    ),
    "VERSI_SKEMA_LAIN": Code(N, "Formulir versi {version}, standar sekarang {current}; masih bisa dibaca."),
    "VERSI_SKEMA_TIDAK_COCOK": Code(
        G,
        "Formulir versi {version} tidak cocok dengan standar {current}. Isi ulang memakai formulir baru ({template}).",
    ),
    "TAHUN_SALAH": Code(
        G, "Formulir untuk tahun {tahun}, padahal laporan tahun {expected}. Pakai formulir tahun {expected}."
    ),
    "LEMBAR_HILANG": Code(
        G,
        "Lembar '{sheet}' tidak ada (diganti nama atau dihapus). Kembalikan lembar itu atau pakai formulir asli.",
    ),
    "LEMBAR_TERSEMBUNYI": Code(N, "Lembar '{sheet}' disembunyikan; tetap dibaca."),
    "LEMBAR_GANDA": Code(
        G,
        "Berkas punya lebih dari satu lembar bernama '{sheet}' (huruf besar/kecil tidak dibedakan), jadi "
        "tidak jelas mana yang diisi; berkas tidak dipakai. Pakai formulir asli, atau hapus lembar yang lebih.",
    ),
    # --- reconciliation (the engine) ---
    "ANGGARAN_TOTAL_TIDAK_SAMA": Code(
        P,
        "{uraian} ({kode}): {kolom} tertulis {stated}, jumlah sub kegiatannya {computed} (selisih {difference}). Perbaiki angka tertulis; yang dipakai hasil penjumlahan.",
    ),
    "ANGGARAN_TANPA_RINCIAN": Code(
        P,
        "Baris {kode} tidak punya sub kegiatan, jadi angkanya tidak dihitung. Tambahkan sub kegiatannya atau hapus baris ini.",
    ),
    "JUMLAH_TIDAK_SAMA": Code(
        P,
        "{label}: tertulis {stated}, jumlah rinciannya {computed} (selisih {difference}). Perbaiki angka tertulis; yang dipakai hasil penjumlahan.",
    ),
    "PERSEN_TIDAK_SAMA": Code(
        P, "{label}: tertulis {stated}%, hasil hitung {computed}% (selisih {difference}). Pakai hasil hitung."
    ),
    "SUMBER_TIDAK_SAMA": Code(
        P,
        "{label}: menurut {source_a} {a}, menurut {source_b} {b} (selisih {difference}). Cocokkan kedua sumber.",
    ),
    "SUMBER_TIDAK_SEBANDING": Code(
        N,
        "{label}: tidak dicocokkan dengan {source_b}, karena data {tidak_ada} belum ada (yang ada: {desa}). Lengkapi formulirnya agar bisa dicocokkan.",
    ),
    "REALISASI_MELEBIHI_PAGU": Code(
        P,
        "{tingkat} {kode} ({uraian}): realisasi {realisasi} melebihi pagu {jenis_pagu} {pagu} (serapan {serapan}%). Periksa realisasi dan pagunya.",
    ),
    "COCOK_DITEBAK": Code(
        N,
        "Kolom 'Dicocokkan dengan' untuk '{indikator}' kosong; menurut kata-katanya dicocokkan dengan '{pilihan}'. Pilih isian kolom itu (atau 'Tidak dicocokkan').",
    ),
    "JUMLAH_PEGAWAI_TIDAK_SAMA": Code(
        P,
        "'{indikator}': realisasi {stated} orang, padahal daftar pegawai berisi {computed} ASN (selisih {difference}). Cocokkan.",
    ),
    "IKM_TIDAK_SAMA": Code(
        P,
        "{label}: tertulis {stated}, IKM hasil hitung dari nilai unsur SKM {computed} (selisih {difference}). Cocokkan dengan data SKM.",
    ),
    "SAKIP_TIDAK_SAMA": Code(
        P,
        "{label}: tertulis {stated}, jumlah nilai komponen SAKIP {computed} (selisih {difference}). Cocokkan dengan LHE.",
    ),
    "PREDIKAT_TIDAK_SESUAI": Code(
        P,
        "{label}: predikat tertulis {stated}, padahal nilai {score} termasuk predikat {computed}. Perbaiki predikatnya.",
    ),
    "TARGET_BERUBAH_TANPA_ALASAN": Code(
        P,
        "Target '{indikator}' berubah dari {murni} (murni) menjadi {perubahan} (perubahan) tanpa alasan. Isi alasan perubahan.",
    ),
    "REALISASI_KOSONG": Code(
        P,
        "'{indikator}' punya target tetapi realisasinya kosong, jadi capaian tidak bisa dihitung. Isi realisasinya (0 bila memang nol).",
    ),
    "TARGET_KOSONG": Code(
        P,
        "'{indikator}' punya realisasi tetapi targetnya kosong atau nol, jadi capaian tidak bisa dihitung. Isi targetnya.",
    ),
    "SAMPEL_SKM_KURANG": Code(
        P,
        "SKM semester {semester}: {responden} responden, kurang dari sampel minimum {minimum} untuk populasi {populasi} (Krejcie-Morgan).",
    ),
    "GALAT_INTERNAL": Code(
        G,
        "Galat internal saat membaca berkas ({error}). Jalankan ulang dengan --debug dan kirim keluarannya ke pengembang.",
    ),
    # --- batch ---
    "KIRIMAN_BELUM_ADA": Code(G, "Belum ada kiriman dari {nama}. Minta formulirnya."),
    "KIRIMAN_TIDAK_DIPAKAI": Code(
        G,
        "Kiriman {nama} ({files}) tidak bisa dipakai; lihat temuan berkas itu, lalu minta kiriman yang benar.",
    ),
    "NAMA_DESA_BERBEDA": Code(
        P,
        "Formulir desa kode {kode} bernama '{nama}', di pengaturan '{expected}'. Pastikan formulir ini memang untuk desa itu.",
    ),
    "KIRIMAN_GANDA_SAMA": Code(
        N, "{nama} mengirim lebih dari sekali dengan isi sama ({files}); satu yang dipakai."
    ),
    "KIRIMAN_GANDA_BERBEDA": Code(
        G,
        "{nama} mengirim beberapa berkas berbeda isi ({files}). Hapus yang lama, atau jalankan dengan --pakai-terbaru.",
    ),
    "KIRIMAN_GANDA_DIPAKAI_TERBARU": Code(
        P,
        "{nama} mengirim beberapa berkas ({files}); dipakai yang terbaru menurut tanggal pengisian: {used}.",
    ),
    "KECAMATAN_LAIN": Code(
        G, "Formulir ini milik Kecamatan {kecamatan}, bukan {expected}. Keluarkan dari folder."
    ),
    "IDENTITAS_TIDAK_SAMA": Code(
        G,
        "Identitas berkas tidak sama: {label} menurut {source_a} '{a}', menurut {source_b} '{b}'. Satu berkas hanya untuk satu desa/seksi, jadi berkas ini tidak dipakai. Minta pengirim mengisi formulir aslinya sendiri (dari 'lkjip-excel templat') tanpa mengubah sel abu-abu.",
    ),
    "IDENTITAS_DESA_LAIN": Code(
        G,
        "Formulir ini berkode desa {kode}, tetapi bernama '{nama}', yaitu nama desa {kode_lain} di pengaturan (desa {kode} bernama '{expected}'). Berkas ini tidak dipakai: pastikan formulir ini milik desa yang mana, lalu minta desa itu mengirim formulirnya sendiri dari 'lkjip-excel templat'.",
    ),
    "KABUPATEN_LAIN": Code(
        G, "Formulir ini milik Kabupaten {kabupaten}, bukan {expected}. Keluarkan dari folder."
    ),
    "IDENTITAS_TERSEMBUNYI_HILANG": Code(
        P,
        "Lembar tersembunyi '{sheet}' (catatan identitas formulir) tidak ada atau kosong; identitas dibaca dari lembar Identitas dan properti berkas. Pakai formulir asli dari 'lkjip-excel templat'.",
    ),
    "SEKSI_TIDAK_DIKENAL": Code(P, "Seksi '{kode}' tidak ada di pengaturan; berkas tidak dipakai."),
    "TAHUN_LALU_BEDA_ARSIP": Code(
        P,
        "{label} tahun {tahun}: formulir menulis {stated}, arsip mencatat {archived} (proses #{proses}, "
        "dibuat {dibuat}). Perbaiki angka di formulir, atau jalankan ulang 'lkjip-excel proses' tahun "
        "{tahun} bila arsipnya yang salah.",
    ),
    # --- rekap (the kabupaten roll-up) ---
    "REKAP_SUMBER_TIDAK_ADA": Code(G, "Sumber ini tidak ada. Periksa nama dan foldernya, lalu ulangi."),
    "REKAP_SUMBER_TIDAK_TERBACA": Code(
        G,
        "Sumber tidak bisa dibaca ({reason}) dan tidak dipakai. Minta kecamatannya mengirim ulang "
        "JSON dari 'lkjip-excel proses --json' atau berkas arsip.sqlite-nya.",
    ),
    "REKAP_VERSI_TIDAK_COCOK": Code(
        G,
        "Sumber berformat versi {version}, yang dikenal sampai versi {current}; tidak dipakai. Perbarui lkjip-excel.",
    ),
    "REKAP_TAHUN_LAIN": Code(
        G,
        "Hasil ini untuk tahun {tahun}, padahal rekap tahun {expected}; tidak dipakai. Keluarkan berkas itu "
        "atau minta hasil tahun {expected}.",
    ),
    "REKAP_ARSIP_TANPA_TAHUN": Code(
        G,
        "Arsip ini tidak berisi hasil tahun {expected} (yang ada: {tahun}); tidak dipakai. Minta kecamatannya "
        "menjalankan 'lkjip-excel proses' tahun {expected}.",
    ),
    "REKAP_KECAMATAN_GANDA": Code(
        P,
        "Kecamatan {kecamatan} ada di lebih dari satu sumber; dipakai yang terbaru: {used} (dibuat {dibuat}). "
        "Keluarkan yang lama ({files}).",
    ),
    "REKAP_ISIAN_TIDAK_SAH": Code(
        G,
        "Isian '{field}' di sumber ini tidak sah ({value}): kolomnya dibiarkan kosong di rekap, tidak "
        "dihitung 0. Minta kecamatannya mengirim ulang JSON dari 'lkjip-excel proses --json'.",
    ),
    "REKAP_SUMBER_SAMA": Code(
        P, "Berkas ini sama dengan sumber {first} yang sudah disebut; dibaca sekali saja. Sebut sekali saja."
    ),
    "REKAP_DIBUAT_TIDAK_SAH": Code(
        P,
        "Waktu pembuatan sumber kecamatan {kecamatan} ini ('{value}') bukan tanggal, jadi tidak bisa "
        "dibandingkan dengan sumber lain kecamatan yang sama; dianggap yang paling lama. Keluarkan sumber "
        "yang tidak dipakai, atau buat ulang JSON-nya.",
    ),
    "REKAP_TANPA_HASIL": Code(
        G, "Tidak ada hasil kecamatan yang bisa dipakai, jadi rekap tidak ditulis. Lihat temuan lain."
    ),
}


#: the Indonesian names of the values a finding carries (Pemeriksaan sheet)
VALUE_LABELS = {
    "stated": "tertulis",
    "computed": "hasil hitung",
    "difference": "selisih",
    "raw": "isi sel",
    "value": "dibaca",
    "readings": "kemungkinan",
    "minimum": "batas bawah",
    "maximum": "batas atas",
    "choices": "pilihan",
    "length": "panjang",
    "max_length": "panjang maksimal",
    "hint": "bentuk",
    "formula": "rumus",
    "expected": "seharusnya",
    "kolom": "kolom",
    "kode": "kode",
    "score": "nilai",
    "murni": "target murni",
    "perubahan": "target perubahan",
    "responden": "responden",
    "populasi": "populasi",
    "files": "berkas",
    "used": "dipakai",
    "error": "galat",
    "reason": "sebab",
    "part": "bagian berkas",
    "limit": "batas",
    "count": "jumlah",
    "cell": "sel",
    "file": "berkas",
    "sheet": "lembar",
    "range": "sel digabung",
    "version": "versi formulir",
    "current": "versi program",
    "template": "formulir",
    "tolerance": "toleransi",
    "column": "kolom",
    "table": "tabel",
    "archived": "menurut arsip",
    "proses": "proses",
    "dibuat": "dibuat",
}
