"""Sasaran strategis: IKU, Perjanjian Kinerja and their three-year history, reconciled with the
computed SAKIP scores and IKM."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..reading import Record, Submission, TableData
from ..schema import SectionKind, cocok
from . import rules
from .cocok import declared
from .indikator import negatif
from .inputs import At, Inputs
from .model import Baris, ColumnKind, Kolom, Tabel
from .sakip import Sakip
from .skm import Skm


@dataclass(frozen=True)
class Sasaran:
    iku: Tabel
    perjanjian_kinerja: Tabel
    #: every sasaran's three years
    riwayat: Tabel
    #: the sasaran measured by the SAKIP score, and by the IKM
    riwayat_sakip: Tabel
    riwayat_skm: Tabel
    #: what each Perjanjian Kinerja row's realisasi is (cocok.SAKIP, cocok.SKM or None), row by row
    kinds: tuple[str | None, ...] = ()

    @property
    def tables(self) -> tuple[Tabel, ...]:
        return (self.iku, self.perjanjian_kinerja, self.riwayat, self.riwayat_sakip, self.riwayat_skm)


def sasaran_kinds(inputs: Inputs) -> dict[int, str]:
    """Which computed figure each sasaran's realisasi is (id of its record -> SAKIP / SKM),
    as its row declares (or, when it declares nothing, as its wording suggests)."""
    return {
        id(rec): key
        for rec, key in declared(inputs, SectionKind.PERENCANAAN_KEUANGAN, "sasaran", cocok.SASARAN_CHECKS)
    }


def sasaran(inputs: Inputs, sakip: Sakip, skm: Skm) -> Sasaran:
    """IKU, Perjanjian Kinerja and the three-year tables, with their reconciliations against the
    computed SAKIP scores and the year's IKM."""
    sakip_scores, ikm_year = sakip.scores, skm.figures.ikm
    sub = inputs.section(SectionKind.PERENCANAAN_KEUANGAN)
    data = inputs.table(SectionKind.PERENCANAAN_KEUANGAN, "sasaran")
    year = inputs.settings.tahun
    cap = inputs.settings.hitung.batasi_capaian
    iku, pk, riwayat = [], [], []
    kinds = sasaran_kinds(inputs)
    riwayat_kind: list[str | None] = []
    for rec in sorted(data.records, key=lambda r: r.values.get("nomor") or 0):
        v = rec.values
        neg = negatif(v)
        value = rules.capaian(v.get("target"), v.get("realisasi"), neg, cap)
        renstra = rules.capaian(v.get("target_renstra"), v.get("realisasi"), neg, cap)
        kind = kinds.get(id(rec))
        riwayat_kind.append(kind)
        flags = _check_sasaran(inputs, sub, data, rec, kind, value, sakip_scores, ikm_year)
        iku.append(
            Baris(
                {k: v.get(k) for k in ("nomor", "sasaran", "indikator", "formulasi", "sumber_data", "satuan")}
            )
        )
        pk.append(
            Baris(
                {
                    "nomor": v.get("nomor"),
                    "sasaran": v.get("sasaran"),
                    "indikator": v.get("indikator"),
                    "target": v.get("target"),
                    "realisasi": v.get("realisasi"),
                    "capaian": value,
                    "kategori": rules.kategori_capaian(value),
                    "polaritas": v.get("polaritas") or "Positif",
                    "target_renstra": v.get("target_renstra"),
                    "tahun_renstra": v.get("tahun_renstra"),
                    "capaian_renstra": renstra,
                },
                flags=flags,
            )
        )
        history = [v.get("realisasi_min2"), v.get("realisasi_min1"), v.get("realisasi")]
        riwayat.append(
            Baris(
                {
                    "indikator": v.get("indikator"),
                    "y2": history[0],
                    "y1": history[1],
                    "y0": history[2],
                    "rata_rata": rules.mean(history),
                    "tren": rules.trend(history[1], history[2]),
                    "target_renstra": v.get("target_renstra"),
                    "capaian_renstra": renstra,
                    "polaritas": v.get("polaritas") or "Positif",
                }
            )
        )
    text: ColumnKind = "text"
    riwayat_columns = [
        Kolom("indikator", "Indikator kinerja", text),
        Kolom("y2", str(year - 2), "decimal"),
        Kolom("y1", str(year - 1), "decimal"),
        Kolom("y0", str(year), "decimal"),
        Kolom("rata_rata", "Rata-rata", "decimal"),
        Kolom("tren", "Keterangan", text),
        Kolom("target_renstra", "Target akhir Renstra", "decimal"),
        Kolom("capaian_renstra", "Capaian thd Renstra (%)", "percent", ratio=("y0", "target_renstra")),
    ]

    def riwayat_of(kind: str, key: str) -> Tabel:
        rows = [r for r, k in zip(riwayat, riwayat_kind, strict=True) if k == kind]
        return Tabel(key, riwayat_columns, rows, source=SectionKind.PERENCANAAN_KEUANGAN)

    return Sasaran(
        iku=Tabel(
            "iku",
            [
                Kolom("nomor", "No", "integer"),
                Kolom("sasaran", "Sasaran strategis", text),
                Kolom("indikator", "Indikator kinerja", text),
                Kolom("formulasi", "Formulasi", text),
                Kolom("sumber_data", "Sumber data", text),
                Kolom("satuan", "Satuan", text),
            ],
            iku,
            source=SectionKind.PERENCANAAN_KEUANGAN,
        ),
        perjanjian_kinerja=Tabel(
            "perjanjian_kinerja",
            [
                Kolom("nomor", "No", "integer"),
                Kolom("sasaran", "Sasaran strategis", text),
                Kolom("indikator", "Indikator kinerja", text),
                Kolom("target", "Target", "decimal"),
                Kolom("realisasi", "Realisasi", "decimal"),
                Kolom("capaian", "Capaian (%)", "percent", ratio=("realisasi", "target")),
                Kolom("kategori", "Kategori", text),
                Kolom("target_renstra", "Target akhir Renstra", "decimal"),
                Kolom("tahun_renstra", "Tahun", "year"),
                Kolom(
                    "capaian_renstra",
                    "Capaian thd Renstra (%)",
                    "percent",
                    ratio=("realisasi", "target_renstra"),
                ),
            ],
            pk,
            source=SectionKind.PERENCANAAN_KEUANGAN,
        ),
        riwayat=Tabel("sasaran_riwayat", riwayat_columns, riwayat, source=SectionKind.PERENCANAAN_KEUANGAN),
        riwayat_sakip=riwayat_of(cocok.SAKIP, "riwayat_sakip"),
        riwayat_skm=riwayat_of(cocok.SKM, "riwayat_skm"),
        kinds=tuple(riwayat_kind),
    )


#: how a realisasi column of the sasaran table is named in a message
REALISASI_YEARS = {
    "realisasi": "tahun ini",
    "realisasi_min1": "tahun lalu",
    "realisasi_min2": "dua tahun lalu",
}


def _check_sasaran(
    inputs: Inputs,
    sub: Submission | None,
    data: TableData,
    rec: Record,
    kind: str | None,
    value: Decimal | None,
    sakip_scores: dict[int, Decimal],
    ikm_year: Decimal | None,
) -> list[str]:
    v = rec.values
    flags: list[str] = []
    inputs.compare(
        "PERSEN_TIDAK_SAMA", At(sub, data, rec, "capaian"), v.get("capaian"), rules.round2(value),
        tolerance=inputs.tolerance_pct, flags=flags, scores=True, label=f"Capaian sasaran {v.get('nomor')}",
    )  # fmt: skip
    letter = v.get("predikat_target")
    band = rules.predikat_sakip(v.get("target")) if letter and kind == cocok.SAKIP else None
    if band and band[0] != letter:
        inputs.note(
            "PREDIKAT_TIDAK_SESUAI", At(sub, data, rec, "predikat_target"), flags,
            label=f"Target sasaran {v.get('nomor')}", score=v.get("target"), stated=letter, computed=band[0],
        )  # fmt: skip
    year = inputs.settings.tahun
    checks = []
    if kind == cocok.SAKIP:
        checks = [
            ("realisasi", sakip_scores.get(year), "SAKIP_TIDAK_SAMA"),
            ("realisasi_min1", sakip_scores.get(year - 1), "SAKIP_TIDAK_SAMA"),
            ("realisasi_min2", sakip_scores.get(year - 2), "SAKIP_TIDAK_SAMA"),
        ]
    elif kind == cocok.SKM:
        checks = [("realisasi", rules.round2(ikm_year), "IKM_TIDAK_SAMA")]
    for column, computed, code in checks:
        inputs.compare(
            code, At(sub, data, rec, column), v.get(column), computed, tolerance=rules.SCORE_TOLERANCE, flags=flags,
            scores=True, label=f"Realisasi sasaran {v.get('nomor')} {REALISASI_YEARS[column]}",
        )  # fmt: skip
    return flags
