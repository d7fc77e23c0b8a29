"""The floor: the least any tool must do for a batch, with the same interpreter and libraries.

    python benchmarks/floor.py INPUT_FOLDER PLAN.json OUT.xlsx [--workers N]

**Reading**: python-calamine opens every file of INPUT_FOLDER and reads every sheet's
values, on ``--workers`` processes (forked, files handed out in chunks, biggest first) —
as many as ``lkjip-excel`` itself uses for that batch (``run.py`` asks the tool's own
``_workers``). No checking, no computing.

**Writing**: xlsxwriter writes a workbook *equivalent* to ``lkjip-excel proses``'s own
output. ``PLAN.json`` is derived from the tool's written output (``run.py`` calls
:func:`plan` on it after the warm-up run, untimed), not kept by hand: every sheet with its
cells (numbers, texts, booleans, formulas with their cached values), the cell formats
(font, fill, borders, alignment, number format), column widths, row heights, frozen
panes, page setup (orientation, paper, fit, header and footer), comments, Excel tables
and charts (type, series, categories, names, title, anchor). Re-emitting it costs what
the tool's writer must at least cost, so ``proses / floor`` measures the tool's own
overhead (checking, computing, formatting logic), not xlsxwriter's.

``run.py`` times this as a whole process, like the commands, so interpreter start-up and
imports are in it too.
"""

from __future__ import annotations

import argparse
import json
import posixpath
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

# --------------------------------------------------------------------------- reading

CHUNK_FILES = 16


def _read_files(paths: list[str]) -> int:
    import python_calamine as calamine

    cells = 0
    for path in paths:
        try:
            wb = calamine.CalamineWorkbook.from_path(path)
            for name in wb.sheet_names:
                rows = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
                cells += sum(len(r) for r in rows)
        except Exception:  # noqa: BLE001 - a broken input costs its attempt, like in the tool
            pass
    return cells


def read_all(folder: Path, workers: int = 1) -> int:
    """Open every input and read every sheet's values on ``workers`` processes; cells read."""
    paths = [p for p in sorted(folder.iterdir()) if p.is_file() and not p.name.startswith((".", "~$"))]
    if workers <= 1:
        return _read_files([str(p) for p in paths])
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    import python_calamine  # noqa: F401 - imported once, before the fork, as the tool does

    ordered = sorted(paths, key=lambda p: -p.stat().st_size)
    per_chunk = max(1, min(CHUNK_FILES, -(-len(paths) // (workers * 4))))
    chunks = [[str(p) for p in ordered[i : i + per_chunk]] for i in range(0, len(ordered), per_chunk)]
    context = get_context("fork") if sys.platform == "linux" else None
    with ProcessPoolExecutor(workers, context) as pool:
        return sum(pool.map(_read_files, chunks))


# --------------------------------------------------------------------------- the plan

NS = {
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "xdr": "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
}
R_ID = f"{{{NS['r']}}}id"


def _color(c) -> str | None:
    rgb = getattr(c, "rgb", None) if c is not None else None
    if isinstance(rgb, str) and len(rgb) == 8 and rgb != "00000000":
        return "#" + rgb[2:]
    return None


def _format(cell) -> dict:
    """xlsxwriter format properties of an openpyxl cell's style (what the tool sets)."""
    f: dict = {}
    font = cell.font
    if font.b:
        f["bold"] = True
    if font.i:
        f["italic"] = True
    if font.u:
        f["underline"] = 1
    if font.sz and float(font.sz) != 11:
        f["font_size"] = float(font.sz)
    if font.name and font.name != "Calibri":
        f["font_name"] = font.name
    if _color(font.color):
        f["font_color"] = _color(font.color)
    fill = cell.fill
    if getattr(fill, "fill_type", None) == "solid" and _color(fill.fgColor):
        f["bg_color"] = _color(fill.fgColor)
    styles = {"thin": 1, "medium": 2, "dashed": 3, "dotted": 4, "thick": 5, "double": 6, "hair": 7}
    for side in ("left", "right", "top", "bottom"):
        s = getattr(cell.border, side)
        if s is not None and s.style:
            f[side] = styles.get(s.style, 1)
    al = cell.alignment
    if al.horizontal and al.horizontal != "general":
        f["align"] = {"centerContinuous": "center_across"}.get(al.horizontal, al.horizontal)
    if al.vertical:
        f["valign"] = {"center": "vcenter"}.get(al.vertical, al.vertical)
    if al.wrap_text:
        f["text_wrap"] = True
    if al.indent:
        f["indent"] = int(al.indent)
    if cell.number_format and cell.number_format != "General":
        f["num_format"] = cell.number_format
    if cell.protection is not None and cell.protection.locked is False:
        f["locked"] = False
    return f


def _rels(z: zipfile.ZipFile, part: str) -> dict[str, str]:
    folder, name = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", name + ".rels")
    if rels not in z.namelist():
        return {}
    root = ET.fromstring(z.read(rels))
    return {
        r.get("Id"): posixpath.normpath(posixpath.join(folder, r.get("Target")))
        for r in root.findall("rel:Relationship", NS)
    }


def _text(el) -> str | None:
    if el is None:
        return None
    f = el.find(".//c:f", NS)
    if f is not None:
        return "=" + f.text
    return "".join(t.text or "" for t in el.iter() if t.tag in (f"{{{NS['c']}}}v", f"{{{NS['a']}}}t")) or None


def _chart(xml: bytes) -> dict:
    root = ET.fromstring(xml)
    plot = root.find(".//c:plotArea", NS)
    parts = []
    for el in plot:
        tag = el.tag.split("}")[1]
        if not tag.endswith("Chart"):
            continue
        kind = tag[: -len("Chart")].lower()
        bar_dir = el.find("c:barDir", NS)
        if kind == "bar" and bar_dir is not None and bar_dir.get("val") == "col":
            kind = "column"
        grouping = el.find("c:grouping", NS)
        subtype = grouping.get("val") if grouping is not None else None
        series = []
        for ser in el.findall("c:ser", NS):
            s = {"values": _text(ser.find("c:val", NS))}
            for key, path in (("categories", "c:cat"), ("name", "c:tx")):
                got = _text(ser.find(path, NS))
                if got:
                    s[key] = got
            if ser.find("c:dLbls/c:showVal", NS) is not None:
                s["data_labels"] = {"value": True}
            series.append(s)
        parts.append({"type": kind, "subtype": subtype if subtype in ("stacked", "percent_stacked") else None,
                      "series": series})  # fmt: skip
    title = root.find("c:chart/c:title", NS)
    return {"parts": parts, "title": _text(title) if title is not None else None}


def _charts(z: zipfile.ZipFile, sheet_part: str) -> list[dict]:
    out = []
    for target in _rels(z, sheet_part).values():
        if "/drawings/" not in target or not target.endswith(".xml"):
            continue
        charts = _rels(z, target)
        root = ET.fromstring(z.read(target))
        for anchor in root.findall("xdr:twoCellAnchor", NS):
            ref = anchor.find(".//c:chart", NS)
            if ref is None:
                continue
            row = int(anchor.find("xdr:from/xdr:row", NS).text)
            col = int(anchor.find("xdr:from/xdr:col", NS).text)
            out.append({"row": row, "col": col, **_chart(z.read(charts[ref.get(R_ID)]))})
    return out


def plan(path: Path) -> dict:
    """Everything the tool's output workbook holds that xlsxwriter must write again."""
    import openpyxl

    formulas = openpyxl.load_workbook(path, data_only=False)
    values = openpyxl.load_workbook(path, data_only=True)
    z = zipfile.ZipFile(path)
    wb_rels = _rels(z, "xl/workbook.xml")
    sheet_parts = {
        s.get("name"): wb_rels[s.get(R_ID)]
        for s in ET.fromstring(z.read("xl/workbook.xml")).findall("m:sheets/m:sheet", NS)
    }
    formats: dict[str, int] = {}
    sheets = []
    for ws in formulas.worksheets:
        wv = values[ws.title]
        cells, comments = [], []
        for row in ws.iter_rows():
            for cell in row:
                fmt = json.dumps(_format(cell), sort_keys=True)
                fid = formats.setdefault(fmt, len(formats)) if fmt != "{}" else None
                v = cell.value
                if isinstance(v, str) and v.startswith("="):
                    cached = wv[cell.coordinate].value
                    cells.append(
                        [cell.row - 1, cell.column - 1, "f", v, "" if cached is None else cached, fid]
                    )
                elif v is None:
                    if fid is not None:
                        cells.append([cell.row - 1, cell.column - 1, "b", None, None, fid])
                elif isinstance(v, bool):
                    cells.append([cell.row - 1, cell.column - 1, "o", v, None, fid])
                elif isinstance(v, int | float):
                    cells.append([cell.row - 1, cell.column - 1, "n", v, None, fid])
                elif hasattr(v, "isoformat"):
                    cells.append([cell.row - 1, cell.column - 1, "d", v.isoformat(), None, fid])
                else:
                    cells.append([cell.row - 1, cell.column - 1, "s", str(v), None, fid])
                if cell.comment is not None:
                    comments.append([cell.row - 1, cell.column - 1, cell.comment.text, cell.comment.author])
        widths = {}
        for dim in ws.column_dimensions.values():
            if dim.width and dim.customWidth:
                for c in range(dim.min or 0, (dim.max or 0) + 1):
                    widths[c - 1] = dim.width
        heights = {r - 1: d.height for r, d in ws.row_dimensions.items() if d.height}
        tables = [
            {"ref": t.ref, "name": t.displayName, "columns": [c.name for c in t.tableColumns],
             "style": t.tableStyleInfo.name if t.tableStyleInfo else None}
            for t in ws.tables.values()
        ]  # fmt: skip
        ps = ws.page_setup
        sheets.append(
            {
                "name": ws.title,
                "hidden": ws.sheet_state != "visible",
                "cells": cells,
                "comments": comments,
                "widths": widths,
                "heights": heights,
                "freeze": ws.freeze_panes,
                "tables": tables,
                "charts": _charts(z, sheet_parts[ws.title]),
                "landscape": ps.orientation == "landscape",
                "paper": int(ps.paperSize) if ps.paperSize else None,
                "fit": [ps.fitToWidth, ps.fitToHeight]
                if ws.sheet_properties.pageSetUpPr and ws.sheet_properties.pageSetUpPr.fitToPage
                else None,
                "header": ws.oddHeader.center.text or "",
                "footer": ws.oddFooter.center.text or "",
            }
        )
    return {"formats": [json.loads(k) for k in formats], "sheets": sheets}


# --------------------------------------------------------------------------- writing


def write_plan(plan_: dict, out: Path) -> int:
    """Write the planned workbook with xlsxwriter; the number of cells written."""
    import datetime as dt

    import xlsxwriter
    from xlsxwriter.utility import xl_cell_to_rowcol

    wb = xlsxwriter.Workbook(str(out))
    formats = [wb.add_format(f) for f in plan_["formats"]]
    n = 0
    for sheet in plan_["sheets"]:
        ws = wb.add_worksheet(sheet["name"])
        for col, width in sheet["widths"].items():
            ws.set_column(int(col), int(col), width)
        for row, height in sheet["heights"].items():
            ws.set_row(int(row), height)
        table_cells = set()
        for t in sheet["tables"]:
            first, last = t["ref"].split(":")
            r0, c0 = xl_cell_to_rowcol(first)
            r1, c1 = xl_cell_to_rowcol(last)
            table_cells.update((r, c) for r in (r0,) for c in range(c0, c1 + 1))
            options = {"name": t["name"], "columns": [{"header": h} for h in t["columns"]]}
            if t["style"]:
                options["style"] = t["style"]
            ws.add_table(r0, c0, r1, c1, options)
        for r, c, kind, v, cached, fid in sheet["cells"]:
            if (r, c) in table_cells:
                continue  # the table's header, written by add_table
            fmt = formats[fid] if fid is not None else None
            if kind == "f":
                ws.write_formula(r, c, v, fmt, cached)
            elif kind == "n":
                ws.write_number(r, c, v, fmt)
            elif kind == "s":
                ws.write_string(r, c, v, fmt)
            elif kind == "o":
                ws.write_boolean(r, c, v, fmt)
            elif kind == "d":
                ws.write_datetime(r, c, dt.datetime.fromisoformat(v), fmt)
            else:
                ws.write_blank(r, c, None, fmt)
            n += 1
        for r, c, text, author in sheet["comments"]:
            ws.write_comment(r, c, text, {"author": author} if author else {})
        for spec in sheet["charts"]:
            chart = None
            for part in spec["parts"]:
                options = {"type": part["type"]}
                if part["subtype"]:
                    options["subtype"] = part["subtype"]
                this = wb.add_chart(options)
                for s in part["series"]:
                    this.add_series(s)
                if chart is None:
                    chart = this
                else:
                    chart.combine(this)
            if chart is None:
                continue
            if spec["title"]:
                chart.set_title({"name": spec["title"]})
            ws.insert_chart(spec["row"], spec["col"], chart)
        if sheet["freeze"]:
            ws.freeze_panes(sheet["freeze"])
        if sheet["landscape"]:
            ws.set_landscape()
        if sheet["paper"]:
            ws.set_paper(sheet["paper"])
        if sheet["fit"]:
            ws.fit_to_pages(*(x or 0 for x in sheet["fit"]))
        if sheet["header"]:
            ws.set_header("&C" + sheet["header"])
        if sheet["footer"]:
            ws.set_footer("&C" + sheet["footer"])
        if sheet["hidden"]:
            ws.hide()
    wb.close()
    return n


def main(argv: list[str]) -> int:
    if argv[:1] == ["--plan"]:  # floor.py --plan OUTPUT.xlsx PLAN.json (untimed, run.py's own process)
        Path(argv[2]).write_text(json.dumps(plan(Path(argv[1]))))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("plan", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args(argv)
    read_all(args.folder, args.workers)
    write_plan(json.loads(args.plan.read_text()), args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
