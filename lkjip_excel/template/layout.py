"""Where things stand on a template sheet; shared by the writer and the reader.

Rows and columns are 0-based here (as in xlsxwriter and python-calamine).
"""

from __future__ import annotations

from xlsxwriter.utility import xl_col_to_name as column_letter  # noqa: F401
from xlsxwriter.utility import xl_rowcol_to_cell as cell_address  # noqa: F401

from ..schema import Layout, Table

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


def table_headers(table: Table) -> list[str]:
    """The header texts of a table's columns, in sheet order."""
    if table.layout is Layout.FORM:
        return list(FORM_HEADERS)
    return [c.header() for c in table.columns]
