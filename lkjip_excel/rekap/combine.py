"""The kabupaten roll-up: many kecamatan results checked against each other and combined.

Checks, each a finding: a source missing or unreadable (named), a format version this tool
does not know, a result of another year than the rekap's, an archive without that year, a
kecamatan given twice (the newest result is kept, and said).
"""

from __future__ import annotations

import os
import signal
from collections import Counter
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from ..findings import Finding, Severity, sort_findings
from ..text import normal_label, output_text
from .load import Candidate, Kecamatan, Unreadable, open_source, result_of

#: from this many sources on, they are opened by a process pool
PARALLEL_FROM = 400
MAX_WORKERS = 4
#: the suffixes a folder given as a source is searched for (not recursively)
SOURCE_SUFFIXES = (".json", ".sqlite")


@dataclass
class SourceLine:
    """One source as the Sumber sheet lists it."""

    path: str
    kind: str
    status: str
    kecamatan: str = ""
    tahun: int | None = None


@dataclass
class Rekap:
    tahun: int | None
    rows: list[Kecamatan]
    findings: list[Finding]
    sources: list[SourceLine] = field(default_factory=list)

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    @property
    def has_errors(self) -> bool:
        return self.count(Severity.GALAT) > 0

    @property
    def sasaran(self) -> int:
        """How many sasaran columns the rekap has (the most any kecamatan has)."""
        return max((len(r.capaian) for r in self.rows), default=0)


def expand(sources: Iterable[Path]) -> Iterator[Path]:
    """Each source; a folder stands for its ``*.json`` and ``*.sqlite`` files (sorted)."""
    for source in sources:
        if source.is_dir():
            try:
                names = sorted(os.listdir(source))
            except OSError:
                yield source  # named as unreadable by open_source
                continue
            found = [name for name in names if name.lower().endswith(SOURCE_SUFFIXES)]
            if not found:
                yield source  # named by open_source: a folder without results
            for name in found:
                yield source / name
        else:
            yield source


def _open(path: Path) -> Candidate | Finding:
    try:
        return open_source(path)
    except Unreadable as exc:
        return exc.finding


def _ignore_sigint() -> None:  # the main process handles Ctrl-C and stops the pool
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def open_all(paths: list[Path]) -> list[Candidate | Finding]:
    """Each source opened (or the finding why not), in order; from :data:`PARALLEL_FROM`
    sources on, by a pool of processes, one per core (at most :data:`MAX_WORKERS`)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    workers = min(cores, MAX_WORKERS)
    if len(paths) < PARALLEL_FROM or workers < 2:
        return [_open(p) for p in paths]
    try:
        with ProcessPoolExecutor(workers, initializer=_ignore_sigint) as pool:
            return list(pool.map(_open, paths, chunksize=max(16, len(paths) // (workers * 16))))
    except BrokenProcessPool:  # a worker died (killed, out of memory): read them here instead
        return [_open(p) for p in paths]


def combine(sources: Iterable[Path], tahun: int | None = None) -> Rekap:
    """Read every source, decide the year (``tahun``, or the most common one), check and keep
    one result per kecamatan."""
    findings: list[Finding] = []
    lines: list[SourceLine] = []
    candidates: list[Candidate] = []
    paths: list[Path] = []
    first: dict[str, Path] = {}
    for path in expand(sources):  # one file given twice (or by a link) is read once, and said
        real = os.path.normcase(os.path.realpath(path))
        if real in first and path.exists():
            findings.append(Finding("REKAP_SUMBER_SAMA", file=str(path), values={"first": str(first[real])}))
            lines.append(SourceLine(output_text(str(path)), "-", "tidak dipakai: REKAP_SUMBER_SAMA"))
            continue
        first.setdefault(real, path)
        paths.append(path)
    for path, opened in zip(paths, open_all(paths), strict=True):
        if isinstance(opened, Finding):
            findings.append(opened)
            lines.append(SourceLine(output_text(str(path)), "-", "tidak dipakai: " + opened.code))
        else:
            candidates.append(opened)
    if tahun is None:
        votes = Counter(max(c.years) for c in candidates if c.years)
        tahun = max(votes, key=lambda y: (votes[y], y)) if votes else None
    kept: dict[tuple[str, str, str], Kecamatan] = {}
    dropped: dict[tuple[str, str, str], list[Kecamatan]] = {}
    for order, c in enumerate(candidates):
        kind = "arsip" if c.kind == "arsip" else "JSON"
        if tahun is None or tahun not in c.years:
            code = "REKAP_ARSIP_TANPA_TAHUN" if c.kind == "arsip" else "REKAP_TAHUN_LAIN"
            values = {"tahun": ", ".join(str(y) for y in sorted(c.years)) or "-", "expected": str(tahun)}
            findings.append(Finding(code, file=str(c.path), values=values))
            lines.append(SourceLine(output_text(str(c.path)), kind, "tidak dipakai: " + code))
            continue
        try:
            row = result_of(c, tahun)
        except Unreadable as exc:
            findings.append(exc.finding)
            lines.append(SourceLine(output_text(str(c.path)), kind, "tidak dipakai: " + exc.finding.code))
            continue
        row.urutan = order
        findings.extend(row.masalah)
        lines.append(SourceLine(output_text(str(c.path)), kind, "dipakai", row.nama, tahun))
        key = (normal_label(row.provinsi), normal_label(row.kabupaten), normal_label(row.nama))
        other = kept.get(key)
        if other is not None:  # compared by dibuat: one that is no time is said
            for one in (other, row):
                if not one.dated and not any(
                    f.code == "REKAP_DIBUAT_TIDAK_SAH" and f.file == one.sumber for f in findings
                ):
                    findings.append(
                        Finding(
                            "REKAP_DIBUAT_TIDAK_SAH",
                            file=one.sumber,
                            values={"kecamatan": one.nama, "value": one.dibuat or "-"},
                        )
                    )
        if other is not None and (other.when, other.urutan) > (row.when, row.urutan):
            dropped.setdefault(key, []).append(row)
            continue
        if other is not None:
            dropped.setdefault(key, []).append(other)
        kept[key] = row
    used = {r.sumber for r in kept.values()}
    for line in lines:
        if line.status == "dipakai" and line.path not in used:
            line.status = "tidak dipakai: REKAP_KECAMATAN_GANDA"
    for key, olds in dropped.items():
        newest = kept[key]
        findings.append(
            Finding(
                "REKAP_KECAMATAN_GANDA",
                file=newest.sumber,
                values={
                    "kecamatan": newest.nama,
                    "files": ", ".join(o.sumber for o in olds),
                    "used": newest.sumber,
                    "dibuat": newest.dibuat,
                },
            )
        )
    rows = sorted(kept.values(), key=lambda r: (normal_label(r.kabupaten), normal_label(r.nama), r.sumber))
    if not rows:
        findings.append(Finding("REKAP_TANPA_HASIL"))
    return Rekap(tahun, rows, sort_findings(findings), lines)
