"""Parts of the Ringkasan sheet: its column widths, text over several columns, the signature."""

from __future__ import annotations

from .. import fmt
from ..engine.model import Penandatangan
from . import layout
from .formats import Formats

#: Ringkasan's columns (points): the indicator, then target, realisasi, capaian, kategori
WIDTHS = (215.0, 75.0, 75.0, 76.0, 82.0)
#: the signature block stands in the last three columns
SIGN_FIRST = 2
DOTS = "." * 40
#: the room left for the signature itself (points)
SIGN_SPACE = 54.0


def merged(ws, row: int, text: str, cell_format, heights: dict[int, float], first_col: int = 0) -> None:
    """``text`` over the columns from ``first_col`` to the last, its row as tall as it wraps."""
    last = len(WIDTHS) - 1
    if last > first_col:
        ws.merge_range(row, first_col, row, last, "", cell_format)
    ws.write_string(row, first_col, text, cell_format)
    heights[row] = layout.row_height(layout.line_count(text, sum(WIDTHS[first_col:]), bold=True))
    ws.set_row(row, heights[row])


def signature_lines(who: Penandatangan | None) -> list[tuple[str, str]]:
    """(style, text) lines of the block: place and date, office, room to sign, name, rank, NIP;
    a dotted line stands for what the settings leave empty."""
    if who is None:
        return [("plain", f"{DOTS}, {DOTS}"), ("plain", DOTS), ("space", ""), ("plain", f"( {DOTS} )"),
                ("plain", f"NIP {DOTS}")]  # fmt: skip
    place = who.tempat.strip() or DOTS
    lines = [("plain", f"{place}, {fmt.long_date(who.tanggal)}"), ("plain", who.jabatan.strip() or DOTS)]
    lines.append(("space", ""))
    lines.append(("name", who.nama.strip()) if who.nama.strip() else ("plain", f"( {DOTS} )"))
    if who.pangkat.strip():
        lines.append(("plain", who.pangkat.strip()))
    lines.append(("plain", f"NIP {who.nip.strip() or DOTS}"))
    return lines


def signature(ws, f: Formats, row: int, who: Penandatangan | None, heights: dict[int, float]) -> int:
    """Write the signature block from ``row``; returns its last row."""
    width = sum(WIDTHS[SIGN_FIRST:])
    last = len(WIDTHS) - 1
    for style, text in signature_lines(who):
        cell_format = f.sign_name if style == "name" else f.sign
        ws.merge_range(row, SIGN_FIRST, row, last, "", cell_format)
        if style == "space":
            heights[row] = SIGN_SPACE
        else:
            ws.write_string(row, SIGN_FIRST, text, cell_format)
            heights[row] = layout.row_height(layout.line_count(text, width, bold=style == "name"))
        ws.set_row(row, heights[row])
        row += 1
    return row - 1
