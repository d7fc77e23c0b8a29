"""Reading the archive: the runs recorded, the current run of a year, a figure's history.

Everything here opens the archive read-only and never changes it.
"""

from __future__ import annotations

import sqlite3
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from ..text import normal_label
from .schema import ArchiveError, connect
from .store import loads


@dataclass(frozen=True)
class RunInfo:
    """One recorded run (a row of ``riwayat``)."""

    id: int
    tahun: int
    kecamatan: str
    kabupaten: str
    dibuat: str
    dicatat: str
    terakhir: str
    versi_alat: str
    versi_skema: str
    berkas: int
    galat: int
    peringatan: int
    info: int
    #: the current run of its year (the one seen last)
    kini: bool

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


_CURRENT = "SELECT id FROM proses p WHERE tahun = ? ORDER BY giliran DESC LIMIT 1"


def _open(path: Path) -> sqlite3.Connection:
    return connect(path, read_only=True)


def runs(path: Path) -> list[RunInfo]:
    """Every recorded run, oldest year first, in the order they were recorded."""
    conn = _open(path)
    try:
        current = {
            r[0]
            for r in conn.execute(
                "SELECT (SELECT id FROM proses q WHERE q.tahun = p.tahun ORDER BY giliran DESC"
                " LIMIT 1) FROM proses p GROUP BY tahun"
            )
        }
        rows = conn.execute(
            "SELECT p.id, tahun, kecamatan, kabupaten, dibuat, dicatat, terakhir, versi_alat, versi_skema,"
            " (SELECT count(*) FROM sumber s WHERE s.proses_id = p.id), galat, peringatan, info"
            " FROM proses p ORDER BY tahun, id"
        ).fetchall()
    except sqlite3.Error as exc:
        raise ArchiveError(f"Arsip {path} tidak bisa dibaca ({exc}).") from None
    finally:
        conn.close()
    names = [f.name for f in fields(RunInfo)][:-1]
    return [RunInfo(**dict(zip(names, r, strict=True)), kini=r[0] in current) for r in rows]


def current_run(conn: sqlite3.Connection, tahun: int | None = None) -> int | None:
    """The id of the current run of ``tahun`` (of the latest year recorded when None)."""
    if tahun is None:
        row = conn.execute("SELECT max(tahun) FROM proses").fetchone()
        if row is None or row[0] is None:
            return None
        tahun = int(row[0])
    row = conn.execute(_CURRENT, (tahun,)).fetchone()
    return None if row is None else int(row[0])


def run_dict(conn: sqlite3.Connection, run_id: int, tables: tuple[str, ...] | None = None) -> dict[str, Any]:
    """The run as the JSON export has it (``tables``: only these tables' rows)."""
    p = conn.execute(
        "SELECT tahun, provinsi, kabupaten, kecamatan, dibuat, versi_format, pengaturan, ringkasan"
        " FROM proses WHERE id = ?",
        (run_id,),
    ).fetchone()
    tabel: dict[str, Any] = {}
    query = "SELECT kunci, judul, sumber, catatan, kolom FROM tabel WHERE proses_id = ?"
    for kunci, judul, sumber, catatan, kolom in conn.execute(query + " ORDER BY urutan", (run_id,)):
        if tables is not None and kunci not in tables:
            continue
        tabel[kunci] = {
            "judul": judul,
            "sumber": sumber,
            "catatan": loads(catatan),
            "kolom": loads(kolom),
            "baris": [],
            "jumlah": None,
        }
    for name, total, values in conn.execute(
        "SELECT tabel, jumlah, nilai FROM baris WHERE proses_id = ? ORDER BY tabel, urutan", (run_id,)
    ):
        if name in tabel:
            if total:
                tabel[name]["jumlah"] = loads(values)
            else:
                tabel[name]["baris"].append(loads(values))
    return {
        "format": "lkjip-excel/hasil",
        "versi_format": p[5],
        "kecamatan": p[3],
        "kabupaten": p[2],
        "provinsi": p[1],
        "tahun": p[0],
        "dibuat": p[4],
        "pengaturan": loads(p[6]),
        "ringkasan": loads(p[7]),
        "tabel": tabel,
    }


#: figures of the summary ``riwayat --indikator`` knows by name besides the sasaran
NAMED_FIGURES = {
    "serapan": "serapan",
    "ikm": "ikm",
    "pagu": "pagu",
    "realisasi anggaran": "realisasi",
}


def history(path: Path, indikator: str) -> list[dict[str, Any]]:
    """Each run's value of a figure: a sasaran whose indikator contains ``indikator`` (case and
    spacing aside), or one of :data:`NAMED_FIGURES`. One entry a run and a matching figure."""
    wanted = normal_label(indikator)
    conn = _open(path)
    try:
        rows = conn.execute("SELECT id, tahun, dibuat, ringkasan FROM proses ORDER BY tahun, id").fetchall()
        current = {current_run(conn, t) for t in {r[1] for r in rows}}
    except sqlite3.Error as exc:
        raise ArchiveError(f"Arsip {path} tidak bisa dibaca ({exc}).") from None
    finally:
        conn.close()
    out: list[dict[str, Any]] = []
    for run_id, tahun, dibuat, ringkasan_json in rows:
        try:
            ringkasan = loads(ringkasan_json)
        except (ValueError, TypeError):
            ringkasan = None
        if not isinstance(ringkasan, dict):  # a damaged or edited archive: this run has no figures
            continue
        base = {"proses": run_id, "tahun": tahun, "dibuat": dibuat, "kini": run_id in current}
        for name, key in NAMED_FIGURES.items():
            if wanted == normal_label(name):
                out.append({**base, "indikator": name, "nilai": ringkasan.get(key)})
        sasaran = ringkasan.get("sasaran")
        for s in sasaran if isinstance(sasaran, list) else []:
            if not isinstance(s, dict):
                continue
            if wanted and wanted in normal_label(str(s.get("indikator") or "")):
                out.append(
                    {
                        **base,
                        "indikator": s.get("indikator"),
                        "target": s.get("target"),
                        "realisasi": s.get("realisasi"),
                        "capaian": s.get("capaian"),
                    }
                )
    return out
