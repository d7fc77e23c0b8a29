"""The Pemeriksaan sheet (every finding) and the Sumber sheet (every input file), in words
a person reads: table and column titles from the schema or the report instead of internal
keys, file sizes and dates the Indonesian way, wrapped text in rows tall enough for it."""

from __future__ import annotations

import dataclasses
from typing import Any

from .. import fmt
from ..engine.model import Hasil
from ..findings import Finding, Severity
from ..schema import SCHEMA
from . import layout

SEVERITY_LABEL = {Severity.GALAT: "Galat", Severity.PERINGATAN: "Peringatan", Severity.INFO: "Info"}

#: the first row of the list (0-based): title, the kecamatan line, an empty row, the header
HEADER_ROW = 3

#: narrow enough to print at full size on landscape A4 (and at 75 % or more where
#: LibreOffice shows Calibri with a wider font); long text wraps
PEMERIKSAAN_COLUMNS = (
    ("Tingkat", 9),
    ("Kode", 16),
    ("Berkas", 14),
    ("Lembar!Sel", 12),
    ("Tabel", 14),
    ("Kolom", 12),
    ("Nilai", 22),
    ("Pesan", 32),
)
SUMBER_COLUMNS = (
    ("Berkas", 20),
    ("Jenis", 14),
    ("Kode", 6),
    ("Desa/Seksi", 16),
    ("Diisi oleh", 14),
    ("Tanggal", 12),
    ("Ukuran", 8),
    ("SHA-256", 16),
    ("Status", 8),
    ("Dipakai", 8),
)
#: the values of a finding that name a column or a table of the finding by its key
_COLUMN_VALUES = ("kolom", "column")
_TABLE_VALUES = ("tabel", "table")


def _key_forms(key: str) -> set[str]:
    """``pagu_murni`` as code writes it and as a message may carry it (``pagu murni``)."""
    return {key, key.replace("_", " ")}


class Labels:
    """The titles people read for the keys a finding carries: input tables and columns (the
    schema), then the report's tables and columns (the result)."""

    def __init__(self, hasil: Hasil):
        self.tables: dict[str, str] = {}
        self.columns: dict[str, dict[str, str]] = {}
        for name, table in hasil.tables.items():
            self.tables[name] = table.title
            self.columns[name] = {c.key: c.label for c in table.columns}
        for kind in reversed(SCHEMA.kinds):  # the schema's titles win over the report's
            for t in (SCHEMA.identity, *kind.tables):
                self.tables[t.name] = t.title
                self.columns[t.name] = {c.key: c.label for c in t.columns}

    def table(self, name: str | None) -> str:
        if not name:
            return ""
        return self.tables.get(name, name.replace("_", " "))

    def column(self, table: str | None, key: str | None) -> str:
        if not key:
            return ""
        return self.columns.get(table or "", {}).get(key, key.replace("_", " "))

    def _column_of(self, table: str | None, text: str) -> str | None:
        for key, label in self.columns.get(table or "", {}).items():
            if text in _key_forms(key):
                return label
        return None

    def _table_of(self, text: str) -> str | None:
        for key, title in self.tables.items():
            if text in _key_forms(key):
                return title
        return None

    def value(self, finding: Finding, name: str, value: Any) -> Any:
        """A value of ``finding`` with any internal key in it replaced by its title."""
        if isinstance(value, list | tuple):
            return [self.value(finding, name, v) for v in value]
        if not isinstance(value, str):
            return value
        if name in _TABLE_VALUES:
            return self._table_of(value) or value
        column = self._column_of(finding.table, value)
        if column is not None and (name in _COLUMN_VALUES or "_" in value):
            return column
        if "_" in value:
            return self._table_of(value) or value
        return value

    def finding(self, finding: Finding) -> Finding:
        """``finding`` with its values in people's words (its message follows them)."""
        values = {k: self.value(finding, k, v) for k, v in finding.values.items()}
        return dataclasses.replace(finding, values=values)


def write_pemeriksaan(w) -> None:
    """Every finding, errors first, with the titles of its table and column."""
    labels = Labels(w.hasil)
    rows = []
    for x in w.hasil.findings:
        shown = labels.finding(x)
        rows.append(
            [
                SEVERITY_LABEL[x.severity],
                x.code,
                x.file or "",
                x.where,
                labels.table(x.table),
                labels.column(x.table, x.column),
                shown.values_text(),
                shown.message,
            ]
        )
    ws = w._sheet("Pemeriksaan", True)
    _list_sheet(w, ws, "Pemeriksaan Data (galat lebih dulu)", PEMERIKSAAN_COLUMNS, rows, "pemeriksaan")


def _kind_label(jenis: str | None) -> str:
    if not jenis:
        return ""
    try:
        return SCHEMA.kind(str(jenis)).label
    except KeyError:
        return str(jenis)


def _is_desa(jenis: str | None) -> bool:
    try:
        return bool(jenis) and SCHEMA.kind(str(jenis)).per_desa
    except KeyError:
        return False


def write_sumber(w) -> None:
    """Every input file: whose it is, who filled it in and when, its size and hash."""
    rows = [
        [
            s.nama,
            _kind_label(s.jenis),
            (s.kode or "") if _is_desa(s.jenis) else "",
            s.nama_unit or "",
            s.diisi_oleh or "",
            fmt.long_date(s.tanggal) if s.tanggal else "",
            fmt.file_size(s.ukuran),
            s.sha256 or "",
            s.status,
            "ya" if s.dipakai else "tidak",
        ]
        for s in w.hasil.sources
    ]
    ws = w._sheet("Sumber", True)
    _list_sheet(w, ws, "Sumber Data (berkas masukan)", SUMBER_COLUMNS, rows, "sumber")


def fit_height(cells: list[tuple[str, float]], size: float = layout.SIZE, bold: bool = False) -> float:
    """The height of a row holding each (text, column width in units) wrapped, measured as the
    report tables are (the workbook's font and LibreOffice's column widths)."""
    lines = max([layout.line_count(t, layout.to_points(width), size, bold) for t, width in cells if t] + [1])
    return layout.row_height(lines, size)


def _list_sheet(w, ws, title: str, columns, rows: list[list[Any]], name: str) -> None:
    headers = [h for h, _ in columns]
    widths = [width for _, width in columns]
    # the title lines span the list's width (the title formats wrap: alone in column A they
    # would wrap into its narrow width and print over the next row)
    span = sum(widths)
    for r, (text, cell_format, size, bold) in enumerate(
        ((title, w.f.title, 12, True), (w.line, w.f.subtitle, 10, False))
    ):
        ws.merge_range(r, 0, r, len(headers) - 1, "", cell_format)
        ws.write_string(r, 0, text, cell_format)
        ws.set_row(r, fit_height([(text, span)], size, bold))
    for c, width in enumerate(widths):
        ws.set_column(c, c, width)
    text = w.f.cell("text")
    for r, values in enumerate(rows, start=HEADER_ROW + 1):
        for c, value in enumerate(values):
            ws.write_string(r, c, str(value), text)
        ws.set_row(r, fit_height([(str(v), width) for v, width in zip(values, widths, strict=True)]))
    ws.add_table(
        HEADER_ROW, 0, HEADER_ROW + max(len(rows), 1), len(headers) - 1,
        {"name": name, "columns": [{"header": h, "header_format": w.f.header} for h in headers],
         "style": "Table Style Light 9"},
    )  # fmt: skip
    ws.set_row(HEADER_ROW, fit_height(list(zip(headers, widths, strict=True)), bold=True))
    ws.repeat_rows(HEADER_ROW)
    ws.freeze_panes(HEADER_ROW + 1, 0)
