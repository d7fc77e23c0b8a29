"""What a printed workbook looks like, read from its file and from LibreOffice's PDF of it.

Independent of the writer's own layout code: column widths, margins, breaks and anchors are
read from the sheet XML, page words from ``pdftotext -bbox``. Two measured facts of
LibreOffice are used: a column of file width ``w`` is ``w`` digits of the workbook's default
font wide (Arial 10: a digit is 5.56 pt), and ``pdftotext`` gives a word of Liberation Sans
(Arial) at an effective size of ``s`` pt a box 1.30 ``s`` high.
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "xdr": "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing",
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
}
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
#: the width of a digit of Arial 10 (the workbooks' default font), in points
DIGIT_PT = 5.56
#: pdftotext's box height of a Liberation Sans word per point of its size
BOX_PER_PT = 1.30
#: the readable limit: 8 pt effective (80 % of the workbooks' 10 pt)
MIN_POINTS = 8.0
A4 = (595.28, 841.89)


@dataclass
class Sheet:
    name: str
    hidden: bool
    landscape: bool = False
    fit_width: bool = False
    scale: int = 100
    margins: dict[str, float] = field(default_factory=dict)
    widths: list[float] = field(default_factory=list)  # points, columns A.. of the used range
    heights: dict[int, float] = field(default_factory=dict)  # 0-based row -> points
    default_height: float = 15.0
    row_breaks: list[int] = field(default_factory=list)  # 0-based rows a page starts at
    col_breaks: list[int] = field(default_factory=list)
    last_row: int = 0
    repeat_rows: tuple[int, int] | None = None
    charts: list[tuple[int, int]] = field(default_factory=list)  # (first row, last row) of each
    #: every numeric cell: (row, col) -> (value, number format)
    numbers: dict[tuple[int, int], tuple[float, str]] = field(default_factory=dict)

    def printable(self) -> tuple[float, float]:
        w, h = (A4[1], A4[0]) if self.landscape else A4
        m = self.margins
        return w - 72 * (m["left"] + m["right"]), h - 72 * (m["top"] + m["bottom"])

    def print_scale(self) -> float:
        """The scale LibreOffice prints at: fitted to one page wide, or the sheet's own scale."""
        if self.fit_width:
            return min(1.0, self.printable()[0] / sum(self.widths))
        return self.scale / 100

    def pages_of_rows(self) -> list[int]:
        """The page (0, 1, …) each row up to the last one prints on."""
        room = self.printable()[1] / self.print_scale()
        repeat = 0.0
        if self.repeat_rows:
            repeat = sum(self.heights.get(r, self.default_height) for r in range(self.repeat_rows[0], self.repeat_rows[1] + 1))
        page, used, out = 0, 0.0, []
        for row in range(self.last_row + 1):
            h = self.heights.get(row, self.default_height)
            limit = room - (repeat if page else 0)
            if row in self.row_breaks or (used > 0 and used + h > limit):
                page, used = page + 1, 0.0
            used += h
            out.append(page)
        return out


def _cell(ref: str) -> tuple[int, int]:
    m = re.fullmatch(r"\$?([A-Z]+)\$?(\d+)", ref)
    assert m, ref
    col = 0
    for ch in m[1]:
        col = col * 26 + ord(ch) - 64
    return int(m[2]) - 1, col - 1


def read_sheets(path: Path) -> dict[str, Sheet]:
    z = zipfile.ZipFile(path)
    book = ElementTree.fromstring(z.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    target = {r.get("Id"): r.get("Target") for r in rels}
    styles = _number_formats(z)
    titles = {}
    for dn in book.iter(f"{{{NS['m']}}}definedName"):
        if dn.get("name") == "_xlnm.Print_Titles":
            m = re.search(r"\$(\d+):\$(\d+)", dn.text or "")
            if m:
                titles[int(dn.get("localSheetId", "-1"))] = (int(m[1]) - 1, int(m[2]) - 1)
    out = {}
    for i, el in enumerate(book.iter(f"{{{NS['m']}}}sheet")):
        part = "xl/" + target[el.get(REL)].lstrip("/").removeprefix("xl/")
        sheet = Sheet(el.get("name", ""), el.get("state") == "hidden", repeat_rows=titles.get(i))
        _read_sheet(z, part, sheet, styles)
        out[sheet.name] = sheet
    return out


def _number_formats(z: zipfile.ZipFile) -> list[str]:
    root = ElementTree.fromstring(z.read("xl/styles.xml"))
    custom = {n.get("numFmtId"): n.get("formatCode", "") for n in root.iter(f"{{{NS['m']}}}numFmt")}
    builtin = {"0": "General", "1": "0", "3": "#,##0", "4": "#,##0.00", "10": "0.00%", "49": "@"}
    xfs = root.find("m:cellXfs", NS)
    assert xfs is not None
    return [custom.get(x.get("numFmtId", "0"), builtin.get(x.get("numFmtId", "0"), "?")) for x in xfs]


def _read_sheet(z: zipfile.ZipFile, part: str, s: Sheet, styles: list[str]) -> None:
    root = ElementTree.fromstring(z.read(part))
    setup = root.find("m:pageSetup", NS)
    pr = root.find("m:sheetPr/m:pageSetUpPr", NS)
    s.fit_width = pr is not None and pr.get("fitToPage") == "1" and setup is not None and setup.get("fitToWidth", "1") == "1"
    if setup is not None:
        s.landscape = setup.get("orientation") == "landscape"
        s.scale = int(setup.get("scale", "100"))
    margins = root.find("m:pageMargins", NS)
    s.margins = {k: float(margins.get(k, 0.75)) for k in ("left", "right", "top", "bottom")} if margins is not None else {}
    fmt = root.find("m:sheetFormatPr", NS)
    if fmt is not None:
        s.default_height = float(fmt.get("defaultRowHeight", 15))
    dim = root.find("m:dimension", NS)
    ref = dim.get("ref", "A1") if dim is not None else "A1"
    last_row, last_col = _cell(ref.split(":")[-1])
    s.last_row = last_row
    cols = {}
    for c in root.iter(f"{{{NS['m']}}}col"):
        for k in range(int(c.get("min", 1)), int(c.get("max", 1)) + 1):
            cols[k - 1] = float(c.get("width", 8.43)) * DIGIT_PT
    s.widths = [cols.get(k, 9.14 * DIGIT_PT) for k in range(last_col + 1)]
    for row in root.iter(f"{{{NS['m']}}}row"):
        if row.get("ht"):
            s.heights[int(row.get("r", 1)) - 1] = float(row.get("ht", 15))
        for c in row.iter(f"{{{NS['m']}}}c"):
            v = c.find("m:v", NS)
            if c.get("t") in (None, "n") and v is not None and v.text:
                s.numbers[_cell(c.get("r", "A1"))] = (float(v.text), styles[int(c.get("s", 0))])
    s.row_breaks = [int(b.get("id", 0)) for b in root.iterfind("m:rowBreaks/m:brk", NS)]
    s.col_breaks = [int(b.get("id", 0)) for b in root.iterfind("m:colBreaks/m:brk", NS)]
    drawing = root.find("m:drawing", NS)
    if drawing is not None:
        rels = ElementTree.fromstring(z.read(part.replace("worksheets/", "worksheets/_rels/") + ".rels"))
        target = next(r.get("Target", "") for r in rels if r.get("Id") == drawing.get(REL))
        d = ElementTree.fromstring(z.read("xl/" + target.replace("../", "")))
        for anchor in d:
            first, last = anchor.find("xdr:from/xdr:row", NS), anchor.find("xdr:to/xdr:row", NS)
            if first is not None and last is not None:
                s.charts.append((int(first.text or 0), int(last.text or 0)))


def chart_references(path: Path) -> list[str]:
    z = zipfile.ZipFile(path)
    return [
        f.text or ""
        for name in z.namelist()
        if name.startswith("xl/charts/chart")
        for f in ElementTree.fromstring(z.read(name)).iter(f"{{{NS['c']}}}f")
    ]


@dataclass
class Page:
    number: int
    width: float
    height: float
    sheet: str  # the sheet name printed at the right of the page header
    words: list[tuple[float, float, float, float, str]]

    def body(self) -> list[tuple[float, float, float, float, str]]:
        """Words inside the top and bottom margins (the header and footer print at 8 pt)."""
        return [w for w in self.words if w[1] > 45 and w[3] < self.height - 45]


def pdf_pages(pdf: Path) -> list[Page]:
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = []
    for n, chunk in enumerate(out.split("<page ")[1:], start=1):
        w, h = map(float, re.search(r'width="([\d.]+)" height="([\d.]+)"', chunk).groups())  # type: ignore[union-attr]
        words = [
            (float(a), float(b), float(c), float(d), t)
            for a, b, c, d, t in re.findall(
                r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', chunk
            )
        ]
        top = sorted((x for x in words if x[3] < 40 and x[0] > w * 0.6), key=lambda x: x[0])
        pages.append(Page(n, w, h, " ".join(x[4] for x in top), words))
    return pages
