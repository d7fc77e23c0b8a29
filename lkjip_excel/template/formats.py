"""Cell formats of the input workbooks: colours, number formats, and a per-workbook cache."""

from __future__ import annotations

from typing import Any

import xlsxwriter

from ..schema import Column, ColumnType

INPUT_COLOR = "#FFF2CC"
STATED_COLOR = "#FCE4D6"
LOCKED_COLOR = "#EDEDED"
HEADER_COLOR = "#D9E1F2"

#: the forms' font: Arial is on every Windows and Mac computer, and LibreOffice shows it
#: with the same metrics (Liberation Sans), so a form prints alike everywhere; Calibri
#: falls back to a wider font where it is missing and the printout shrinks
FONT = "Arial"
FONT_SIZE = 10
#: the workbook's own default (its "Normal" style, which column widths are measured in)
WORKBOOK_OPTIONS = {
    "default_format_properties": {"font_name": FONT, "font_size": FONT_SIZE},
    "default_row_height": 17,
}

NUMBER_FORMATS = {
    ColumnType.INTEGER: "#,##0",
    ColumnType.RUPIAH: "#,##0.00",
    ColumnType.PERCENT: "0.00%",
    ColumnType.DATE: "dd/mm/yyyy",
    ColumnType.TEXT: "@",
    ColumnType.CHOICE: "@",
    ColumnType.YESNO: "@",
}


def is_year(col: Column) -> bool:
    """A column of years (``schema.columns.year``): whole numbers whose whole range is
    four-digit years. A year is shown as typed, never with a thousands mark (2025, not 2.025)."""
    return (
        col.type is ColumnType.INTEGER
        and col.minimum is not None
        and col.maximum is not None
        and 1000 <= col.minimum <= col.maximum <= 9999
    )


def number_format(col: Column) -> str:
    if is_year(col):
        return "0"
    if col.type is ColumnType.DECIMAL:
        digits = col.precision if col.precision is not None else 2
        return "#,##0." + "0" * digits if digits else "#,##0"
    return NUMBER_FORMATS[col.type]


class Formats:
    """Cell formats, created once per workbook and cached by their properties."""

    def __init__(self, workbook: xlsxwriter.Workbook):
        self._wb = workbook
        self._cache: dict[tuple, Any] = {}

    def get(self, **props) -> Any:
        key = tuple(sorted(props.items()))
        if key not in self._cache:
            base = {"font_name": FONT, "font_size": FONT_SIZE, "valign": "top"}
            self._cache[key] = self._wb.add_format({**base, **props})
        return self._cache[key]

    def title(self):
        return self.get(bold=True, font_size=14)

    def header(self):
        return self.get(bold=True, bg_color=HEADER_COLOR, border=1, text_wrap=True)

    def label(self, bold: bool = False):
        return self.get(bg_color=LOCKED_COLOR, border=1, text_wrap=True, bold=bold)

    def cell(self, col: Column, *, locked: bool, stated: bool = False):
        props: dict[str, Any] = {"border": 1, "num_format": number_format(col)}
        if col.type in (ColumnType.TEXT, ColumnType.CHOICE):
            props["text_wrap"] = True
        if locked:
            props["bg_color"] = LOCKED_COLOR
        else:
            props["locked"] = False
            props["bg_color"] = STATED_COLOR if (stated or col.stated) else INPUT_COLOR
        return self.get(**props)
