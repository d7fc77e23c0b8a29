"""Find formula cells in an .xlsx, which python-calamine does not report.

calamine returns a formula cell's cached value, or an empty cell when the file was
written by a program that stored no value. Reading that as 0 (or as nothing) would be
wrong, so the sheets that contain formulas at all are scanned once here.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass

from defusedxml import ElementTree

NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}
_C = f"{{{NS['m']}}}c"
_F = f"{{{NS['m']}}}f"
_V = f"{{{NS['m']}}}v"
_IS = f"{{{NS['m']}}}is"
_ROW = f"{{{NS['m']}}}row"

#: an element named ``f`` with or without a namespace prefix (``<f>``, ``<f t="shared"/>``,
#: ``<x:f>``): a sheet part without one has no formula cell and is not parsed. Data
#: validations' ``<formula1>`` do not match, so template sheets are skipped.
_MAY_HAVE_FORMULA = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s/>]")


@dataclass(frozen=True)
class FormulaCell:
    formula: str
    has_value: bool


def _sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> path of its XML part."""
    return _sheet_parts_from(zf.read)


def _sheet_parts_from(read: Callable[[str], bytes]) -> dict[str, str]:
    workbook_xml = read("xl/workbook.xml")
    rels_xml = read("xl/_rels/workbook.xml.rels")
    key = (workbook_xml, rels_xml)
    known = _PARTS_SEEN.get(key)
    if known is None:
        known = _parse_sheet_parts(workbook_xml, rels_xml)
        if len(_PARTS_SEEN) >= 64:
            _PARTS_SEEN.clear()
        _PARTS_SEEN[key] = known
    return dict(known)


#: the same two small parts in every workbook written from one template: parsed once
#: (the parse is a pure function of their bytes; a part that fails to parse is not kept)
_PARTS_SEEN: dict[tuple[bytes, bytes], dict[str, str]] = {}


def _parse_sheet_parts(workbook_xml: bytes, rels_xml: bytes) -> dict[str, str]:
    workbook = ElementTree.fromstring(workbook_xml)
    rels = ElementTree.fromstring(rels_xml)
    targets = {r.get("Id"): r.get("Target") for r in rels.findall("rel:Relationship", NS)}
    parts = {}
    for sheet in workbook.findall("m:sheets/m:sheet", NS):
        name = sheet.get("name")
        if name is None:
            continue  # no reader finds a sheet without a name
        target = targets.get(sheet.get(f"{{{NS['r']}}}id")) or ""
        if target.startswith("/"):
            path = target.lstrip("/")
        else:
            path = posixpath.normpath(posixpath.join("xl", target))
        parts[name] = path
    return parts


def formula_cells(
    data: bytes,
    sheets: set[str],
    names: Collection[str] | None = None,
    parts: Mapping[str, bytes] | None = None,
    member: Callable[[str], str | None] | None = None,
) -> dict[str, dict[str, FormulaCell]]:
    """For each of ``sheets`` that has formulas: cell address -> formula and stored value.

    ``names`` and ``parts`` (from :class:`~.container.RawFile`) are the zip's member names
    and the members already decompressed; a member not among ``parts`` is read from
    ``data``, so the result is the same with or without them. ``member``
    (``RawFile.member``) finds a part the way calamine does.
    """
    zf: zipfile.ZipFile | None = None

    def find(path: str) -> str:
        return (member(path) if member else None) or path

    def read(name: str) -> bytes:
        nonlocal zf
        name = find(name)
        if parts is not None and name in parts:
            return parts[name]
        if zf is None:
            zf = zipfile.ZipFile(io.BytesIO(data))
        return zf.read(name)

    try:
        if names is None:
            zf = zipfile.ZipFile(io.BytesIO(data))
            names = zf.namelist()
        return _scan(read, names, sheets, find)
    finally:
        if zf is not None:
            zf.close()


def _scan(
    read: Callable[[str], bytes], names: Collection[str], sheets: set[str], find: Callable[[str], str] = str
) -> dict[str, dict[str, FormulaCell]]:
    out: dict[str, dict[str, FormulaCell]] = {}
    parts = _sheet_parts_from(read)
    for name in sheets:
        part = parts.get(name)
        if part is None or find(part) not in names:
            continue
        xml = read(part)
        if b"<!" not in xml and not _MAY_HAVE_FORMULA.search(xml):
            continue  # (a DTD or comment still goes through defusedxml, as before)
        found: dict[str, FormulaCell] = {}
        # streaming, each cell and row dropped once seen: a big sheet is never held as a tree
        for _, cell in ElementTree.iterparse(io.BytesIO(xml), events=("end",)):
            if cell.tag == _ROW:
                cell.clear()
                continue
            if cell.tag != _C:
                continue
            f = cell.find(_F)
            if f is not None:
                v = cell.find(_V)
                has_value = (v is not None and (v.text or "") != "") or cell.find(_IS) is not None
                found[cell.get("r")] = FormulaCell("=" + (f.text or ""), has_value)
            cell.clear()
        if found:
            out[name] = found
    return out
