"""Reading a large batch by several processes: the files in chunks (biggest first) for a
process pool, the results in the serial order, and a reading process that dies handled
(the culprit isolated and named, the rest of the batch read).

A reading process sends each submission back encoded (:mod:`.stored`: half the work of
pickling it, both ways), and the same bytes go into the reading cache."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..findings import Finding
from ..interrupt import ignore_in_worker
from ..settings import Settings
from .container import Limits
from .model import Submission
from .stored import EntryError, TwoPass, decode_head, encode, fill_now_or_later
from .submission import read_submission

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

    #: a reading process's task: the submissions of a few files, as sent (:func:`_sent`)
    _Chunk = Future[list["_Sent"]]

#: a submission as a reading process sends it: encoded, with its file's modification
#: time (not part of the encoding), or as it is when it holds a value the encoding cannot
_Sent = tuple[bytes, Any] | Submission

#: below this many files one process reads them all: starting workers (~40 ms) would
#: cost more than it saves (~2 ms a file on 2 cores)
PARALLEL_MIN_FILES = 32
#: files handed to a worker at a time, at most (fewer round trips; still in order)
CHUNK_FILES = 16
CHUNK_BYTES = 512 * 1024
#: environment variable that sets the number of reading processes (1: no worker processes)
WORKERS_ENV = "LKJIP_PROSES"


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


def _read_in_worker(paths: list[Path]) -> list[_Sent]:
    return [_sent(read_submission(path, _WORKER["settings"], _WORKER["limits"])) for path in paths]


def _sent(sub: Submission) -> _Sent:
    try:
        return encode(sub), sub.modified
    except (TypeError, ValueError):  # (no digest: the file could not be read; an odd value)
        return sub


def _received(
    sent: _Sent, path: Path, settings: Settings, limits: Limits, two_pass: TwoPass | None
) -> tuple[Submission, bytes | None]:
    """A submission as a reading process sent it (its tables left to ``two_pass``, when
    given), and its encoding."""
    if isinstance(sent, Submission):
        return sent, None
    blob, modified = sent
    try:
        sub, tables = decode_head(blob, path)
        fill_now_or_later(sub, tables, two_pass)
    except EntryError:  # (cannot happen: this version encoded it) read it here
        return read_submission(path, settings, limits), None
    sub.modified = modified
    return sub, blob


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
    paths: list[Path],
    iterator: Iterable[Path],
    settings: Settings,
    limits: Limits,
    workers: int,
    encoded: dict[Path, bytes] | None = None,
    two_pass: TwoPass | None = None,
) -> list[Submission]:
    """``read_submission`` for each path ``iterator`` yields, by ``workers`` processes;
    ``encoded`` receives each submission's encoding as it came (for the cache);
    ``two_pass`` (when given) decodes their tables when asked.

    The results are taken in the order of ``paths``, so the report is exactly the serial
    one; ``iterator`` (the progress display) advances once per file as its result
    arrives. A path the iterator yields out of order is read here.

    A reading process that dies (a crash in a library, memory exhausted, killed) takes
    its pool down with it: the results already in are kept, the files still unread are
    read again with the culprit isolated, and the file that kills its reader alone
    becomes a BERKAS_GAGAL_DIBACA finding while the rest of the batch goes on.
    """
    pool = _pool(settings, limits, workers)
    results: dict[int, _Sent] = {}
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
                sub, blob = _received(results.pop(expected), paths[expected], settings, limits, two_pass)
                if blob is not None and encoded is not None:
                    encoded[sub.path] = blob
                submissions.append(sub)
                expected += 1
            else:  # not how the progress display behaves, but then the result is still right
                expected = len(paths)
                submissions.append(read_submission(path, settings, limits))
        return submissions
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _keep_finished(where: dict[int, tuple[_Chunk, int]], results: dict[int, _Sent]) -> None:
    """The results of the chunks that finished before the pool broke."""
    for i, (future, position) in where.items():
        if i in results or not future.done() or future.cancelled() or future.exception() is not None:
            continue
        results[i] = future.result()[position]


def _read_isolating(
    paths: list[Path], indexes: list[int], settings: Settings, limits: Limits, workers: int
) -> dict[int, _Sent]:
    """Read ``indexes`` one file per task, at most ``workers`` at a time, so that when a
    reading process dies again the suspects are the few files in flight; each suspect
    is then read alone, and the one that kills its reader is named."""
    from collections import deque
    from concurrent.futures import FIRST_COMPLETED, wait

    out: dict[int, _Sent] = {}
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


def _read_alone(path: Path, settings: Settings, limits: Limits) -> _Sent:
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
