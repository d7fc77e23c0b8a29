"""How far each sheet reaches, found before the reading library allocates anything.

python-calamine turns a sheet into one dense grid from A1 to its farthest cell: a
single value at ``XFD1048576`` in an otherwise small workbook asks for 17 billion
cells and the process aborts. So every sheet the reader will ask for is first scanned
here (from the XML, streaming and with the project's safe parser) against the area the
schema allows it; calamine only gets a sheet whose grid is small, and what lies outside
the area becomes a finding instead of a read. This module measures ``.xlsx``;
``extent_formats`` measures ``.ods`` and ``.xls``, and ``bounds`` reads within the areas.

The positions are worked out as calamine works them out: a cell's ``r`` attribute, or
the cell after the previous one (in the row given by ``<row r>``, or the row after the
previous one). ``<dimension>`` is not trusted (calamine does not size anything by it).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from typing import IO, Any

from defusedxml.ElementTree import iterparse

from ..schema import META_KEYS, META_SHEET, SCHEMA, Table
from ..schema.layout import cell_address, table_headers
from .container import ContainerProblem, Limits, RawFile
from .formulas import _sheet_parts_from
from .tables import HEADER_SEARCH_ROWS, longest

#: columns right of a table's last one, and at least this many rows below its last
#: one, that still count as the sheet (notes people write beside a table)
COL_SLACK = 26
ROW_SLACK = 50
#: merged ranges a sheet may declare (a template has none)
MAX_MERGES = 10_000


@dataclass(frozen=True)
class Area:
    """The part of a sheet that is read: ``rows`` x ``cols`` from A1."""

    rows: int
    cols: int

    @property
    def corner(self) -> str:
        return cell_address(self.rows - 1, self.cols - 1)


@dataclass
class Extent:
    """What a sheet holds, as far as its size goes (0-based rows and columns)."""

    area: Area
    cells: int = 0
    max_row: int = -1
    max_col: int = -1
    merges: int = 0
    #: the first cell with a value right of the area, and the first below it (in the area's columns)
    right: tuple[int, int] | None = None
    below: tuple[int, int] | None = None
    #: rows below the area that hold a value in the area's columns
    rows_below: int = 0
    _last_below: int = -1

    def add(self, r: int, c: int, rows: int = 1, cols: int = 1) -> None:
        """A value at (r, c), repeated over ``rows`` x ``cols`` cells (ODS repeats)."""
        self.cells += rows * cols
        self.max_row = max(self.max_row, r + rows - 1)
        self.max_col = max(self.max_col, c + cols - 1)
        area = self.area
        if c + cols > area.cols and self.right is None:
            self.right = (r, max(c, area.cols))
        if r + rows > area.rows and c < area.cols:
            first = max(r, area.rows)
            if self.below is None:
                self.below = (first, c)
            if first != self._last_below:  # (cells of one row come together)
                self.rows_below += r + rows - first
                self._last_below = first

    @property
    def outside(self) -> tuple[int, int] | None:
        return self.right or self.below

    def fits(self, limits: Limits) -> bool:
        """Small enough to be handed to calamine (its grid runs from A1 to the farthest cell)."""
        grid = (self.max_row + 1) * (self.max_col + 1)
        return grid <= limits.max_cells and self.cells <= limits.max_cells and self.merges <= MAX_MERGES


def table_area(table: Table, n_desa: int) -> Area:
    """The header may move down (rows inserted above it), the table may hold more rows
    than the template's (each one a finding; see ``tables.longest``): the area covers both."""
    rows = longest(table, n_desa)
    return Area(HEADER_SEARCH_ROWS + rows + max(rows, ROW_SLACK), len(table_headers(table)) + COL_SLACK)


def areas(n_desa: int) -> dict[str, Area]:
    """Every sheet the reader may ask for, and its area."""
    known = _AREAS.get(n_desa)
    if known is not None:
        return known
    out = {META_SHEET: Area(len(META_KEYS) + 1 + ROW_SLACK, 2 + COL_SLACK)}
    for table in (SCHEMA.identity, *(t for kind in SCHEMA.kinds for t in kind.tables)):
        area = table_area(table, n_desa)
        old = out.get(table.sheet)
        out[table.sheet] = area if old is None else Area(max(old.rows, area.rows), max(old.cols, area.cols))
    if len(_AREAS) > 16:
        _AREAS.clear()
    _AREAS[n_desa] = out
    return out


_AREAS: dict[int, dict[str, Area]] = {}
#: the area of a sheet the reader does not read (only its size is checked)
OTHER_SHEET = Area(HEADER_SEARCH_ROWS + ROW_SLACK, COL_SLACK)


# --- xlsx --------------------------------------------------------------------------

#: every cell tag: ``<c r="A1"`` gives its column and row, any other form gives ``_OTHERWISE``
#: (``<col>``, ``<cfRule>``... do not match)
_CELL_TAG = re.compile(rb'<c(?: r="([A-Z]{1,3})([1-9][0-9]{0,6})"|[\s/>])')
_OTHERWISE = (b"", b"")
#: cells or merged ranges written with a namespace prefix (``<x:c>``)
_PREFIXED = re.compile(rb":(?:c|mergeCell)[\s/>]")
#: what the quick count cannot see through: comments, CDATA, DTDs, processing
#: instructions, cells or merged ranges written with a namespace prefix
_UNUSUAL = re.compile(rb"<[!?]|<[^\s<>/!?:]+:(?:c|mergeCell)[\s/>]")
_REF = re.compile(r"([A-Za-z]{1,10})([0-9]{1,12})")


def _xlsx_extents(raw: RawFile, wanted: Mapping[str, Area], limits: Limits) -> dict[str, Extent]:
    zf: zipfile.ZipFile | None = None

    def read(name: str) -> bytes:
        nonlocal zf
        name = raw.member(name) or name  # (found as calamine finds it)
        known = raw.parts.get(name)
        if known is not None:
            return known
        if zf is None:
            zf = zipfile.ZipFile(io.BytesIO(raw.data))
        return zf.read(name)  # (its real size was verified with the container)

    try:
        parts = _sheet_parts_from(read)
        out = {}
        for sheet, part in parts.items():
            area = wanted.get(sheet)
            if area is None:
                continue
            if raw.member(part) is None:  # a sheet read that no part answers to: never measured
                raise ContainerProblem("BERKAS_RUSAK")
            xml = read(part)
            if xml.count(b"<c") > limits.max_cells:
                raise ContainerProblem(
                    "BERKAS_TERLALU_BESAR", size_mb="?", limit_mb=limits.max_file_bytes // 2**20
                )
            extent = _quick_extent(xml, area)
            if extent is None:
                extent = _stream_xlsx(io.BytesIO(xml), area, limits)
            out[sheet] = extent
        return out
    finally:
        if zf is not None:
            zf.close()


def _quick_extent(xml: bytes, area: Area) -> Extent | None:
    """The extent of a plain sheet part whose every cell is written ``<c r="A1"...``
    (None when the part needs the careful scan: comments, CDATA, DTDs or processing
    instructions, prefixed elements, cells written otherwise). A regular expression
    runs over it; only when something lies outside the area are the cells looked at
    one by one (whether they hold a value: calamine skips those that do not)."""
    start = xml.find(b"?>") + 2 if xml.startswith(b"<?xml") else 0
    if xml.find(b"<!", start) >= 0 or xml.find(b"<?", start) >= 0 or _PREFIXED.search(xml):
        return None
    refs = _CELL_TAG.findall(xml)
    if _OTHERWISE in refs:
        return None
    extent = Extent(area, cells=len(refs), merges=xml.count(b"mergeCell"))
    if not refs:
        return extent
    cols, rows = zip(*refs, strict=True)
    digits, letters = max(map(len, rows)), max(map(len, cols))
    if digits < len(str(area.rows)) and letters == 1 and area.cols >= 26:
        # (the usual sheet: rows up to 99 and columns up to Z, inside any area; these
        # bounds are all that is needed of it)
        extent.max_row, extent.max_col = 10**digits - 2, 25
        return extent
    max_row = max(map(int, rows)) - 1
    width = max(map(len, cols))
    max_col = _column(max(c for c in cols if len(c) == width).decode())
    if max_row < area.rows and max_col < area.cols:
        extent.max_row, extent.max_col = max_row, max_col
        return extent
    # something outside: the cells that hold a value (calamine skips the others)
    valued = _VALUED.findall(xml)
    extent.cells = len(valued)
    if not valued:
        return extent
    cols, rows = zip(*valued, strict=True)
    numbers = list(map(int, rows))
    extent.max_row = max(numbers) - 1
    width = max(map(len, cols))
    extent.max_col = _column(max(c for c in cols if len(c) == width).decode())
    inside = _letters(area.cols)
    last = area.rows  # (1-based row numbers up to this are inside)
    right = next((i for i, c in enumerate(cols) if c not in inside), None)
    if right is not None:
        extent.right = (numbers[right] - 1, _column(cols[right].decode()))
    below = {r for c, r in zip(cols, numbers, strict=True) if r > last and c in inside}
    if below:
        first = next(
            i for i, (c, r) in enumerate(zip(cols, numbers, strict=True)) if r > last and c in inside
        )
        extent.below = (numbers[first] - 1, _column(cols[first].decode()))
        extent.rows_below = len(below)
    return extent


#: a plainly written cell that holds a value (a non-empty ``<v>``, or an inline string)
_VALUED = re.compile(
    rb'<c r="([A-Z]{1,3})([1-9][0-9]{0,6})"[^>]*?(?<!/)>(?:(?!</c>|<c[\s/>]).)*?<(?:v(?:\s[^>]*)?>[^<]|is[\s/>])',
    re.DOTALL,
)


def _letters(cols: int) -> frozenset[bytes]:
    known = _LETTERS.get(cols)
    if known is None:
        known = _LETTERS[cols] = frozenset(cell_address(0, c).rstrip("1").encode() for c in range(cols))
    return known


_LETTERS: dict[int, frozenset[bytes]] = {}


def _column(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n - 1


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _stream_xlsx(source: IO[bytes], area: Area, limits: Limits) -> Extent:
    extent = Extent(area)
    stack: list[Any] = []
    row, col = -1, -1
    in_row = False
    cell: list[Any] | None = None  # [row, col, has value]
    for event, elem in iterparse(source, events=("start", "end"), forbid_dtd=True):
        tag = _local(elem.tag)
        if event == "start":
            stack.append(elem)
            if tag == "row":
                row = _int(elem.get("r"), row + 2) - 1
                col, in_row = -1, True
            elif tag == "c":
                ref = elem.get("r")
                match = _REF.fullmatch(ref) if ref else None
                if match:
                    r, c = int(match.group(2)) - 1, _column(match.group(1))
                elif ref:
                    r, c = -1, -1  # (calamine refuses the sheet: nothing is allocated)
                else:
                    r, c = (row if in_row else row + 1), col + 1
                col = c
                cell = [r, c, False]
            elif tag == "is" and cell is not None:
                cell[2] = True
            elif tag == "mergeCell":
                extent.merges += 1
        else:
            stack.pop()
            if tag == "v" and cell is not None and elem.text:
                cell[2] = True
            elif tag == "c" and cell is not None:
                if cell[2] and cell[0] >= 0:
                    extent.add(cell[0], cell[1])
                cell = None
            elif tag == "row":
                in_row = False
            if stack:
                stack[-1].clear()  # (everything needed is taken at start and end)
            if extent.cells > limits.max_cells or extent.merges > MAX_MERGES:
                break
    return extent


def _int(text: str | None, default: int) -> int:
    if text is not None and text.isdigit() and len(text) <= 12:
        return int(text)
    return default
