"""Every generated template opens in a real spreadsheet application."""

from pathlib import Path

from lkjip_excel.template import generate_templates
from tests.helpers import make_settings, soffice, soffice_convert


def test_templates_convert_to_pdf_with_libreoffice(tmp_path: Path):
    soffice()
    paths = generate_templates(make_settings(n_desa=1), tmp_path / "templat")
    for path in paths:
        pdf = soffice_convert(path, "pdf", tmp_path / "pdf", tmp_path / "profile")
        assert pdf.read_bytes().startswith(b"%PDF")
        assert pdf.stat().st_size > 1000
