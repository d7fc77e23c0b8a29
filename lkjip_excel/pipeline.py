"""One run of lkjip-excel as library functions: the command line only prints their results.

:func:`check` is ``lkjip-excel periksa``: read every submission, check each one and the
batch, and run the engine's checks (stated totals, cross-source reconciliations, IKM,
SAKIP...), which need the computed tables. :func:`run` is ``lkjip-excel proses``: the same
check, then the outputs written. Both report the same findings, because ``run`` *is*
``check`` followed by writing; :func:`send` mails what ``run`` wrote, :func:`send_file` a
workbook written before (``lkjip-excel kirim``).

``check`` imports neither the output writer (xlsxwriter) nor pandas: they are imported in
``run`` and ``send`` only.
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .findings import Finding, Severity

if TYPE_CHECKING:
    from .archive import Recorded
    from .engine.model import Hasil
    from .mail import SendReport
    from .reading import CheckReport, Submission
    from .reading.container import Limits
    from .workspace import Workspace


@dataclass(frozen=True)
class Options:
    """How to read the folder of submissions (the options ``periksa`` and ``proses`` share)."""

    #: the settings file; by default the ``lkjip.toml`` of the folder or the nearest above it
    settings_file: Path | None = None
    recursive: bool = False
    pakai_terbaru: bool = False
    debug: bool = False
    progress: Callable[[Iterable[Path]], Iterable[Path]] | None = None
    #: reading processes (None: as ``check_folder`` decides) and file limits (None: the defaults)
    workers: int | None = None
    limits: Limits | None = None
    #: check earlier-year figures against the workspace's archive (``--tanpa-arsip``: no)
    arsip: bool = True
    #: keep what reading produced in the workspace's ``.lkjip-cache/`` and take unchanged
    #: files from it (``reading.cache``); the command line's default, ``--tanpa-cache`` off
    cache: bool = False


@dataclass(frozen=True)
class FileLine:
    """One file of a check: its findings by severity, the engine's about it included."""

    submission: Submission
    counts: Counter[Severity]
    status: str


def file_lines(report: CheckReport, findings: list[Finding]) -> list[FileLine]:
    """Each file read, counted with every finding about it (``findings``: the whole check's).

    The engine's findings count for the used file they name; they raise its status."""
    read = {id(f) for f in report.findings}
    later: dict[str | None, Counter[Severity]] = {}
    for f in findings:
        if id(f) not in read:
            later.setdefault(f.file, Counter())[f.severity] += 1
    lines = []
    for sub in report.submissions:
        extra = later.pop(sub.name, Counter()) if sub.used and sub.readable else Counter()
        counts = Counter({x: sub.count(x) + extra[x] for x in Severity})
        status = sub.status
        if status in ("baik", "ada peringatan") and extra[Severity.GALAT]:
            status = "ada galat"
        elif status == "baik" and extra[Severity.PERINGATAN]:
            status = "ada peringatan"
        lines.append(FileLine(sub, counts, status))
    return lines


@dataclass
class Checked:
    """The outcome of :func:`check`: every file read, the computed result, every finding."""

    workspace: Workspace
    #: the folder the submissions were read from
    folder: Path
    report: CheckReport
    hasil: Hasil

    @property
    def findings(self) -> list[Finding]:
        """Every finding: the reading's, the batch's and the engine's, in report order."""
        return self.hasil.findings

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    @property
    def has_errors(self) -> bool:
        return self.count(Severity.GALAT) > 0

    def to_dict(self) -> dict[str, Any]:
        """``periksa --json``: the files read and every finding."""
        data = self.report.to_dict()
        data["ringkasan"] = {
            "berkas": len(self.report.submissions),
            "galat": self.count(Severity.GALAT),
            "peringatan": self.count(Severity.PERINGATAN),
            "info": self.count(Severity.INFO),
        }
        data["temuan"] = [f.to_dict() for f in self.findings]
        for entry, line in zip(data["berkas"], file_lines(self.report, self.findings), strict=True):
            entry["status"] = line.status
        return data


@dataclass
class Ran:
    """The outcome of :func:`run`: the check, and what was written."""

    checked: Checked
    written: list[Path] = field(default_factory=list)
    #: nothing was written: there are errors and ``ketat`` was asked
    refused: bool = False
    #: what the archive recorded (None: nothing written, or ``arsip=False``)
    archived: Recorded | None = None
    #: why the archive could not be written (the outputs were written all the same)
    archive_error: str | None = None
    #: why the archive was not written on purpose (it would land among the submissions)
    archive_skipped: str | None = None

    @property
    def hasil(self) -> Hasil:
        return self.checked.hasil

    @property
    def has_errors(self) -> bool:
        return self.checked.has_errors


def check(folder: Path | str | None = None, options: Options | None = None) -> Checked:
    """Read and check every submission in ``folder`` and compute the result.

    ``folder`` is a workspace (its files are in ``masuk/``) or a folder of submissions;
    ``None`` means the workspace of the current folder (``lkjip.toml`` here or above).
    """
    from .workspace import resolve_inputs

    options = options or Options()
    ws, inputs = resolve_inputs(None if folder is None else Path(folder), options.settings_file)
    try:
        return _check(ws, inputs, options)
    finally:
        gc.unfreeze()


def _check(ws: Workspace, inputs: Path, options: Options) -> Checked:
    from .collector import paused
    from .engine import compute
    from .reading import check_folder

    cache = None
    if options.cache:
        from .reading.cache import ReadCache, cache_allowed
        from .reading.container import DEFAULT_LIMITS

        if cache_allowed(ws.root, inputs):
            cache = ReadCache(ws.root, ws.settings, options.limits or DEFAULT_LIMITS)
    # what is read and what is computed stay to the end of the run (and hold no cycles): the
    # collector is paused while each pile is built and the pile then frozen, never walked
    # (half of the engine's time otherwise, and each first collection after a pause walks
    # the whole pile); check and run unfreeze when they are done (a long-running caller's
    # cycles are collected again)
    with paused():
        report = check_folder(
            inputs,
            ws.settings,
            recursive=options.recursive,
            pakai_terbaru=options.pakai_terbaru,
            debug=options.debug,
            progress=options.progress,
            workers=options.workers,
            cache=cache,
            **({"limits": options.limits} if options.limits is not None else {}),
        )
        gc.freeze()
        history = {}
        if options.arsip:  # earlier-year figures of the forms against the archive, before the engine counts
            from .archive import archive_path
            from .archive.earlier import check_earlier, earlier_years

            check_earlier(report, archive_path(ws.root))
            history = earlier_years(archive_path(ws.root), ws.settings.tahun, back=10)
        hasil = compute(report, history=history)
        gc.freeze()
    hasil.workspace = ws.root
    return Checked(ws, inputs, report, hasil)


def run(
    folder: Path | str | None = None,
    options: Options | None = None,
    *,
    out_file: Path | None = None,
    json_file: Path | None = None,
    ketat: bool = False,
    arsip: bool = True,
    naskah: bool = False,
    naskah_pdf: bool = False,
    naskah_template: Path | None = None,
) -> Ran:
    """:func:`check`, then write the workbook (``out_file``, by default
    ``hasil/LKjIP-<tahun>-<kecamatan>.xlsx``) and, when asked, the JSON; with ``ketat``
    nothing is written when there are errors. Once written, the result is recorded in the
    workspace's archive (``arsip.sqlite``; not with ``arsip=False``). The rows read from the
    files are released once computed (``Ran.checked.report`` keeps the files and findings;
    :func:`check` keeps the rows too)."""
    from .workspace import resolve_inputs, run_outputs

    options = options or Options()
    if not arsip:
        from dataclasses import replace

        options = replace(options, arsip=False)
    ws, inputs = resolve_inputs(None if folder is None else Path(folder), options.settings_file)
    # the outputs are checked against the inputs (and each other) before anything is read
    target = run_outputs(
        ws, inputs, out_file, json_file, options.recursive, naskah, naskah_pdf, naskah_template
    )
    if arsip:
        _archive_is_not_an_output(
            ws,
            target,
            json_file,
            target.with_suffix(".docx") if naskah else None,
            target.with_suffix(".pdf") if naskah and naskah_pdf else None,
        )
        _archive_opens(ws, inputs, options)
    try:
        return _run(ws, inputs, target, options, json_file, ketat)
    finally:
        gc.unfreeze()


def _run(
    ws: Workspace, inputs: Path, target: Path, options: Options, json_file: Path | None, ketat: bool
) -> Ran:
    checked = _check(ws, inputs, options)
    if ketat and checked.has_errors:
        return Ran(checked, refused=True)
    checked.report.release_records()  # everything below is written from hasil
    from .output import write_output

    written = [write_output(checked.hasil, target)]
    if json_file:
        from .export import write_json

        written.append(write_json(checked.hasil, json_file))
    ran = Ran(checked, written)
    if options.arsip and _inside(archive_path_of(ws), inputs, options.recursive):
        ran.archive_skipped = (
            f"Arsip tidak dicatat: {archive_path_of(ws)} akan berada di folder kiriman dan terbaca sebagai "
            "kiriman. Pakai folder kerja (lkjip.toml di luar folder kiriman, lihat 'lkjip-excel init')."
        )
    elif options.arsip:
        from .archive import ArchiveError, archive_path, record

        try:
            ran.archived = record(checked.hasil, archive_path(ws.root))
        except ArchiveError as exc:
            ran.archive_error = str(exc)
    return ran


def archive_path_of(ws: Workspace) -> Path:
    from .archive import archive_path

    return archive_path(ws.root)


def _inside(path: Path, folder: Path, recursive: bool) -> bool:
    """Whether ``path``, links followed (a link named ``arsip.sqlite`` pointing into the
    submissions folder included), lands in ``folder`` (or, ``recursive``, below it)."""
    parent, real = path.resolve().parent, folder.resolve()
    return parent == real or (recursive and real in parent.parents)


def _archive_opens(ws: Workspace, inputs: Path, options: Options) -> None:
    """Open an existing archive before any output is written: a damaged or newer one stops
    the run (exit 2) with nothing written, instead of after the workbook."""
    archive = archive_path_of(ws)
    if _inside(archive, inputs, options.recursive) or not archive.exists():
        return
    from .archive.schema import connect

    connect(archive).close()


def _archive_is_not_an_output(ws: Workspace, *outputs: Path | None) -> None:
    from .archive import archive_path
    from .errors import UsageError

    archive = archive_path(ws.root).resolve()
    for out in outputs:
        if out is not None and Path(out).resolve() == archive:
            raise UsageError(f"{out} adalah arsip folder kerja; pilih berkas keluaran lain.")


def send(ran: Ran, to: Sequence[str]) -> SendReport | None:
    """Mail the workbook :func:`run` wrote (and its JSON) to ``to``; ``None`` when nothing was
    written or no one is asked (``proses`` without ``--kirim-ke``). The server is the
    ``[kirim]`` section of the workspace's settings."""
    if not ran.written or not to:
        return None
    from .mail import load_kirim_settings, send_workbook, summary_from_hasil

    return send_workbook(
        ran.written[0],
        list(to),
        summary=summary_from_hasil(ran.hasil),
        json_file=ran.written[1] if len(ran.written) > 1 else None,
        kirim=load_kirim_settings(ran.checked.workspace.settings_path),
    )


def send_file(
    workbook: Path,
    to: Sequence[str],
    *,
    cc: Sequence[str] = (),
    json_file: Path | None = None,
    subject: str | None = None,
    pesan: str | None = None,
    dry_run: Path | None = None,
    settings_file: Path | None = None,
) -> SendReport:
    """``lkjip-excel kirim``: mail a workbook already written (and its JSON, when given) to
    ``to``; with ``dry_run`` the message is written to that ``.eml`` file instead. The server
    is the ``[kirim]`` section of ``settings_file`` (by default the ``lkjip.toml`` found from
    the workbook's folder), overridden by the ``LKJIP_SMTP_*`` environment variables."""
    from .errors import UsageError
    from .mail import load_kirim_settings, send_workbook

    if not to:
        raise UsageError("Tulis minimal satu alamat penerima: --ke ALAMAT.")
    if dry_run is not None:
        from .workspace import kirim_outputs

        kirim_outputs(dry_run, workbook, json_file, settings_file)
    return send_workbook(
        workbook,
        to,
        cc=cc,
        kirim=load_kirim_settings(settings_file, workbook.parent),
        json_file=json_file,
        subject=subject,
        pesan=pesan,
        dry_run=dry_run,
    )
