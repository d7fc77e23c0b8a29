"""Recording one ``proses`` result in the archive: one transaction, or nothing.

A run is known by its *sidik* (fingerprint): the SHA-256 of the year, the kecamatan, the
settings, every source file (name, size, hash, status) and the tool and schema versions.
The same inputs processed again by the same version are the same run: it is not recorded a
second time, its ``terakhir`` (last seen) and ``giliran`` (turn) are updated, which makes it the current run of its
year again. Different inputs make a new run; the current run of a year is the one seen last.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import sqlite3
from collections.abc import Callable, Collection
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import msgspec
import simplejson

from .. import __version__
from ..engine.model import Hasil
from .schema import ArchiveError, connect

#: a test-only hook run inside the write transaction, just before COMMIT (the kill test of
#: tests/archive sets it in a child process); nothing a user supplies can set it
_before_commit: Callable[[], None] | None = None


def canonical(value: Any) -> str:
    """JSON as the export writes it: Decimals exact, UTF-8 text, keys sorted (what a
    run's fingerprint is taken of: the same text for the same run, version after version)."""
    return simplejson.dumps(value, use_decimal=True, ensure_ascii=False, sort_keys=True)


#: (msgspec: ~1 µs a row where simplejson takes ~10; the archive holds every row of a result)
_ENCODE = msgspec.json.Encoder(decimal_format="number", order="sorted").encode


def dumps(value: Any) -> str:
    """A value as the archive stores it: the JSON of :func:`canonical` without its spaces
    (read back, :func:`loads` gives the same). A value holding anything but what a result
    holds (:func:`_plain`) goes to :func:`canonical`, which writes it, or refuses it, as
    before."""
    try:
        plain = _plain(value)
    except RecursionError:  # (a value that holds itself: canonical says so)
        plain = False
    if plain:
        try:
            return _ENCODE(value).decode()
        except (msgspec.EncodeError, TypeError, ValueError, OverflowError):
            pass  # (a non-finite Decimal, an integer too long: canonical decides)
    return canonical(value)


#: the values both encoders write alike (exactly these types, no subclass)
_PLAIN = frozenset({str, int, bool, type(None), Decimal})
_TEXT = frozenset({str})


def _plain(value: Any) -> bool:
    """Whether ``value`` holds only strings, integers, booleans, None, Decimals and finite
    floats, in dicts with string keys, lists and tuples: what msgspec writes as
    :func:`canonical` does (a NaN float it writes as null, a set, bytes or a date where
    canonical refuses or writes something else)."""
    kind = type(value)
    if kind in _PLAIN:
        return True
    if kind is float:
        return math.isfinite(value)
    items: Collection[Any]
    if kind is dict:
        if not _TEXT.issuperset(map(type, value)):
            return False
        items = value.values()
    elif kind is list or kind is tuple:
        items = value
    else:
        return False
    # (a row of plain values, most of what is stored, is answered without a loop in Python)
    return _PLAIN.issuperset(map(type, items)) or all(_plain(v) for v in items)


def loads(text: str) -> Any:
    return simplejson.loads(text, use_decimal=True)


@dataclass(frozen=True)
class Recorded:
    """What :func:`record` did: the run's id, and whether it is new."""

    path: Path
    run_id: int
    new: bool
    tahun: int


def fingerprint(data: dict[str, Any]) -> str:
    """The run's identity from the export dict (or its :func:`~lkjip_excel.export.identity_to_dict`
    part): what went in, and which version computed it."""
    from ..schema import SCHEMA_VERSION

    identity = {
        "tahun": data["tahun"],
        "wilayah": [data["provinsi"], data["kabupaten"], data["kecamatan"]],
        "pengaturan": data["pengaturan"],
        "sumber": sorted(
            [s["nama"], s["ukuran"], s["sha256"], s["status"], s["dipakai"]] for s in data["sumber"]
        ),
        "versi_alat": __version__,
        "versi_skema": SCHEMA_VERSION,
    }
    return hashlib.sha256(canonical(identity).encode("utf-8")).hexdigest()


def record(hasil: Hasil, path: Path, now: dt.datetime | None = None) -> Recorded:
    """Record ``hasil`` in the archive at ``path`` (created when missing); all or nothing."""
    from ..export import FORMAT_VERSION, hasil_to_dict, identity_to_dict
    from ..schema import SCHEMA_VERSION
    from ..text import texts

    sidik = fingerprint(texts(identity_to_dict(hasil)))
    stamp = (now or dt.datetime.now().astimezone()).isoformat(timespec="seconds")
    conn = connect(path)
    try:
        # a run recorded before needs only its fingerprint: the whole result (~0.25 s at
        # 1,000 desa) is made for a new one only, and before the write lock is taken
        known = conn.execute("SELECT 1 FROM proses WHERE sidik = ?", (sidik,)).fetchone() is not None
        data = None if known else texts(hasil_to_dict(hasil))
        conn.execute("BEGIN IMMEDIATE")
        try:
            turn = conn.execute("SELECT coalesce(max(giliran), 0) + 1 FROM proses").fetchone()[0]
            row = conn.execute("SELECT id FROM proses WHERE sidik = ?", (sidik,)).fetchone()
            if row is not None:
                run_id, new = int(row[0]), False
                conn.execute(
                    "UPDATE proses SET terakhir = ?, giliran = ? WHERE id = ?", (stamp, turn, run_id)
                )
            else:
                if data is None:  # (it was there when looked up, and is not any more)
                    data = texts(hasil_to_dict(hasil))
                run_id, new = _insert(conn, data, sidik, (stamp, turn), FORMAT_VERSION, SCHEMA_VERSION), True
            if _before_commit is not None:
                _before_commit()
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    except sqlite3.Error as exc:
        raise ArchiveError(
            f"Arsip {path} tidak bisa ditulis ({exc}); arsip tidak diubah. Periksa disk dan izin "
            "folder, atau jalankan dengan --tanpa-arsip."
        ) from None
    finally:
        conn.close()
    return Recorded(Path(path), run_id, new, int(hasil.tahun))


def _insert(
    conn: sqlite3.Connection, data: dict[str, Any], sidik: str, seen: tuple[str, int], fmt: int, schema: str
) -> int:
    ringkasan = data["ringkasan"]
    cur = conn.execute(
        "INSERT INTO proses (sidik, tahun, provinsi, kabupaten, kecamatan, dibuat, dicatat, terakhir,"
        " giliran, versi_alat, versi_skema, versi_format, pengaturan, ringkasan, galat, peringatan, info)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            sidik,
            data["tahun"],
            data["provinsi"],
            data["kabupaten"],
            data["kecamatan"],
            data["dibuat"],
            seen[0],
            seen[0],
            seen[1],
            __version__,
            schema,
            fmt,
            dumps(data["pengaturan"]),
            dumps(ringkasan),
            ringkasan["galat"],
            ringkasan["peringatan"],
            ringkasan["info"],
        ),
    )
    run_id = int(cur.lastrowid or 0)
    conn.executemany(
        "INSERT INTO tabel VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            (run_id, key, i, t["judul"], t["sumber"], dumps(t["catatan"]), dumps(t["kolom"]))
            for i, (key, t) in enumerate(data["tabel"].items())
        ),
    )
    conn.executemany(
        "INSERT INTO baris VALUES (?, ?, ?, ?, ?)",
        (
            (run_id, key, i, int(total), dumps(values))
            for key, t in data["tabel"].items()
            for i, (total, values) in enumerate(
                [(False, r) for r in t["baris"]] + ([(True, t["jumlah"])] if t["jumlah"] else [])
            )
        ),
    )
    conn.executemany(
        "INSERT INTO temuan VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            (run_id, i, f["kode"], f["tingkat"], f["berkas"], f["lembar"], f["sel"], f["tabel"], f["kolom"])
            + (dumps(f["nilai"]), f["pesan"])
            for i, f in enumerate(data["temuan"])
        ),
    )
    conn.executemany(
        "INSERT INTO sumber VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            (run_id, i, s["nama"], s["ukuran"], s["sha256"], s["format"], s["jenis"], s["kode"])
            + (s["status"], int(bool(s["dipakai"])))
            for i, s in enumerate(data["sumber"])
        ),
    )
    return run_id
