"""Kepegawaian: staff counts by eselon, status, education and sex, and the ASN / THL totals."""

from __future__ import annotations

from dataclasses import dataclass

from ..schema import SectionKind, cocok
from ..schema.sections import ESELON, PENDIDIKAN, STATUS_PEGAWAI
from .cocok import checked_against, rec_table
from .inputs import At, Inputs
from .model import Baris, Kolom, Tabel


@dataclass(frozen=True)
class StaffCounts:
    """ASN (PNS and PPPK) and THL in the staff list, and their targets (umum-kepegawaian)."""

    asn: int
    thl: int
    target_asn: int | None
    target_thl: int | None


@dataclass(frozen=True)
class Kepegawaian:
    table: Tabel
    counts: StaffCounts

    @property
    def tables(self) -> tuple[Tabel, ...]:
        return (self.table,)


def kepegawaian(inputs: Inputs) -> Kepegawaian:
    """Counts by eselon, status, education and sex; the ASN count checked against indicators."""
    records = inputs.table(SectionKind.UMUM_KEPEGAWAIAN, "pegawai").records
    target = inputs.form(SectionKind.UMUM_KEPEGAWAIAN, "target_pegawai")
    groups = (
        ("Eselon", "eselon", ESELON),
        ("Status", "status", STATUS_PEGAWAI),
        ("Pendidikan", "pendidikan", PENDIDIKAN),
    )
    rows = []
    for group, key, choices in groups:
        for choice in choices:
            members = [r for r in records if r.values.get(key) == choice]
            if not members:
                continue
            l_count = sum(1 for r in members if r.values.get("jenis_kelamin") == "L")
            p_count = sum(1 for r in members if r.values.get("jenis_kelamin") == "P")
            rows.append(
                Baris(
                    {
                        "kelompok": group,
                        "uraian": choice,
                        "l": l_count,
                        "p": p_count,
                        "jumlah": l_count + p_count,
                    }
                )
            )
    asn = sum(1 for r in records if r.values.get("status") in ("PNS", "PPPK"))
    thl = sum(1 for r in records if r.values.get("status") == "THL")
    counts = StaffCounts(
        asn=asn,
        thl=thl,
        target_asn=target.values.get("asn") if target else None,
        target_thl=target.values.get("thl") if target else None,
    )
    if inputs.section(SectionKind.UMUM_KEPEGAWAIAN):
        _check_staff_indicators(inputs, asn)
    table = Tabel(
        "kepegawaian",
        [
            Kolom("kelompok", "Kelompok", "text"),
            Kolom("uraian", "Uraian", "text"),
            Kolom("l", "Laki-laki"),
            Kolom("p", "Perempuan"),
            Kolom("jumlah", "Jumlah", sum_of=("l", "p")),
        ],
        rows,
        source=SectionKind.UMUM_KEPEGAWAIAN,
        notes=[
            f"ASN (PNS dan PPPK): {asn} orang, target {counts.target_asn}; THL: {thl} orang, target {counts.target_thl}."
        ],
    )
    return Kepegawaian(table=table, counts=counts)


def _check_staff_indicators(inputs: Inputs, asn: int) -> None:
    """An indicator declared to count the ASN paid must equal the staff list."""
    for jenis, rec, _ in checked_against(inputs, lambda k: k == cocok.ASN):
        data, sub = inputs.table(jenis, rec_table(jenis)), inputs.section(jenis)
        inputs.compare(
            "JUMLAH_PEGAWAI_TIDAK_SAMA", At(sub, data, rec, "realisasi"), rec.values.get("realisasi"), asn,
            indikator=rec.values.get("indikator"),
        )  # fmt: skip
