"""Read a folder of submissions and check the batch as a whole."""

from __future__ import annotations

import datetime as dt
import gc
import os
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..findings import Finding, Severity, sort_findings
from ..interrupt import ignore_in_worker
from ..paths import list_files
from ..settings import Desa, Settings
from ..text import normal_label
from .container import DEFAULT_LIMITS, Limits
from .model import Submission
from .submission import read_submission

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

    #: a reading process's task: the submissions of a few files
    _Chunk = Future[list[Submission]]

IGNORED_PREFIXES = ("~$", ".~lock", ".")

#: below this many files one process reads them all: starting workers (~40 ms) would
#: cost more than it saves (~2 ms a file on 2 cores)
PARALLEL_MIN_FILES = 32
#: files handed to a worker at a time, at most (fewer round trips; still in order)
CHUNK_FILES = 16
CHUNK_BYTES = 512 * 1024
#: environment variable that sets the number of reading processes (1: no worker processes)
WORKERS_ENV = "LKJIP_PROSES"


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
) -> CheckReport:
    """Read every file in ``folder`` and check each one and the batch.

    Large batches are read by ``workers`` processes (default: one per CPU, or the
    ``LKJIP_PROSES`` environment variable); the result is the same, in the same order.
    """
    paths = list_inputs(Path(folder), recursive)
    iterator = progress(paths) if progress else paths
    n = _workers(len(paths), workers, debug)
    # The results pile up (~200 objects a file, no cycles): without this the cyclic
    # collector walks the growing pile again and again (~1 s of 5,000 files).
    collecting = gc.isenabled()
    gc.disable()
    try:
        if n > 1:
            submissions = _read_parallel(paths, iterator, settings, limits, n)
        else:
            submissions = [read_submission(p, settings, limits, debug) for p in iterator]
    finally:
        if collecting:
            gc.enable()
    report = CheckReport(Path(folder), settings, submissions)
    _check_belongs(report)
    _check_duplicates(report, pakai_terbaru)
    _check_missing(report)
    return report


def _workers(files: int, requested: int | None, debug: bool) -> int:
    """How many processes read the batch: 1 for small batches and with ``--debug``
    (a traceback from the reading process itself)."""
    if requested is None:
        try:
            requested = int(os.environ.get(WORKERS_ENV, "0"))
        except ValueError:
            requested = 0
        if requested <= 0:
            requested = _cpus()
    if debug or files < PARALLEL_MIN_FILES:
        return 1
    return max(1, min(requested, files // 8))


def _cpus() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


# each reading process keeps the batch's settings once, instead of receiving them per file
_WORKER: dict[str, Any] = {}


def _start_worker(settings: Settings, limits: Limits) -> None:
    gc.enable()  # (a forked worker inherits the parent's paused collector)
    ignore_in_worker()  # Ctrl-C reaches every process: the main one stops the pool
    _WORKER["settings"], _WORKER["limits"] = settings, limits


def _read_in_worker(paths: list[Path]) -> list[Submission]:
    return [read_submission(path, _WORKER["settings"], _WORKER["limits"]) for path in paths]


def _chunks(paths: list[Path], workers: int) -> list[list[int]]:
    """The files (as indexes) in batches for the workers, the biggest files first.

    A batch holds up to ``CHUNK_FILES`` files (fewer in small batches: each worker gets
    about four) or ``CHUNK_BYTES``, so a big section workbook (thousands of desa rows)
    goes alone and early instead of last, where one worker would read it while the
    others wait.
    """
    per_chunk = max(1, min(CHUNK_FILES, -(-len(paths) // (workers * 4))))
    sizes = []
    for path in paths:
        try:
            sizes.append(path.stat().st_size)
        except OSError:
            sizes.append(0)
    chunks: list[list[int]] = []
    current: list[int] = []
    total = 0
    for i in sorted(range(len(paths)), key=lambda i: (-sizes[i], i)):
        current.append(i)
        total += sizes[i]
        if len(current) >= per_chunk or total >= CHUNK_BYTES:
            chunks.append(current)
            current, total = [], 0
    if current:
        chunks.append(current)
    return chunks


def _pool(settings: Settings, limits: Limits, workers: int) -> ProcessPoolExecutor:
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    # fork: the workers start at once with everything imported; elsewhere the default
    context = get_context("fork") if sys.platform == "linux" else None
    return ProcessPoolExecutor(workers, context, initializer=_start_worker, initargs=(settings, limits))


def _read_parallel(
    paths: list[Path], iterator: Iterable[Path], settings: Settings, limits: Limits, workers: int
) -> list[Submission]:
    """``read_submission`` for each path ``iterator`` yields, by ``workers`` processes.

    The results are taken in the order of ``paths``, so the report is exactly the serial
    one; ``iterator`` (the progress display) advances once per file as its result
    arrives. A path the iterator yields out of order is read here.

    A reading process that dies (a crash in a library, memory exhausted, killed) takes
    its pool down with it: the results already in are kept, the files still unread are
    read again with the culprit isolated, and the file that kills its reader alone
    becomes a BERKAS_GAGAL_DIBACA finding while the rest of the batch goes on.
    """
    pool = _pool(settings, limits, workers)
    results: dict[int, Submission] = {}
    try:
        where: dict[int, tuple[_Chunk, int]] = {}
        for chunk in _chunks(paths, workers):
            future = pool.submit(_read_in_worker, [paths[i] for i in chunk])
            for position, i in enumerate(chunk):
                where[i] = (future, position)
        submissions = []
        expected = 0
        for path in iterator:
            if expected < len(paths) and Path(path) == paths[expected]:
                if expected not in results:
                    future, position = where[expected]
                    try:
                        results[expected] = future.result()[position]
                    except Exception:  # noqa: BLE001 - a dead worker (BrokenProcessPool) or a lost result
                        pool.shutdown(wait=True, cancel_futures=True)
                        _keep_finished(where, results)
                        unread = [i for i in range(expected, len(paths)) if i not in results]
                        results.update(_read_isolating(paths, unread, settings, limits, workers))
                submissions.append(results.pop(expected))
                expected += 1
            else:  # not how the progress display behaves, but then the result is still right
                expected = len(paths)
                submissions.append(read_submission(path, settings, limits))
        return submissions
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _keep_finished(where: dict[int, tuple[_Chunk, int]], results: dict[int, Submission]) -> None:
    """The results of the chunks that finished before the pool broke."""
    for i, (future, position) in where.items():
        if i in results or not future.done() or future.cancelled() or future.exception() is not None:
            continue
        results[i] = future.result()[position]


def _read_isolating(
    paths: list[Path], indexes: list[int], settings: Settings, limits: Limits, workers: int
) -> dict[int, Submission]:
    """Read ``indexes`` one file per task, at most ``workers`` at a time, so that when a
    reading process dies again the suspects are the few files in flight; each suspect
    is then read alone, and the one that kills its reader is named."""
    from collections import deque
    from concurrent.futures import FIRST_COMPLETED, wait

    out: dict[int, Submission] = {}
    todo = deque(indexes)
    while todo:
        pool = _pool(settings, limits, workers)
        in_flight: dict[_Chunk, int] = {}
        suspects: list[int] = []
        try:
            while (todo or in_flight) and not suspects:
                while todo and len(in_flight) < workers:
                    i = todo.popleft()
                    try:
                        in_flight[pool.submit(_read_in_worker, [paths[i]])] = i
                    except Exception:  # noqa: BLE001 - the pool broke meanwhile
                        suspects.append(i)
                        break
                if suspects:
                    break
                done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
                for future in done:
                    i = in_flight.pop(future)
                    try:
                        out[i] = future.result()[0]
                    except Exception:  # noqa: BLE001
                        suspects.append(i)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
        for i in [*suspects, *in_flight.values()]:
            out[i] = _read_alone(paths[i], settings, limits)
    return out


def _read_alone(path: Path, settings: Settings, limits: Limits) -> Submission:
    """``path`` read by a process of its own; its death is a finding on the file."""
    pool = _pool(settings, limits, 1)
    try:
        return pool.submit(_read_in_worker, [path]).result()[0]
    except Exception:  # noqa: BLE001 - the reader died on this file
        sub = Submission(Path(path))
        reason = "proses pembaca berhenti mendadak"
        sub.findings.append(
            Finding("BERKAS_GAGAL_DIBACA", sub.name, values={"file": sub.name, "reason": reason})
        )
        return sub
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


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
