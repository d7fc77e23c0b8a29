"""Progress against the Renstra: each sasaran's realisation in every year of the Renstra period
the archive holds, beside the period's target, and the budget absorption of the same years.

The engine stays pure: the earlier years come in through ``Inputs.history`` (the pipeline
reads them from the workspace's archive; without one, only this year is shown).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Protocol

from . import rules
from .inputs import Inputs
from .model import Baris, ColumnKind, Kolom, Tabel
from .sasaran import Sasaran

#: a Renstra covers five years
PERIOD = 5


class EarlierFigures(Protocol):
    """One earlier year's figures (``archive.earlier.EarlierYear`` is one)."""

    @property
    def tahun(self) -> int: ...
    @property
    def pagu(self) -> Decimal | None: ...
    @property
    def realisasi(self) -> Decimal | None: ...
    @property
    def sasaran(self) -> Mapping[int, Decimal | None]: ...


def _years(tahun: int, pk: Tabel, history: Mapping[int, EarlierFigures]) -> list[int]:
    """The years shown: the Renstra period up to this year (from its end year on the forms),
    or, without one, the earlier years held and this year."""
    ends = [r.values.get("tahun_renstra") for r in pk.rows]
    end = next((e for e in ends if isinstance(e, int) and e >= tahun), None)
    if end is not None:
        return [y for y in range(end - PERIOD + 1, tahun + 1)]
    return sorted({*(y for y in history if y < tahun), tahun})


def renstra(inputs: Inputs, result: Sasaran, budget: Any) -> Tabel:
    """The progress table (``renstra_progres``)."""
    tahun = inputs.settings.tahun
    history: Mapping[int, EarlierFigures] = inputs.history
    pk = result.perjanjian_kinerja
    years = _years(tahun, pk, history)
    now = f"y{tahun}"
    columns = [
        Kolom("nomor", "No", "integer"),
        Kolom("uraian", "Indikator", "text"),
        *(Kolom(f"y{y}", str(y), "decimal") for y in years),
        Kolom("target_renstra", "Target akhir Renstra", "decimal"),
        Kolom(
            "capaian_renstra",
            f"Capaian {tahun} thd target Renstra (%)",
            "percent",
            ratio=(now, "target_renstra"),
        ),
    ]
    rows = []
    for r in pk.rows:
        nomor = r.values.get("nomor")
        values: dict[str, Any] = {"nomor": nomor, "uraian": r.values.get("indikator")}
        for y in years:
            held = history.get(y)
            values[f"y{y}"] = (
                r.values.get("realisasi")
                if y == tahun
                else held.sasaran.get(nomor)
                if held and isinstance(nomor, int)
                else None
            )
        values["target_renstra"] = r.values.get("target_renstra")
        values["capaian_renstra"] = rules.ratio(values[now], values["target_renstra"])
        rows.append(Baris(values))
    total = budget.total.values
    serapan: dict[str, Any] = {"nomor": None, "uraian": "Serapan anggaran (%)"}
    for y in years:
        held = history.get(y)
        serapan[f"y{y}"] = (
            total["serapan"] if y == tahun else rules.ratio(held.realisasi, held.pagu) if held else None
        )
    serapan.update(target_renstra=None, capaian_renstra=None)
    kinds: dict[str, ColumnKind] = {f"y{y}": "percent" for y in years}
    rows.append(Baris(serapan, types=kinds))
    return Tabel(
        "renstra_progres",
        columns,
        rows,
        notes=[
            "Tahun-tahun sebelumnya dari arsip (proses terakhir tiap tahun); kosong bila arsip belum mencatatnya."
        ],
    )
