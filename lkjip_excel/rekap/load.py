"""Reading one kecamatan's result for the rekap: a JSON export or an archive.

Every input is someone else's file, so nothing here trusts it: the size is bounded before
reading, the JSON is decoded by msgspec into only the fields the rekap uses (the rest,
most of the file, is skipped unparsed: ~1 ms for a 120 KB export instead of ~8 ms for a full
parse), every value is checked for its type, and whatever is wrong ends as a finding with
the file's name, never as an exception.
"""

from __future__ import annotations

import datetime as dt
import math
import sqlite3
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import msgspec

from ..findings import Finding
from ..text import output_text

#: a kecamatan's JSON export is ~120 KB; anything far bigger is not one
MAX_JSON_BYTES = 64 * 1024 * 1024
#: the longest text kept from an input (names, indicators)
MAX_TEXT = 500
JSON_FORMAT = "lkjip-excel/hasil"
SQLITE_MAGIC = b"SQLite format 3\x00"


class _Export(msgspec.Struct):
    """The fields of the JSON export the rekap reads; any type is accepted here and checked later."""

    format: Any = None
    versi_format: Any = None
    kecamatan: Any = None
    kabupaten: Any = None
    provinsi: Any = None
    tahun: Any = None
    dibuat: Any = None
    ringkasan: Any = None
    tabel: dict[str, msgspec.Raw] | None = None


_DECODER = msgspec.json.Decoder(_Export, float_hook=Decimal)
_ANY = msgspec.json.Decoder(float_hook=Decimal)


@dataclass
class Kecamatan:
    """One kecamatan's figures, as the rekap shows them."""

    nama: str
    kabupaten: str
    provinsi: str
    tahun: int
    dibuat: str
    #: the file it came from (as given)
    sumber: str
    sakip: Decimal | None = None
    predikat: str | None = None
    ikm: Decimal | None = None
    mutu: str | None = None
    pagu: Decimal | None = None
    realisasi: Decimal | None = None
    #: (indikator, capaian %) of each sasaran, in order
    capaian: list[tuple[str, Decimal | None]] = field(default_factory=list)
    dipakai: int = 0
    diharapkan: int = 0
    galat: int = 0
    peringatan: int = 0
    #: the source's place among the sources given (between two as new, the later one wins)
    urutan: int = 0
    #: a finding for each field of the source that is not of its type or out of its bounds
    masalah: list[Finding] = field(default_factory=list)

    @property
    def dated(self) -> bool:
        """Whether ``dibuat`` is a readable time (two sources of a kecamatan are compared by it)."""
        return self.when != dt.datetime.min

    @property
    def when(self) -> dt.datetime:
        """``dibuat`` as a comparable time (naive UTC; the oldest possible when unreadable)."""
        try:
            t = dt.datetime.fromisoformat(self.dibuat)
        except ValueError:
            return dt.datetime.min
        if t.tzinfo is not None:
            t = t.astimezone(dt.UTC).replace(tzinfo=None)
        return t


@dataclass
class Candidate:
    """What one source offers: results by year (a JSON export has one, an archive one a year)."""

    path: Path
    kind: str  # "json" | "arsip"
    years: dict[int, Any] = field(default_factory=dict)


class Unreadable(Exception):
    """A source the rekap cannot use; ``finding`` says why."""

    def __init__(self, finding: Finding):
        super().__init__(finding.code)
        self.finding = finding


def text(value: Any, limit: int = MAX_TEXT) -> str | None:
    if isinstance(value, str):
        return output_text(value)[:limit]
    return None


def number(value: Any) -> Decimal | None:
    """A finite number from an input, or None (bools, texts, NaN and infinities are not)."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return None
    try:
        d = Decimal(value)
    except (InvalidOperation, ValueError, OverflowError):
        return None
    if not d.is_finite() or abs(d) > Decimal(10) ** 18:
        return None
    return d


def count(value: Any) -> int:
    d = number(value)
    if d is None or d < 0 or d != d.to_integral_value() or d > 10**9:
        return 0
    return int(d)


def _bad(path: Path, reason: str) -> Unreadable:
    return Unreadable(Finding("REKAP_SUMBER_TIDAK_TERBACA", file=str(path), values={"reason": reason}))


def open_source(path: Path) -> Candidate:
    """The results ``path`` offers; raises :class:`Unreadable` with the finding."""
    from ..export import FORMAT_VERSION

    if not path.exists() and not path.is_symlink():
        raise Unreadable(Finding("REKAP_SUMBER_TIDAK_ADA", file=str(path)))
    try:
        if path.is_dir():
            raise _bad(path, "folder tanpa berkas .json atau .sqlite")
        if not path.is_file():
            raise _bad(path, "bukan berkas biasa")
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise _bad(path, exc.strerror or type(exc).__name__) from None
    if head == SQLITE_MAGIC:
        return _open_archive(path)
    if size > MAX_JSON_BYTES:
        raise _bad(
            path, f"terlalu besar: {size // (1024 * 1024)} MB, batas {MAX_JSON_BYTES // (1024 * 1024)} MB"
        )
    try:
        raw = path.read_bytes()
        data = _DECODER.decode(raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw)  # Notepad's BOM
    except OSError as exc:
        raise _bad(path, exc.strerror or type(exc).__name__) from None
    except (msgspec.DecodeError, RecursionError, ValueError):
        raise _bad(path, "bukan JSON hasil lkjip-excel yang utuh") from None
    if data.format != JSON_FORMAT:
        raise _bad(path, "bukan JSON hasil 'lkjip-excel proses --json'")
    version = data.versi_format
    if isinstance(version, bool) or not isinstance(version, int) or not 1 <= version <= FORMAT_VERSION:
        raise Unreadable(
            Finding(
                "REKAP_VERSI_TIDAK_COCOK",
                file=str(path),
                values={"version": text(str(version), 40), "current": FORMAT_VERSION},
            )
        )
    tahun = data.tahun
    if isinstance(tahun, bool) or not isinstance(tahun, int) or not 1900 <= tahun <= 9999:
        raise _bad(path, "tahun tidak tertulis dengan benar")
    # the figures are taken now: nothing of the file (msgspec.Raw points into it) is kept
    return Candidate(path, "json", {tahun: _from_export(path, tahun, data)})


def _open_archive(path: Path) -> Candidate:
    from ..archive import ArchiveError, connect

    try:
        conn = connect(path, read_only=True)
    except ArchiveError as exc:
        from ..archive.schema import SCHEMA_VERSION

        reason = "arsip lkjip-excel versi lain" if "versi" in str(exc) else "arsip rusak atau bukan arsip"
        if exc.version is not None:
            raise Unreadable(
                Finding(
                    "REKAP_VERSI_TIDAK_COCOK",
                    file=str(path),
                    values={"version": f"arsip {exc.version}", "current": f"arsip {SCHEMA_VERSION}"},
                )
            ) from None
        raise _bad(path, reason) from None
    try:
        years = [int(r[0]) for r in conn.execute("SELECT DISTINCT tahun FROM proses")]
    except (sqlite3.Error, ValueError, TypeError, OverflowError):
        raise _bad(path, "arsip rusak") from None
    finally:
        conn.close()
    return Candidate(path, "arsip", {y: None for y in years})


def result_of(candidate: Candidate, tahun: int) -> Kecamatan:
    """The kecamatan's figures of ``tahun`` from a source that has that year."""
    if candidate.kind == "json":
        found: Kecamatan = candidate.years[tahun]
        return found
    data = _archive_data(candidate.path, tahun)
    sakip_rows = ((data["tabel"].get("sakip_hasil") or {}).get("baris")) or []
    return _kecamatan(candidate.path, tahun, data, sakip_rows)


def _from_export(path: Path, tahun: int, data: _Export) -> Kecamatan:
    raw = data.tabel.get("sakip_hasil") if isinstance(data.tabel, dict) else None
    sakip_rows = []
    if raw is not None:
        try:
            decoded = _ANY.decode(raw)
        except (msgspec.DecodeError, RecursionError, ValueError):
            decoded = None
        if isinstance(decoded, dict) and isinstance(decoded.get("baris"), list):
            sakip_rows = decoded["baris"]
    fields = {
        "kecamatan": data.kecamatan,
        "kabupaten": data.kabupaten,
        "provinsi": data.provinsi,
        "dibuat": data.dibuat,
        "ringkasan": data.ringkasan,
    }
    return _kecamatan(path, tahun, fields, sakip_rows)


def _archive_data(path: Path, tahun: int) -> dict[str, Any]:
    from ..archive import ArchiveError, connect, current_run, run_dict

    try:
        conn = connect(path, read_only=True)
        try:
            run_id = current_run(conn, tahun)
            assert run_id is not None  # the year was listed by open_source
            return run_dict(conn, run_id, ("sakip_hasil",))
        finally:
            conn.close()
    except (ArchiveError, sqlite3.Error, ValueError, TypeError, msgspec.DecodeError):
        raise _bad(path, "arsip rusak") from None


#: bounds of the ringkasan's numbers (field -> lowest, highest, whole numbers only)
_BOUNDS: dict[str, tuple[Decimal, Decimal, bool]] = {
    "ikm": (Decimal(0), Decimal(100), False),
    "pagu": (Decimal(0), Decimal(10) ** 18, False),  # 0: no budget given, shown empty
    "realisasi": (Decimal(0), Decimal(10) ** 18, False),
    "serapan": (Decimal(0), Decimal(1000), False),
    "kiriman_dipakai": (Decimal(0), Decimal(10**9), True),
    "kiriman_diharapkan": (Decimal(0), Decimal(10**9), True),
    "galat": (Decimal(0), Decimal(10**9), True),
    "peringatan": (Decimal(0), Decimal(10**9), True),
}
_TEXTS = ("kabupaten", "provinsi", "dibuat")


class _Checked:
    """Values taken from one source, each bad one noted as a finding (and left empty)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.findings: list[Finding] = []

    def bad(self, name: str, value: Any) -> None:
        shown = output_text(repr(value) if not isinstance(value, str) else value)[:60]
        self.findings.append(
            Finding("REKAP_ISIAN_TIDAK_SAH", file=str(self.path), values={"field": name, "value": shown})
        )

    def number(self, name: str, value: Any) -> Decimal | None:
        if value is None:
            return None
        lo, hi, whole = _BOUNDS[name]
        d = number(value)
        if d is None or not lo <= d <= hi or (whole and d != d.to_integral_value()):
            self.bad(f"ringkasan.{name}", value)
            return None
        return d

    def text(self, name: str, value: Any, limit: int = MAX_TEXT) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str):
            self.bad(name, value)
            return None
        return text(value, limit)


def _kecamatan(path: Path, tahun: int, data: dict[str, Any], sakip_rows: list[Any]) -> Kecamatan:
    nama = text(data.get("kecamatan"))
    if not nama or not nama.strip():
        raise _bad(path, "nama kecamatan tidak tertulis")
    r = data.get("ringkasan")
    if not isinstance(r, dict):
        raise _bad(path, "'ringkasan' tidak ada atau bukan objek")
    c = _Checked(path)
    kab, prov, dibuat = (
        c.text(name, data.get(name), 40 if name == "dibuat" else MAX_TEXT) for name in _TEXTS
    )
    figures = {name: c.number(name, r.get(name)) for name in _BOUNDS}
    result = Kecamatan(
        nama=nama.strip(),
        kabupaten=(kab or "").strip(),
        provinsi=(prov or "").strip(),
        tahun=tahun,
        dibuat=dibuat or "",
        sumber=output_text(str(path)),
        ikm=figures["ikm"],
        mutu=c.text("ringkasan.mutu_ikm", r.get("mutu_ikm"), 20),
        pagu=figures["pagu"],
        realisasi=figures["realisasi"],
        dipakai=int(figures["kiriman_dipakai"] or 0),
        diharapkan=int(figures["kiriman_diharapkan"] or 0),
        galat=int(figures["galat"] or 0),
        peringatan=int(figures["peringatan"] or 0),
    )
    sasaran = r.get("sasaran")
    if sasaran is not None and not isinstance(sasaran, list):
        c.bad("ringkasan.sasaran", sasaran)
    for i, s in enumerate(sasaran[:20] if isinstance(sasaran, list) else [], start=1):
        if not isinstance(s, dict):
            c.bad(f"ringkasan.sasaran[{i}]", s)
            continue
        capaian = s.get("capaian")
        value = number(capaian)
        if capaian is not None and (value is None or not 0 <= value <= 10**6):
            c.bad(f"ringkasan.sasaran[{i}].capaian", capaian)
            value = None
        result.capaian.append((c.text(f"ringkasan.sasaran[{i}].indikator", s.get("indikator")) or "", value))
    for row in sakip_rows:
        if isinstance(row, dict) and str(row.get("tahun")) == str(tahun):
            result.sakip = number(row.get("nilai"))
            if row.get("nilai") is not None and (result.sakip is None or not 0 <= result.sakip <= 100):
                c.bad("sakip_hasil.nilai", row.get("nilai"))
                result.sakip = None
            result.predikat = text(row.get("predikat"), 20)
    if result.pagu == 0:
        result.pagu = None
    result.masalah = c.findings
    return result


def finite(value: Decimal | None) -> float | None:
    if value is None:
        return None
    f = float(value)
    return f if math.isfinite(f) else None
