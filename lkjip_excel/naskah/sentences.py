"""The document's sentences, written from the computed result only (never from the workbook).

A sentence is a list of pieces: plain text, or an :class:`Isian` (a placeholder the planner
must fill, ``[Isi: …]``, highlighted in the document). Every figure is formatted with
:mod:`lkjip_excel.fmt`; a figure the result lacks becomes a placeholder, never a guess.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .. import fmt
from ..engine.model import Baris, Hasil, Tabel
from ..engine.ringkasan import SasaranRingkasan


@dataclass(frozen=True)
class Isian:
    """A placeholder for what needs human judgement or a figure the data lacks."""

    what: str

    def __str__(self) -> str:
        return f"[Isi: {self.what}]"


Piece = str | Isian
Kalimat = list[Piece]


def plain(sentence: Kalimat) -> str:
    """The sentence as plain text (placeholders as ``[Isi: …]``)."""
    return "".join(str(p) for p in sentence)


def _or(value: Any, text: str, what: str) -> Piece:
    """``text`` when ``value`` is known, else a placeholder asking for ``what``."""
    return Isian(what) if value is None else text


def _num(value: Any) -> str:
    """A score or index with two decimals (``72,10``)."""
    return fmt.number(value, 2)


def _row(table: Tabel | None, **match: Any) -> Baris | None:
    if table is None:
        return None
    for row in table.rows:
        if all(str(row.values.get(k)) == str(v) for k, v in match.items()):
            return row
    return None


def history_row(hasil: Hasil, index: int, indikator: str | None) -> Baris | None:
    """The sasaran's row of the three-year history: the one of the same indikator, else the
    row at the same position."""
    table = hasil.tables.get("sasaran_riwayat")
    if table is None:
        return None
    found = _row(table, indikator=indikator) if indikator else None
    if found is None and index < len(table.rows):
        found = table.rows[index]
    return found


def year_labels(hasil: Hasil) -> dict[str, str]:
    """The history columns' years as the engine labels them (``y0`` this year)."""
    table = hasil.tables.get("sasaran_riwayat")
    labels = {"y0": str(hasil.tahun), "y1": str(hasil.tahun - 1), "y2": str(hasil.tahun - 2)}
    if table is not None:
        for col in table.columns:
            if col.key in labels:
                labels[col.key] = col.label
    return labels


def sasaran_capaian(hasil: Hasil, s: SasaranRingkasan) -> Kalimat:
    """``Capaian sasaran 1 (Nilai SAKIP Kecamatan) tahun 2024 sebesar 101,26% dengan kategori
    Sangat Tinggi: realisasi 72,10 dari target 71,20.``"""
    return [
        f"Capaian sasaran {s.nomor} ({s.indikator or '-'}) tahun {hasil.tahun} sebesar ",
        _or(s.capaian, fmt.percent(s.capaian), f"capaian sasaran {s.nomor}"),
        " dengan kategori ",
        _or(s.kategori, str(s.kategori), f"kategori capaian sasaran {s.nomor}"),
        ": realisasi ",
        _or(s.realisasi, _num(s.realisasi), f"realisasi sasaran {s.nomor}"),
        " dari target ",
        _or(s.target, _num(s.target), f"target sasaran {s.nomor}"),
        ".",
    ]


def sasaran_tahun_lalu(hasil: Hasil, index: int, s: SasaranRingkasan) -> Kalimat:
    """The change of the indicator against last year, in points."""
    row = history_row(hasil, index, s.indikator)
    years = year_labels(hasil)
    now = row.values.get("y0") if row else None
    before = row.values.get("y1") if row else None
    if now is None or before is None:
        return [
            f"Dibanding tahun {years['y1']}: ",
            Isian(f"realisasi sasaran {s.nomor} tahun {years['y1']} dan perubahannya"),
            ".",
        ]
    change = Decimal(str(now)) - Decimal(str(before))
    sentence: Kalimat = [
        f"Realisasi indikator tahun {years['y0']} sebesar {_num(now)}, "
        f"{fmt.points(change)} dibanding tahun {years['y1']} ({_num(before)})"
    ]
    oldest = row.values.get("y2") if row else None
    if oldest is not None:
        sentence.append(f"; tahun {years['y2']} sebesar {_num(oldest)}")
    trend = row.values.get("tren") if row else None
    if trend:
        sentence.append(f" (tren: {str(trend).lower()})")
    sentence.append(".")
    return sentence


def sasaran_renstra(hasil: Hasil, index: int, s: SasaranRingkasan) -> Kalimat:
    """The comparison with the medium-term (Renstra) target."""
    pk = hasil.tables.get("perjanjian_kinerja")
    row = pk.rows[index] if pk is not None and index < len(pk.rows) else None
    target = row.values.get("target_renstra") if row else None
    year = row.values.get("tahun_renstra") if row else None
    capaian = row.values.get("capaian_renstra") if row else None
    return [
        "Dibanding target akhir Renstra",
        f" tahun {year}" if year is not None else "",
        " sebesar ",
        _or(target, _num(target), f"target akhir Renstra sasaran {s.nomor}"),
        ", realisasi tahun ini mencapai ",
        _or(capaian, fmt.percent(capaian), f"capaian terhadap Renstra sasaran {s.nomor}"),
        ".",
    ]


def serapan(hasil: Hasil) -> Kalimat:
    """``Realisasi anggaran tahun 2024 Rp 2.257.682.059 dari pagu Rp 2.368.755.823 atau 95,31%,
    turun 2,21 poin dibanding tahun 2023 (97,52%).``"""
    r = hasil.ringkasan
    sentence: Kalimat = [
        f"Realisasi anggaran Kecamatan {hasil.kecamatan} tahun {hasil.tahun} sebesar ",
        _or(r.realisasi, fmt.rupiah(r.realisasi), "realisasi anggaran"),
        " dari pagu ",
        _or(r.pagu, fmt.rupiah(r.pagu), "pagu anggaran"),
        " atau ",
        _or(r.serapan, fmt.percent(r.serapan), "persentase serapan anggaran"),
    ]
    if r.perubahan_serapan_poin is not None:
        sentence.append(
            f", {fmt.points(r.perubahan_serapan_poin)} dibanding tahun {hasil.tahun - 1} "
            f"({fmt.percent(r.serapan_tahun_lalu)})"
        )
    sentence.append(".")
    return sentence


def ikm(hasil: Hasil) -> Kalimat:
    """``Indeks Kepuasan Masyarakat (IKM) tahun 2024 sebesar 85,00 dengan mutu pelayanan B (Baik).``"""
    r = hasil.ringkasan
    keterangan = hasil.skm.keterangan_mutu if hasil.skm else None
    method = f", dihitung dari {hasil.skm.metode_tahunan}" if hasil.skm and hasil.skm.metode_tahunan else ""
    return [
        f"Indeks Kepuasan Masyarakat (IKM) tahun {hasil.tahun} sebesar ",
        _or(r.ikm, _num(r.ikm), "nilai IKM"),
        " dengan mutu pelayanan ",
        _or(r.mutu_ikm, f"{r.mutu_ikm}{f' ({keterangan})' if keterangan else ''}", "mutu pelayanan"),
        f"{method}.",
    ]


def sakip_row(hasil: Hasil, year: int) -> Baris | None:
    return _row(hasil.tables.get("sakip_hasil"), tahun=year)


def sakip(hasil: Hasil) -> Kalimat:
    """``Nilai SAKIP tahun 2024 sebesar 72,10 dengan predikat BB (Sangat Baik).``"""
    row = sakip_row(hasil, hasil.tahun)
    nilai = row.values.get("nilai") if row else None
    predikat = row.values.get("predikat") if row else None
    keterangan = row.values.get("keterangan") if row else None
    sentence: Kalimat = [
        f"Nilai SAKIP Kecamatan {hasil.kecamatan} tahun {hasil.tahun} sebesar ",
        _or(nilai, _num(nilai), "nilai SAKIP"),
        " dengan predikat ",
        _or(predikat, f"{predikat}{f' ({keterangan})' if keterangan else ''}", "predikat SAKIP"),
    ]
    before = sakip_row(hasil, hasil.tahun - 1)
    before_value = before.values.get("nilai") if before else None
    if nilai is not None and before_value is not None:
        change = Decimal(str(nilai)) - Decimal(str(before_value))
        sentence.append(
            f", {fmt.points(change)} dibanding tahun {hasil.tahun - 1} ({_num(before_value)}, "
            f"predikat {before.values.get('predikat') if before else '-'})"
        )
    sentence.append(".")
    return sentence


def wilayah(hasil: Hasil) -> Kalimat:
    """Desa, dusun, RW, RT, area and population from the wilayah table's total row."""
    table = hasil.tables.get("wilayah")
    total = table.total.values if table is not None and table.total is not None else {}
    desa = len(table.rows) if table is not None else 0

    def n(key: str, what: str) -> Piece:
        return _or(total.get(key), fmt.number(total.get(key), 0), what)

    luas_label = table.column("luas").label if table is not None and "luas" in total else ""
    unit = luas_label[luas_label.find("(") + 1 : luas_label.find(")")] if "(" in luas_label else ""
    return [
        f"Kecamatan {hasil.kecamatan} terdiri atas {desa} desa, ",
        n("dusun", "jumlah dusun"),
        " dusun, ",
        n("rw", "jumlah RW"),
        " RW dan ",
        n("rt", "jumlah RT"),
        " RT, dengan luas wilayah ",
        _or(total.get("luas"), f"{fmt.number(total.get('luas'), 2)} {unit}".rstrip(), "luas wilayah"),
        ". Jumlah penduduk ",
        n("penduduk", "jumlah penduduk"),
        " jiwa, terdiri atas ",
        n("penduduk_l", "penduduk laki-laki"),
        " laki-laki dan ",
        n("penduduk_p", "penduduk perempuan"),
        " perempuan.",
    ]


def pembuka(hasil: Hasil) -> Kalimat:
    """The executive summary's opening: how many sasaran, by category."""
    sasaran = hasil.ringkasan.sasaran
    if not sasaran:
        return [Isian("sasaran strategis dan capaiannya (Perjanjian Kinerja belum terisi)")]
    counts = Counter(s.kategori or "tanpa kategori" for s in sasaran)
    parts = ", ".join(f"{n} berkategori {k}" for k, n in counts.items())
    return [
        f"Pada tahun {hasil.tahun} Kecamatan {hasil.kecamatan} menetapkan {len(sasaran)} sasaran "
        f"strategis dalam Perjanjian Kinerja; dari capaian indikatornya, {parts}."
    ]


def kiriman(hasil: Hasil) -> Kalimat:
    """Where the figures come from, and how complete the data is."""
    r = hasil.ringkasan
    sentence: Kalimat = [
        f"Angka dalam laporan ini dihitung oleh lkjip-excel dari {r.kiriman_dipakai} dari "
        f"{r.kiriman_diharapkan} berkas isian desa dan seksi ({r.cakupan_desa})"
    ]
    if not r.kiriman_lengkap:
        sentence += [" ", Isian("jelaskan berkas yang belum masuk")]
    sentence.append(".")
    return sentence


def galat_notice(hasil: Hasil) -> str:
    """The first-page notice of a run with errors (empty when there are none)."""
    galat = hasil.ringkasan.galat
    if not galat:
        return ""
    return (
        f"PERHATIAN: data laporan ini masih mengandung {galat} galat, sehingga sebagian angka "
        "belum dapat dipertanggungjawabkan. Jalankan 'lkjip-excel periksa', perbaiki kiriman, "
        "lalu buat naskah ini lagi sebelum ditandatangani."
    )
