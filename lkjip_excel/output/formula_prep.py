"""Formulas that XlsxWriter would write unchanged, recognised without its 29 rewrites.

Before writing a formula XlsxWriter prefixes the functions newer than Excel 2010
(``FILTER(`` → ``_xlfn._xlws.FILTER(``...) with one regular expression substitution per
function, 29 of them on every formula: ~35 µs a formula, a tenth of the writer at 5,000
desa (31,547 formulas). The formulas of the output call a handful of functions Excel has
always had (``SUM``, ``IF``, ``OR``, ``N``...), which no rewrite touches.
:func:`plain_formula` recognises such a formula and gives the text XlsxWriter would have
given; anything else (another function, a string or a sheet name with a call-like text in
it, an array formula, future functions switched on) goes through XlsxWriter as before.

``SafeWorksheet`` (XlsxWriter's documented ``worksheet_class``) uses it in its
``_prepare_formula``. The tests check that every name below comes out of XlsxWriter's own
preparation unchanged, that the result equals XlsxWriter's on every formula the output
writes, and that XlsxWriter still calls the method: a release that renames or changes it
fails them instead of going unnoticed.
"""

from __future__ import annotations

import re

#: functions of Excel 2007 and earlier that the output's formulas call (and a bare
#: parenthesis, ""): XlsxWriter leaves calls to them as they are
PLAIN_FUNCTIONS = frozenset(
    {"", "ABS", "AND", "AVERAGE", "COUNT", "COUNTA", "IF", "IFERROR", "ISBLANK", "ISNUMBER",
     "MAX", "MIN", "N", "NOT", "OR", "RANK", "ROUND", "SUM", "SUMPRODUCT"}
)  # fmt: skip

#: every call in a formula: the whole run of word characters and dots before a "("
#: (so ``X.SORT(`` is the name ``X.SORT``, never ``SORT``), wherever it is, in a string or
#: a quoted sheet name too
_CALL = re.compile(r"([\w.]*)\(")


def plain_formula(formula: str) -> str | None:
    """``formula`` without its ``=`` when every call in it is to a :data:`PLAIN_FUNCTIONS`
    function (what XlsxWriter's preparation returns for it without future functions);
    None when XlsxWriter must prepare it."""
    if formula.startswith("{") or formula.endswith("}") or "_xlfn." in formula:
        return None
    body = formula[1:] if formula.startswith("=") else formula
    if "(" in body and not PLAIN_FUNCTIONS.issuperset(_CALL.findall(body)):
        return None
    return body
