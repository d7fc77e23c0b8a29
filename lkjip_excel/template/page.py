"""How a form sheet prints: column widths, orientation, scale, and row heights.

Every form sheet prints one page wide on A4. The widths come from the columns' types
and headers (a header wraps, but never inside a word); a sheet too wide for portrait
goes landscape, and one too wide even for that has its wrapping (text) columns narrowed
until the whole sheet prints at :data:`MIN_SCALE` or larger.
"""

from __future__ import annotations

from ..schema import Column, ColumnType, Table
from ..schema.choices import column_choices
from ..schema.layout import fixed_columns
from ..settings import Settings
from ..textfit import BASE_FONT, longest_word, width_points
from .formats import is_year

#: A4 in points (portrait) and the margins of every form sheet, in inches
A4 = (595.3, 841.9)
MARGIN = 0.4
MARGIN_TOP = 0.5
#: the smallest print scale a form sheet may need: 10 pt text prints at 7.5 pt or larger
MIN_SCALE = 0.75
#: wrapping columns are narrowed until the sheet prints at this scale (if their floors allow)
TARGET_SCALE = 0.9
#: the narrowest a wrapping column is made, in column units
MIN_WRAP_WIDTH = 10.0
#: the widest a column is made by its contents (text wraps beyond it)
MAX_WIDTH = 40.0

#: the width a value of each type needs (column units), at the base font
_TYPE_WIDTH = {
    ColumnType.INTEGER: 10.0,
    ColumnType.DECIMAL: 10.0,
    ColumnType.RUPIAH: 17.0,
    ColumnType.PERCENT: 9.0,
    ColumnType.DATE: 11.0,
    ColumnType.YESNO: 7.0,
}
YEAR_WIDTH = 7.0


def wraps(col: Column) -> bool:
    """Text and choices wrap inside their cells; numbers and dates never do."""
    return col.type in (ColumnType.TEXT, ColumnType.CHOICE)


def printable_width(landscape: bool) -> float:
    """The width inside the margins, in points."""
    return (A4[1] if landscape else A4[0]) - 2 * MARGIN * 72


def header_width(header: str) -> float:
    """The narrowest column that shows ``header`` (bold, wrapped) without breaking a word."""
    return longest_word(header) * 1.05 + 1.5


def natural_width(col: Column, settings: Settings) -> float:
    """The width a column would like: its declared width, or what its type needs."""
    if col.width:
        wanted = float(col.width)
    elif is_year(col):
        wanted = YEAR_WIDTH
    elif col.type in _TYPE_WIDTH:
        wanted = _TYPE_WIDTH[col.type]
    elif col.type is ColumnType.CHOICE:
        longest = max([len(c) for c in column_choices(col, settings)] + [6])
        wanted = longest + 3.0
    else:  # text
        wanted = 20.0 if not col.max_length or col.max_length > 30 else col.max_length / 2 + 2
    header = col.header()
    # a header of many words wraps over at most three lines
    return min(max(wanted, header_width(header), len(header) / 3 + 2), MAX_WIDTH)


def fit_widths(widths: list[float], wrapping: list[bool], floors: list[float]) -> list[float]:
    """Narrow the wrapping columns (never below their floor) until the sheet prints at
    :data:`TARGET_SCALE` landscape; widths that already fit are returned as they are."""
    limit = printable_width(landscape=True) / TARGET_SCALE
    out = list(widths)
    for _ in range(3):  # the points of a width are rounded to pixels: settle in a few passes
        over = (sum(width_points(w) for w in out) - limit) / 5.25 + 0.2
        room = [w - f if wrap and w > f else 0.0 for w, f, wrap in zip(out, floors, wrapping, strict=True)]
        spare = sum(room)
        if over <= 0.2 or spare <= 0:
            break
        cut = min(over / spare, 1.0)
        out = [w - r * cut for w, r in zip(out, room, strict=True)]
    return out


#: the widest a wrapping column's floor is raised by a long word of its contents
MAX_WORD_FLOOR = 15.0


def grid_widths(table: Table, settings: Settings, texts: list[list[str]] = ()) -> list[float]:  # type: ignore[assignment]
    """The column widths of a table with one row per record; ``texts``: the rows' contents
    as shown (a filled form), so that no word of them is broken and no number is cut."""
    fixed = fixed_columns(table)
    natural, floors, wrapping = [], [], []
    for c, col in enumerate(table.columns):
        shown = [row[c] for row in texts if row[c]]
        wrapping.append(wraps(col) or c in fixed)
        content = max([longest_word(text) * 0.95 + 1.5 for text in shown] + [0.0])
        if wrapping[-1]:
            natural.append(natural_width(col, settings))
            floors.append(max(wrap_floor(col), min(content, MAX_WORD_FLOOR)))
        else:
            natural.append(max(natural_width(col, settings), content))
            floors.append(natural[-1])
    return fit_widths([max(n, f) for n, f in zip(natural, floors, strict=True)], wrapping, floors)


#: the columns of a FORM sheet: label, value, unit, hint (its headers: ``FORM_HEADERS``)
FORM_UNIT_WIDTH = 9.0
FORM_HINT_WIDTH = 40.0


def form_widths(table: Table, settings: Settings) -> list[float]:
    """The four column widths of a FORM sheet (one field per row, labels and values wrap)."""
    label = min(max([len(c.label) * 0.95 + 2 for c in table.columns] + [14.0]), 36.0)
    value = max([natural_width(c, settings) for c in table.columns] + [16.0])
    value = max(value, 30.0) if any(c.type is ColumnType.TEXT for c in table.columns) else value
    widths = [label, min(value, 36.0), FORM_UNIT_WIDTH, FORM_HINT_WIDTH]
    return fit_widths(widths, [True, False, False, True], [14.0, 0, 0, 24.0])


def set_page(ws, widths: list[float]) -> None:
    """A4, one page wide, portrait when the columns fit it at full size, else landscape."""
    total = sum(width_points(w) for w in widths)
    ws.set_paper(9)
    if total > printable_width(landscape=False):
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.set_margins(left=MARGIN, right=MARGIN, top=MARGIN_TOP, bottom=MARGIN_TOP)
    ws.fit_to_pages(1, 0)


def wrap_floor(col: Column) -> float:
    """The narrowest a wrapping column may become."""
    return max(MIN_WRAP_WIDTH, header_width(col.header()))


__all__ = [
    "BASE_FONT",
    "MIN_SCALE",
    "fit_widths",
    "form_widths",
    "grid_widths",
    "is_year",
    "natural_width",
    "printable_width",
    "set_page",
    "wrap_floor",
    "wraps",
]
