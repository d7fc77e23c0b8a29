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
    layanan,
    pemdes,
    renstra,
    sakip,
    sasaran,
    skm,
    wilayah,
)
from .inputs import Inputs
from .model import Tabel


@dataclass(frozen=True)
class Sheet:
    """A sheet of the LKjIP workbook; its tables are stacked in the order of ``TABLES``."""

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


WILAYAH = Sheet("Wilayah dan Penduduk")
PERTANIAN = Sheet("Potensi Pertanian")
PERIKANAN = Sheet("Potensi Perikanan", landscape=False)
PETERNAKAN = Sheet("Potensi Peternakan")
TAMBANG = Sheet("Potensi Tambang", landscape=False)
WISATA = Sheet("Potensi Wisata")
INDUSTRI = Sheet("Potensi Industri")
KEPEGAWAIAN = Sheet("Kepegawaian", landscape=False)
IKU = Sheet("IKU")
PERJANJIAN_KINERJA = Sheet("Perjanjian Kinerja")
CAPAIAN_SASARAN_1 = Sheet("Capaian Sasaran 1")
CAPAIAN_SASARAN_2 = Sheet("Capaian Sasaran 2")
EFISIENSI = Sheet("Efisiensi")
INDIKATOR_KELUARAN = Sheet("Indikator Keluaran")
LAYANAN = Sheet("Layanan")
SPPT = Sheet("SPPT PBB", landscape=False)
DOKUMEN = Sheet("Dokumen dan Musrenbang")
ANGGARAN = Sheet("Realisasi Anggaran")
RENSTRA = Sheet("Progres Renstra")

TABLES: tuple[OutputTable, ...] = (
    OutputTable("wilayah", "Luas Wilayah, Dusun, RW, RT dan Penduduk per Desa", WILAYAH, "wilayah"),
    OutputTable("pertanian", "Produksi Pertanian Tanaman Pangan (kg)", PERTANIAN, "potensi"),
    OutputTable("perikanan", "Produksi Perikanan Darat (kg)", PERIKANAN, "potensi"),
    OutputTable("ternak_besar", "Populasi Ternak Besar (ekor)", PETERNAKAN, "potensi"),
    OutputTable("ternak_kecil", "Populasi Ternak Kecil (ekor)", PETERNAKAN, "potensi"),
    OutputTable("unggas", "Populasi Unggas (ekor)", PETERNAKAN, "potensi"),
    OutputTable("tambang", "Lokasi Tambang Tidak Berizin", TAMBANG, "potensi"),
    OutputTable("wisata", "Objek Wisata", WISATA, "potensi"),
    OutputTable("industri", "Industri menurut Skala Usaha (unit)", INDUSTRI, "potensi"),
    OutputTable("produk_unggulan", "Produk Unggulan Desa", INDUSTRI, "potensi"),
    OutputTable("kepegawaian", "Pegawai menurut Eselon, Status dan Pendidikan", KEPEGAWAIAN, "kepegawaian"),
    OutputTable("iku", "Indikator Kinerja Utama (IKU)", IKU, "sasaran"),
    OutputTable("perjanjian_kinerja", "Perjanjian Kinerja dan Capaiannya", PERJANJIAN_KINERJA, "sasaran"),
    OutputTable("sasaran_riwayat", "Capaian Sasaran Tiga Tahun Terakhir", PERJANJIAN_KINERJA, "sasaran"),
    OutputTable(
        "riwayat_sakip", "Nilai SAKIP: Tiga Tahun Terakhir dan Target Renstra", CAPAIAN_SASARAN_1, "sasaran"
    ),
    OutputTable(
        "riwayat_skm",
        "Indeks Kepuasan Masyarakat: Tiga Tahun Terakhir dan Target Renstra",
        CAPAIAN_SASARAN_2,
        "sasaran",
    ),
    OutputTable("sakip_komponen", "Nilai SAKIP per Komponen", CAPAIAN_SASARAN_1, "sakip"),
    OutputTable("sakip_hasil", "Nilai dan Predikat SAKIP", CAPAIAN_SASARAN_1, "sakip"),
    OutputTable("rekomendasi_lhe", "Rekomendasi LHE dan Tindak Lanjut", CAPAIAN_SASARAN_1, "sakip"),
    OutputTable("skm_unsur", "Nilai Rata-rata per Unsur Pelayanan (NRR)", CAPAIAN_SASARAN_2, "skm"),
    OutputTable("skm_ikm", "Indeks Kepuasan Masyarakat (IKM)", CAPAIAN_SASARAN_2, "skm"),
    OutputTable("efisiensi", "Efisiensi Penggunaan Sumber Daya per Sasaran", EFISIENSI, "efisiensi"),
    OutputTable(
        "indikator_keluaran", "Indikator Keluaran per Sub Kegiatan", INDIKATOR_KELUARAN, "indikator_keluaran"
    ),
    OutputTable("indikator_kesra", "Indikator Keluaran Seksi Kesra", INDIKATOR_KELUARAN, "indikator_kesra"),
    OutputTable("layanan", "Layanan Non-Perizinan dan Perizinan Non-Usaha", LAYANAN, "layanan"),
    OutputTable("sppt", "Penyaluran SPPT PBB-P2 per Desa", SPPT, "sppt"),
    OutputTable("dokumen", "Dokumen Desa yang Disampaikan ke Kecamatan", DOKUMEN, "dokumen"),
    OutputTable("musrenbang", "Musrenbang Desa", DOKUMEN, "musrenbang"),
    OutputTable("pilkades", "Pemilihan Kepala Desa", DOKUMEN, "pilkades"),
    OutputTable("apbdes", "Evaluasi Rancangan APBDes", DOKUMEN, "apbdes"),
    OutputTable("anggaran", "Alokasi dan Realisasi Anggaran", ANGGARAN, "anggaran"),
    OutputTable("anggaran_tahunan", "Serapan Anggaran Tahun Lalu dan Tahun Ini", ANGGARAN, "perbandingan"),
    OutputTable(
        "renstra_progres", "Capaian Sasaran dan Serapan per Tahun Periode Renstra", RENSTRA, "renstra"
    ),
)

TITLES: dict[str, str] = {t.key: t.title for t in TABLES}

#: the engine's computations in the order they run (the order in which their findings arise)
STEPS: tuple[Step, ...] = (
    Step("wilayah", wilayah.wilayah),
    Step("potensi", lambda inputs: wilayah.potensi(inputs, TITLES)),
    Step("kepegawaian", kepegawaian.kepegawaian),
    Step("anggaran", anggaran.anggaran),
    Step("sakip", sakip.sakip),
    Step("skm", skm.skm),
    Step("sasaran", sasaran.sasaran, ("sakip", "skm")),
    Step("efisiensi", efisiensi.efisiensi, ("anggaran", "sasaran", "kepegawaian")),
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


def sheets(tables: Iterable[OutputTable] = TABLES) -> tuple[tuple[Sheet, tuple[str, ...]], ...]:
    """Each sheet with the keys of the tables stacked on it, sheets in order of their first table."""
    keys: dict[Sheet, list[str]] = {}
    for spec in tables:
        keys.setdefault(spec.sheet, []).append(spec.key)
    return tuple((sheet, tuple(k)) for sheet, k in keys.items())
