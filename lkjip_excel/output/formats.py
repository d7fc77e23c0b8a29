"""Cell formats of the output workbook, created once and shared.

Number formats carry the Indonesian locale tag ``[$-421]``: LibreOffice then shows Indonesian
separators (2.368.755.823, 95,31%) and month names whatever the reader's own locale is.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from ..engine.model import Kolom
from ..text import normal_label
from .layout import FONT, SIZE

#: the Indonesian locale (LCID 0x421) of every number format
LOCALE = "[$-421]"
NUMBER_FORMATS = {
    "integer": LOCALE + "#,##0",
    "year": "0",
    "decimal": LOCALE + "#,##0.00",
    "rupiah": LOCALE + "#,##0",
    "percent": LOCALE + "0.00%",
    "date": LOCALE + "d mmmm yyyy",
    "text": "@",
}
FLAG_COLOR = "#F8CBAD"
HEADER_COLOR = "#D9E1F2"
EMPHASIS_COLOR = "#F2F2F2"


@lru_cache(maxsize=1024)
def is_year(key: str, label: str) -> bool:
    """A whole-number column that holds years (``tahun``, ``tahun_renstra``, "Tahun …")."""
    return any(normal_label(t).startswith("tahun") for t in (key.replace("_", " "), label))


def column_kind(col: Kolom) -> str:
    """The kind a column is shown as: a year stays a year even when declared a count."""
    if col.type == "integer" and is_year(col.key, col.label):
        return "year"
    return col.type


class Formats:
    def __init__(self, wb):
        self._wb = wb
        self._cache: dict[tuple, Any] = {}
        base = {"font_name": FONT, "font_size": SIZE}
        self.title = wb.add_format(
            {**base, "bold": True, "font_size": 12, "text_wrap": True, "valign": "top"}
        )
        self.subtitle = wb.add_format({**base, "italic": True, "font_color": "#404040", "text_wrap": True})
        self.note = wb.add_format({**base, "italic": True, "font_color": "#595959", "text_wrap": True})
        self.header = wb.add_format(
            {
                **base,
                "bold": True,
                "bg_color": HEADER_COLOR,
                "border": 1,
                "text_wrap": True,
                "valign": "vcenter",
                "align": "center",
            }
        )
        self.total_label = wb.add_format({**base, "bold": True, "border": 1, "bg_color": EMPHASIS_COLOR})
        self.big = wb.add_format({**base, "bold": True, "font_size": 14})
        self.bad = wb.add_format({**base, "bold": True, "font_color": "#C00000", "text_wrap": True})
        self.good = wb.add_format({**base, "bold": True, "font_color": "#007A33", "text_wrap": True})
        self.label = wb.add_format({**base, "bold": True})
        self.plain = wb.add_format(base)
        self.wrap = wb.add_format({**base, "text_wrap": True, "valign": "top", "border": 1})
        legend = {**base, "border": 1, "text_wrap": True, "valign": "vcenter"}
        self.legend_flag = wb.add_format({**legend, "bg_color": FLAG_COLOR})
        self.legend_emphasis = wb.add_format({**legend, "bg_color": EMPHASIS_COLOR, "bold": True})
        self.sign = wb.add_format({**base, "align": "center"})
        self.sign_name = wb.add_format({**base, "align": "center", "bold": True, "underline": 1})
        self._base = base

    def cell(self, kind: str, bold: bool = False, flagged: bool = False, cents: bool = False, decimals=None):
        key = (kind, bold, flagged, cents, decimals)
        if key not in self._cache:
            props = {**self._base, "border": 1, "num_format": NUMBER_FORMATS[kind], "valign": "top"}
            if kind == "decimal" and decimals is not None:
                props["num_format"] = LOCALE + ("#,##0." + "0" * decimals if decimals else "#,##0")
            if kind == "rupiah" and cents:
                props["num_format"] = LOCALE + "#,##0.00"
            if kind == "text":
                props["text_wrap"] = True
            if kind == "year":
                props["align"] = "center"
            if bold:
                props["bold"] = True
                props["bg_color"] = EMPHASIS_COLOR
            if flagged:
                props["bg_color"] = FLAG_COLOR
            self._cache[key] = self._wb.add_format(props)
        return self._cache[key]
