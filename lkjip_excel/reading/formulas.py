"""Find formula cells in an .xlsx, which python-calamine does not report.

calamine returns a formula cell's cached value, or an empty cell when the file was
written by a program that stored no value. Reading that as 0 (or as nothing) would be
wrong, so the sheets that contain formulas at all are scanned once here.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
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


@dataclass(frozen=True)
class FormulaCell:
    formula: str
    has_value: bool


def _sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> path of its XML part."""
    workbook = ElementTree.fromstring(zf.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels.findall("rel:Relationship", NS)}
    parts = {}
    for sheet in workbook.findall("m:sheets/m:sheet", NS):
        target = targets.get(sheet.get(f"{{{NS['r']}}}id"), "")
        if target.startswith("/"):
            path = target.lstrip("/")
        else:
            path = posixpath.normpath(posixpath.join("xl", target))
        parts[sheet.get("name")] = path
    return parts


def formula_cells(data: bytes, sheets: set[str]) -> dict[str, dict[str, FormulaCell]]:
    """For each of ``sheets`` that has formulas: cell address -> formula and stored value."""
    out: dict[str, dict[str, FormulaCell]] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        parts = _sheet_parts(zf)
        for name in sheets:
            part = parts.get(name)
            if part is None or part not in zf.namelist():
                continue
            xml = zf.read(part)
            if b"<f" not in xml and b":f" not in xml:
                continue
            found: dict[str, FormulaCell] = {}
            for cell in ElementTree.fromstring(xml).iter(_C):
                f = cell.find(_F)
                if f is None:
                    continue
                v = cell.find(_V)
                has_value = (v is not None and (v.text or "") != "") or cell.find(_IS) is not None
                found[cell.get("r")] = FormulaCell("=" + (f.text or ""), has_value)
            if found:
                out[name] = found
    return out
