"""``--pdf``: the document through LibreOffice into a PDF beside it, atomically; a clear
message where LibreOffice is missing."""

from __future__ import annotations

from pathlib import Path

from lkjip_excel.naskah import pdf
from tests.helpers import pdf_text, soffice


def test_convert_writes_the_pdf(tmp_path: Path):
    from docx import Document

    soffice()  # skipped where LibreOffice is missing (failed in CI)
    document = Document()
    document.add_paragraph("Naskah percobaan Kecamatan Contoh.")
    source = tmp_path / "naskah.docx"
    document.save(str(source))
    target = tmp_path / "hasil" / "naskah.pdf"
    assert pdf.convert(source, target) is None
    assert "Naskah percobaan Kecamatan Contoh." in pdf_text(target)[1]
    assert sorted(p.name for p in target.parent.iterdir()) == ["naskah.pdf"]


def test_missing_libreoffice_is_a_message_not_an_error(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(pdf, "soffice", lambda: None)
    source = tmp_path / "naskah.docx"
    source.write_bytes(b"")
    message = pdf.convert(source, tmp_path / "naskah.pdf")
    assert message == pdf.missing_message() and "LibreOffice" in message
    assert not (tmp_path / "naskah.pdf").exists()
