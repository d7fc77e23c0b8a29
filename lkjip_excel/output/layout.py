"""Page geometry of the printed workbook: text widths, column widths, orientation, print scale,
row heights and where pages must break so that a block (a table, a chart, a signature) stays whole.

Everything is measured in points with Arial's (Liberation Sans's) metrics at the workbook's
10 pt, so the layout is the same in LibreOffice and Excel: applications do not grow a row for
wrapped text in a file written by a program, and they print at the scale the widths imply.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from .metrics import BOLD, REGULAR

FONT = "Arial"
SIZE = 10.0
#: the height of one line of 10 pt text in a row, and the padding of a cell (left + right)
LINE = 12.75
PAD = 3.5
#: A4 in points and the margins the sheets use (inches, as XlsxWriter takes them)
A4 = (595.28, 841.89)
MARGIN_SIDE, MARGIN_TOP, MARGIN_BOTTOM = 0.5, 0.75, 0.75
#: the smallest print scale the layout accepts: 80 % of 10 pt is 8 pt
MIN_SCALE = 0.8
#: the widest a text column gets before its text wraps
TEXT_CAP = 230.0
#: a column width is counted in digits of the workbook's default font (Arial 10 here): LibreOffice
#: draws a column of width w as w * 7.41 + 5 pixels (measured), 0.75 pt a pixel; the print layout is
#: planned for it. Excel draws w * 7 + 5 pixels on screen (its hinted screen font is narrower too)
_DIGIT_PX, _PADDING_PX, _PT_PER_PX = 7.41, 5, 0.75
#: the share of a cell's width text is wrapped into (renderers differ a little)
_SAFETY = 0.995


def printable(landscape: bool) -> tuple[float, float]:
    """Width and height (points) inside the margins of an A4 page."""
    w, h = (A4[1], A4[0]) if landscape else A4
    return w - 2 * 72 * MARGIN_SIDE, h - 72 * (MARGIN_TOP + MARGIN_BOTTOM)


def char_width(ch: str, bold: bool = False) -> float:
    table = BOLD if bold else REGULAR
    code = ord(ch)
    if 32 <= code <= 126:
        return table[code - 32] / 1000
    return (table[ord("m") - 32] if code > 0x2E80 else table[ord("w") - 32]) / 1000


#: the width of every ASCII character (code 0 to 127), as :func:`char_width` gives it
_ASCII = {bold: [char_width(chr(code), bold) for code in range(128)] for bold in (False, True)}


def text_width(text: str, size: float = SIZE, bold: bool = False) -> float:
    if text.isascii():  # (most cells: numbers and plain words) one lookup per byte
        return sum(map(_ASCII[bold].__getitem__, text.encode())) * size
    return sum(char_width(ch, bold) for ch in text) * size


#: texts up to this long have their line counts remembered (a desa's name is measured in
#: every table it is a row of); a longer one, rarer and maybe from an input, is not kept
REMEMBERED_TEXT = 256


def line_count(text: str, width: float, size: float = SIZE, bold: bool = False) -> int:
    """Lines ``text`` takes wrapped at word boundaries (a too long word is cut) in ``width`` points."""
    text = str(text)
    if len(text) <= REMEMBERED_TEXT:
        return _remembered_line_count(text, width, size, bold)
    return _line_count(text, width, size, bold)


@lru_cache(maxsize=16384)
def _remembered_line_count(text: str, width: float, size: float, bold: bool) -> int:
    return _line_count(text, width, size, bold)


def _line_count(text: str, width: float, size: float, bold: bool) -> int:
    usable = max(width * _SAFETY - PAD, size)
    if "\n" not in text and text_width(text, size, bold) <= usable:
        return 1  # (most cells) the whole text fits, spaces included: no word needs placing
    space = char_width(" ", bold) * size
    total = 0
    for paragraph in text.split("\n"):
        lines, x = 1, 0.0
        for word in paragraph.split():
            w = text_width(word, size, bold)
            while w > usable:  # a word wider than the cell is broken anywhere
                if x > 0:
                    lines += 1
                lines += 1
                w -= usable
                x = 0.0
            if x == 0:
                x = w
            elif x + space + w <= usable:
                x += space + w
            else:
                lines += 1
                x = w
        total += lines
    return total


def cell_width(text: float) -> float:
    """The width of a cell that holds ``text`` points of text on one line (see :func:`line_count`)."""
    return (text + PAD) / _SAFETY + 0.5


def row_height(lines: int, size: float = SIZE) -> float:
    per = LINE * size / SIZE
    return round(per * lines + (2 if lines > 1 else 0), 2)


def longest_word(text: str, bold: bool = False) -> float:
    return max((text_width(w, bold=bold) for w in str(text).split()), default=0.0)


def to_units(points: float) -> float:
    """XlsxWriter's ``set_column`` width for a column of ``points``."""
    px = points / _PT_PER_PX
    return max(round((px - _PADDING_PX) / _DIGIT_PX, 2), 1.0)


def to_points(units: float) -> float:
    """The width in points of a column ``width`` as LibreOffice draws it."""
    return (units * _DIGIT_PX + _PADDING_PX) * _PT_PER_PX


@dataclass
class Column:
    """What a column needs: its natural width (nothing wraps but text beyond the cap) and the
    narrowest it may get (text wraps at words; numbers never wrap)."""

    natural: float
    minimum: float


@dataclass
class Plan:
    widths: list[float]
    landscape: bool
    #: the print scale (1.0 = 100 %); the sheet is fitted to one page wide at this scale
    scale: float = 1.0
    #: columns where a new page starts when the table is split over pages (empty: one page wide)
    breaks: list[int] = field(default_factory=list)
    #: leading columns printed again on every page of a split table
    repeat: int = 0

    @property
    def width(self) -> float:
        return sum(self.widths)


def _shrink(cols: Sequence[Column], target: float) -> list[float] | None:
    """Natural widths, the flexible ones lowered to one common cap until the total fits."""
    natural = [c.natural for c in cols]
    if sum(natural) <= target:
        return natural
    if sum(c.minimum for c in cols) > target:
        return None
    lo, hi = 0.0, max(natural)
    for _ in range(40):
        cap = (lo + hi) / 2
        if sum(max(c.minimum, min(c.natural, cap)) for c in cols) > target:
            hi = cap
        else:
            lo = cap
    return [max(c.minimum, min(c.natural, lo)) for c in cols]


def plan(cols: Sequence[Column], repeat: int = 1) -> Plan:
    """Portrait when the table fits a portrait page with its text columns still roomy, else
    landscape; text columns wrap before the scale drops; below :data:`MIN_SCALE` the columns
    are split over pages, the first ``repeat`` columns printed on each."""
    portrait, _ = printable(False)
    landscape, _ = printable(True)
    widths = _shrink(cols, portrait)
    if widths is not None and all(w >= min(c.natural, 150) for w, c in zip(widths, cols, strict=True)):
        return Plan(widths, False)
    widths = _shrink(cols, landscape)
    if widths is not None:
        return Plan(widths, True)
    minimum = [c.minimum for c in cols]
    scale = landscape / sum(minimum)
    if scale >= MIN_SCALE + 0.02:
        return Plan(minimum, True, scale=math.floor(scale * 100) / 100)
    # split: the leading columns on every page, the others packed page by page
    repeat = min(repeat, len(cols) - 1)
    room = landscape - sum(minimum[:repeat])
    breaks, used = [], 0.0
    for c in range(repeat, len(cols)):
        if used and used + minimum[c] > room:
            breaks.append(c)
            used = 0.0
        used += minimum[c]
    return Plan(minimum, True, breaks=breaks, repeat=repeat)


def combine(tables: Sequence[Sequence[Column]]) -> list[Column]:
    """The columns of tables stacked on one sheet (they share column widths): each as wide as
    the widest of the tables needs it, planned as one table by :func:`plan`."""
    n = max(len(t) for t in tables)
    return [
        Column(
            max(t[c].natural for t in tables if c < len(t)),
            max(t[c].minimum for t in tables if c < len(t)),
        )
        for c in range(n)
    ]


def page_breaks(
    heights: dict[int, float],
    last_row: int,
    default: float,
    page_height: float,
    blocks: Sequence[tuple[int, int]] = (),
    repeat_height: float = 0.0,
) -> list[int]:
    """Rows before which a manual page break keeps each (first, last) block of rows on one
    page (when it fits on one); ``heights`` are the rows' heights at 100 %, ``page_height``
    the printable height divided by the print scale."""
    starts = {first: last for first, last in blocks}
    breaks: list[int] = []
    used, first_page = 0.0, True
    for row in range(last_row + 1):
        room = page_height - (0 if first_page else repeat_height)
        if row in starts:
            block = sum(heights.get(r, default) for r in range(row, starts[row] + 1))
            if used > 0 and used + block > room and block <= page_height - repeat_height:
                breaks.append(row)
                used, first_page = 0.0, False
        h = heights.get(row, default)
        if used + h > room and used > 0:  # an automatic break
            used, first_page = 0.0, False
        used += h
    return breaks
