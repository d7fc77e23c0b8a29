"""The earlier-year fields of next year's forms, filled from the archive (``templat``).

From the current run of each earlier year the archive holds:

* perencanaan-keuangan, *Anggaran Tahun Lalu*: last year's pagu and realisasi;
* perencanaan-keuangan, *Sasaran*: each sasaran of last year's Perjanjian Kinerja (number,
  wording, Renstra target) with its realisasi of last year and of the year before;
* tata-pemerintahan, *Hasil SAKIP*: the SAKIP score of each earlier year, with the predikat
  that score earns (computed, never copied: the report's own letters were wrong before).

Every pre-filled value is a :class:`~lkjip_excel.template.writer.Prefilled`: the form shows a
comment on its cell naming the run it comes from. This year's figures stay empty.
"""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..template.writer import Prefilled
from .earlier import PK, TAPEM, EarlierYear, earlier_years
from .query import current_run, run_dict
from .schema import ArchiveError, connect


def _note(year: EarlierYear) -> str:
    return (
        f"Diisi otomatis dari arsip: hasil tahun {year.tahun} (proses #{year.run_id}, dibuat "
        f"{year.dibuat}). Periksa; ubah bila keliru."
    )


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


def prefill_data(path: Path, tahun: int) -> dict[str, dict[str, Any]]:
    """Form data by kind (``write_workbook``'s ``data``) for the forms of ``tahun``; empty when
    the archive holds no earlier year."""
    from ..engine import rules

    years = earlier_years(path, tahun)
    if not years:
        return {}
    out: dict[str, dict[str, Any]] = {}
    last = years.get(tahun - 1)
    if last is not None:
        pk: dict[str, Any] = {}
        if last.pagu is not None and last.realisasi is not None:
            note = _note(last)
            pk["anggaran_tahun_lalu"] = {
                "tahun": Prefilled(last.tahun, note),
                "pagu": Prefilled(last.pagu, note),
                "realisasi": Prefilled(last.realisasi, note),
            }
        before = years.get(tahun - 2)
        sasaran = []
        for row in _sasaran_rows(path, last):
            nomor = row.get("nomor")
            if not isinstance(nomor, int) or isinstance(nomor, bool):
                continue
            record: dict[str, Any] = {"nomor": Prefilled(nomor, _note(last))}
            for key in ("sasaran", "indikator", "target_renstra", "tahun_renstra"):
                if row.get(key) not in (None, ""):
                    record[key] = Prefilled(row[key], _note(last))
            if last.sasaran.get(nomor) is not None:
                record["realisasi_min1"] = Prefilled(last.sasaran[nomor], _note(last))
            if before is not None and before.sasaran.get(nomor) is not None:
                record["realisasi_min2"] = Prefilled(before.sasaran[nomor], _note(before))
            sasaran.append(record)
        if sasaran:
            pk["sasaran"] = sasaran
        if pk:
            out[PK] = pk
    sakip = []
    for year in sorted(years.values(), key=lambda y: y.tahun):
        if year.sakip is None:
            continue
        judged = rules.predikat_sakip(Decimal(year.sakip))
        row = {"tahun": Prefilled(year.tahun, _note(year)), "nilai": Prefilled(year.sakip, _note(year))}
        if judged:
            row["predikat"] = Prefilled(judged[0], _note(year))
        sakip.append(row)
    if sakip:
        out[TAPEM] = {"sakip_hasil": sakip}
    return out
