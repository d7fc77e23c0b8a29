"""Desa government events: the village head elections and the APBDes evaluations."""

from __future__ import annotations

from ..schema import SectionKind
from . import rules
from .inputs import ZERO, Inputs, num
from .model import Baris, Kolom, Tabel


def pilkades(inputs: Inputs) -> Tabel:
    """The village head elections of the year, with turnout."""
    names = {d.kode: d.nama for d in inputs.settings.desa}
    rows = []
    for rec in inputs.table(SectionKind.TATA_PEMERINTAHAN, "pilkades").records:
        v = rec.values
        rows.append(
            Baris({"desa": names.get(rec.get("kode_desa"), rec.get("kode_desa")), "tanggal": v.get("tanggal"),
                   "calon": v.get("calon"), "terdaftar": v.get("pemilih_terdaftar"), "hadir": v.get("pemilih_hadir"),
                   "partisipasi": rules.ratio(v.get("pemilih_hadir"), v.get("pemilih_terdaftar"))})
        )  # fmt: skip
    total = Baris(
        {k: sum((num(r.values.get(k)) for r in rows), ZERO) for k in ("calon", "terdaftar", "hadir")}
    )
    total.values["partisipasi"] = rules.ratio(total.values["hadir"], total.values["terdaftar"])
    return Tabel(
        "pilkades",
        [
            Kolom("desa", "Desa", "text"),
            Kolom("tanggal", "Tanggal", "date"),
            Kolom("calon", "Calon", total="sum"),
            Kolom("terdaftar", "Pemilih terdaftar", total="sum"),
            Kolom("hadir", "Pemilih hadir", total="sum"),
            Kolom("partisipasi", "Partisipasi (%)", "percent", ratio=("hadir", "terdaftar")),
        ],
        rows,
        total if rows else None,
        source=SectionKind.TATA_PEMERINTAHAN,
    )


def apbdes(inputs: Inputs) -> Tabel:
    """The evaluation of each desa's draft APBDes (pmd)."""
    by_desa = inputs.table(SectionKind.PMD, "apbdes").by_key()
    rows = []
    for kode, nama, _ in inputs.desa_rows():
        v = by_desa[kode].values if kode in by_desa else {}
        rows.append(
            Baris(
                {
                    "desa": nama,
                    "tanggal": v.get("tanggal"),
                    "nomor": v.get("nomor"),
                    "status": v.get("status"),
                }
            )
        )
    return Tabel(
        "apbdes",
        [
            Kolom("desa", "Desa", "text"),
            Kolom("tanggal", "Tanggal evaluasi", "date"),
            Kolom("nomor", "Nomor hasil evaluasi", "text"),
            Kolom("status", "Status", "text"),
        ],
        rows,
        source=SectionKind.PMD,
    )
