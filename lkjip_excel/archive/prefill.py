"""The earlier-year fields of next year's forms, filled from the archive (``templat``).

From the current run of each earlier year the archive holds:

* perencanaan-keuangan, *Anggaran Tahun Lalu*: last year's pagu and realisasi;
* perencanaan-keuangan, *Sasaran*: each sasaran of last year's Perjanjian Kinerja (number,
  wording, Renstra target) with its realisasi of last year and of the year before;
* tata-pemerintahan, *Hasil SAKIP*: the SAKIP score of each earlier year, with the predikat
  that score earns (computed, never copied: the report's own letters were wrong before).

Every pre-filled value is a :class:`~lkjip_excel.template.writer.Prefilled`: the form shows a
comment on its cell naming the run it comes from. This year's figures stay empty. The archive
is someone's file: each value is checked against its column (type, bounds, choices) as a form
would be, and one that does not fit is left out; the comment shows only safe one-line text.
"""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..schema import SCHEMA
from ..schema.model import ColumnType, Table
from ..schema.record import ValueProblem, check_value
from ..template.writer import Prefilled
from ..text import output_text
from .earlier import PK, TAPEM, EarlierYear, earlier_years
from .query import current_run, run_dict
from .schema import ArchiveError, connect

if TYPE_CHECKING:
    from ..settings import Settings


def _note(year: EarlierYear) -> str:
    dibuat = " ".join(output_text(str(year.dibuat)).split())[:40] or "-"
    return (
        f"Diisi otomatis dari arsip: hasil tahun {year.tahun} (proses #{year.run_id}, dibuat "
        f"{dibuat}). Periksa; ubah bila keliru."
    )


def _fits(table: Table, key: str, value: Any, settings: Settings | None) -> bool:
    """Whether ``value`` is what a person could have typed into ``key`` of ``table``."""
    col = table.column(key)
    if col.type is ColumnType.CHOICE and settings is None:
        return isinstance(value, str)
    probe = float(value) if isinstance(value, Decimal) else value
    if isinstance(value, Decimal) and not value.is_finite():
        return False
    try:
        check_value(col, probe, settings)  # type: ignore[arg-type]
    except (ValueProblem, OverflowError):
        return False
    return True


def _put(
    record: dict[str, Any], table: Table, key: str, value: Any, note: str, settings: Settings | None
) -> None:
    if value is not None and value != "" and _fits(table, key, value, settings):
        record[key] = Prefilled(value, note)


def _sasaran_rows(path: Path, year: EarlierYear) -> list[dict[str, Any]]:
    try:
        conn = connect(path, read_only=True)
    except ArchiveError:
        return []
    try:
        run_id = current_run(conn, year.tahun)
        rows = run_dict(conn, run_id, ("perjanjian_kinerja",))["tabel"] if run_id is not None else {}
    except (sqlite3.Error, ValueError, TypeError):
        return []
    finally:
        conn.close()
    return list((rows.get("perjanjian_kinerja") or {}).get("baris") or [])


def prefill_data(path: Path, tahun: int, settings: Settings | None = None) -> dict[str, dict[str, Any]]:
    """Form data by kind (``write_workbook``'s ``data``) for the forms of ``tahun``; empty when
    the archive holds no earlier year. ``settings`` checks choice columns against the desa list."""
    from ..engine import rules

    budget, goals = SCHEMA.kind(PK).table("anggaran_tahun_lalu"), SCHEMA.kind(PK).table("sasaran")
    scores = SCHEMA.kind(TAPEM).table("sakip_hasil")
    years = earlier_years(path, tahun)
    if not years:
        return {}
    out: dict[str, dict[str, Any]] = {}
    last = years.get(tahun - 1)
    if last is not None:
        pk: dict[str, Any] = {}
        if last.pagu is not None and last.realisasi is not None:
            note = _note(last)
            anggaran: dict[str, Any] = {}
            for key, value in (("tahun", last.tahun), ("pagu", last.pagu), ("realisasi", last.realisasi)):
                _put(anggaran, budget, key, value, note, settings)
            if len(anggaran) == 3:
                pk["anggaran_tahun_lalu"] = anggaran
        before = years.get(tahun - 2)
        sasaran = []
        for row in _sasaran_rows(path, last):
            record: dict[str, Any] = {}
            _put(record, goals, "nomor", row.get("nomor"), _note(last), settings)
            if "nomor" not in record:
                continue
            nomor: int = record["nomor"].value
            for key in ("sasaran", "indikator", "target_renstra", "tahun_renstra"):
                _put(record, goals, key, row.get(key), _note(last), settings)
            _put(record, goals, "realisasi_min1", last.sasaran.get(nomor), _note(last), settings)
            if before is not None:
                _put(record, goals, "realisasi_min2", before.sasaran.get(nomor), _note(before), settings)
            sasaran.append(record)
        if sasaran:
            pk["sasaran"] = sasaran
        if pk:
            out[PK] = pk
    sakip = []
    for year in sorted(years.values(), key=lambda y: y.tahun):
        if year.sakip is None:
            continue
        score: dict[str, Any] = {}
        _put(score, scores, "tahun", year.tahun, _note(year), settings)
        _put(score, scores, "nilai", year.sakip, _note(year), settings)
        if len(score) < 2:
            continue
        judged = rules.predikat_sakip(Decimal(year.sakip))
        if judged:
            _put(score, scores, "predikat", judged[0], _note(year), settings)
        sakip.append(score)
    if sakip:
        out[TAPEM] = {"sakip_hasil": sakip}
    return out
