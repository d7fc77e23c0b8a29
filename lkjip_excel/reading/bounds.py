"""Reading a sheet within its bounds: each sheet's extent is measured
(:mod:`~lkjip_excel.reading.extent`, :mod:`~lkjip_excel.reading.extent_formats`) before
calamine is asked for it, and :class:`SheetBounds` is the only way the reader asks.
"""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError

from ..findings import Finding
from ..schema import META_SHEET
from ..schema.layout import cell_address
from .container import ContainerProblem, Limits, RawFile
from .extent import OTHER_SHEET, Area, Extent, _xlsx_extents, areas
from .extent_formats import _ods_extents, _xls_extents

if TYPE_CHECKING:
    from python_calamine import CalamineSheet, CalamineWorkbook


def sheet_extents(raw: RawFile, wanted: Mapping[str, Area], limits: Limits) -> dict[str, Extent]:
    """The extent of each sheet of ``wanted`` that the file has; for .ods and .xls, whose
    sheets calamine all reads when it opens the file, of every sheet."""
    try:
        if raw.format in ("xlsx", "xlsm"):
            return _xlsx_extents(raw, wanted, limits)
        if raw.format == "ods":
            return _ods_extents(raw, wanted, limits)
        if raw.format == "xls":
            return _xls_extents(raw, wanted, limits)
    except DefusedXmlException:
        raise ContainerProblem("XML_BERBAHAYA", part="lembar kerja") from None
    except (ParseError, zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError, struct.error):
        raise ContainerProblem("BERKAS_RUSAK") from None
    return {}


class SheetBounds:
    """The areas and extents of one file's sheets; :meth:`read` is the only way the reader
    asks calamine for a sheet."""

    def __init__(self, raw: RawFile, file: str, n_desa: int, limits: Limits):
        self.file = file
        self.limits = limits
        self.areas = areas(n_desa)
        self.extents = sheet_extents(raw, self.areas, limits)
        for name, extent in self.extents.items():
            if not extent.fits(limits):  # (calamine reads every sheet of an .ods when opening it)
                self._refuse(name, extent)
        #: findings about sheets that are not read as a table (the hidden identity sheet)
        self.findings: list[Finding] = []

    def read(
        self, wb: CalamineWorkbook, name: str
    ) -> tuple[list[list[Any]], list[tuple[int, int, int, int]], Extent | None]:
        """The sheet's rows within its area, its merged ranges, and its extent when
        something lies outside the area. A sheet too big to be read at all is refused
        (``ContainerProblem``) before calamine allocates it."""
        limits = self.limits
        area = self.areas.get(name) or OTHER_SHEET
        extent = self.extents.get(name)
        if extent is not None and not extent.fits(limits):
            self._refuse(name, extent)
        try:
            sheet = wb.get_sheet_by_name(name)
            if extent is None:  # (a sheet the scan did not see: calamine measured it)
                extent = _measured(sheet, area)
                if not extent.fits(limits):
                    self._refuse(name, extent)
            rows = sheet.to_python(skip_empty_area=False, nrows=area.rows)
        except ContainerProblem:
            raise
        except Exception:  # noqa: BLE001 - calamine raises several kinds for broken files
            raise ContainerProblem("BERKAS_RUSAK") from None
        if extent.max_col >= area.cols:
            rows = [row[: area.cols] for row in rows]
        merged = None
        if extent.merges:
            try:
                merged = sheet.merged_cell_ranges
            except Exception:  # noqa: BLE001 - not every format has them
                merged = None
        boxes = [
            (a[0], a[1], min(b[0], area.rows - 1), min(b[1], area.cols - 1))
            for a, b in (merged or ())
            if a[0] < area.rows and a[1] < area.cols
        ]
        if extent.outside is None:
            return rows, boxes, None
        if name == META_SHEET:
            r, c = extent.outside
            cell = cell_address(r, c)
            self.findings.append(
                Finding(
                    "SEL_DI_LUAR_AREA", self.file, name, cell, values={"cell": cell, "limit": area.corner}
                )
            )
        return rows, boxes, extent

    def _refuse(self, name: str, extent: Extent) -> None:
        r, c = extent.outside or (extent.max_row, extent.max_col)
        cell = cell_address(max(r, 0), max(c, 0))
        raise ContainerProblem("SEL_DI_LUAR_AREA", sheet=name, cell=cell, limit=extent.area.corner)


def _measured(sheet: CalamineSheet, area: Area) -> Extent:
    """The extent calamine reports for a sheet that was not scanned."""
    end = sheet.end
    extent = Extent(area)
    if end is None:
        return extent
    r, c = end
    extent.max_row, extent.max_col = r, c
    extent.cells = (r + 1) * (c + 1)
    if c >= area.cols:
        extent.right = (r, c)
    if r >= area.rows:
        extent.below = (r, 0)
        extent.rows_below = r + 1 - area.rows
    extent.merges = 1  # (unknown: ask calamine)
    return extent
