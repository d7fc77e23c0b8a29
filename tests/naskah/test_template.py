"""A kecamatan's own template: it renders with the declared fields, and an unknown field, a
bad tag or a damaged file is one clear error (NaskahError, exit 2), never a traceback."""

from __future__ import annotations

import copy
import io
import zipfile
from pathlib import Path

import pytest

from lkjip_excel.naskah import fields
from lkjip_excel.naskah.context import build_context
from lkjip_excel.naskah.render import NaskahError, paragraph_texts, read_template, render


def template_with(*paragraphs: str) -> bytes:
    """A .docx whose paragraphs are ``paragraphs`` (python-docx, as a person would type them)."""
    from docx import Document

    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _texts(data: bytes) -> list[str]:
    from docx import Document

    return paragraph_texts(Document(io.BytesIO(data)))


def test_own_template_renders_fields_loops_and_tables(example_hasil):
    data = template_with(
        "Kecamatan {{ kecamatan }} tahun {{ tahun }}: serapan {{ ringkasan.serapan }}.",
        "{{r kalimat.serapan }}",
        "{%p for t in daftar_tabel %}",
        "{{ t.judul_lengkap }}",
        "{{p t.isi }}",
        "{%p endfor %}",
        "{{p tabel.anggaran.isi }}",
    )
    rendered = render(copy.deepcopy(example_hasil), data, "milik.docx")
    texts = _texts(rendered.data)
    from lkjip_excel import fmt

    assert f"Kecamatan {example_hasil.kecamatan} tahun {example_hasil.tahun}: serapan " in texts[0]
    assert fmt.percent(example_hasil.ringkasan.serapan) in texts[0]
    assert fmt.rupiah(example_hasil.ringkasan.realisasi) in texts[1]
    from docx import Document

    assert len(Document(io.BytesIO(rendered.data)).tables) == len(example_hasil.tables) + 1
    assert rendered.placeholders == 0


@pytest.mark.parametrize(
    ("paragraph", "name"),
    [
        ("{{ nama_bupati }}", "nama_bupati"),
        ("{{ ringkasan.tidak_ada }}", "tidak_ada"),
        ("{% for s in sasaran %}{{ s.warna }}{% endfor %}", "warna"),
        ("{{ tahun | rupiah_kata }}", "rupiah_kata"),
    ],
)
def test_an_unknown_field_is_named_in_one_line(example_hasil, paragraph, name):
    with pytest.raises(NaskahError) as caught:
        render(copy.deepcopy(example_hasil), template_with(paragraph), "milik.docx")
    message = str(caught.value)
    assert name in message and "milik.docx" in message and "\n" not in message
    assert caught.value.exit_code == 2


@pytest.mark.parametrize(
    "paragraph",
    ["{{ tahun ", "{% for x in sasaran %}", "{{ tahun.__class__.__mro__ }}", "{{ kecamatan + tahun }}"],
)
def test_a_bad_tag_or_unsafe_expression_is_a_clear_error(example_hasil, paragraph):
    with pytest.raises(NaskahError) as caught:
        render(copy.deepcopy(example_hasil), template_with(paragraph), "milik.docx")
    assert "milik.docx" in str(caught.value) and caught.value.exit_code == 2


def test_a_rich_field_written_without_r_is_refused_not_dropped(example_hasil):
    with pytest.raises(NaskahError, match=r"kalimat\.serapan"):
        render(copy.deepcopy(example_hasil), template_with("{{ kalimat.serapan }}"), "milik.docx")


def _zip(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def _damaged(default_template_bytes: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(default_template_bytes)) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    doctype = dict(parts)
    doctype["word/document.xml"] = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>'
        + parts["word/document.xml"].split(b"?>", 1)[1]
    )
    bomb = dict(parts)
    bomb["word/media/bom.bin"] = bytes(20 * 1024 * 1024)
    return {
        "not-a-zip": b"Ini bukan dokumen Word sama sekali." * 10,
        "truncated": default_template_bytes[: len(default_template_bytes) // 2],
        "empty": b"",
        "old-doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600),
        "spreadsheet": _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}),
        "doctype": _zip(doctype),
        "bomb": _zip(bomb),
        "bad-xml": _zip({**parts, "word/document.xml": b"<w:document><unclosed>"}),
    }


@pytest.mark.parametrize(
    "kind", ["not-a-zip", "truncated", "empty", "old-doc", "spreadsheet", "doctype", "bomb", "bad-xml"]
)
def test_a_damaged_template_is_a_clear_error(tmp_path: Path, default_template_bytes, example_hasil, kind):
    path = tmp_path / f"{kind}.docx"
    path.write_bytes(_damaged(default_template_bytes)[kind])
    with pytest.raises(NaskahError) as caught:
        render(copy.deepcopy(example_hasil), read_template(path), str(path))
    message = str(caught.value)
    assert str(path) in message and "\n" not in message and caught.value.exit_code == 2


def test_a_missing_template_is_a_clear_error(tmp_path: Path):
    with pytest.raises(NaskahError, match="tidak ada"):
        read_template(tmp_path / "tidak-ada.docx")


def test_the_default_template_uses_only_declared_fields(default_template_bytes):
    from docxtpl import DocxTemplate

    from lkjip_excel.naskah.render import _environment

    used = DocxTemplate(io.BytesIO(default_template_bytes)).get_undeclared_template_variables(_environment())
    assert used <= fields.names()
    assert {"sasaran", "kalimat", "bab", "penandatangan", "pemberitahuan_galat"} <= used


def _shape(value, field):
    """The names a context value offers for ``field``."""
    if field.kind == "daftar":
        return {k for item in value for k in item}
    return set(value)


def test_the_context_is_exactly_the_declared_fields(example_hasil, default_template_bytes):
    from docxtpl import DocxTemplate

    tpl = DocxTemplate(io.BytesIO(default_template_bytes))
    tpl.init_docx()
    context = build_context(copy.deepcopy(example_hasil), tpl)
    assert set(context) == fields.names()
    for field in fields.FIELDS:
        if not field.children:
            continue
        value = context[field.name]
        if field.name == "tabel":  # by key: each one a table
            assert set(value) == set(example_hasil.tables)
            assert {k for t in value.values() for k in t} == fields.names(field.children)
        elif field.name == "bab":
            assert set(value) == fields.names(field.children)
            for part in field.children:
                assert {k for t in value[part.name] for k in t} <= fields.names(part.children)
        else:
            assert _shape(value, field) == fields.names(field.children), field.name
