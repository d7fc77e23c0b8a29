"""Efisiensi, the report's grid (Tabel 12, Tabel 19): per sasaran, target, realisasi and capaian of
its indicator, of the funds mapped to it and of the staff, side by side."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..schema import SectionKind
from . import rules
from .inputs import ZERO, Inputs, num
from .kepegawaian import Kepegawaian
from .kinerja import SAKIP_GROUP, SKM_GROUP, group_of, other_note
from .model import Baris, Kolom, Tabel
from .sasaran import Sasaran

TARGET, REALISASI, CAPAIAN, SELISIH = "Target", "Realisasi", "Capaian (%)", "Selisih capaian (poin)"

COLUMNS = [
    Kolom("nomor", "No"),
    Kolom("indikator", "Indikator kinerja", "text"),
    Kolom("t_indikator", "Indikator", "decimal", grup=TARGET),
    Kolom("t_dana", "Dana (Rp)", "rupiah", grup=TARGET),
    Kolom("t_sdm", "SDM (ASN)", "integer", grup=TARGET),
    Kolom("r_indikator", "Indikator", "decimal", grup=REALISASI),
    Kolom("r_dana", "Dana (Rp)", "rupiah", grup=REALISASI),
    Kolom("r_sdm", "SDM (ASN)", "integer", grup=REALISASI),
    # the indicator's capaian is the Perjanjian Kinerja's (polarity, cap), not a plain ratio
    Kolom("c_indikator", "Indikator", "percent", grup=CAPAIAN),
    Kolom("c_dana", "Dana", "percent", ratio=("r_dana", "t_dana"), grup=CAPAIAN),
    Kolom("c_sdm", "SDM", "percent", ratio=("r_sdm", "t_sdm"), grup=CAPAIAN),
    Kolom("s_dana", "Indikator - Dana", "decimal", grup=SELISIH),
    Kolom("s_sdm", "Indikator - SDM", "decimal", grup=SELISIH),
]


@dataclass(frozen=True)
class Efisiensi:
    sakip: Tabel
    skm: Tabel

    @property
    def tables(self) -> tuple[Tabel, ...]:
        return (self.sakip, self.skm)


def _minus(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    return None if a is None or b is None else a - b


def efisiensi(inputs: Inputs, anggaran: Tabel, sasaran: Sasaran, pegawai: Kepegawaian) -> Efisiensi:
    """One grid per group of sasaran (SAKIP score; IKM and the others)."""
    staff = pegawai.counts
    mapping = inputs.table(SectionKind.PERENCANAAN_KEUANGAN, "peta_sasaran").records
    by_code = {r.values["kode"]: r for r in anggaran.rows}
    groups: dict[str, tuple[list[Baris], list[str | None], list[str]]] = {
        SAKIP_GROUP: ([], [], []),
        SKM_GROUP: ([], [], []),
    }
    for pk_row, kind in zip(sasaran.perjanjian_kinerja.rows, sasaran.kinds, strict=True):
        v = pk_row.values
        nomor = v.get("nomor")
        codes = [r.get("kode") for r in mapping if r.values.get("nomor_sasaran") == nomor]
        # a code and its own parent must not be counted twice
        codes = [
            c for c in codes if c in by_code and not any(c != o and c.startswith(o + ".") for o in codes)
        ]
        pagu = sum((num(by_code[c].values.get("pagu_perubahan")) for c in codes), ZERO) if codes else None
        real = sum((num(by_code[c].values.get("realisasi")) for c in codes), ZERO) if codes else None
        values: dict[str, Any] = {
            "nomor": nomor,
            "indikator": v.get("indikator"),
            "t_indikator": v.get("target"),
            "t_dana": pagu,
            "t_sdm": staff.target_asn,
            "r_indikator": v.get("realisasi"),
            "r_dana": real,
            "r_sdm": staff.asn,
            "c_indikator": v.get("capaian"),
            "c_dana": rules.ratio(real, pagu),
            "c_sdm": rules.ratio(staff.asn, staff.target_asn),
        }
        values["s_dana"] = _minus(values["c_indikator"], values["c_dana"])
        values["s_sdm"] = _minus(values["c_indikator"], values["c_sdm"])
        rows, kinds, notes = groups[group_of(kind)]
        rows.append(Baris(values))
        kinds.append(kind)
        notes.append(
            f"Dana sasaran {nomor}: "
            + (", ".join(codes) if codes else "belum dipetakan (lembar Peta Sasaran)")
        )
    thl = (
        f"THL: target {staff.target_thl if staff.target_thl is not None else '-'} orang, "
        f"realisasi {staff.thl} orang."
    )
    common = [
        thl,
        "Tidak ada rumus resmi efisiensi: capaian indikator tercapai dengan dana terserap kurang dari 100% "
        "dibaca sebagai efisien (selisih positif: capaian indikator lebih tinggi daripada penggunaan sumber dayanya).",
    ]

    def table(key: str, group: str) -> Tabel:
        rows, kinds, notes = groups[group]
        return Tabel(
            key,
            COLUMNS,
            rows,
            source=f"{SectionKind.PERENCANAAN_KEUANGAN}, {SectionKind.UMUM_KEPEGAWAIAN}",
            notes=notes + common + other_note(rows, kinds),
        )

    return Efisiensi(sakip=table("efisiensi_sakip", SAKIP_GROUP), skm=table("efisiensi_skm", SKM_GROUP))
