"""Read a folder of submissions and check the batch as a whole."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..collector import paused
from ..findings import Finding, Severity, sort_findings
from ..paths import list_files
from ..settings import Desa, Settings
from ..text import normal_label
from .container import DEFAULT_LIMITS, Limits
from .model import Submission
from .parallel import _read_parallel, _workers
from .stored import TwoPass
from .submission import read_submission

if TYPE_CHECKING:
    from .cache import ReadCache

IGNORED_PREFIXES = ("~$", ".~lock", ".")


@dataclass
class CheckReport:
    """The outcome of ``check_folder``: every file read, and every finding."""

    folder: Path
    settings: Settings
    submissions: list[Submission]
    batch_findings: list[Finding] = field(default_factory=list)

    @property
    def findings(self) -> list[Finding]:
        every = [f for s in self.submissions for f in s.findings] + self.batch_findings
        return sort_findings(every)

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    @property
    def has_errors(self) -> bool:
        return self.count(Severity.GALAT) > 0

    def used(self, jenis: str) -> list[Submission]:
        return [s for s in self.submissions if s.used and s.identity and s.identity.jenis == jenis]

    def release_records(self) -> None:
        """Drop the tables read from every file, keeping what each file is and its findings:
        once the engine has computed, a large batch need not hold them (~80 MB at 5,000
        desa) while the workbook is written."""
        for sub in self.submissions:
            sub.release_tables()

    def to_dict(self) -> dict[str, Any]:
        return {
            "folder": str(self.folder),
            "kecamatan": self.settings.kecamatan,
            "tahun": self.settings.tahun,
            "ringkasan": {
                "berkas": len(self.submissions),
                "galat": self.count(Severity.GALAT),
                "peringatan": self.count(Severity.PERINGATAN),
                "info": self.count(Severity.INFO),
            },
            "berkas": [
                {
                    "nama": s.name,
                    "jenis": s.identity.jenis if s.identity else None,
                    "kode": s.identity.kode if s.identity else None,
                    "status": s.status,
                    "dipakai": s.used and s.readable,
                    "ukuran": s.size,
                    "sha256": s.sha256,
                }
                for s in self.submissions
            ],
            "temuan": [f.to_dict() for f in self.findings],
        }


def list_inputs(folder: Path, recursive: bool = False) -> list[Path]:
    """Every file in ``folder`` whatever its name, except lock files and hidden files
    (however deep the subfolders; linked folders are not entered)."""
    return list_files(folder, recursive, IGNORED_PREFIXES)


def check_folder(
    folder: Path,
    settings: Settings,
    *,
    recursive: bool = False,
    pakai_terbaru: bool = False,
    limits: Limits = DEFAULT_LIMITS,
    debug: bool = False,
    progress: Callable[[Iterable[Path]], Iterable[Path]] | None = None,
    workers: int | None = None,
    cache: ReadCache | None = None,
) -> CheckReport:
    """Read every file in ``folder`` and check each one and the batch.

    Large batches are read by ``workers`` processes (default: one per CPU, or the
    ``LKJIP_PROSES`` environment variable); the result is the same, in the same order.
    With a ``cache`` (:mod:`.cache`), unchanged files are taken from it instead of read,
    and what was read is kept in it.
    """
    paths = list_inputs(Path(folder), recursive)
    two_pass = TwoPass()  # the rows of all files after what each file is (memory: see TwoPass)
    hits = cache.lookup(paths, two_pass) if cache is not None else {}
    misses = [p for p in paths if p not in hits]
    iterator = progress(paths) if progress else paths
    yielded: list[Path] = []

    def through() -> Iterable[Path]:
        """The progress display advances over every file; only the misses are read."""
        for path in iterator:
            yielded.append(path)
            if path not in hits:
                yield path

    n = _workers(len(misses), workers, debug)
    encoded: dict[Path, bytes] = {}
    with paused():  # the results pile up (~200 objects a file, no cycles)
        if n > 1:
            read = _read_parallel(misses, through(), settings, limits, n, encoded, two_pass)
        else:
            read = [read_submission(p, settings, limits, debug) for p in through()]
        # tables that fail to decode (not possible for what this version wrote): read again
        redone = {id(old): read_submission(old.path, settings, limits, debug) for old in two_pass.fill()}
        if cache is not None:  # (before the batch checks add to the submissions)
            for sub in read:
                if id(sub) in redone:
                    cache.store(redone[id(sub)])
                else:
                    cache.store(sub, encoded.get(sub.path))
            for sub in hits.values():
                if id(sub) in redone:  # the bad entry is replaced
                    cache.store(redone[id(sub)])
            cache.save()
        fresh = iter(read)
        submissions = [hits[p] if p in hits else next(fresh) for p in yielded]
        submissions = [redone.get(id(s), s) for s in submissions]
    report = CheckReport(Path(folder), settings, submissions)
    _check_belongs(report)
    _check_duplicates(report, pakai_terbaru)
    _check_missing(report)
    return report


def _display_name(
    settings: Settings, jenis: str, kode: str, desa_by_code: dict[str, Desa] | None = None
) -> str:
    if jenis == "desa":
        desa = (settings.desa_by_code() if desa_by_code is None else desa_by_code).get(kode)
        return f"Desa {desa.nama if desa else kode} ({kode})"
    return settings.seksi.get(jenis, jenis)


def _same_place(a: str, b: str) -> bool:
    return normal_label(a) == normal_label(b)


def _check_belongs(report: CheckReport) -> None:
    """Files for another kecamatan, another year, an unknown desa or section are set aside."""
    s = report.settings
    desa_codes = s.desa_by_code()
    for sub in report.submissions:
        ident = sub.identity
        if ident is None or not sub.tables:
            sub.used = False
            continue
        problem = None
        if ident.kecamatan and not _same_place(ident.kecamatan, s.kecamatan):
            problem = Finding(
                "KECAMATAN_LAIN", sub.name, values={"kecamatan": ident.kecamatan, "expected": s.kecamatan}
            )
        elif ident.tahun != s.tahun:
            problem = Finding(
                "TAHUN_SALAH", sub.name, values={"tahun": str(ident.tahun or "?"), "expected": str(s.tahun)}
            )
        elif ident.jenis == "desa" and ident.kode not in desa_codes:
            problem = Finding("KODE_DESA_TIDAK_DIKENAL", sub.name, values={"kode": ident.kode})
        elif ident.jenis != "desa" and ident.jenis not in s.seksi:
            problem = Finding("SEKSI_TIDAK_DIKENAL", sub.name, values={"kode": ident.jenis})
        if problem:
            sub.findings.append(problem)
            sub.used = False
        elif ident.jenis == "desa" and not _same_place(ident.nama, desa_codes[ident.kode].nama):
            sub.findings.append(
                Finding(
                    "NAMA_DESA_BERBEDA",
                    sub.name,
                    values={"kode": ident.kode, "nama": ident.nama, "expected": desa_codes[ident.kode].nama},
                )
            )


def _newest(sub: Submission) -> tuple[dt.date, dt.datetime, str]:
    return (sub.tanggal or dt.date.min, sub.modified or dt.datetime.min, sub.name)


def _check_duplicates(report: CheckReport, pakai_terbaru: bool) -> None:
    groups: dict[tuple[str, str], list[Submission]] = defaultdict(list)
    for sub in report.submissions:
        if sub.used and sub.identity:
            groups[(sub.identity.jenis, sub.identity.kode)].append(sub)
    desa_by_code = report.settings.desa_by_code()
    for (jenis, kode), subs in groups.items():
        if len(subs) < 2:
            continue
        nama = _display_name(report.settings, jenis, kode, desa_by_code)
        files = ", ".join(s.name for s in subs)
        if len({s.content_key() for s in subs}) == 1:
            keep = min(subs, key=lambda s: s.name)
            code, values = "KIRIMAN_GANDA_SAMA", {"nama": nama, "files": files}
        elif pakai_terbaru:
            keep = max(subs, key=_newest)
            code, values = "KIRIMAN_GANDA_DIPAKAI_TERBARU", {"nama": nama, "files": files, "used": keep.name}
        else:
            keep = None
            code, values = "KIRIMAN_GANDA_BERBEDA", {"nama": nama, "files": files}
        for sub in subs:
            sub.used = sub is keep
            sub.findings.append(Finding(code, sub.name, values=values))


def _check_missing(report: CheckReport) -> None:
    s = report.settings
    present = {
        (sub.identity.jenis, sub.identity.kode) for sub in report.submissions if sub.used and sub.identity
    }
    expected = [("desa", d.kode) for d in s.desa] + [(key, key) for key in s.seksi]
    desa_by_code = s.desa_by_code()
    set_aside: dict[tuple[str, str], list[str]] = defaultdict(list)
    for sub in report.submissions:
        if sub.identity and not sub.used:
            for key in sub.identity_keys():
                set_aside[key].append(sub.name)
    for jenis, kode in expected:
        if (jenis, kode) in present:
            continue
        values = {"nama": _display_name(s, jenis, kode, desa_by_code), "jenis": jenis, "kode": kode}
        files = set_aside.get((jenis, kode))
        if files:  # something arrived, but it cannot be used: say which file, not "nothing came"
            report.batch_findings.append(
                Finding("KIRIMAN_TIDAK_DIPAKAI", values={**values, "files": ", ".join(files)})
            )
        else:
            report.batch_findings.append(Finding("KIRIMAN_BELUM_ADA", values=values))
