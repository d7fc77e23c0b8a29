"""Survei Kepuasan Masyarakat: NRR per unsur and semester, IKM, converted IKM and mutu."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..schema import SectionKind
from ..schema.sections import UNSUR_SKM
from . import rules
from .inputs import At, Inputs, num
from .model import Baris, Kolom, SkmFigures, Tabel


@dataclass(frozen=True)
class Skm:
    unsur: Tabel
    ikm: Tabel
    #: the year's IKM, its mutu and how it was made
    figures: SkmFigures

    @property
    def tables(self) -> tuple[Tabel, ...]:
        return (self.unsur, self.ikm)


def skm(inputs: Inputs) -> Skm:
    """NRR per unsur and semester, IKM, converted IKM and mutu; the year's value."""
    from fractions import Fraction

    sub = inputs.section(SectionKind.TRANTIB_PELAYANAN)
    weight: Fraction = inputs.settings.hitung.ikm_weight
    nrr_data = inputs.table(SectionKind.TRANTIB_PELAYANAN, "skm_nrr")
    raw = inputs.table(SectionKind.TRANTIB_PELAYANAN, "skm_responden").records
    pooled = inputs.settings.hitung.skm_tahunan == "gabungan responden" and raw
    unsur_rows = []
    per_semester: dict[str, list[Decimal]] = {"1": [], "2": []}
    for rec in nrr_data.records:
        unsur = rec.key or ""  # (every row of a fixed table has its key)
        n1, n2 = rec.values.get("nrr_1"), rec.values.get("nrr_2")
        if pooled:
            scores = [num(r.get(unsur)) for r in raw if r.get(unsur) is not None]
            year_nrr = rules.mean(scores)
        else:
            year_nrr = rules.mean([n1, n2])
        for s, n in (("1", n1), ("2", n2)):
            if n is not None:
                per_semester[s].append(n)
        mutu = rules.mutu_nrr(year_nrr)
        unsur_rows.append(
            Baris({"unsur": _unsur_label(rec.key), "nrr_1": n1, "nrr_2": n2, "nrr": year_nrr, "mutu": mutu[0] if mutu else None,
                   "keterangan": mutu[1] if mutu else None})
        )  # fmt: skip
    sem_data = inputs.table(SectionKind.TRANTIB_PELAYANAN, "skm_semester")
    sem_rows = []
    ikm_values = []
    for rec in sem_data.records:
        nrr = per_semester.get(rec.key or "", [])
        value = rules.ikm_converted(nrr, weight) if len(nrr) == len(UNSUR_SKM) else None
        ikm_values.append(value)
        pop, resp = rec.values.get("populasi"), rec.values.get("responden")
        minimum = rules.minimum_sample(pop)
        mutu = rules.mutu_ikm(value)
        row = Baris(
            {"semester": f"Semester {rec.key}", "populasi": pop, "responden": resp, "sampel_minimum": minimum,
             "ikm": value, "mutu": mutu[0] if mutu else None}
        )  # fmt: skip
        if minimum is not None and resp is not None and resp < minimum:
            inputs.note(
                "SAMPEL_SKM_KURANG", At(sub, sem_data, rec, "responden"), row.flags,
                semester=rec.key, responden=resp, minimum=minimum, populasi=pop,
            )  # fmt: skip
        inputs.compare(
            "IKM_TIDAK_SAMA", At(sub, sem_data, rec, "ikm"), rec.values.get("ikm"), rules.round2(value),
            tolerance=inputs.tolerance_pct, flags=row.flags, scores=True, label=f"IKM semester {rec.key}",
        )  # fmt: skip
        sem_rows.append(row)
    if pooled:
        pooled_nrr = [r.values["nrr"] for r in unsur_rows]
        year_value = (
            rules.ikm_converted(pooled_nrr, weight) if all(n is not None for n in pooled_nrr) else None
        )
        method = "gabungan jawaban responden"
    else:
        year_value = rules.mean([v for v in ikm_values if v is not None]) if any(ikm_values) else None
        method = "rata-rata IKM semester 1 dan 2"
    mutu = rules.mutu_ikm(year_value)
    sem_rows.append(
        Baris(
            {
                "semester": f"Tahun {inputs.settings.tahun}",
                "ikm": year_value,
                "mutu": mutu[0] if mutu else None,
            }
        )
    )
    bobot = inputs.settings.hitung.bobot_ikm
    weight_text = f"{bobot} (tepat)" if bobot == "1/9" else bobot
    figures = SkmFigures(
        bobot=inputs.settings.hitung.bobot_ikm,
        metode_tahunan=method,
        ikm=year_value,
        mutu=mutu[0] if mutu else None,
        keterangan_mutu=mutu[1] if mutu else None,
    )
    notes = [
        f"Bobot tiap unsur: {weight_text}. IKM konversi = IKM x {rules.IKM_SCALE}.",
        f"Nilai tahunan: {method}.",
    ]
    return Skm(
        unsur=Tabel(
            "skm_unsur",
            [
                Kolom("unsur", "Unsur pelayanan", "text"),
                Kolom("nrr_1", "Semester 1", "decimal", decimals=3),
                Kolom("nrr_2", "Semester 2", "decimal", decimals=3),
                Kolom("nrr", "Tahun", "decimal", decimals=3),
                Kolom("mutu", "Mutu", "text"),
                Kolom("keterangan", "Kinerja", "text"),
            ],
            unsur_rows,
            source=SectionKind.TRANTIB_PELAYANAN,
            notes=notes,
        ),
        ikm=Tabel(
            "skm_ikm",
            [
                Kolom("semester", "Periode", "text"),
                Kolom("populasi", "Populasi", "integer"),
                Kolom("responden", "Responden", "integer"),
                Kolom("sampel_minimum", "Sampel minimum (Krejcie-Morgan)", "integer"),
                Kolom("ikm", "IKM (konversi)", "decimal"),
                Kolom("mutu", "Mutu", "text"),
            ],
            sem_rows,
            source=SectionKind.TRANTIB_PELAYANAN,
            notes=notes,
        ),
        figures=figures,
    )


def _unsur_label(key: str | None) -> str:
    return next((r.label for r in UNSUR_SKM if r.key == key), key or "")
