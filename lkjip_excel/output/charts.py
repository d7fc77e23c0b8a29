"""Native Excel charts for the figures people would rather look at than read.

A chart's title and series names are either our own constant text or a reference to a
cell that holds the text (written as a string): XlsxWriter reads any ``name`` string that
looks like ``Sheet!A1`` as a formula, so input text is never given to it as a string.
"""

from __future__ import annotations

from xlsxwriter.utility import xl_rowcol_to_cell

from ..engine import rules
from ..engine.model import Hasil


def _ref(ws, r0, c0, r1=None, c1=None):
    return [ws.get_name(), r0, c0, r0 if r1 is None else r1, c0 if c1 is None else c1]


CHART_ROWS = 20


def add_all(wb, hasil: Hasil, placed: dict, bottom: dict[str, int]) -> None:
    """Charts and their small data blocks go under the tables of their sheet."""

    def place(ws, rows: int = CHART_ROWS) -> int:
        row = bottom[ws.get_name()]
        bottom[ws.get_name()] = row + rows
        return row

    _serapan_per_program(wb, hasil, placed, place)
    _sakip_three_years(wb, placed, place)
    _skm_per_unsur(wb, hasil, placed, place)
    _skm_three_years(wb, hasil, placed, place)
    _indikator_capaian(wb, hasil, placed, place)


def _serapan_per_program(wb, hasil, placed, place) -> None:
    ws, p = placed["anggaran"]
    table = hasil.tables["anggaran"]
    programs = [i for i, r in enumerate(table.rows) if r.level == 1]
    if not programs:
        return
    # a contiguous data block (live references to the program rows) feeds the chart
    top = place(ws, len(programs) + 3)
    col = 1
    name_col, pct_col = p.col["uraian"], p.col["serapan"]
    ws.write_string(top, col, "Data grafik: program")
    ws.write_string(top, col + 1, "Serapan (%)")
    percent = wb.add_format({"num_format": "0.00%"})
    for k, i in enumerate(programs):
        r = p.row_of[i]
        ws.write_formula(
            top + 1 + k, col, f"={xl_rowcol_to_cell(r, name_col)}", None, table.rows[i].values["uraian"]
        )
        serapan = table.rows[i].values["serapan"]
        ws.write_formula(
            top + 1 + k, col + 1, f"={xl_rowcol_to_cell(r, pct_col)}", percent,
            "" if serapan is None else float(serapan / 100),
        )  # fmt: skip
    first, last = top + 1, top + len(programs)
    chart = wb.add_chart({"type": "bar"})
    chart.add_series(
        {
            "name": "Serapan",
            "categories": _ref(ws, first, col, last, col),
            "values": _ref(ws, first, col + 1, last, col + 1),
            "data_labels": {"value": True, "num_format": "0.00%"},
        }
    )
    chart.set_title({"name": "Serapan Anggaran per Program"})
    chart.set_x_axis({"num_format": "0%", "min": 0})
    chart.set_legend({"none": True})
    chart.set_size({"width": 760, "height": 300})
    ws.insert_chart(xl_rowcol_to_cell(place(ws), 1), chart)


def _sakip_three_years(wb, placed, place) -> None:
    ws, p = placed["sakip_komponen"]
    if p.total_row is None:
        return
    c0, c1 = p.col["y2"], p.col["y0"]
    chart = wb.add_chart({"type": "column"})
    chart.add_series(
        {
            "name": "Nilai SAKIP",
            "categories": _ref(ws, p.header_row, c0, p.header_row, c1),
            "values": _ref(ws, p.total_row, c0, p.total_row, c1),
            "data_labels": {"value": True},
        }
    )
    chart.set_title({"name": "Nilai SAKIP Tiga Tahun Terakhir"})
    chart.set_y_axis({"min": 0, "max": 100})
    chart.set_legend({"none": True})
    ws.insert_chart(xl_rowcol_to_cell(place(ws), 0), chart)


def _skm_per_unsur(wb, hasil, placed, place) -> None:
    ws, p = placed["skm_unsur"]
    rows = hasil.tables["skm_unsur"].rows
    if not rows:
        return
    top = place(ws, len(rows) + 3)
    ws.write_string(top, 0, "Data grafik: batas mutu NRR")
    ws.write_string(top, 1, "Batas B")
    ws.write_string(top, 2, "Batas A")
    for k in range(len(rows)):
        ws.write_number(top + 1 + k, 1, float(rules.NRR_BANDS[1][0]))
        ws.write_number(top + 1 + k, 2, float(rules.NRR_BANDS[0][0]))
    first, last = p.first_row, p.last_row
    categories = _ref(ws, first, p.col["unsur"], last, p.col["unsur"])
    column = wb.add_chart({"type": "column"})
    column.add_series(
        {
            "name": "NRR tahun",
            "categories": categories,
            "values": _ref(ws, first, p.col["nrr"], last, p.col["nrr"]),
            "data_labels": {"value": True, "num_format": "0.00"},
        }
    )
    line = wb.add_chart({"type": "line"})
    for offset, name, color in (
        (1, "Batas mutu B (3,0644)", "#ED7D31"),
        (2, "Batas mutu A (3,5324)", "#C00000"),
    ):
        line.add_series(
            {
                "name": name,
                "categories": categories,
                "values": _ref(ws, top + 1, offset, top + len(rows), offset),
                "line": {"color": color, "dash_type": "dash"},
            }
        )
    column.combine(line)
    column.set_title({"name": "Nilai per Unsur Pelayanan dibanding Batas Mutu"})
    column.set_y_axis({"min": 1, "max": 4})
    column.set_legend({"position": "bottom"})
    column.set_size({"width": 820, "height": 380})
    ws.insert_chart(xl_rowcol_to_cell(place(ws), 0), column)


def _skm_three_years(wb, hasil, placed, place) -> None:
    """Each sasaran's three years, on its own Capaian Sasaran sheet."""
    for key in ("riwayat_sakip", "riwayat_skm"):
        ws, p = placed[key]
        for i in range(len(hasil.tables[key].rows)):
            # titled by the row's own indicator cell, so the text stays text (and follows edits)
            title = [ws.get_name(), p.row_of[i], p.col["indikator"]]
            chart = wb.add_chart({"type": "line"})
            chart.add_series(
                {
                    "name": title,
                    "categories": _ref(ws, p.header_row, p.col["y2"], p.header_row, p.col["y0"]),
                    "values": _ref(ws, p.row_of[i], p.col["y2"], p.row_of[i], p.col["y0"]),
                    "marker": {"type": "circle"},
                    "data_labels": {"value": True, "num_format": "0.00"},
                }
            )
            chart.set_title({"name": title})
            chart.set_legend({"none": True})
            ws.insert_chart(xl_rowcol_to_cell(place(ws), 0), chart)


def _indikator_capaian(wb, hasil, placed, place) -> None:
    ws, p = placed["indikator_keluaran"]
    if not hasil.tables["indikator_keluaran"].rows:
        return
    chart = wb.add_chart({"type": "bar"})
    chart.add_series(
        {
            "name": "Capaian",
            "categories": _ref(ws, p.first_row, p.col["indikator"], p.last_row, p.col["indikator"]),
            "values": _ref(ws, p.first_row, p.col["capaian"], p.last_row, p.col["capaian"]),
            "data_labels": {"value": True, "num_format": "0%"},
        }
    )
    chart.set_title({"name": "Capaian Indikator Keluaran"})
    chart.set_legend({"none": True})
    chart.set_size({"width": 900, "height": 600})
    ws.insert_chart(xl_rowcol_to_cell(place(ws, 32), 2), chart)
