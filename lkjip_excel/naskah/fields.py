"""Every field a document template may use, declared once.

:func:`~.context.build_context` builds exactly these names (a test compares the two), the
unknown-field check of a kecamatan's template is against them, and ``docs/naskah.md`` is
generated from them (:func:`fields_markdown`, checked by ``tests/test_docs.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    name: str
    #: what it holds, for the template's author (Indonesian: they read it)
    about: str
    #: "teks", "angka", "daftar", "kelompok", "tabel Word", "gambar", "teks bersorot"
    kind: str = "teks"
    #: the fields of each item (a list) or of the group
    children: tuple[Field, ...] = ()


TABEL = (
    Field("kunci", "Kunci tabel (misalnya `anggaran`), sama dengan kunci pada JSON."),
    Field("nomor", "Nomor tabel laporan (misalnya `Tabel 7`); kosong bila tidak bernomor."),
    Field("judul", "Judul tabel."),
    Field("judul_lengkap", "`<nomor>. <judul>` bila bernomor, selain itu judulnya saja."),
    Field("isi", "Tabelnya sendiri. Tulis `{{p t.isi }}` sendirian dalam satu paragraf.", "tabel Word"),
    Field("sumber", "Asal data tabel (formulir mana)."),
    Field("catatan", "Catatan di bawah tabel.", "daftar teks"),
)

SASARAN = (
    Field("nomor", "Nomor sasaran.", "angka"),
    Field("sasaran", "Rumusan sasaran strategis."),
    Field("indikator", "Indikator kinerja sasaran."),
    Field("target", "Target tahun ini (`71,20`)."),
    Field("realisasi", "Realisasi tahun ini (`72,10`)."),
    Field("capaian", "Capaian dalam persen (`101,26%`)."),
    Field("kategori", "Kategori capaian (`Sangat Tinggi`)."),
    Field("kalimat_capaian", "Kalimat capaian, target, realisasi dan kategori.", "teks bersorot"),
    Field("kalimat_tahun_lalu", "Kalimat perbandingan dengan tahun lalu (poin).", "teks bersorot"),
    Field("kalimat_renstra", "Kalimat perbandingan dengan target akhir Renstra.", "teks bersorot"),
    Field("grafik", "Grafik realisasi tiga tahun dengan target dan target Renstra.", "gambar"),
)

FIELDS: tuple[Field, ...] = (
    Field("kecamatan", "Nama kecamatan."),
    Field("kecamatan_kapital", "Nama kecamatan dalam huruf kapital (sampul)."),
    Field("kabupaten", "Nama kabupaten."),
    Field("kabupaten_kapital", "Nama kabupaten dalam huruf kapital (sampul)."),
    Field("provinsi", "Nama provinsi."),
    Field("tahun", "Tahun laporan.", "angka"),
    Field("tahun_lalu", "Tahun sebelum tahun laporan.", "angka"),
    Field(
        "pemberitahuan_galat", "Pemberitahuan di halaman pertama bila data masih bergalat; kosong bila tidak."
    ),
    Field(
        "penandatangan",
        "Penanda tangan, dari `[penandatangan]` di lkjip.toml (yang kosong menjadi isian bersorot).",
        "kelompok",
        (
            Field("jabatan", "Jabatan (`Camat ...`).", "teks bersorot"),
            Field("nama", "Nama.", "teks bersorot"),
            Field("pangkat", "Pangkat/golongan.", "teks bersorot"),
            Field("nip", "NIP.", "teks bersorot"),
            Field("tempat", "Tempat penandatanganan.", "teks bersorot"),
            Field("tanggal", "Tanggal penandatanganan (`30 November 2026`).", "teks bersorot"),
        ),
    ),
    Field(
        "ringkasan",
        "Angka ringkasan, sudah ditulis cara Indonesia.",
        "kelompok",
        (
            Field("pagu", "Pagu anggaran (perubahan), `Rp 2.368.755.823`."),
            Field("realisasi", "Realisasi anggaran, `Rp 2.257.682.059`."),
            Field("serapan", "Serapan anggaran, `95,31%`."),
            Field("serapan_tahun_lalu", "Serapan anggaran tahun lalu."),
            Field("perubahan_serapan", "Perubahan serapan, `turun 2,21 poin`."),
            Field("ikm", "Indeks Kepuasan Masyarakat, `85,00`."),
            Field("mutu_ikm", "Mutu pelayanan (`B`)."),
            Field("nilai_sakip", "Nilai SAKIP tahun ini."),
            Field("predikat_sakip", "Predikat SAKIP tahun ini (`BB`)."),
            Field("cakupan_desa", "Desa yang datanya dipakai (`8 dari 8 desa`)."),
            Field("galat", "Jumlah galat.", "angka"),
            Field("peringatan", "Jumlah peringatan.", "angka"),
        ),
    ),
    Field(
        "kalimat",
        "Kalimat dari data (bagian yang datanya tidak ada menjadi isian bersorot).",
        "kelompok",
        (
            Field("pembuka", "Pembuka ikhtisar: jumlah sasaran per kategori.", "teks bersorot"),
            Field("wilayah", "Desa, dusun, RW, RT, luas dan penduduk.", "teks bersorot"),
            Field("serapan", "Realisasi anggaran, pagu, serapan dan perubahannya.", "teks bersorot"),
            Field("ikm", "IKM dan mutu pelayanan.", "teks bersorot"),
            Field("sakip", "Nilai dan predikat SAKIP dan perubahannya.", "teks bersorot"),
            Field("kiriman", "Asal angka: berkas kiriman yang dipakai.", "teks bersorot"),
        ),
    ),
    Field("sasaran", "Sasaran Perjanjian Kinerja, berurutan.", "daftar", SASARAN),
    Field(
        "bab",
        "Tabel hasil hitung per bagian laporan, dalam urutan hasil (tabel baru ikut bagian tabel sebelumnya).",
        "kelompok",
        (
            Field("pendahuluan", "BAB I: wilayah, potensi, kepegawaian.", "daftar", TABEL),
            Field("perencanaan", "BAB II: IKU, Perjanjian Kinerja.", "daftar", TABEL),
            Field(
                "akuntabilitas",
                "BAB III A: capaian kinerja, SAKIP, SKM, efisiensi, layanan.",
                "daftar",
                TABEL,
            ),
            Field("anggaran", "BAB III B: realisasi anggaran.", "daftar", TABEL),
        ),
    ),
    Field("daftar_tabel", "Semua tabel hasil hitung, berurutan.", "daftar", TABEL),
    Field("tabel", "Satu tabel menurut kuncinya, misalnya `{{p tabel.anggaran.isi }}`.", "kelompok", TABEL),
    Field("grafik_anggaran", "Grafik pagu dan realisasi anggaran tahun lalu dan tahun ini.", "gambar"),
)


def _rich(fields: tuple[Field, ...], prefix: str) -> tuple[set[str], set[str]]:
    """Rich fields: full paths in groups, and leaf names of list items (any loop variable)."""
    paths: set[str] = set()
    leaves: set[str] = set()
    for f in fields:
        if f.kind == "teks bersorot":
            (leaves if prefix == "[]" else paths).add(f"{prefix}{f.name}" if prefix != "[]" else f.name)
        if f.children and f.name != "tabel":
            sub_paths, sub_leaves = _rich(f.children, "[]" if f.kind == "daftar" else f"{f.name}.")
            paths |= sub_paths
            leaves |= sub_leaves
    return paths, leaves


RICH_PATHS, RICH_ITEM_LEAVES = _rich(FIELDS, "")
_PLAIN_EXPR = re.compile(r"\{\{-?\s*(?!r\s)([A-Za-z_][\w.]*)\s*-?\}\}")


def plain_use_of_rich(xml: str) -> str | None:
    """A rich (highlightable) field written as ``{{ x }}`` instead of ``{{r x }}`` in the
    template's XML: docxtpl would drop it silently, so it is refused by name."""
    for match in _PLAIN_EXPR.finditer(xml):
        expr = match.group(1)
        if expr in RICH_PATHS or ("." in expr and expr.rsplit(".", 1)[1] in RICH_ITEM_LEAVES):
            return expr
    return None


def _groups(fields: tuple[Field, ...], prefix: str) -> tuple[set[str], set[str]]:
    """Groups and lists: full paths in groups, and leaf names of list items."""
    paths: set[str] = set()
    leaves: set[str] = set()
    for f in fields:
        if f.kind in ("daftar", "kelompok", "daftar teks"):
            (leaves if prefix == "[]" else paths).add(f.name if prefix == "[]" else f"{prefix}{f.name}")
        if f.children:
            sub_paths, sub_leaves = _groups(f.children, "[]" if f.kind == "daftar" else f"{f.name}.")
            paths |= sub_paths
            leaves |= sub_leaves
    return paths, leaves


GROUP_PATHS, GROUP_ITEM_LEAVES = _groups(FIELDS, "")
_ANY_EXPR = re.compile(r"\{\{-?\s*(?:[pr]\s+)?([A-Za-z_][\w.]*)\s*-?\}\}")


def printed_group(text: str) -> str | None:
    """The first ``{{ x }}`` (or ``{{p x }}``, ``{{r x }}``) in ``text`` whose x is a group or a list."""
    for match in _ANY_EXPR.finditer(text):
        expr = match.group(1)
        if expr in GROUP_PATHS or ("." in expr and expr.rsplit(".", 1)[1] in GROUP_ITEM_LEAVES):
            return expr
    return None


def names(fields: tuple[Field, ...] = FIELDS) -> set[str]:
    return {f.name for f in fields}


def _lines(fields: tuple[Field, ...], prefix: str, item: bool) -> list[str]:
    out = []
    for f in fields:
        name = f"{prefix}{f.name}"
        out.append(f"| `{name}` | {f.kind} | {f.about} |")
        if f.children and f.name == "tabel" and not prefix:
            out += _lines(f.children, "tabel.<kunci>.", False)
        elif f.children:
            out += (
                _lines(f.children, f"{name}[].", True)
                if f.kind == "daftar"
                else _lines(f.children, f"{name}.", False)
            )
    return out


def _declared_tables() -> list:
    from ..engine.registry import TABLES

    return list(TABLES)


def fields_markdown() -> str:
    """``docs/naskah.md``: every field a template may use."""
    lines = [
        "# Isian templat naskah LKjIP",
        "",
        "<!-- Dibuat dari lkjip_excel/naskah/fields.py: python -c "
        "\"from lkjip_excel.naskah.fields import fields_markdown; print(fields_markdown(), end='')\" "
        "> docs/naskah.md -->",
        "",
        "`lkjip-excel naskah` mengisi templat Word (.docx) dengan isian bernama (Jinja, lewat docxtpl).",
        "`lkjip-excel naskah --contoh-templat BERKAS.docx` menulis templat bawaan untuk diubah;",
        "`lkjip-excel naskah --templat BERKAS.docx` memakai templat sendiri. Isian yang tidak ada di",
        "daftar ini ditolak dengan pesan yang menyebut namanya (kode keluar 2).",
        "",
        "Cara menulis: `{{ kecamatan }}` di dalam kalimat; `{%p for s in sasaran %}` … `{%p endfor %}`",
        "masing-masing dalam paragraf sendiri untuk mengulang paragraf; tabel Word dengan `{{p t.isi }}`",
        "sendirian dalam satu paragraf; gambar dengan `{{ s.grafik }}`; isian berjenis *teks bersorot*",
        "dengan `{{r kalimat.serapan }}` (dengan `r`; bagian yang datanya tidak ada menjadi `[Isi: …]`",
        "bersorot kuning). `x[].y` berarti isian `y` dari setiap butir daftar `x`. Tulis `[Isi: …]` untuk",
        "bagian yang harus dilengkapi manusia: perintah naskah menghitung berapa yang tersisa.",
        "",
        "| isian | jenis | isi |",
        "|---|---|---|",
        *_lines(FIELDS, "", False),
        "",
        "## Kunci tabel",
        "",
        "Untuk `tabel.<kunci>`; urutannya urutan `daftar_tabel`.",
        "",
        "| kunci | nomor | judul |",
        "|---|---|---|",
        *(f"| `{t.key}` | {t.nomor} | {t.title} |" for t in _declared_tables()),
        "",
    ]
    return "\n".join(lines)
