"""Every output table, declared once: what computes it and where the report shows it.

A :class:`Step` is one engine computation: a function of the checked inputs and of the
results of the steps it needs (a :class:`~.model.Tabel`, or a named result whose ``tables``
are the tables it computed). An :class:`OutputTable` says which step computes a table, its
title and its sheet. ``engine.compute`` runs ``STEPS`` in order and keeps the tables of
``TABLES``; the workbook writes ``sheets()``. Adding a table is one ``OutputTable`` here
(and its step, when a new function computes it); ``tests/engine/test_registry.py`` fails
when a computed table is not declared or a declared one is missing from the workbook.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from . import (
    anggaran,
    dokumen,
    efisiensi,
    indikator,
    kepegawaian,
    kinerja,
    layanan,
    pemdes,
    renstra,
    sakip,
    sasaran,
    skala,
    skm,
    wilayah,
)
from .inputs import Inputs
from .model import Tabel


@dataclass(frozen=True)
class Sheet:
    """A sheet of the LKjIP workbook (each report table has its own; several tables on one sheet
    would be stacked in the order of ``TABLES``)."""

    name: str
    landscape: bool = True


@dataclass(frozen=True)
class Step:
    """``build(inputs, *results of needs)``; its result is a Tabel or has ``tables``."""

    name: str
    build: Callable[..., Any]
    #: the steps whose results this one takes, in the order of its parameters
    needs: tuple[str, ...] = ()


@dataclass(frozen=True)
class OutputTable:
    """One table of the report. Its position in ``TABLES`` is its order in the result, the JSON
    and on its sheet; sheets come in the order of their first table."""

    key: str
    title: str
    sheet: Sheet
    #: the name of the step that computes it
    step: str
    #: the report's numbering ("Tabel 7", "Tabel 21.2"), so a planner can map each sheet to the report
    nomor: str = ""


def _sheet(nomor: str, name: str, landscape: bool = True) -> Sheet:
    """A table's own sheet, named by its number: ``T7 SAKIP per Komponen``."""
    return Sheet(f"T{nomor} {name}", landscape)


def _table(nomor: str, key: str, title: str, sheet: str, step: str, landscape: bool = True) -> OutputTable:
    return OutputTable(key, title, _sheet(nomor, sheet, landscape), step, f"Tabel {nomor}")


#: the report's tables in its order (BAB I, BAB II, BAB III per sasaran, services, budget), each on
#: its own sheet. The seed numbers Tabel 7, 8, 12, 19, 21 and 21.2; the others are numbered in
#: report order around them (sub-numbers where the report has no room), so 9-11, 18 and 21.1
#: are numbers the seed uses for tables that are not figures.
TABLES: tuple[OutputTable, ...] = (
    # BAB I: gambaran umum
    _table(
        "1", "wilayah", "Luas Wilayah, Dusun, RW, RT dan Penduduk per Desa", "Wilayah dan Penduduk", "wilayah"
    ),
    _table(
        "2",
        "kepegawaian",
        "Pegawai menurut Eselon, Status dan Pendidikan",
        "Kepegawaian",
        "kepegawaian",
        False,
    ),
    _table("3.1", "pertanian", "Produksi Pertanian Tanaman Pangan (kg)", "Pertanian", "potensi"),
    _table("3.2", "perikanan", "Produksi Perikanan Darat (kg)", "Perikanan", "potensi", False),
    _table("3.3", "ternak_besar", "Populasi Ternak Besar (ekor)", "Ternak Besar", "potensi", False),
    _table("3.4", "ternak_kecil", "Populasi Ternak Kecil (ekor)", "Ternak Kecil", "potensi"),
    _table("3.5", "unggas", "Populasi Unggas (ekor)", "Unggas", "potensi"),
    _table("3.6", "tambang", "Lokasi Tambang Tidak Berizin", "Tambang", "potensi", False),
    _table("3.7", "wisata", "Objek Wisata", "Wisata", "potensi"),
    _table("3.8", "industri", "Industri menurut Skala Usaha (unit)", "Industri", "potensi"),
    _table("3.9", "produk_unggulan", "Produk Unggulan Desa", "Produk Unggulan", "potensi"),
    # BAB II: IKU and Perjanjian Kinerja
    _table("4", "iku", "Indikator Kinerja Utama (IKU)", "IKU", "sasaran"),
    _table("5", "perjanjian_kinerja", "Perjanjian Kinerja dan Capaiannya", "Perjanjian Kinerja", "sasaran"),
    _table(
        "5.1",
        "jumlah_program",
        "Jumlah Program, Kegiatan dan Sub Kegiatan",
        "Jumlah Program",
        "jumlah_program",
        False,
    ),
    _table("5.2", "sasaran_riwayat", "Capaian Sasaran Tiga Tahun Terakhir", "Riwayat Sasaran", "sasaran"),
    # BAB III: the scale, then sasaran 1 (SAKIP)
    _table("6", "skala_capaian", "Skala Perhitungan Capaian Kinerja", "Skala Capaian", "skala", False),
    _table("6.1", "skala_sakip", "Kategori Predikat Nilai SAKIP", "Skala Predikat SAKIP", "skala", False),
    _table(
        "6.2",
        "target_realisasi_sakip",
        "Target dan Realisasi Kinerja Sasaran Nilai SAKIP",
        "Target Realisasi SAKIP",
        "target_realisasi",
    ),
    _table(
        "6.3",
        "riwayat_sakip",
        "Nilai SAKIP: Tiga Tahun Terakhir dan Target Renstra",
        "Riwayat SAKIP",
        "sasaran",
    ),
    _table("7", "sakip_komponen", "Nilai SAKIP per Komponen", "SAKIP per Komponen", "sakip"),
    _table("7.1", "sakip_hasil", "Nilai dan Predikat SAKIP per Tahun", "Predikat SAKIP", "sakip", False),
    _table("8", "rekomendasi_lhe", "Rekomendasi LHE dan Tindak Lanjut", "Rekomendasi LHE", "sakip"),
    _table(
        "12",
        "efisiensi_sakip",
        "Efisiensi Penggunaan Sumber Daya Sasaran Nilai SAKIP",
        "Efisiensi Sasaran SAKIP",
        "efisiensi",
    ),
    # sasaran 2 (SKM)
    _table("13", "skala_skm", "Interval Nilai dan Mutu Pelayanan SKM", "Skala Mutu SKM", "skala"),
    _table("14", "skm_unsur", "Nilai Rata-rata per Unsur Pelayanan (NRR)", "SKM per Unsur", "skm"),
    _table("15", "skm_ikm", "Indeks Kepuasan Masyarakat (IKM)", "IKM per Semester", "skm"),
    _table(
        "16",
        "target_realisasi_skm",
        "Target dan Realisasi Kinerja Sasaran Kepuasan Masyarakat",
        "Target Realisasi IKM",
        "target_realisasi",
    ),
    _table(
        "17",
        "riwayat_skm",
        "Indeks Kepuasan Masyarakat: Tiga Tahun Terakhir dan Target Renstra",
        "Riwayat IKM",
        "sasaran",
    ),
    _table(
        "19",
        "efisiensi_skm",
        "Efisiensi Penggunaan Sumber Daya Sasaran Kepuasan Masyarakat",
        "Efisiensi Sasaran IKM",
        "efisiensi",
    ),
    # programs, kegiatan and sub kegiatan behind them
    _table(
        "20",
        "indikator_program",
        "Indikator Kinerja Program dan Kegiatan",
        "Indikator Program",
        "indikator_program",
    ),
    _table(
        "20.1",
        "indikator_keluaran",
        "Indikator Keluaran per Sub Kegiatan",
        "Indikator Sub Kegiatan",
        "indikator_keluaran",
    ),
    _table("20.2", "indikator_kesra", "Indikator Keluaran Seksi Kesra", "Indikator Kesra", "indikator_kesra"),
    # services and SPPT
    _table("21", "layanan", "Layanan Non-Perizinan dan Perizinan Non-Usaha", "Layanan", "layanan"),
    _table("21.2", "sppt", "Penyaluran SPPT PBB-P2 per Desa", "SPPT PBB", "sppt", False),
    _table("22", "dokumen", "Dokumen Desa yang Disampaikan ke Kecamatan", "Dokumen Desa", "dokumen"),
    _table("22.1", "musrenbang", "Musrenbang Desa", "Musrenbang", "musrenbang"),
    _table("22.2", "pilkades", "Pemilihan Kepala Desa", "Pilkades", "pilkades"),
    _table("22.3", "apbdes", "Evaluasi Rancangan APBDes", "APBDes", "apbdes"),
    # BAB III B: realisasi anggaran
    _table("23", "anggaran", "Alokasi dan Realisasi Anggaran", "Realisasi Anggaran", "anggaran"),
    _table(
        "23.1",
        "anggaran_tahunan",
        "Serapan Anggaran Tahun Lalu dan Tahun Ini",
        "Anggaran Tahun Lalu",
        "perbandingan",
        False,
    ),
    # the years of the Renstra period held in the archive (issue 15)
    _table(
        "24",
        "renstra_progres",
        "Capaian Sasaran dan Serapan per Tahun Periode Renstra",
        "Progres Renstra",
        "renstra",
    ),
)

TITLES: dict[str, str] = {t.key: t.title for t in TABLES}

#: the engine's computations in the order they run (the order in which their findings arise)
STEPS: tuple[Step, ...] = (
    Step("wilayah", wilayah.wilayah),
    Step("potensi", lambda inputs: wilayah.potensi(inputs, TITLES)),
    Step("kepegawaian", kepegawaian.kepegawaian),
    Step("anggaran", anggaran.anggaran),
    Step("jumlah_program", anggaran.jumlah_program, ("anggaran",)),
    Step("skala", skala.skala),
    Step("sakip", sakip.sakip),
    Step("skm", skm.skm),
    Step("sasaran", sasaran.sasaran, ("sakip", "skm")),
    Step("target_realisasi", kinerja.target_realisasi, ("sasaran",)),
    Step("efisiensi", efisiensi.efisiensi, ("anggaran", "sasaran", "kepegawaian")),
    Step("indikator_program", indikator.indikator_program, ("anggaran",)),
    Step("indikator_keluaran", indikator.indikator_keluaran, ("anggaran",)),
    Step("indikator_kesra", indikator.indikator_kesra, ("anggaran",)),
    Step("layanan", layanan.layanan),
    Step("sppt", layanan.sppt),
    Step("dokumen", dokumen.dokumen),
    Step("musrenbang", dokumen.musrenbang),
    Step("pilkades", pemdes.pilkades),
    Step("apbdes", pemdes.apbdes),
    Step("perbandingan", lambda inputs, budget: anggaran.perbandingan(inputs, budget.total), ("anggaran",)),
    Step("renstra", renstra.renstra, ("sasaran", "anggaran")),
)


class RegistryError(RuntimeError):
    """The declarations disagree with what the steps compute (a programming error)."""


def run(inputs: Inputs) -> dict[str, Any]:
    """Run every step; the result of each, by step name."""
    results: dict[str, Any] = {}
    for step in STEPS:
        missing = [n for n in step.needs if n not in results]
        if missing:
            raise RegistryError(f"step {step.name!r} runs before {missing}")
        results[step.name] = step.build(inputs, *(results[n] for n in step.needs))
    return results


def tables_of(result: Any) -> tuple[Tabel, ...]:
    """The tables a step computed."""
    if isinstance(result, Tabel):
        return (result,)
    if isinstance(result, list | tuple):
        return tuple(result)
    return tuple(result.tables)


def collect(results: dict[str, Any]) -> dict[str, Tabel]:
    """The declared tables, titled, in the order of ``TABLES``.

    Raises :class:`RegistryError` when a step computed a table that is not declared (or not
    declared as that step's), or a declared table was not computed."""
    computed: dict[str, tuple[str, Tabel]] = {}
    for name, result in results.items():
        for table in tables_of(result):
            if table.key in computed:
                raise RegistryError(f"table {table.key!r} is computed twice")
            computed[table.key] = (name, table)
    declared = {t.key: t for t in TABLES}
    undeclared = [k for k in computed if k not in declared]
    if undeclared:
        raise RegistryError(f"tables computed but not declared in engine.registry.TABLES: {undeclared}")
    out: dict[str, Tabel] = {}
    for spec in TABLES:
        if spec.key not in computed:
            raise RegistryError(f"table {spec.key!r} is declared but step {spec.step!r} did not compute it")
        step, table = computed[spec.key]
        if step != spec.step:
            raise RegistryError(
                f"table {spec.key!r} is declared from step {spec.step!r} but {step!r} computed it"
            )
        table.title = spec.title
        table.nomor = spec.nomor
        out[spec.key] = table
    return out


def sheet_name(key: str) -> str:
    """The name of the sheet a declared table stands on."""
    return next(t.sheet.name for t in TABLES if t.key == key)


def sheets(tables: Iterable[OutputTable] = TABLES) -> tuple[tuple[Sheet, tuple[str, ...]], ...]:
    """Each sheet with the keys of the tables stacked on it, sheets in order of their first table."""
    keys: dict[Sheet, list[str]] = {}
    for spec in tables:
        keys.setdefault(spec.sheet, []).append(spec.key)
    return tuple((sheet, tuple(k)) for sheet, k in keys.items())
