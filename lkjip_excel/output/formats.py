"""Cell formats of the output workbook, created once and shared."""

from __future__ import annotations

from typing import Any

NUMBER_FORMATS = {
    "integer": "#,##0",
    "year": "0",
    "decimal": "#,##0.00",
    "rupiah": "#,##0",
    "percent": "0.00%",
    "date": "dd/mm/yyyy",
    "text": "@",
}
FLAG_COLOR = "#F8CBAD"
HEADER_COLOR = "#D9E1F2"


class Formats:
    def __init__(self, wb):
        self._wb = wb
        self._cache: dict[tuple, Any] = {}
        base = {"font_name": "Calibri", "font_size": 10}
        self.title = wb.add_format({**base, "bold": True, "font_size": 13})
        self.subtitle = wb.add_format({**base, "italic": True, "font_color": "#404040"})
        self.note = wb.add_format({**base, "italic": True, "font_color": "#595959"})
        self.header = wb.add_format(
            {
                **base,
                "bold": True,
                "bg_color": HEADER_COLOR,
                "border": 1,
                "text_wrap": True,
                "valign": "vcenter",
            }
        )
        self.total_label = wb.add_format({**base, "bold": True, "border": 1, "bg_color": "#F2F2F2"})
        self.big = wb.add_format({**base, "bold": True, "font_size": 16})
        self.bad = wb.add_format({**base, "bold": True, "font_color": "#C00000"})
        self.good = wb.add_format({**base, "bold": True, "font_color": "#007A33"})
        self.label = wb.add_format({**base, "bold": True})
        self.wrap = wb.add_format({**base, "text_wrap": True, "valign": "top", "border": 1})
        self._base = base

    def cell(self, kind: str, bold: bool = False, flagged: bool = False, cents: bool = False, decimals=None):
        key = (kind, bold, flagged, cents, decimals)
        if key not in self._cache:
            props = {**self._base, "border": 1, "num_format": NUMBER_FORMATS[kind], "valign": "top"}
            if kind == "decimal" and decimals is not None:
                props["num_format"] = "#,##0." + "0" * decimals if decimals else "#,##0"
            if kind == "rupiah" and cents:
                props["num_format"] = "#,##0.00"
            if kind == "text":
                props["text_wrap"] = True
            if bold:
                props["bold"] = True
                props["bg_color"] = "#F2F2F2"
            if flagged:
                props["bg_color"] = FLAG_COLOR
            self._cache[key] = self._wb.add_format(props)
        return self._cache[key]
