"""Write an input workbook (empty template, or filled) for one kind, from the schema.

Every table sheet has the same shape (``layout``): a title, a subtitle, a description,
then an Excel table whose stable name is the schema's table name. Input cells are
unlocked and shaded, everything else is locked (sheet protection without password),
and every input column carries data validation with an Indonesian message.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from ..atomic import atomic_path
from ..schema import LISTS_SHEET, META_SHEET, SCHEMA, Column, ColumnType, Kind, Layout, Table
from ..schema.choices import column_choices
from ..schema.export import describe_column
from ..schema.layout import (
    DESCRIPTION_ROW,
    FIRST_DATA_ROW,
    FORM_HEADERS,
    HEADER_ROW,
    SUBTITLE_ROW,
    TITLE_ROW,
    TOTAL_KEY,
    TOTAL_LABEL,
    cell_address,
    fixed_columns,
    sheet_subtitle,
    table_headers,
)
from ..schema.model import YES_NO
from ..schema.record import input_columns, row_keys
from ..schema.workbook import WorkbookIdentity
from ..settings import Settings
from ..textfit import fit_height, row_height
from .formats import WORKBOOK_OPTIONS, Formats, is_year, number_format
from .page import form_widths, grid_widths, set_page
from .petunjuk import write_petunjuk


class _ChoiceLists:
    """Long or settings-dependent choice lists live on a hidden sheet."""

    def __init__(self, workbook: xlsxwriter.Workbook, settings: Settings):
        self._sheet: Worksheet | None = None
        self._wb = workbook
        self._next_col = 0
        self._ranges: dict[tuple[str, ...], str] = {}
        self.settings = settings

    def source(self, col: Column) -> list[str] | str:
        values = column_choices(col, self.settings)
        if len(",".join(values)) < 200 and not col.choices_from:
            return values
        key = tuple(values)
        if key not in self._ranges:
            sheet = self._sheet
            if sheet is None:
                sheet = self._sheet = self._wb.add_worksheet(LISTS_SHEET)
                sheet.hide()
                sheet.protect()
            c = self._next_col
            self._next_col += 1
            for r, value in enumerate(values):
                sheet.write_string(r, c, value)
            first = cell_address(0, c, row_abs=True, col_abs=True)
            last = cell_address(max(len(values) - 1, 0), c, row_abs=True, col_abs=True)
            self._ranges[key] = f"='{LISTS_SHEET}'!{first}:{last}"
        return self._ranges[key]


def _validation(col: Column, lists: _ChoiceLists) -> dict[str, Any] | None:
    """The data validation of an input column, with an Indonesian error message."""
    hint = describe_column(col)
    common = {
        "error_title": "Isian tidak sesuai",
        "error_message": f"{col.label}: {hint}"[:255],
        "input_title": col.label[:32],
        "input_message": (col.help or hint)[:255],
        "ignore_blank": True,
    }
    t = col.type
    if t in (ColumnType.INTEGER, ColumnType.DECIMAL, ColumnType.RUPIAH, ColumnType.PERCENT):
        lo = col.minimum if col.minimum is not None else -(10**15)
        hi = col.maximum if col.maximum is not None else 10**15
        if t is ColumnType.PERCENT:  # stored as a fraction in a %-formatted cell
            lo, hi = Decimal(lo) / 100, Decimal(hi) / 100
        kind = "integer" if t is ColumnType.INTEGER else "decimal"
        return {"validate": kind, "criteria": "between", "minimum": float(lo), "maximum": float(hi), **common}
    if t in (ColumnType.CHOICE, ColumnType.YESNO):
        return {"validate": "list", "source": lists.source(col), **common}
    if t is ColumnType.DATE:
        return {
            "validate": "date",
            "criteria": "between",
            "minimum": dt.date(2000, 1, 1),
            "maximum": dt.date(2100, 12, 31),
            **common,
        }
    if col.max_length:
        return {"validate": "length", "criteria": "<=", "value": col.max_length, **common}
    return None


def _shown(col: Column, value: Any) -> str:
    """About what a cell shows of ``value`` (numbers with their marks), to size its column."""
    if value is None or isinstance(value, str | bool):
        return value if isinstance(value, str) else ""
    if isinstance(value, dt.date):
        return "00/00/0000"
    if isinstance(value, int | float | Decimal):
        if is_year(col):
            return str(value)
        number_fmt = number_format(col)
        decimals = number_fmt.partition(".")[2].count("0")
        if col.type is ColumnType.PERCENT:
            return f"{float(value):,.{decimals}f}%"
        return f"{float(value):,.{decimals}f}"
    return str(value)


@dataclass(frozen=True)
class Prefilled:
    """A value written for the person (from the archive): its cell carries ``note`` as a comment."""

    value: Any
    note: str


def _write_value(ws, row: int, c: int, col: Column, value: Any, fmt) -> None:
    """Write one value the way a person would have typed it in Excel."""
    if isinstance(value, Prefilled):
        ws.write_comment(row, c, value.note, {"x_scale": 2, "y_scale": 1.2})
        value = value.value
    if value is None or value == "":
        ws.write_blank(row, c, None, fmt)
    elif isinstance(value, str):
        ws.write_string(row, c, value, fmt)
    elif isinstance(value, bool):
        ws.write_string(row, c, YES_NO[0] if value else YES_NO[1], fmt)
    elif isinstance(value, dt.datetime | dt.date):
        ws.write_datetime(row, c, value, fmt)
    elif isinstance(value, int | float | Decimal):
        number = float(value)
        if col.type is ColumnType.PERCENT:
            number = number / 100
        ws.write_number(row, c, number, fmt)
    else:
        raise TypeError(f"cannot write {value!r} into {col.key}")


class _SheetWriter:
    def __init__(self, wb, formats: Formats, lists: _ChoiceLists, identity: WorkbookIdentity):
        self.wb = wb
        self.f = formats
        self.lists = lists
        self.identity = identity

    def _start(self, table: Table, widths: list[float], headers: list[str]):
        """The sheet of ``table``: title, subtitle, description, header row, print setup."""
        ws = self.wb.add_worksheet(table.sheet)
        ws.write_string(TITLE_ROW, 0, table.title, self.f.title())
        ws.set_row(TITLE_ROW, row_height(1, 14))
        ident = self.identity
        ws.write_string(
            SUBTITLE_ROW,
            0,
            sheet_subtitle(ident.jenis, ident.nama, ident.kecamatan, ident.tahun),
            self.f.get(italic=True),
        )
        note = table.description or ""
        note += (" " if note else "") + "Isi sel berwarna kuning; sel abu-abu terkunci."
        wrap = self.f.get(text_wrap=True)
        if len(widths) > 1:  # across the table, so that it wraps inside the printed width
            ws.merge_range(DESCRIPTION_ROW, 0, DESCRIPTION_ROW, len(widths) - 1, note, wrap)
        else:
            ws.write_string(DESCRIPTION_ROW, 0, note, wrap)
        ws.set_row(DESCRIPTION_ROW, fit_height([(note, sum(widths))]))
        ws.set_row(HEADER_ROW, fit_height(list(zip(headers, widths, strict=True)), bold=True))
        for c, width in enumerate(widths):
            ws.set_column(c, c, width)
        ws.freeze_panes(FIRST_DATA_ROW, 0)
        ws.protect(
            "",
            {"format_columns": True, "format_rows": True, "autofilter": True, "sort": False},
        )
        set_page(ws, widths)
        return ws

    def form(self, table: Table, values: Mapping[str, Any]) -> None:
        widths = form_widths(table, self.lists.settings)
        ws = self._start(table, widths, list(FORM_HEADERS))
        last = FIRST_DATA_ROW + len(table.columns) - 1
        ws.add_table(
            HEADER_ROW,
            0,
            last,
            len(FORM_HEADERS) - 1,
            {
                "name": table.name,
                "style": "Table Style Light 1",
                "autofilter": False,
                "columns": [{"header": h, "header_format": self.f.header()} for h in FORM_HEADERS],
            },
        )
        for i, col in enumerate(table.columns):
            r = FIRST_DATA_ROW + i
            value = values.get(col.key)
            hint = describe_column(col)
            ws.write_string(r, 0, col.label, self.f.label())
            fmt = self.f.cell(col, locked=col.locked)
            _write_value(ws, r, 1, col, value, fmt)
            ws.write_string(r, 2, col.unit or "", self.f.label())
            ws.write_string(r, 3, hint, self.f.get(font_color="#595959", text_wrap=True))
            shown = value if isinstance(value, str) else ""
            texts = (col.label, shown, col.unit or "", hint)
            ws.set_row(r, fit_height(list(zip(texts, widths, strict=True))))
            if not col.locked:
                rule = _validation(col, self.lists)
                if rule:
                    ws.data_validation(r, 1, r, 1, rule)

    def grid(self, table: Table, rows: list[tuple[str | None, Mapping[str, Any], bool]]) -> None:
        """A table with one row per record. ``rows``: (fixed label or None, values, is_total)."""
        fixed_cols = fixed_columns(table)
        texts = [
            [
                _shown(col, label if c == 0 and c in fixed_cols else values.get(col.key))
                for c, col in enumerate(table.columns)
            ]
            for label, values, _ in rows
        ]
        widths = grid_widths(table, self.lists.settings, texts)
        ws = self._start(table, widths, table_headers(table))
        n = len(rows)
        last = FIRST_DATA_ROW + max(n, 1) - 1
        ws.add_table(
            HEADER_ROW,
            0,
            last,
            len(table.columns) - 1,
            {
                "name": table.name,
                "style": "Table Style Light 1",
                "autofilter": table.layout is Layout.LIST,
                "columns": [{"header": h, "header_format": self.f.header()} for h in table_headers(table)],
            },
        )
        for i, (label, values, is_total) in enumerate(rows):
            r = FIRST_DATA_ROW + i
            cells = [(t, w) for t, w in zip(texts[i], widths, strict=True) if t]
            if cells:
                ws.set_row(r, fit_height(cells, bold=is_total))
            for c, col in enumerate(table.columns):
                if c in fixed_cols:
                    text = label if c == 0 else values.get(col.key)
                    fmt = self.f.label(bold=is_total)
                    _write_value(ws, r, c, col, text, fmt)
                else:
                    fmt = self.f.cell(col, locked=False, stated=is_total)
                    _write_value(ws, r, c, col, values.get(col.key), fmt)
        for c, col in enumerate(table.columns):
            if c in fixed_cols:
                continue
            rule = _validation(col, self.lists)
            if rule:
                ws.data_validation(FIRST_DATA_ROW, c, last, c, rule)
        ws.repeat_rows(HEADER_ROW)


def _grid_rows(
    table: Table, data: Any, settings: Settings
) -> list[tuple[str | None, Mapping[str, Any], bool]]:
    if table.layout is Layout.FIXED:
        data = data or {}
        return [(r.label if not r.total else TOTAL_LABEL, data.get(r.key, {}), r.total) for r in table.rows]
    if table.layout is Layout.PER_DESA:
        data = data or {}
        rows: list[tuple[str | None, Mapping[str, Any], bool]] = [
            (d.kode, {"nama_desa": d.nama, **data.get(d.kode, {})}, False) for d in settings.desa
        ]
        if table.total_row:
            rows.append((TOTAL_LABEL, {"nama_desa": "", **data.get(TOTAL_KEY, {})}, True))
        return rows
    records = list(data or [])
    blanks = max(table.max_rows - len(records), 0)
    filled: list[tuple[str | None, Mapping[str, Any], bool]] = [(None, rec, False) for rec in records]
    return filled + [(None, {}, False)] * blanks


def write_workbook(
    path: Path,
    identity: WorkbookIdentity,
    settings: Settings,
    data: Mapping[str, Any] | None = None,
    filled: Mapping[str, Any] | None = None,
) -> Path:
    """Write the workbook of ``identity`` to ``path`` (atomically).

    ``data`` fills the tables (by table name): a mapping of column key to value for a
    FORM, of row key (or desa code, or ``"jumlah"``) to such a mapping for FIXED and
    PER_DESA tables, and a list of such mappings for LIST tables. ``filled`` gives the
    identity fields a person fills in (``diisi_oleh``, ``tanggal``...).
    """
    kind = SCHEMA.kind(identity.jenis)
    data = data or {}
    _check_data(kind, data, filled or {}, settings)
    path = Path(path)
    with atomic_path(path) as tmp:
        _write(tmp, kind, identity, settings, data, filled or {})
    return path


def _check_data(kind: Kind, data: Mapping[str, Any], filled: Mapping[str, Any], settings: Settings) -> None:
    """Refuse data the workbook has no place for, instead of dropping it silently."""
    editable = {c.key for c in SCHEMA.identity.columns if not c.locked}
    for key in filled:
        if key not in editable:
            raise ValueError(f"identity field {key!r} cannot be filled in (known: {sorted(editable)})")
    tables = {t.name: t for t in kind.tables}
    for name, value in data.items():
        table = tables.get(name)
        if table is None:
            raise ValueError(f"{kind.key} has no table {name!r}")
        if value is None:
            continue
        columns = set(input_columns(table))
        if table.layout is Layout.FORM:
            records = [value]
        elif table.layout is Layout.LIST:
            records = list(value)
        else:
            unknown = set(value) - set(row_keys(table, settings))
            if unknown:
                raise ValueError(f"{kind.key}.{name} has no rows {sorted(unknown)}")
            records = list(value.values())
        for record in records:
            unknown = set(record) - columns
            if unknown:
                raise ValueError(f"{kind.key}.{name} has no input columns {sorted(unknown)}")


def _write(tmp: Path, kind: Kind, identity: WorkbookIdentity, settings: Settings, data, filled) -> None:
    wb = xlsxwriter.Workbook(
        str(tmp),
        {
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            **WORKBOOK_OPTIONS,
        },
    )
    wb.set_properties(
        {
            "title": f"{kind.label} {identity.nama} {identity.tahun}",
            "subject": f"Formulir LKjIP Kecamatan {identity.kecamatan}",
            "author": "lkjip-excel",
            "comments": f"lkjip:{identity.jenis}:{identity.kode}:{identity.tahun}:{identity.versi_skema}",
        }
    )
    for key, value in identity.meta().items():
        wb.set_custom_property(f"lkjip_{key}", str(value))
    formats = Formats(wb)
    lists = _ChoiceLists(wb, settings)
    write_petunjuk(wb, formats, kind, identity)
    sheets = _SheetWriter(wb, formats, lists, identity)
    sheets.form(SCHEMA.identity, {**identity.meta(), "jenis": kind.key, **filled})
    for table in kind.tables:
        if table.layout is Layout.FORM:
            sheets.form(table, data.get(table.name) or {})
        else:
            sheets.grid(table, _grid_rows(table, data.get(table.name), settings))
    meta = wb.add_worksheet(META_SHEET)
    meta.write_string(0, 0, "kunci")
    meta.write_string(0, 1, "nilai")
    for r, (key, value) in enumerate(identity.meta().items(), start=1):
        meta.write_string(r, 0, key)
        meta.write_string(r, 1, str(value))
    meta.hide()
    meta.protect()
    wb.worksheets()[0].activate()
    wb.close()
