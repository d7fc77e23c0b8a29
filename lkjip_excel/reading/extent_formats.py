"""How far each sheet of an ``.ods`` (content.xml, streamed) or an ``.xls`` (the BIFF
records of its OLE stream, via olefile) reaches: the other formats' half of
:mod:`lkjip_excel.reading.extent`. calamine reads every sheet of these when it opens the
file, so every sheet is measured.
"""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Mapping
from typing import Any

from defusedxml.ElementTree import iterparse

from .container import Limits, RawFile
from .extent import OTHER_SHEET, Area, Extent, _int

# --- ods ---------------------------------------------------------------------------

_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_NAME = f"{{{_TABLE}}}name"
_ROWS_REPEATED = f"{{{_TABLE}}}number-rows-repeated"
_COLS_REPEATED = f"{{{_TABLE}}}number-columns-repeated"
_VALUE_TYPE = f"{{{_OFFICE}}}value-type"


def _ods_extents(raw: RawFile, wanted: Mapping[str, Area], limits: Limits) -> dict[str, Extent]:
    """All sheets are in content.xml: one streaming pass measures them all. Repeated
    rows and columns count as many times as they repeat."""
    out: dict[str, Extent] = {}
    with zipfile.ZipFile(io.BytesIO(raw.data)) as zf, zf.open("content.xml") as fh:
        stack: list[Any] = []
        extent: Extent | None = None
        table_depth = -1
        row, col, row_repeat = -1, 0, 1
        cell: list[Any] | None = None  # [col, cols repeated, has value, depth]
        for event, elem in iterparse(fh, events=("start", "end"), forbid_dtd=True):
            tag = elem.tag
            if event == "start":
                stack.append(elem)
                depth = len(stack)
                if tag == f"{{{_TABLE}}}table" and table_depth < 0:
                    # (calamine reads every sheet of an .ods when it opens it: all are measured)
                    name = elem.get(_NAME) or ""
                    extent = Extent(wanted.get(name) or OTHER_SHEET)
                    out.setdefault(name, extent)
                    table_depth, row = depth, -1
                elif extent is None:
                    continue
                elif tag == f"{{{_TABLE}}}table-row":
                    row += 1
                    col, row_repeat = 0, _int(elem.get(_ROWS_REPEATED), 1) or 1
                elif tag in (f"{{{_TABLE}}}table-cell", f"{{{_TABLE}}}covered-table-cell"):
                    repeat = _int(elem.get(_COLS_REPEATED), 1) or 1
                    cell = [col, repeat, elem.get(_VALUE_TYPE) is not None, depth]
                elif cell is not None and depth > cell[3]:
                    cell[2] = True  # (a paragraph, an annotation: calamine may show it)
            else:
                depth = len(stack)
                stack.pop()
                if depth == table_depth:
                    table_depth, extent = -1, None
                elif extent is not None:
                    if cell is not None and depth == cell[3]:
                        if cell[2]:
                            extent.add(row, cell[0], row_repeat, cell[1])
                        col = cell[0] + cell[1]
                        cell = None
                    elif tag == f"{{{_TABLE}}}table-row":
                        row += row_repeat - 1
                    if extent.cells > limits.max_cells:
                        break
                if stack:
                    stack[-1].clear()
    return out


# --- xls -----------------------------------------------------------------------------

_BOF = frozenset({0x0809, 0x0409, 0x0209, 0x0009})
_BOUNDSHEET = 0x0085
#: BIFF records of a cell with a value: NUMBER, RK, LABELSST, LABEL, RSTRING, BOOLERR, FORMULA
_VALUE_RECORDS = frozenset({0x0203, 0x027E, 0x00FD, 0x0204, 0x00D6, 0x0205, 0x0006})
_MULRK = 0x00BD
_RECORD = struct.Struct("<HH")
_CELL_POS = struct.Struct("<HH")


def _xls_extents(raw: RawFile, wanted: Mapping[str, Area], limits: Limits) -> dict[str, Extent]:
    """Every worksheet's cells, from the BIFF records (calamine builds the grid of every
    sheet when it opens an .xls: up to 65,536 x 256 cells each)."""
    try:
        import olefile
    except ImportError:  # (a dependency; without it calamine measures the sheets)
        return {}
    try:
        with olefile.OleFileIO(raw.data) as ole:
            # (types-olefile ties stream names to the type of the file argument: bytes here,
            # but olefile takes str names whatever the file is)
            stream = "Workbook" if ole.exists("Workbook") else "Book"  # type: ignore[arg-type]
            if not ole.exists(stream):  # type: ignore[arg-type]
                return {}
            data = ole.openstream(stream).read()  # type: ignore[arg-type]
    except Exception:  # noqa: BLE001 - a damaged container: calamine decides (BERKAS_RUSAK)
        return {}
    names: dict[int, str] = {}
    out: dict[str, Extent] = {}
    extent: Extent | None = None
    pos, end = 0, len(data)
    while pos + 4 <= end:
        kind, length = _RECORD.unpack_from(data, pos)
        body = pos + 4
        if kind in _BOF:
            name = names.get(pos)
            extent = None if name is None else out.setdefault(name, Extent(wanted.get(name) or OTHER_SHEET))
        elif kind == _BOUNDSHEET and length >= 8:
            offset = struct.unpack_from("<L", data, body)[0]
            count, flags = data[body + 6], data[body + 7]
            text = data[body + 8 : body + 8 + count * (2 if flags & 1 else 1)]
            names[offset] = text.decode("utf-16-le" if flags & 1 else "latin-1", "replace")
        elif extent is not None and length >= 4:
            if kind in _VALUE_RECORDS:
                r, c = _CELL_POS.unpack_from(data, body)
                extent.add(r, c)
            elif kind == _MULRK and length >= 6:
                r, first = _CELL_POS.unpack_from(data, body)
                last = struct.unpack_from("<H", data, body + length - 2)[0]
                extent.add(r, first, cols=max(last - first + 1, 1))
            if extent.cells > limits.max_cells:
                break
        pos = body + length
    return out
