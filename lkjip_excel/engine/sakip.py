"""SAKIP: the score per year from its components, predikat, and the LHE recommendations."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..schema import SectionKind
from . import rules
from .inputs import ZERO, At, Inputs, num
from .model import Baris, Kolom, Tabel


@dataclass(frozen=True)
class Sakip:
    komponen: Tabel
    hasil: Tabel
    lhe: Tabel
    #: the computed score of each year (sum of that year's components)
    scores: dict[int, Decimal]

    @property
    def tables(self) -> tuple[Tabel, ...]:
        return (self.komponen, self.hasil, self.lhe)


def sakip(inputs: Inputs) -> Sakip:
    """Score per year = sum of that year's components; % per component against its weight."""
    sub = inputs.section(SectionKind.TATA_PEMERINTAHAN)
    data = inputs.table(SectionKind.TATA_PEMERINTAHAN, "sakip_komponen")
    year = inputs.settings.tahun
    years = [year - 2, year - 1, year]
    scores: dict[int, Decimal] = {}
    components: dict[str, dict[str, Any]] = {}
    for part in data.records:
        t, name = part.values.get("tahun"), part.values.get("komponen")
        if t is None or name is None:
            continue
        scores[t] = scores.get(t, ZERO) + num(part.values.get("nilai"))
        comp = components.setdefault(name, {"komponen": name, "bobot": None})
        comp[f"n{t}"] = part.values.get("nilai")
        if t == year:  # the weights are those of this year's scheme
            comp["bobot"] = part.values.get("bobot")
    rows = []
    for comp in components.values():
        values: dict[str, Any] = {"komponen": comp["komponen"], "bobot": comp["bobot"]}
        for i, t in enumerate(years):
            values[f"y{2 - i}"] = comp.get(f"n{t}")
        values["persen"] = rules.ratio(values["y0"], values["bobot"])
        rows.append(Baris(values))
    total = Baris(
        {
            "bobot": sum((num(r.values["bobot"]) for r in rows), ZERO),
            **{f"y{2 - i}": scores.get(t) for i, t in enumerate(years)},
        }
    )
    total.values["persen"] = rules.ratio(total.values["y0"], total.values["bobot"])
    komponen = Tabel(
        "sakip_komponen",
        [
            Kolom("komponen", "Komponen", "text"),
            Kolom("bobot", f"Bobot {year}", "decimal", total="sum"),
            Kolom("y2", str(years[0]), "decimal", total="sum"),
            Kolom("y1", str(years[1]), "decimal", total="sum"),
            Kolom("y0", str(years[2]), "decimal", total="sum"),
            Kolom("persen", f"% {year} thd bobot", "percent", ratio=("y0", "bobot")),
        ],
        rows,
        total,
        total_label="Nilai SAKIP",
        source=SectionKind.TATA_PEMERINTAHAN,
        notes=["Komponen mengikuti skema penilaian tahun masing-masing."],
    )
    stated = {r.get("tahun"): r for r in inputs.table(SectionKind.TATA_PEMERINTAHAN, "sakip_hasil").records}
    hasil_data = inputs.table(SectionKind.TATA_PEMERINTAHAN, "sakip_hasil")
    hasil_rows = []
    for t in sorted(set(scores) | set(stated)):
        score = scores.get(t)
        band = rules.predikat_sakip(score)
        row = Baris(
            {
                "tahun": t,
                "nilai": score,
                "predikat": band[0] if band else None,
                "keterangan": band[1] if band else None,
            }
        )
        rec = stated.get(t)
        if rec is not None:
            inputs.compare(
                "SAKIP_TIDAK_SAMA", At(sub, hasil_data, rec, "nilai"), rec.values.get("nilai"), score,
                tolerance=rules.SCORE_TOLERANCE, flags=row.flags, scores=True, label=f"Nilai SAKIP {t}",
            )  # fmt: skip
            letter = rec.values.get("predikat")
            judged = rules.predikat_sakip(
                rec.values.get("nilai") if rec.values.get("nilai") is not None else score
            )
            if letter and judged and letter != judged[0]:
                inputs.note(
                    "PREDIKAT_TIDAK_SESUAI", At(sub, hasil_data, rec, "predikat"), row.flags,
                    label=f"SAKIP {t}", score=rec.values.get("nilai") or score, stated=letter, computed=judged[0],
                )  # fmt: skip
        hasil_rows.append(row)
    hasil = Tabel(
        "sakip_hasil",
        [
            Kolom("tahun", "Tahun", "year"),
            Kolom("nilai", "Nilai", "decimal"),
            Kolom("predikat", "Predikat", "text"),
            Kolom("keterangan", "Keterangan", "text"),
        ],
        hasil_rows,
        source=SectionKind.TATA_PEMERINTAHAN,
    )
    lhe = Tabel(
        "rekomendasi_lhe",
        [
            Kolom("tahun", "Tahun", "year"),
            Kolom("komponen", "Komponen", "text"),
            Kolom("rekomendasi", "Rekomendasi", "text"),
            Kolom("tindak_lanjut", "Tindak lanjut", "text"),
        ],
        [
            Baris(dict(r.values))
            for r in inputs.table(SectionKind.TATA_PEMERINTAHAN, "rekomendasi_lhe").records
        ],
        source=SectionKind.TATA_PEMERINTAHAN,
    )
    return Sakip(komponen=komponen, hasil=hasil, lhe=lhe, scores=scores)
