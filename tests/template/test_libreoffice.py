"""Every generated template opens in a real spreadsheet application and prints its sheets."""

import re

import openpyxl

from tests.helpers import pdf_text


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_templates_convert_to_pdf_with_libreoffice(libreoffice):
    templates = libreoffice.originals("template", "pdf")
    assert len(templates) > 1, "no template was generated"
    for template in templates:
        key = template.name
        pdf = libreoffice.get(template, "pdf")
        assert pdf.read_bytes().startswith(b"%PDF")
        pages, text = pdf_text(pdf)
        printed = _words(text)
        wb = openpyxl.load_workbook(template)
        visible = [ws for ws in wb.worksheets if ws.sheet_state == "visible"]
        assert pages >= len(visible) > 0, key
        for ws in visible:
            title = next(
                (
                    c
                    for row in ws.iter_rows(values_only=True)
                    for c in row
                    if isinstance(c, str) and c.strip()
                ),
                None,
            )
            assert title is not None, (key, ws.title)
            assert _words(title) in printed, (key, ws.title, title)
