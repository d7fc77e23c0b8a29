"""Per sasaran, the report's *Target dan Realisasi Kinerja* table: target, realisasi, capaian and,
for a SAKIP score, the predikat computed from the score (never the letter the form states)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .. import fmt
from ..schema import SectionKind, cocok
from . import rules
from .inputs import Inputs
from .model import Baris, Kolom, Tabel
from .sasaran import Sasaran

#: the report's two groups of sasaran: those measured by the SAKIP score, and the others
#: (the IKM, and any sasaran measured otherwise)
SAKIP_GROUP, SKM_GROUP = "sakip", "skm"


def group_of(kind: str | None) -> str:
    return SAKIP_GROUP if kind == cocok.SAKIP else SKM_GROUP


def other_note(rows: list[Baris], kinds: list[str | None]) -> list[str]:
    """A sasaran that is neither a SAKIP score nor an IKM stands with the IKM ones: say so."""
    others = [
        str(r.values.get("nomor"))
        for r, k in zip(rows, kinds, strict=True)
        if k not in (cocok.SAKIP, cocok.SKM)
    ]
    if not others:
        return []
    return [
        f"Sasaran {', '.join(others)} tidak diukur dengan nilai SAKIP maupun IKM; ditampilkan di tabel ini."
    ]


def predikat_text(score: Any) -> str | None:
    """``BB (71,20)``: the predikat of a SAKIP score, computed, with the score."""
    band = rules.predikat_sakip(None if score is None else Decimal(score))
    if band is None:
        return None
    return f"{band[0]} ({fmt.number(Decimal(score), 2)})"


@dataclass(frozen=True)
class TargetRealisasi:
    sakip: Tabel
    skm: Tabel

    @property
    def tables(self) -> tuple[Tabel, ...]:
        return (self.sakip, self.skm)


def target_realisasi(inputs: Inputs, sasaran: Sasaran) -> TargetRealisasi:
    year = inputs.settings.tahun
    groups: dict[str, tuple[list[Baris], list[str | None]]] = {SAKIP_GROUP: ([], []), SKM_GROUP: ([], [])}
    for pk, kind in zip(sasaran.perjanjian_kinerja.rows, sasaran.kinds, strict=True):
        v = pk.values
        is_sakip = kind == cocok.SAKIP
        row = Baris(
            {
                "nomor": v.get("nomor"),
                "indikator": v.get("indikator"),
                "target": v.get("target"),
                "predikat_target": predikat_text(v.get("target")) if is_sakip else None,
                "realisasi": v.get("realisasi"),
                "predikat_realisasi": predikat_text(v.get("realisasi")) if is_sakip else None,
                "capaian": v.get("capaian"),
                "kategori": v.get("kategori"),
                "polaritas": v.get("polaritas"),
            },
            flags=list(pk.flags),
        )
        rows, kinds = groups[group_of(kind)]
        rows.append(row)
        kinds.append(kind)
    columns = [
        Kolom("nomor", "No"),
        Kolom("indikator", "Indikator kinerja", "text"),
        Kolom("target", "Nilai", "decimal", grup=f"Target {year}"),
        Kolom("predikat_target", "Predikat (nilai)", "text", grup=f"Target {year}"),
        Kolom("realisasi", "Nilai", "decimal", grup=f"Realisasi {year}"),
        Kolom("predikat_realisasi", "Predikat (nilai)", "text", grup=f"Realisasi {year}"),
        Kolom("capaian", "Capaian (%)", "percent", ratio=("realisasi", "target")),
        Kolom("kategori", "Kategori", "text"),
    ]
    notes = ["Predikat dihitung dari nilainya (rentang predikat SAKIP), bukan disalin dari formulir."]

    def table(key: str, group: str, extra: list[str]) -> Tabel:
        rows, kinds = groups[group]
        return Tabel(
            key, columns, rows, source=SectionKind.PERENCANAAN_KEUANGAN, notes=extra + other_note(rows, kinds)
        )

    return TargetRealisasi(
        sakip=table("target_realisasi_sakip", SAKIP_GROUP, notes),
        skm=table("target_realisasi_skm", SKM_GROUP, []),
    )
