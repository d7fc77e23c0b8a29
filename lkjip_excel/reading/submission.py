"""Read one submitted file into a :class:`Submission`; nothing raised escapes as a traceback."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import python_calamine as calamine

from ..findings import Finding
from ..schema import META_SHEET, SCHEMA, Kind
from ..schema.choices import cached_settings_choices
from ..schema.layout import PETUNJUK_SHEET
from ..schema.workbook import WorkbookIdentity, template_filename
from ..settings import Settings
from . import identity, identity_checks
from .bounds import SheetBounds
from .checks import WORKBOOK_CHECKS
from .container import DEFAULT_LIMITS, ContainerProblem, Limits, RawFile, read_bytes, sniff
from .extent import Extent
from .formulas import formula_cells
from .model import Submission
from .tables import SheetContext, read_table


def read_submission(
    path: Path, settings: Settings, limits: Limits = DEFAULT_LIMITS, debug: bool = False
) -> Submission:
    """Read ``path`` (read-only). Every problem ends up in ``Submission.findings``."""
    sub = Submission(Path(path))
    try:
        _read(sub, settings, limits)
    except ContainerProblem as problem:
        sub.findings.append(
            Finding(problem.code, sub.name, problem.sheet, problem.cell, values=problem.values)
        )
    except OSError as exc:  # vanished since the folder was listed, no permission, I/O error
        sub.findings.append(Finding("BERKAS_TIDAK_TERBACA", sub.name, values={"reason": _reason(exc)}))
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop the batch
        if debug:
            raise
        sub.findings.append(
            Finding("GALAT_INTERNAL", sub.name, values={"error": f"{type(exc).__name__}: {exc}"})
        )
    return sub


def _reason(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "berkas hilang sejak folder dibaca"
    if isinstance(exc, PermissionError):
        return "tidak ada izin membaca"
    return exc.strerror or type(exc).__name__


def _open(raw: RawFile) -> calamine.CalamineWorkbook:
    try:
        return calamine.CalamineWorkbook.from_filelike(io.BytesIO(raw.workbook_bytes))
    except calamine.PasswordError:
        raise ContainerProblem("BERKAS_BERSANDI") from None
    except Exception:  # noqa: BLE001 - calamine raises several kinds for broken files
        raise ContainerProblem("BERKAS_RUSAK") from None


class _Sheets:
    """Sheet values read once, each within the area the schema allows it (``SheetBounds``):
    the identity sources and the tables share some sheets."""

    def __init__(self, wb: calamine.CalamineWorkbook, bounds: SheetBounds):
        self.wb = wb
        self.bounds = bounds
        self._kept: dict[str, tuple[list[list[Any]], list[tuple[int, int, int, int]], Extent | None]] = {}

    def read(
        self, name: str, keep: bool = False
    ) -> tuple[list[list[Any]], list[tuple[int, int, int, int]], Extent | None]:
        got = self._kept.get(name)
        if got is None:
            got = self.bounds.read(self.wb, name)
            if keep:
                self._kept[name] = got
        return got

    def rows(self, name: str) -> list[list[Any]]:
        return self.read(name, keep=True)[0]


def _read(sub: Submission, settings: Settings, limits: Limits) -> None:
    stat = sub.path.stat()
    sub.modified = dt.datetime.fromtimestamp(stat.st_mtime)
    raw = sniff(sub.path, read_bytes(sub.path, limits), limits)
    sub.size, sub.sha256, sub.format = raw.size, raw.sha256, raw.format
    # every sheet is measured before calamine is asked for it (a far cell would make it
    # allocate the whole grid up to that cell; an .ods is read whole when opened)
    bounds = SheetBounds(raw, sub.name, len(settings.desa), limits)
    wb = _open(raw)
    sheets = _Sheets(wb, bounds)
    try:
        _read_workbook(sub, settings, raw, sheets)
    finally:
        sub.findings.extend(bounds.findings)  # about sheets not read as a table (the hidden one)


def _read_workbook(sub: Submission, settings: Settings, raw: RawFile, sheets: _Sheets) -> None:
    wb = sheets.wb
    twice = _duplicate_sheets(wb.sheet_names)
    if twice:  # which one was filled in? (a forged copy may hide behind the real one)
        sub.findings += [Finding("LEMBAR_GANDA", sub.name, name, values={"sheet": name}) for name in twice]
        return
    sources = identity.gather(wb.sheet_names, sheets.rows, raw.parts)
    if sources.template_jenis is None:
        sub.findings.append(Finding("BUKAN_TEMPLAT", sub.name))
        return
    verdict = identity.reconcile(sub.name, sources)
    sub.findings.extend(verdict.findings)
    for jenis, kode in verdict.claims:
        claim = (jenis, identity_checks.settings_kode(kode, settings) if jenis == "desa" else kode)
        if claim not in sub.claims:
            sub.claims.append(claim)
    if not sources.has_hidden:
        sub.findings.append(Finding("IDENTITAS_TERSEMBUNYI_HILANG", sub.name, values={"sheet": META_SHEET}))
    meta = verdict.values
    kind_key = identity.kind_key(meta.get("jenis", ""))
    if kind_key is None:
        return  # JENIS_TIDAK_DIKENAL, at the source that says it
    kind = SCHEMA.kind(kind_key)
    version = sources.versi_skema
    tahun = identity.comparable("tahun", meta.get("tahun", ""))
    kode = meta.get("kode", "")
    if kind.per_desa:
        kode = identity_checks.settings_kode(kode, settings)
        sub.findings.extend(
            identity_checks.other_desa(sub.name, sources, kode, meta.get("nama", ""), settings)
        )
    else:
        sub.findings.extend(identity_checks.section_code(sub.name, sources, kind.key, kode))
    sub.findings.extend(
        identity_checks.other_kabupaten(sub.name, sources, meta.get("kabupaten", ""), settings)
    )
    sub.identity = WorkbookIdentity(
        jenis=kind.key,
        kode=kode,
        nama=meta.get("nama", ""),
        kecamatan=meta.get("kecamatan", ""),
        kabupaten=meta.get("kabupaten", ""),
        tahun=int(tahun) if tahun.isdigit() else None,
        versi_skema=version,
    )
    if version != SCHEMA.version:
        if not SCHEMA.is_compatible(version):
            template = template_filename(sub.identity)
            sub.findings.append(
                Finding(
                    "VERSI_SKEMA_TIDAK_COCOK",
                    sub.name,
                    values={"version": version, "current": SCHEMA.version, "template": template},
                )
            )
            return
        sub.findings.append(
            Finding("VERSI_SKEMA_LAIN", sub.name, values={"version": version, "current": SCHEMA.version})
        )
    subtitles = identity_checks.SubtitleCheck(sub.name, meta)
    if PETUNJUK_SHEET in wb.sheet_names:
        subtitles.see(PETUNJUK_SHEET, sheets.read(PETUNJUK_SHEET)[0])
    _read_tables(sub, sheets, raw, kind, settings, subtitles)
    sub.findings.extend(subtitles.findings())
    if any(f.code in identity.SET_ASIDE for f in sub.findings):
        sub.used = False  # one desa (or section) passed off as another: its figures are not used


def _duplicate_sheets(names: list[str]) -> list[str]:
    """Sheet names that stand more than once (Excel compares them without case)."""
    seen: set[str] = set()
    twice: list[str] = []
    for name in names:
        key = name.casefold()
        if key in seen and name not in twice:
            twice.append(name)
        seen.add(key)
    return twice


def _read_tables(
    sub: Submission,
    sheets: _Sheets,
    raw: RawFile,
    kind: Kind,
    settings: Settings,
    subtitles: identity_checks.SubtitleCheck,
) -> None:
    wb = sheets.wb
    names = set(wb.sheet_names)
    hidden = {m.name for m in wb.sheets_metadata if m.visible != calamine.SheetVisibleEnum.Visible}
    tables = (SCHEMA.identity, *kind.tables)
    wanted = {t.sheet for t in tables} & names
    formulas = (
        formula_cells(raw.data, wanted, raw.names, raw.parts, raw.member)
        if raw.format in ("xlsx", "xlsm")
        else {}
    )
    choices = cached_settings_choices(settings)
    version = sub.identity.versi_skema if sub.identity else SCHEMA.version
    for table in tables:
        if table.sheet not in names and SCHEMA.older(version, table.since):
            continue  # a table added after this workbook's template was made: read as empty
        if table.sheet not in names:
            sub.findings.append(
                Finding(
                    "LEMBAR_HILANG", sub.name, table.sheet, table=table.name, values={"sheet": table.sheet}
                )
            )
            continue
        if table.sheet in hidden:
            sub.findings.append(
                Finding("LEMBAR_TERSEMBUNYI", sub.name, table.sheet, values={"sheet": table.sheet})
            )
        rows, merged, extent = sheets.read(table.sheet)
        subtitles.see(table.sheet, rows)
        ctx = SheetContext(sub.name, table.sheet, rows, choices, formulas.get(table.sheet, {}), merged)
        ctx.extent = extent
        data = read_table(ctx, table)
        sub.findings.extend(ctx.findings)
        if table is SCHEMA.identity:
            form = data.form
            if form:
                sub.diisi_oleh = form.values.get("diisi_oleh")
                sub.tanggal = form.values.get("tanggal")
            continue
        sub.tables[table.name] = data
    if not any(v is not None for t in sub.tables.values() for r in t.records for v in r.values.values()):
        # an untouched template: one finding, not one per required cell
        sub.findings = [f for f in sub.findings if f.code != "NILAI_WAJIB_KOSONG"]
        sub.findings.append(Finding("FORMULIR_BELUM_DIISI", sub.name))
        return
    for check in WORKBOOK_CHECKS:
        sub.findings.extend(check(sub, kind))
