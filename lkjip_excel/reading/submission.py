"""Read one submitted file into a :class:`Submission`; nothing raised escapes as a traceback."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import python_calamine as calamine

from ..findings import Finding
from ..schema import META_SHEET, SCHEMA, Kind
from ..settings import Settings
from .checks import WORKBOOK_CHECKS
from .container import DEFAULT_LIMITS, ContainerProblem, Limits, RawFile, read_bytes, sniff
from .extent import SheetBounds
from .formulas import formula_cells
from .model import Submission, WorkbookIdentity
from .tables import SheetContext, norm, read_table


def settings_choices(settings: Settings) -> dict[str, list[str]]:
    """The choice lists that come from the settings (``Column.choices_from``)."""
    return {"desa": [d.kode for d in settings.desa], "seksi": list(settings.seksi.values())}


#: [settings, its desa list, its seksi dict, their lengths, choices]; holding the objects
#: keeps their identities from being reused by others
_CHOICES: list = [None, None, None, None, None]


def _settings_choices(settings: Settings) -> dict[str, list[str]]:
    """``settings_choices``, computed once per batch: one settings object, thousands of files."""
    cached, desa, seksi, sizes, choices = _CHOICES
    current = (len(settings.desa), len(settings.seksi))
    if cached is settings and desa is settings.desa and seksi is settings.seksi and sizes == current:
        return choices
    choices = settings_choices(settings)
    _CHOICES[:] = [settings, settings.desa, settings.seksi, current, choices]
    return choices


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
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop the batch
        if debug:
            raise
        sub.findings.append(
            Finding("GALAT_INTERNAL", sub.name, values={"error": f"{type(exc).__name__}: {exc}"})
        )
    return sub


def _open(raw: RawFile) -> calamine.CalamineWorkbook:
    try:
        return calamine.CalamineWorkbook.from_filelike(io.BytesIO(raw.data))
    except calamine.PasswordError:
        raise ContainerProblem("BERKAS_BERSANDI") from None
    except Exception:  # noqa: BLE001 - calamine raises several kinds for broken files
        raise ContainerProblem("BERKAS_RUSAK") from None


def _identity(wb: calamine.CalamineWorkbook, bounds: SheetBounds) -> dict[str, str] | None:
    """The identity the template recorded: hidden meta sheet first, the Identitas sheet else."""
    names = wb.sheet_names
    if META_SHEET in names:
        rows, _, _ = bounds.read(wb, META_SHEET)
        meta = {str(r[0]).strip(): _text(r[1]) for r in rows[1:] if len(r) >= 2 and r[0]}
        if meta.get("jenis"):
            return meta
    if SCHEMA.identity.sheet in names:
        rows, _, _ = bounds.read(wb, SCHEMA.identity.sheet)
        by_label = {norm(c.label): c.key for c in SCHEMA.identity.columns}
        meta = {by_label[norm(r[0])]: _text(r[1]) for r in rows if len(r) >= 2 and norm(r[0]) in by_label}
        if meta.get("jenis"):
            return meta
    return None


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read(sub: Submission, settings: Settings, limits: Limits) -> None:
    stat = sub.path.stat()
    sub.modified = dt.datetime.fromtimestamp(stat.st_mtime)
    raw = sniff(sub.path, read_bytes(sub.path, limits), limits)
    sub.size, sub.sha256, sub.format = raw.size, raw.sha256, raw.format
    # every sheet is measured before calamine is asked for it (a far cell would make it
    # allocate the whole grid up to that cell; an .ods is read whole when opened)
    bounds = SheetBounds(raw, sub.name, len(settings.desa), limits)
    wb = _open(raw)
    meta = _identity(wb, bounds)
    sub.findings.extend(bounds.findings)
    if meta is None:
        sub.findings.append(Finding("BUKAN_TEMPLAT", sub.name))
        return
    try:
        kind = SCHEMA.kind(meta["jenis"])
    except KeyError:
        sub.findings.append(Finding("JENIS_TIDAK_DIKENAL", sub.name, values={"jenis": meta["jenis"]}))
        return
    version = meta.get("versi_skema", "")
    tahun = meta.get("tahun", "")
    sub.identity = WorkbookIdentity(
        jenis=kind.key,
        kode=meta.get("kode", ""),
        nama=meta.get("nama", ""),
        kecamatan=meta.get("kecamatan", ""),
        kabupaten=meta.get("kabupaten", ""),
        tahun=int(tahun) if tahun.isdigit() else None,
        versi_skema=version,
    )
    if version != SCHEMA.version:
        if not SCHEMA.is_compatible(version):
            ident = sub.identity
            from ..template.writer import Identity, template_filename

            template = template_filename(
                Identity(kind.key, ident.kode, ident.nama, ident.kecamatan, ident.kabupaten, ident.tahun or 0)
            )
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
    _read_tables(sub, wb, raw, kind, settings, bounds)


def _read_tables(sub, wb, raw: RawFile, kind: Kind, settings: Settings, bounds: SheetBounds) -> None:
    names = set(wb.sheet_names)
    hidden = {m.name for m in wb.sheets_metadata if m.visible != calamine.SheetVisibleEnum.Visible}
    tables = (SCHEMA.identity, *kind.tables)
    wanted = {t.sheet for t in tables} & names
    formulas = formula_cells(raw.data, wanted, raw.names, raw.parts) if raw.format in ("xlsx", "xlsm") else {}
    choices = _settings_choices(settings)
    for table in tables:
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
        rows, merged, extent = bounds.read(wb, table.sheet)
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
