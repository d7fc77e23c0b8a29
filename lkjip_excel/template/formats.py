"""Cell formats of the input workbooks: colours, number formats, and a per-workbook cache."""

from __future__ import annotations

from typing import Any

import xlsxwriter

from ..schema import Column, ColumnType

INPUT_COLOR = "#FFF2CC"
STATED_COLOR = "#FCE4D6"
LOCKED_COLOR = "#EDEDED"
HEADER_COLOR = "#D9E1F2"

NUMBER_FORMATS = {
    ColumnType.INTEGER: "#,##0",
    ColumnType.RUPIAH: "#,##0.00",
    ColumnType.PERCENT: "0.00%",
    ColumnType.DATE: "dd/mm/yyyy",
    ColumnType.TEXT: "@",
    ColumnType.CHOICE: "@",
    ColumnType.YESNO: "@",
}


def number_format(col: Column) -> str:
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
            base = {"font_name": "Calibri", "font_size": 10, "valign": "top"}
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
        if col.type is ColumnType.TEXT:
            props["text_wrap"] = True
        if locked:
            props["bg_color"] = LOCKED_COLOR
        else:
            props["locked"] = False
            props["bg_color"] = STATED_COLOR if (stated or col.stated) else INPUT_COLOR
        return self.get(**props)
