"""Text from inputs reaches the workbook only as text: the one gate for every string written.

``SafeWorkbook`` makes every worksheet a ``SafeWorksheet`` (XlsxWriter's documented way to
extend its classes). That worksheet passes every string it is given, as a cell, as a
formula's cached value or as a comment, through :func:`~lkjip_excel.text.output_text` and
the cell's length limit, so that nothing can make XlsxWriter write invalid XML, warn or
truncate, and ``write()``, ``write_row()`` and ``write_column()`` can only write a string
as a string (never as a formula, a number or a link). Charts never get input text as a ``name`` string (XlsxWriter reads
``x!A1`` in one as a formula): they point at a cell (see ``charts.py``). Header and footer
text goes through :func:`header_text`.
"""

from __future__ import annotations

import xlsxwriter
from xlsxwriter.worksheet import Worksheet, convert_cell_args

from ..text import clip, output_text, utf16_length
from .formula_prep import plain_formula

#: Excel's limits, in UTF-16 units: a cell, a header or footer, a chart title
MAX_CELL = 32767
MAX_HEADER = 255
MAX_TITLE = 255


def cell_text(value: object, limit: int = MAX_CELL) -> str:
    return clip(output_text(value), limit)


def header_text(value: object) -> str:
    """Literal text for a header or footer: ``&`` starts a code there (&P, &D, &[Tab]…)."""
    return output_text(value).replace("\r", " ").replace("\n", " ").replace("&", "&&")


def header(left: tuple[str, str], center: tuple[str, str], right: tuple[str, str]) -> str:
    """``&L``/``&C``/``&R`` sections from (codes, literal text) pairs, within Excel's 255.

    The codes are ours; the text is escaped, and the longest text is shortened (never in
    the middle of an ``&&``) until the whole fits.
    """
    codes = [c for c, _ in (left, center, right)]
    texts = [output_text(t)[:MAX_HEADER] for _, t in (left, center, right)]
    keep = [len(t) for t in texts]

    def build() -> str:
        shown = [t if k == len(t) else t[:k].rstrip() + "…" for t, k in zip(texts, keep)]
        return "".join(f"&{pos}{c}{header_text(t)}" for pos, c, t in zip("LCR", codes, shown))

    while utf16_length(result := build()) > MAX_HEADER:
        i = max(range(3), key=lambda j: keep[j])
        if keep[i] == 0:  # our own codes alone are too long: a programming error
            raise ValueError(f"header codes too long: {codes}")
        keep[i] -= 1
    return result


class SafeWorksheet(Worksheet):
    """Also: a formula that needs none of XlsxWriter's rewrites is recognised without
    them (:meth:`_prepare_formula`). And a row set to the sheet's default height
    (``set_default_row``) and nothing else is not recorded, unless it was set otherwise
    before: XlsxWriter keeps a record per ``set_row`` (~200 bytes each, ~15 MB at 5,000
    desa, every row until ``close()``), and a row without one has the default height
    anyway."""

    _default_height: float | None = None
    _set_rows: set[int] | None = None
    _skipped = False

    def set_default_row(self, height=None, hide_unused_rows=False):
        if self._skipped and height != self._default_height:
            # (those rows would take the new default: a programming error, not an input's)
            raise ValueError("the default row height changed after rows of the old one were left unrecorded")
        if self._set_rows is None:  # the rows set from now on are tracked
            self._set_rows = set()
        self._default_height = height
        return super().set_default_row(height, hide_unused_rows)

    def set_row(self, row, height=None, cell_format=None, options=None):
        if self._set_rows is not None:
            if (
                height == self._default_height
                and cell_format is None
                and not options
                and row not in self._set_rows
            ):
                self._skipped = True
                return 0
            self._set_rows.add(row)
        return super().set_row(row, height, cell_format, options)

    @convert_cell_args
    def write_string(self, row, col, string, cell_format=None):
        return super().write_string(row, col, cell_text(string), cell_format)

    def _prepare_formula(self, formula, expand_future_functions=False):
        """XlsxWriter's, without its 29 substitutions for a formula they leave as it is
        (:mod:`.formula_prep`)."""
        if not (expand_future_functions or self.use_future_functions):
            plain = plain_formula(formula)
            if plain is not None:
                return plain
        return super()._prepare_formula(formula, expand_future_functions)

    @convert_cell_args
    def write_formula(self, row, col, formula, cell_format=None, value=0):
        if isinstance(value, str):
            value = cell_text(value)
        return super().write_formula(row, col, formula, cell_format, value)

    @convert_cell_args
    def write_comment(self, row, col, comment, options=None):
        return super().write_comment(row, col, cell_text(comment), options)

    @convert_cell_args
    def write(self, row, col, *args):
        """A string is always text here, whatever it looks like."""
        if args and isinstance(args[0], str):
            return self.write_string(row, col, *args)
        return super().write(row, col, *args)

    @convert_cell_args
    def write_row(self, row, col, data, cell_format=None):
        for offset, token in enumerate(data):
            if error := self.write(row, col + offset, token, cell_format):
                return error
        return 0

    @convert_cell_args
    def write_column(self, row, col, data, cell_format=None):
        for offset, token in enumerate(data):
            if error := self.write(row + offset, col, token, cell_format):
                return error
        return 0


class SafeWorkbook(xlsxwriter.Workbook):
    worksheet_class = SafeWorksheet

    def close(self):
        """Also: once closed, the sheets no longer hold the workbook (their
        ``workbook_add_format``, None as a new sheet has it), so that the workbook and every
        cell it held are freed as soon as it is dropped, not by a collection that walks them
        all (~0.2 s at 1,000 desa)."""
        try:
            return super().close()
        finally:
            for ws in self.worksheets():
                ws.workbook_add_format = None

    def set_properties(self, properties):
        return super().set_properties(
            {k: cell_text(v, MAX_TITLE) if isinstance(v, str) else v for k, v in properties.items()}
        )
