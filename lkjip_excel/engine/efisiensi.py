"""Efisiensi: per sasaran, the capaian of its indicator beside those of its funds and staff."""

from __future__ import annotations

from ..schema import SectionKind
from . import rules
from .inputs import ZERO, Inputs, num
from .kepegawaian import Kepegawaian
from .model import Baris, ColumnKind, Kolom, Tabel
from .sasaran import Sasaran

#: staff are counted in whole persons, whatever the column holds for the indicator rows
STAFF_COUNTS: dict[str, ColumnKind] = {"target": "integer", "realisasi": "integer"}


def efisiensi(inputs: Inputs, anggaran: Tabel, sasaran: Sasaran, pegawai: Kepegawaian) -> Tabel:
    """Per sasaran: indicator, funds and staff capaian side by side."""
    pk, staff = sasaran.perjanjian_kinerja, pegawai.counts
    mapping = inputs.table(SectionKind.PERENCANAAN_KEUANGAN, "peta_sasaran").records
    by_code = {r.values["kode"]: r for r in anggaran.rows}
    rows = []
    for pk_row in pk.rows:
        nomor = pk_row.values.get("nomor")
        codes = [r.get("kode") for r in mapping if r.values.get("nomor_sasaran") == nomor]
        # a code and its own parent must not be counted twice
        codes = [
            c for c in codes if c in by_code and not any(c != o and c.startswith(o + ".") for o in codes)
        ]
        pagu = sum((num(by_code[c].values.get("pagu_perubahan")) for c in codes), ZERO) if codes else None
        real = sum((num(by_code[c].values.get("realisasi")) for c in codes), ZERO) if codes else None
        label = f"Sasaran {nomor}"
        rows += [
            Baris({"sasaran": label, "aspek": f"Indikator: {pk_row.values.get('indikator')}",
                   "target": pk_row.values.get("target"), "realisasi": pk_row.values.get("realisasi"),
                   "capaian": pk_row.values.get("capaian"), "polaritas": pk_row.values.get("polaritas")}),
            Baris({"sasaran": label, "aspek": "Dana (Rp): " + (", ".join(codes) or "belum dipetakan"),
                   "target": pagu, "realisasi": real, "capaian": rules.ratio(real, pagu)}),
            Baris({"sasaran": label, "aspek": "SDM: ASN (orang)", "target": staff.target_asn,
                   "realisasi": staff.asn, "capaian": rules.ratio(staff.asn, staff.target_asn)},
                  types=dict(STAFF_COUNTS)),
            Baris({"sasaran": label, "aspek": "SDM: THL (orang)", "target": staff.target_thl,
                   "realisasi": staff.thl, "capaian": rules.ratio(staff.thl, staff.target_thl)},
                  types=dict(STAFF_COUNTS)),
        ]  # fmt: skip
        indicator = rows[-4].values["capaian"]
        for row in rows[-3:]:
            c = row.values["capaian"]
            row.values["selisih"] = None if c is None or indicator is None else indicator - c
    return Tabel(
        "efisiensi",
        [
            Kolom("sasaran", "Sasaran", "text"),
            Kolom("aspek", "Aspek", "text"),
            Kolom("target", "Target", "decimal"),
            Kolom("realisasi", "Realisasi", "decimal"),
            Kolom("capaian", "Capaian (%)", "percent", ratio=("realisasi", "target")),
            Kolom("selisih", "Capaian indikator dikurangi capaian ini (poin)", "decimal"),
        ],
        rows,
        source=f"{SectionKind.PERENCANAAN_KEUANGAN}, {SectionKind.UMUM_KEPEGAWAIAN}",
        notes=[
            "Tidak ada rumus resmi efisiensi: bandingkan capaian indikator dengan capaian dana dan SDM. "
            "Indikator tercapai dengan dana terserap kurang dari 100% dibaca sebagai efisien "
            "(selisih positif: indikator lebih tinggi daripada penggunaan sumber dayanya)."
        ],
    )
