"""Read one schema table from a sheet's values, cell by cell, yielding findings.

The header row is looked for (rows inserted above it do not break anything), columns
are found by their header text, and every cell goes through ``values.parse_value``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..findings import Finding
from ..schema import Column, Layout, Table
from ..schema.layout import (
    FORM_LABEL_COL,
    FORM_VALUE_COL,
    TOTAL_LABEL,
    cell_address,
    cell_position,
    table_headers,
)
from ..text import normal_label
from .formulas import FormulaCell
from .model import Record, RowCells, TableData
from .values import parse_value

#: the columns of a table found on the sheet, with their sheet column
_Columns = list[tuple[Column, int]]

HEADER_SEARCH_ROWS = 40
#: rows a FIXED or PER_DESA table may hold beyond its own (each one a finding) before
#: the rest is only counted
EXTRA_ROWS = 20


def row_limit(table: Table, n_desa: int) -> int:
    """How many rows the template gives ``table`` (fields, for a form)."""
    if table.layout is Layout.LIST:
        return table.max_rows
    if table.layout is Layout.PER_DESA:
        return n_desa + (1 if table.total_row else 0)
    if table.layout is Layout.FIXED:
        return len(table.rows)
    return len(table.columns)


def longest(table: Table, n_desa: int) -> int:
    """The most rows ``table`` may hold; more is TABEL_TERLALU_PANJANG."""
    rows = row_limit(table, n_desa)
    return rows if table.layout is Layout.LIST else rows + max(rows, EXTRA_ROWS)


def norm(value: Any) -> str:
    """Header/label comparison ignores case and repeated spaces."""
    if value.__class__ is str:
        if not value:
            return ""
        known = _NORMS.get(value)
        if known is None:
            known = normal_label(value)
            if len(_NORMS) < 20_000:  # labels and headers repeat in every file: remember them
                _NORMS[value] = known
        return known
    return normal_label(str(value))


_NORMS: dict[str, str] = {}
_ADDRESSES: dict[tuple[int, int], str] = {}


def address(r: int, c: int) -> str:
    """``cell_address``, remembered: the same cells are addressed in every file."""
    key = (r, c)
    known = _ADDRESSES.get(key)
    if known is None:
        known = cell_address(r, c)
        if len(_ADDRESSES) < 50_000:  # (a 5,000-desa section sheet alone has 160,000 cells)
            _ADDRESSES[key] = known
    return known


@dataclass
class SheetContext:
    file: str
    sheet: str
    rows: list[list[Any]]
    choices: dict[str, list[str]]  # choices_from -> values
    formulas: dict[str, FormulaCell] = field(default_factory=dict)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # r0, c0, r1, c1
    findings: list[Finding] = field(default_factory=list)
    #: how far the sheet reaches beyond the rows read (``extent.Extent``), when it does
    extent: Any = None
    _merged_reported: set[tuple[int, int, int, int]] = field(default_factory=set)

    def raw(self, r: int, c: int) -> Any:
        if r < len(self.rows) and c < len(self.rows[r]):
            return self.rows[r][c]
        return ""

    def add(
        self, code: str, r: int | None, c: int | None, table: Table, column: str | None = None, **values: Any
    ) -> None:
        cell = address(r, c) if r is not None and c is not None else None
        self.findings.append(Finding(code, self.file, self.sheet, cell, table.name, column, values))

    def value(self, r: int, c: int, col: Column, table: Table) -> Any:
        """The typed value of one input cell; problems become findings."""
        raw = self.raw(r, c)
        formula = self.formulas.get(address(r, c)) if self.formulas else None
        if formula is not None:
            if not formula.has_value:
                self.add("RUMUS_TANPA_NILAI", r, c, table, col.key, formula=formula.formula)
                return None
            self.add("RUMUS_DI_SEL_ISIAN", r, c, table, col.key, formula=formula.formula, value=raw)
        for box in self.merged:
            r0, c0, r1, c1 = box
            if r0 <= r <= r1 and c0 <= c <= c1 and box not in self._merged_reported:
                self._merged_reported.add(box)
                rng = f"{address(r0, c0)}:{address(r1, c1)}"
                self.add("SEL_DIGABUNG", r, c, table, col.key, range=rng)
        choices = self.choices.get(col.choices_from) if col.choices_from else None
        parsed = parse_value(raw, col, choices)
        if parsed.code:
            self.add(parsed.code, r, c, table, col.key, label=col.label, **parsed.values)
        return parsed.value


def find_header(ctx: SheetContext, table: Table) -> tuple[int, dict[str, int]] | None:
    """The header row and the column of each header; None when the table is not there."""
    expected = [norm(h) for h in table_headers(table)]
    best: tuple[int, dict[str, int]] | None = None
    for r in range(min(len(ctx.rows), HEADER_SEARCH_ROWS)):
        cells = [norm(v) for v in ctx.rows[r]]
        positions = {h: cells.index(h) for h in expected if h in cells}
        if len(positions) == len(expected):
            return r, positions
        if len(positions) * 2 >= len(expected) and (best is None or len(positions) > len(best[1])):
            best = (r, positions)
    return best


def read_table(ctx: SheetContext, table: Table) -> TableData:
    data = TableData(table.name, ctx.sheet)
    found = find_header(ctx, table)
    if found is None:
        ctx.add("TABEL_TIDAK_DITEMUKAN", None, None, table, title=table.title)
        data.found = False
        return data
    header_row, positions = found
    extent = ctx.extent
    if extent is not None and extent.right is not None:
        _outside(ctx, table, extent.right)
    headers = table_headers(table)
    newer = {c.header() for c in table.columns if c.since} if table.layout is not Layout.FORM else set()
    for h in headers:
        if norm(h) not in positions and h not in newer:  # a newer column: older forms lack it
            ctx.add("KOLOM_HILANG", header_row, None, table, header=h)
    if table.layout is Layout.FORM:
        _read_form(ctx, table, header_row, data)
        too_long = False
    else:
        looked_up = [(col, positions.get(norm(h))) for col, h in zip(table.columns, headers, strict=True)]
        columns = [(col, c) for col, c in looked_up if c is not None]
        if table.layout is Layout.LIST:
            extra = _read_list(ctx, table, header_row, columns, data)
        else:
            extra = _read_fixed(ctx, table, header_row, columns, data)
        too_long = _check_length(ctx, table, columns, extra)
    if extent is not None and extent.below is not None and not too_long:
        _outside(ctx, table, extent.below)
    return data


def _outside(ctx: SheetContext, table: Table, cell: tuple[int, int]) -> None:
    r, c = cell
    ctx.add("SEL_DI_LUAR_AREA", r, c, table, cell=address(r, c), limit=ctx.extent.area.corner)


def _check_length(ctx: SheetContext, table: Table, columns: _Columns, extra: tuple[int, int | None]) -> bool:
    """TABEL_TERLALU_PANJANG when the rows read, and those below the area read, are more
    than the table may hold; ``extra`` is (rows with content, the first one not used)."""
    count, first = extra
    extent = ctx.extent
    if extent is not None:
        count += extent.rows_below
        if first is None and extent.below is not None:
            first = extent.below[0]
    limit = longest(table, len(ctx.choices.get("desa", ())))
    if count <= limit:
        return False
    c = columns[0][1] if columns else 0
    ctx.add("TABEL_TERLALU_PANJANG", first, c, table, title=table.title, count=count, limit=limit)
    return True


def _read_form(ctx: SheetContext, table: Table, header_row: int, data: TableData) -> None:
    by_label = {norm(col.label): col for col in table.columns}
    values: dict[str, Any] = {}
    cells: dict[str, str] = {}
    for r in range(header_row + 1, len(ctx.rows)):
        col = by_label.get(norm(ctx.raw(r, FORM_LABEL_COL)))
        if col is None or col.key in values:
            continue
        values[col.key] = ctx.value(r, FORM_VALUE_COL, col, table)
        cells[col.key] = address(r, FORM_VALUE_COL)
    for col in table.columns:
        if col.key not in values:
            ctx.add("BARIS_TETAP_HILANG", None, None, table, col.key, label=col.label)
            continue
        if col.required and values[col.key] is None and _cell_is_empty(ctx, cells[col.key]):
            r, c = _rc(cells[col.key])
            ctx.add("NILAI_WAJIB_KOSONG", r, c, table, col.key, label=col.label)
    data.records.append(Record(header_row + 1, values, cells))


def _read_list(
    ctx: SheetContext, table: Table, header_row: int, columns: _Columns, data: TableData
) -> tuple[int, int | None]:
    """The records, up to the table's limit; returns the rows with content and the first
    row beyond the limit."""
    formulas = ctx.formulas
    where = {col.key: c for col, c in columns}
    limit = longest(table, 0)
    count, first_extra = 0, None
    for r in range(header_row + 1, len(ctx.rows)):
        if all(
            _is_blank(ctx.raw(r, c)) and (not formulas or address(r, c) not in formulas) for _, c in columns
        ):
            continue
        count += 1
        if count > limit:
            first_extra = r if first_extra is None else first_extra
            continue
        record = _read_row(ctx, table, r, columns, where)
        data.records.append(record)
    return count, first_extra


def _read_row(
    ctx: SheetContext, table: Table, r: int, columns: _Columns, where: dict[str, int], skip: int = 0
) -> Record:
    """One row; ``where`` is the sheet column of each key (shared by the table's rows)."""
    values: dict[str, Any] = {}
    formulas = ctx.formulas
    for col, c in columns[skip:]:
        value = values[col.key] = ctx.value(r, c, col, table)
        if (
            value is None
            and col.required
            and _is_blank(ctx.raw(r, c))
            and (not formulas or address(r, c) not in formulas)
        ):
            ctx.add("NILAI_WAJIB_KOSONG", r, c, table, col.key, label=col.label)
    return Record(r, values, RowCells(r, where))


def _read_fixed(
    ctx: SheetContext, table: Table, header_row: int, columns: _Columns, data: TableData
) -> tuple[int, int | None]:
    """FIXED and PER_DESA: the first column(s) hold the row labels the template wrote.
    Returns the rows with content and the first row beyond the table's limit."""
    if table.layout is Layout.FIXED:
        expected = {norm(TOTAL_LABEL if row.total else row.label): row.key for row in table.rows}
        labels = {row.key: (TOTAL_LABEL if row.total else row.label) for row in table.rows}
        skip = 1
    else:
        codes = ctx.choices.get("desa", [])
        expected = {norm(code): code for code in codes}
        labels = {code: code for code in codes}
        if table.total_row:
            expected[norm(TOTAL_LABEL)] = "jumlah"
            labels["jumlah"] = TOTAL_LABEL
        skip = 2
    label_col = columns[0][1] if columns else 0
    where = {col.key: c for col, c in columns}
    seen: dict[str, Record] = {}
    unknown: list[tuple[int, str]] = []
    limit = longest(table, len(ctx.choices.get("desa", ())))
    count, first_extra = 0, None
    for r in range(header_row + 1, len(ctx.rows)):
        label = ctx.raw(r, label_col)
        inputs_blank = all(_is_blank(ctx.raw(r, c)) for _, c in columns[skip:])
        if _is_blank(label) and inputs_blank:
            continue
        count += 1
        if count > limit:
            first_extra = r if first_extra is None else first_extra
            continue
        key = expected.get(norm(label))
        if key is None or key in seen:
            unknown.append((r, str(label)))
            continue
        record = _read_row(ctx, table, r, columns, where, skip=skip)
        record.key = key
        seen[key] = record
        data.records.append(record)
    missing = [key for key in labels if key not in seen]
    if len(missing) == 1 and len(unknown) == 1:
        r, label = unknown[0]
        ctx.add("BARIS_TETAP_DIGANTI", r, label_col, table, None, label=label, expected=labels[missing[0]])
        return count, first_extra
    for r, label in unknown:
        code = (
            "KODE_DESA_TIDAK_DIKENAL" if table.layout is Layout.PER_DESA and label else "BARIS_TIDAK_DIKENAL"
        )
        ctx.add(code, r, label_col, table, None, label=label or "(kosong)", kode=label)
    for key in missing:
        ctx.add("BARIS_TETAP_HILANG", None, None, table, None, label=labels[key])
    return count, first_extra


def _is_blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def _cell_is_empty(ctx: SheetContext, address: str) -> bool:
    r, c = _rc(address)
    return _is_blank(ctx.raw(r, c)) and address not in ctx.formulas


def _rc(address: str) -> tuple[int, int]:
    return cell_position(address)
