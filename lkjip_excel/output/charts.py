"""Native Excel charts for the figures people would rather look at than read.

Charts sit on their own sheet ("Grafik …", right after the sheet of their table), each whole
on a page: a manual page break goes before a chart that would not fit in what is left of
the page, and no header row is repeated over them. The small helper blocks some charts need
(the program rows of the budget, the SKM quality limits) live on one hidden sheet.

A chart's title and series names are either our own constant text or a reference to a
cell that holds the text (written as a string): XlsxWriter reads any ``name`` string that
looks like ``Sheet!A1`` as a formula, so input text is never given to it as a string.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from xlsxwriter.utility import xl_rowcol_to_cell

from ..engine import rules
from ..engine.model import Hasil
from . import layout
from .formats import LOCALE

#: the hidden sheet with the charts' helper data
DATA_SHEET = "Data Grafik"
#: the height of a row of a chart sheet (points) and the widest chart that fits a portrait page
ROW = layout.LINE
WIDTH_PX = 680


def _ref(ws_name: str, r0, c0, r1=None, c1=None):
    return [ws_name, r0, c0, r0 if r1 is None else r1, c0 if c1 is None else c1]


class DataSheet:
    """The hidden helper sheet: blocks are collected while charts are made, written at the end."""

    def __init__(self) -> None:
        self.cells: list[tuple[int, int, str, object, object]] = []
        self.row = 0

    def block(self, title: str, headers: list[str], rows: Sequence[Sequence[tuple[str, Any, Any]]]) -> int:
        """A titled block; each cell is (kind, value, cached) with kind "text", "number" or
        "formula"/"percent-formula"; returns the first data row."""
        self.cells.append((self.row, 0, "text", title, None))
        for c, h in enumerate(headers):
            self.cells.append((self.row + 1, c, "text", h, None))
        first = self.row + 2
        for r, cells in enumerate(rows):
            for c, (kind, value, cached) in enumerate(cells):
                self.cells.append((first + r, c, kind, value, cached))
        self.row = first + len(rows) + 1
        return first

    def write(self, wb) -> None:
        if not self.cells:
            return
        ws = wb.add_worksheet(DATA_SHEET)
        percent = wb.add_format({"num_format": LOCALE + "0.00%"})
        ws.set_column(0, 0, 40)
        for r, c, kind, value, cached in self.cells:
            if kind == "text":
                ws.write_string(r, c, str(value))
            elif kind == "number":
                ws.write_number(r, c, float(value))  # type: ignore[arg-type]
            else:
                ws.write_formula(r, c, str(value), percent if kind == "percent-formula" else None, cached)
        ws.hide()


class ChartSheet:
    """A portrait sheet of charts stacked down the page, none crossing a page break."""

    def __init__(self, ws, title: str, title_format=None):
        self.ws = ws
        self.row = 2
        self.breaks: list[int] = []
        _, self.page = layout.printable(False)
        self.used = 2 * ROW
        ws.write_string(0, 0, title, title_format)

    def add(self, chart, height_px: int) -> None:
        height = height_px * 0.75
        rows = math.ceil(height / ROW) + 1
        if self.used + rows * ROW > self.page - ROW:
            self.breaks.append(self.row)
            self.used = 0.0
        chart.set_size({"width": WIDTH_PX, "height": height_px})
        self.ws.insert_chart(self.row, 0, chart, {"object_position": 3})
        self.row += rows
        self.used += rows * ROW

    def finish(self) -> None:
        if self.breaks:
            self.ws.set_h_pagebreaks(self.breaks)


#: the tables that have charts, and what draws them
Draw = Callable[[object, Hasil, dict, "DataSheet", ChartSheet], None]


def _serapan_per_program(wb, hasil, placed, data: DataSheet, sheet: ChartSheet) -> None:
    ws, p = placed["anggaran"]
    table = hasil.tables["anggaran"]
    programs = [i for i, r in enumerate(table.rows) if r.level == 1]
    if not programs:
        return
    name_col, pct_col = p.col["uraian"], p.col["serapan"]
    src = f"'{ws.get_name()}'!"
    rows = []
    for i in programs:
        r = p.row_of[i]
        serapan = table.rows[i].values["serapan"]
        rows.append(
            [
                ("formula", f"={src}{xl_rowcol_to_cell(r, name_col)}", table.rows[i].values["uraian"]),
                ("percent-formula", f"={src}{xl_rowcol_to_cell(r, pct_col)}",
                 "" if serapan is None else float(serapan / 100)),
            ]
        )  # fmt: skip
    first = data.block("Data grafik: serapan per program", ["Program", "Serapan (%)"], rows)
    last = first + len(programs) - 1
    chart = wb.add_chart({"type": "bar"})
    chart.add_series(
        {
            "name": "Serapan",
            "categories": _ref(DATA_SHEET, first, 0, last, 0),
            "values": _ref(DATA_SHEET, first, 1, last, 1),
            "data_labels": {"value": True, "num_format": LOCALE + "0.00%"},
        }
    )
    chart.set_title({"name": "Serapan Anggaran per Program"})
    chart.set_x_axis({"num_format": LOCALE + "0%", "min": 0})
    chart.set_legend({"none": True})
    sheet.add(chart, max(300, 60 + 40 * len(programs)))


def _sakip_three_years(wb, hasil, placed, data: DataSheet, sheet: ChartSheet) -> None:
    ws, p = placed["sakip_komponen"]
    if p.total_row is None:
        return
    table = hasil.tables["sakip_komponen"]
    c0, c1 = p.col["y2"], p.col["y0"]
    label_row = p.label_row(table.column("y2").grup is not None)
    chart = wb.add_chart({"type": "column"})
    chart.add_series(
        {
            "name": "Nilai SAKIP",
            "categories": _ref(ws.get_name(), label_row, c0, label_row, c1),
            "values": _ref(ws.get_name(), p.total_row, c0, p.total_row, c1),
            "data_labels": {"value": True},
        }
    )
    chart.set_title({"name": "Nilai SAKIP Tiga Tahun Terakhir"})
    chart.set_y_axis({"min": 0, "max": 100})
    chart.set_legend({"none": True})
    sheet.add(chart, 300)


def _skm_per_unsur(wb, hasil, placed, data: DataSheet, sheet: ChartSheet) -> None:
    ws, p = placed["skm_unsur"]
    rows = hasil.tables["skm_unsur"].rows
    if not rows:
        return
    limits = [
        [("number", rules.NRR_BANDS[1][0], None), ("number", rules.NRR_BANDS[0][0], None)] for _ in rows
    ]
    first = data.block("Data grafik: batas mutu NRR", ["Batas B", "Batas A"], limits)
    last = first + len(rows) - 1
    categories = _ref(ws.get_name(), p.first_row, p.col["unsur"], p.last_row, p.col["unsur"])
    column = wb.add_chart({"type": "column"})
    column.add_series(
        {
            "name": "NRR tahun",
            "categories": categories,
            "values": _ref(ws.get_name(), p.first_row, p.col["nrr"], p.last_row, p.col["nrr"]),
            "data_labels": {"value": True, "num_format": LOCALE + "0.00"},
        }
    )
    line = wb.add_chart({"type": "line"})
    for offset, name, color in (
        (0, "Batas mutu B (3,0644)", "#ED7D31"),
        (1, "Batas mutu A (3,5324)", "#C00000"),
    ):
        line.add_series(
            {
                "name": name,
                "categories": categories,
                "values": _ref(DATA_SHEET, first, offset, last, offset),
                "line": {"color": color, "dash_type": "dash"},
            }
        )
    column.combine(line)
    column.set_title({"name": "Nilai per Unsur Pelayanan dibanding Batas Mutu"})
    column.set_y_axis({"min": 1, "max": 4})
    column.set_legend({"position": "bottom"})
    sheet.add(column, 380)


def _three_years(key: str) -> Draw:
    def draw(wb, hasil, placed, data: DataSheet, sheet: ChartSheet) -> None:
        """Each sasaran's three years, one chart per row of the table."""
        ws, p = placed[key]
        table = hasil.tables[key]
        label_row = p.label_row(table.column("y2").grup is not None)
        for i in range(len(table.rows)):
            # titled by the row's own indicator cell, so the text stays text (and follows edits)
            title = [ws.get_name(), p.row_of[i], p.col["indikator"]]
            chart = wb.add_chart({"type": "line"})
            chart.add_series(
                {
                    "name": title,
                    "categories": _ref(ws.get_name(), label_row, p.col["y2"], label_row, p.col["y0"]),
                    "values": _ref(ws.get_name(), p.row_of[i], p.col["y2"], p.row_of[i], p.col["y0"]),
                    "marker": {"type": "circle"},
                    "data_labels": {"value": True, "num_format": LOCALE + "0.00"},
                }
            )
            chart.set_title({"name": title})
            chart.set_legend({"none": True})
            sheet.add(chart, 288)

    return draw


def _indikator_capaian(wb, hasil, placed, data: DataSheet, sheet: ChartSheet) -> None:
    ws, p = placed["indikator_keluaran"]
    rows = hasil.tables["indikator_keluaran"].rows
    if not rows:
        return
    chart = wb.add_chart({"type": "bar"})
    chart.add_series(
        {
            "name": "Capaian",
            "categories": _ref(
                ws.get_name(), p.first_row, p.col["indikator"], p.last_row, p.col["indikator"]
            ),
            "values": _ref(ws.get_name(), p.first_row, p.col["capaian"], p.last_row, p.col["capaian"]),
            "data_labels": {"value": True, "num_format": LOCALE + "0%"},
        }
    )
    chart.set_title({"name": "Capaian Indikator Keluaran"})
    chart.set_legend({"none": True})
    chart.set_x_axis({"num_format": LOCALE + "0%", "min": 0})
    chart.set_y_axis({"reverse": True})
    # as tall as its rows need, at most one page
    sheet.add(chart, min(900, 120 + 22 * len(rows)))


def _renstra(wb, hasil, placed, data: DataSheet, sheet: ChartSheet) -> None:
    """Each sasaran's realisation in the years of the Renstra period held, the period's target
    as the last bar (one chart per sasaran; the serapan row has another unit and is left out)."""
    ws, p = placed["renstra_progres"]
    table = hasil.tables["renstra_progres"]
    years = [c.key for c in table.columns if c.key.startswith("y")]
    if not years:
        return
    first, last = p.col[years[0]], p.col["target_renstra"]
    label_row = p.label_row(False)
    for i, row in enumerate(table.rows):
        if not isinstance(row.values.get("nomor"), int):
            continue
        title = [ws.get_name(), p.row_of[i], p.col["uraian"]]
        chart = wb.add_chart({"type": "column"})
        chart.add_series(
            {
                "name": title,
                "categories": _ref(ws.get_name(), label_row, first, label_row, last),
                "values": _ref(ws.get_name(), p.row_of[i], first, p.row_of[i], last),
                "data_labels": {"value": True, "num_format": LOCALE + "0.00"},
            }
        )
        chart.set_title({"name": title})
        chart.set_legend({"none": True})
        # from zero, so the bars compare honestly; Indonesian marks on the axis
        chart.set_y_axis({"min": 0, "num_format": LOCALE + "#,##0"})
        sheet.add(chart, 288)


CHARTS: dict[str, Draw] = {
    "anggaran": _serapan_per_program,
    "sakip_komponen": _sakip_three_years,
    "skm_unsur": _skm_per_unsur,
    "riwayat_sakip": _three_years("riwayat_sakip"),
    "riwayat_skm": _three_years("riwayat_skm"),
    "indikator_keluaran": _indikator_capaian,
    "renstra_progres": _renstra,
}


def add_for(
    wb, hasil: Hasil, placed: dict, keys: tuple[str, ...], data: DataSheet, sheet: ChartSheet
) -> None:
    for key in keys:
        if key in CHARTS:
            CHARTS[key](wb, hasil, placed, data, sheet)
    sheet.finish()


def has_chart(hasil: Hasil, keys: tuple[str, ...]) -> bool:
    return any(key in CHARTS and hasil.tables[key].rows for key in keys)
