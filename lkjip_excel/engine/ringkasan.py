"""The handful of figures a Camat reads first."""

from __future__ import annotations

from typing import Any

from ..findings import Severity
from ..reading import CheckReport
from . import rules
from .inputs import Inputs
from .model import Tabel


def ringkasan(
    report: CheckReport, tables: dict[str, Tabel], skm_meta: dict, findings: list, inputs: Inputs
) -> dict[str, Any]:
    total = tables["anggaran"].total.values
    years = tables["anggaran_tahunan"].rows
    prev = years[0].values["serapan"] if len(years) == 2 else None
    sasaran = [
        {
            "nomor": r.values.get("nomor"),
            "indikator": r.values.get("indikator"),
            "target": r.values.get("target"),
            "realisasi": r.values.get("realisasi"),
            "capaian": rules.round2(r.values.get("capaian")),
            "capaian_tepat": r.values.get("capaian"),
            "polaritas": r.values.get("polaritas"),
            "catatan": list(r.flags),
            "kategori": r.values.get("kategori"),
        }
        for r in tables["perjanjian_kinerja"].rows
    ]
    expected = len(report.settings.desa) + len(report.settings.seksi)
    used = sum(1 for s in report.submissions if s.used and s.readable)
    return {
        "sasaran": sasaran,
        "pagu": total["pagu_perubahan"],
        "realisasi": total["realisasi"],
        "serapan": rules.round2(total["serapan"]),
        "serapan_tahun_lalu": rules.round2(prev),
        "perubahan_serapan_poin": rules.round2(total["serapan"] - prev)
        if prev is not None and total["serapan"] is not None
        else None,
        "ikm": rules.round2(skm_meta.get("ikm")),
        "mutu_ikm": skm_meta.get("mutu"),
        "jumlah_desa": len(report.settings.desa),
        "desa_dipakai": inputs.desa_count[0],
        "cakupan_desa": f"{inputs.desa_count[0]} dari {inputs.desa_count[1]} desa",
        "kiriman_diharapkan": expected,
        "kiriman_dipakai": used,
        "kiriman_lengkap": used == expected,
        "galat": sum(1 for f in findings if f.severity is Severity.GALAT),
        "peringatan": sum(1 for f in findings if f.severity is Severity.PERINGATAN),
        "info": sum(1 for f in findings if f.severity is Severity.INFO),
    }
