"""Earlier years from the archive: what the current run of each earlier year recorded, and the
check of what this year's forms state for those years against it.

The forms carry earlier-year figures (last year's pagu and realisasi, each sasaran's
realisasi of the two years before, the SAKIP score of earlier years). When the workspace's
archive holds a run of that year, a figure that differs from it is a finding
(``TAHUN_LALU_BEDA_ARSIP``) with both values and the run it comes from; the finding joins the
submission's findings before the engine runs, so ``periksa`` and ``proses`` both report it
and every count includes it.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..findings import Finding
from .query import current_run, run_dict
from .schema import ArchiveError, connect

if TYPE_CHECKING:
    from ..reading import CheckReport, Record, Submission

PK, TAPEM = "perencanaan-keuangan", "tata-pemerintahan"


@dataclass(frozen=True)
class EarlierYear:
    """The figures of one earlier year, from its current run in the archive."""

    tahun: int
    run_id: int
    dibuat: str
    pagu: Decimal | None
    realisasi: Decimal | None
    #: sasaran number -> realisasi
    sasaran: dict[int, Decimal | None] = field(default_factory=dict)
    #: the SAKIP score of that year, as that year's report has it
    sakip: Decimal | None = None
    predikat: str | None = None


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return None
    return Decimal(value)


def earlier_years(path: Path, tahun: int, back: int = 3) -> dict[int, EarlierYear]:
    """The archive's current run of each of the ``back`` years before ``tahun`` (those it holds).

    No archive, or one that cannot be read, holds nothing (``proses`` reports an unwritable
    archive when it records)."""
    if not Path(path).is_file():
        return {}
    try:
        conn = connect(path, read_only=True)
    except ArchiveError:
        return {}
    out: dict[int, EarlierYear] = {}
    try:
        for year in range(tahun - back, tahun):
            run_id = current_run(conn, year)
            if run_id is None:
                continue
            data = run_dict(conn, run_id, ("sakip_hasil",))
            r = data["ringkasan"]
            sasaran = {}
            for s in r.get("sasaran") or []:
                if isinstance(s.get("nomor"), int):
                    sasaran[s["nomor"]] = _decimal(s.get("realisasi"))
            sakip = predikat = None
            for row in (data["tabel"].get("sakip_hasil") or {}).get("baris", []):
                if str(row.get("tahun")) == str(year):
                    sakip, predikat = _decimal(row.get("nilai")), row.get("predikat")
            out[year] = EarlierYear(
                year, run_id, data["dibuat"], _decimal(r.get("pagu")), _decimal(r.get("realisasi")),
                sasaran, sakip, predikat,
            )  # fmt: skip
    except (sqlite3.Error, ValueError, TypeError, AttributeError):
        return {}
    finally:
        conn.close()
    return out


def _differs(stated: Any, archived: Decimal | None, tolerance: Decimal) -> bool:
    if stated is None or archived is None:
        return False
    return abs(Decimal(stated) - archived) > tolerance


def _note(
    sub: Submission, sheet: str, rec: Record, column: str, label: str, year: EarlierYear, archived: Any
) -> None:
    sub.findings.append(
        Finding(
            "TAHUN_LALU_BEDA_ARSIP",
            file=sub.name,
            sheet=sheet,
            cell=rec.cells.get(column),
            table=None,
            column=column,
            values={
                "label": label,
                "tahun": str(year.tahun),
                "stated": rec.values.get(column),
                "archived": archived,
                "proses": year.run_id,
                "dibuat": year.dibuat,
            },
        )
    )


def check_earlier(report: CheckReport, archive: Path) -> None:
    """Add a finding to the submission for every earlier-year figure that differs from the archive."""
    tahun = report.settings.tahun
    years = earlier_years(archive, tahun)
    if not years:
        return
    tolerance_rp = Decimal(str(report.settings.hitung.toleransi_rupiah))
    tolerance = Decimal("0.005")
    for sub in report.submissions:
        if not (sub.used and sub.readable) or sub.identity is None:
            continue
        if sub.identity.jenis == PK:
            last = sub.table("anggaran_tahun_lalu")
            rec = last.form
            if rec is not None and isinstance(rec.values.get("tahun"), int) and rec.values["tahun"] in years:
                year = years[rec.values["tahun"]]
                for column, label, archived in (
                    ("pagu", "Pagu", year.pagu),
                    ("realisasi", "Realisasi", year.realisasi),
                ):
                    if _differs(rec.values.get(column), archived, tolerance_rp):
                        _note(sub, last.sheet, rec, column, f"{label} anggaran", year, archived)
            table = sub.table("sasaran")
            for rec in table.records:
                nomor = rec.values.get("nomor")
                for column, back in (("realisasi_min1", 1), ("realisasi_min2", 2)):
                    year_ = years.get(tahun - back)
                    if year_ is None or not isinstance(nomor, int):
                        continue
                    archived = year_.sasaran.get(nomor)
                    if _differs(rec.values.get(column), archived, tolerance):
                        _note(sub, table.sheet, rec, column, f"Realisasi sasaran {nomor}", year_, archived)
        elif sub.identity.jenis == TAPEM:
            table = sub.table("sakip_hasil")
            for rec in table.records:
                year_ = years.get(rec.values.get("tahun"))  # type: ignore[arg-type]
                if year_ is not None and _differs(rec.values.get("nilai"), year_.sakip, tolerance):
                    _note(sub, table.sheet, rec, "nilai", "Nilai SAKIP", year_, year_.sakip)
