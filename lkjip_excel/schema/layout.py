"""Where things stand on a workbook sheet: the contract the template writer and the reader share.

Rows and columns are 0-based here (as in xlsxwriter and python-calamine). The A1-address
helpers are the schema's own, so that reading a workbook never needs the writing library.
"""

from __future__ import annotations

import re

from .model import Layout, Table

#: the first sheet of every workbook: how to fill it in (its subtitle is in column B)
PETUNJUK_SHEET = "Petunjuk"

TITLE_ROW = 0
SUBTITLE_ROW = 1
DESCRIPTION_ROW = 2
HEADER_ROW = 4
FIRST_DATA_ROW = HEADER_ROW + 1

#: the headers of a FORM table (one field per row)
FORM_HEADERS = ("Uraian", "Isian", "Satuan", "Petunjuk")
FORM_LABEL_COL = 0
FORM_VALUE_COL = 1

TOTAL_LABEL = "Jumlah"
#: the data key of a stated "Jumlah" row (FIXED total rows and a PER_DESA ``total_row``)
TOTAL_KEY = "jumlah"


def table_headers(table: Table) -> list[str]:
    """The header texts of a table's columns, in sheet order."""
    if table.layout is Layout.FORM:
        return list(FORM_HEADERS)
    return [c.header() for c in table.columns]


def fixed_columns(table: Table) -> frozenset[int]:
    """Columns the template fills and locks itself: row labels, desa code and name."""
    if table.layout is Layout.FIXED:
        return frozenset({0})
    if table.layout is Layout.PER_DESA:
        return frozenset({0, 1})
    return frozenset()


def sheet_subtitle(jenis: str, nama: str, kecamatan: str, tahun: int | str | None) -> str:
    """The line under every sheet's title saying whose workbook it is (the reader checks it)."""
    who = "Desa" if jenis == "desa" else ""
    return f"{who} {nama} - Kecamatan {kecamatan} - Tahun {tahun}".strip()


# ------------------------------------------------------------------- A1 cell addresses


def column_letter(col: int, col_abs: bool = False) -> str:
    """0 -> ``A``, 26 -> ``AA`` (``$A`` when absolute)."""
    letters = ""
    n = col + 1
    while n > 0:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return ("$" if col_abs else "") + letters


def cell_address(row: int, col: int, row_abs: bool = False, col_abs: bool = False) -> str:
    """(9, 1) -> ``B10`` (``$B$10`` when both are absolute)."""
    return f"{column_letter(col, col_abs)}{'$' if row_abs else ''}{row + 1}"


_A1 = re.compile(r"\$?([A-Z]{1,3})\$?(\d+)")


def cell_position(address: str) -> tuple[int, int]:
    """``B10`` (or ``$B$10``) -> (9, 1); an empty address is (0, 0)."""
    if not address:
        return 0, 0
    match = _A1.match(address)
    if match is None:
        raise ValueError(f"not an A1 cell address: {address!r}")
    col = 0
    for ch in match.group(1):
        col = col * 26 + ord(ch) - ord("A") + 1
    return int(match.group(2)) - 1, col - 1
