"""How much room wrapped text takes on a printed sheet, estimated before it is written.

LibreOffice does not grow the rows of a workbook written by a program, and Excel only
grows rows it edits itself, so every writer sets the height of a row whose text wraps.
Widths are in Excel's column units (the width of a digit of the default 11 pt font);
heights in points. The estimates err on the generous side: a row a little too tall
prints fine, a row too short hides text under the next one.
"""

from __future__ import annotations

import math
import textwrap

#: the font size of running text in the workbooks
BASE_FONT = 10.0
#: average characters of running text per column unit at :data:`BASE_FONT` (Arial; kept
#: low: capitals are wider than the average lowercase letter)
CHARS_PER_UNIT = 1.15
#: the height of one line of text per point of font size, and the padding of a row
LINE_HEIGHT = 1.32
ROW_PADDING = 3.0
#: the most lines a row is grown to (Excel's row height limit is 409 pt)
MAX_LINES = 28


def chars_per_line(width: float, font_size: float = BASE_FONT, bold: bool = False) -> int:
    """How many characters of running text fit on one line of a column ``width`` wide."""
    usable = max(width - 1, 1) * CHARS_PER_UNIT * BASE_FONT / font_size
    if bold:
        usable *= 0.9
    return max(int(usable), 1)


def line_count(text: str, width: float, font_size: float = BASE_FONT, bold: bool = False) -> int:
    """The lines ``text`` takes when wrapped in a column ``width`` wide (words are not split
    unless a single word is longer than the line)."""
    per_line = chars_per_line(width, font_size, bold)
    lines = 0
    for paragraph in str(text).splitlines() or [""]:
        lines += max(len(textwrap.wrap(paragraph, per_line, break_on_hyphens=False)), 1)
    return min(lines, MAX_LINES)


def row_height(lines: int, font_size: float = BASE_FONT) -> float:
    """The height in points of a row showing ``lines`` lines of ``font_size`` text."""
    return round(lines * font_size * LINE_HEIGHT + ROW_PADDING, 1)


def fit_height(cells: list[tuple[str, float]], font_size: float = BASE_FONT, bold: bool = False) -> float:
    """The height of a row holding each (text, column width) of ``cells``, wrapped."""
    lines = max([line_count(text, width, font_size, bold) for text, width in cells if text] + [1])
    return row_height(lines, font_size)


def longest_word(text: str) -> int:
    """The length of the longest word: a column narrower than it breaks the word."""
    return max((len(word) for word in str(text).split()), default=0)


def width_points(width: float) -> float:
    """A column ``width`` wide in points, as Excel and LibreOffice lay it out (7 px a unit
    plus 5 px padding at 96 dpi)."""
    return math.trunc(width * 7 + 5) * 0.75
