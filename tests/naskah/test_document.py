"""The example's document: through LibreOffice to PDF, its text has the result's figures, every
table, no unrendered tag, and the placeholders the command counts."""

from __future__ import annotations

import copy
import dataclasses
import io
import re
import zipfile

from lkjip_excel.findings import Finding, Severity
from lkjip_excel.naskah.render import paragraph_texts, render
from tests.helpers import pdf_text
from tests.naskah.expected import flat, key_phrases, table_captions


def _pdf(libreoffice) -> str:
    pdf = libreoffice.get(libreoffice.original("naskah", "pdf"), "pdf")
    pages, text = pdf_text(pdf)
    assert pages >= 10
    return text


def test_pdf_says_the_key_sentences_with_the_results_figures(libreoffice, example_hasil):
    text = flat(_pdf(libreoffice))
    for phrase in key_phrases(example_hasil):
        assert phrase in text, phrase


def test_pdf_has_every_table_of_the_result_in_order(libreoffice, example_hasil):
    text = flat(_pdf(libreoffice))
    text = text[text.rindex("BAB I PENDAHULUAN") :]  # the body, after the contents and list of tables
    positions = []
    for title in table_captions(example_hasil):
        assert title in text, title
        positions.append(text.index(title, positions[-1] if positions else 0))
    assert positions == sorted(positions)


def test_pdf_has_no_unrendered_tag_and_the_counted_placeholders(libreoffice, example_rendered):
    text = _pdf(libreoffice)
    assert "{{" not in text and "{%" not in text and "}}" not in text
    assert flat(text).count("[Isi:") == example_rendered.placeholders > 0


def test_docx_has_no_unrendered_tag(example_docx):
    texts = paragraph_texts(example_docx)
    assert not [t for t in texts if "{{" in t or "{%" in t or "%}" in t]


def test_placeholders_are_highlighted_and_counted(example_docx, example_rendered):
    from docx.oxml.ns import qn

    highlighted = 0
    for paragraph in example_docx.element.body.iter(qn("w:p")):
        runs = [
            r
            for r in paragraph.iter(qn("w:r"))
            if "[Isi:" in "".join(t.text or "" for t in r.iter(qn("w:t")))
        ]
        for run in runs:
            props = run.find(qn("w:rPr"))
            assert props is not None and (
                props.find(qn("w:highlight")) is not None or props.find(qn("w:shd")) is not None
            )
            highlighted += 1
    assert highlighted == example_rendered.placeholders


def test_tables_are_word_tables_with_indonesian_numbers(example_docx, example_hasil):
    from lkjip_excel import fmt

    assert len(example_docx.tables) == len(example_hasil.tables)
    budget = example_hasil.tables["anggaran"]
    cells = {
        c.text
        for row in example_docx.tables[list(example_hasil.tables).index("anggaran")].rows
        for c in row.cells
    }
    assert fmt.number(budget.total.values["realisasi"], 0) in cells
    assert fmt.number(budget.total.values["serapan"], 2) in cells


def test_toc_and_list_of_tables_are_fields_updated_on_open(example_rendered):
    with zipfile.ZipFile(io.BytesIO(example_rendered.data)) as archive:
        document = archive.read("word/document.xml").decode()
        settings = archive.read("word/settings.xml").decode()
    assert re.search(r'<w:updateFields w:val="(true|1)"/>', settings)
    instructions = re.findall(r"<w:instrText[^>]*>([^<]*)</w:instrText>", document)
    assert any(i.strip().startswith("TOC \\o") for i in instructions)
    assert any(i.strip().startswith("TOC \\h \\z \\t") for i in instructions)


def test_toc_fields_show_the_headings_and_captions_until_word_updates_them(example_docx, example_hasil):
    texts = paragraph_texts(example_docx)
    list_of_tables = next(t for t in texts if t.startswith(table_captions(example_hasil)[0]) and len(t) > 200)
    assert list_of_tables == "".join(table_captions(example_hasil))  # one per line (w:br)
    contents = next(t for t in texts if t.startswith("KATA PENGANTAR") and "BAB IV PENUTUP" in t)
    assert "BAB III AKUNTABILITAS KINERJA" in contents


def test_charts_are_images(example_rendered, example_hasil):
    with zipfile.ZipFile(io.BytesIO(example_rendered.data)) as archive:
        images = [n for n in archive.namelist() if n.startswith("word/media/")]
    # one chart per sasaran and the budget's
    assert len(images) == len(example_hasil.ringkasan.sasaran) + 1


def test_signature_comes_from_penandatangan(example_hasil):
    from lkjip_excel import fmt

    hasil = copy.deepcopy(example_hasil)
    hasil.penandatangan = dataclasses.replace(
        hasil.penandatangan, nama="Drs. Contoh Nama", nip="197001012000031001", pangkat="Pembina"
    )
    texts = flat("\n".join(paragraph_texts(_docx(render(hasil).data))))
    assert "Drs. Contoh Nama" in texts and "NIP. 197001012000031001" in texts
    assert f"{hasil.penandatangan.tempat}, {fmt.long_date(hasil.penandatangan.tanggal)}" in texts


def test_a_run_with_errors_says_so_on_the_first_page(example_hasil):
    hasil = copy.deepcopy(example_hasil)
    hasil.findings.append(Finding("BERKAS_TIDAK_TERBACA", file="x.xlsx"))
    hasil.ringkasan = dataclasses.replace(hasil.ringkasan, galat=hasil.count(Severity.GALAT))
    assert hasil.has_errors
    document = _docx(render(hasil).data)
    first = [t for t in paragraph_texts(document) if t.strip()][0]
    assert "PERHATIAN" in first and str(hasil.ringkasan.galat) in first


def test_a_missing_figure_becomes_a_placeholder_not_a_guess(example_hasil, example_rendered):
    hasil = copy.deepcopy(example_hasil)
    hasil.ringkasan = dataclasses.replace(hasil.ringkasan, ikm=None, mutu_ikm=None)
    rendered = render(hasil)
    texts = flat("\n".join(paragraph_texts(_docx(rendered.data))))
    assert "[Isi: nilai IKM]" in texts and "[Isi: mutu pelayanan]" in texts
    assert rendered.placeholders > example_rendered.placeholders


def test_new_tables_appear_without_code_changes(example_hasil):
    from lkjip_excel.engine.model import Baris, Kolom, Tabel

    hasil = copy.deepcopy(example_hasil)
    extra = Tabel("tabel_baru", [Kolom("uraian", "Uraian", "text"), Kolom("nilai", "Nilai", "decimal")])
    extra.rows.append(Baris({"uraian": "Satu", "nilai": 1234.5}))
    extra.title, extra.nomor = "Tabel Tambahan dari Mesin", "Tabel 99"
    tables = list(hasil.tables.items())
    at = [k for k, _ in tables].index("iku")
    hasil.tables = dict(tables[:at] + [("tabel_baru", extra)] + tables[at:])
    texts = paragraph_texts(_docx(render(hasil).data))
    assert "Tabel 99. Tabel Tambahan dari Mesin" in texts
    # it follows the table before it (kepegawaian: BAB I), before BAB II begins
    assert texts.index("Tabel 99. Tabel Tambahan dari Mesin") < texts.index("BAB II PERENCANAAN KINERJA")


def _docx(data: bytes):
    from docx import Document

    return Document(io.BytesIO(data))


def test_text_from_the_data_cannot_break_or_inject_into_the_document(example_hasil):
    hostile = "Desa {{ tahun }} {% if x %} & <b> \x0b\x01 $x^2$ \u202e"
    hasil = copy.deepcopy(example_hasil)
    hasil.ringkasan = dataclasses.replace(
        hasil.ringkasan,
        sasaran=tuple(dataclasses.replace(s, indikator=hostile) for s in hasil.ringkasan.sasaran),
    )
    hasil.tables["wilayah"].rows[0].values["desa"] = hostile
    hasil.tables["wilayah"].title = hostile
    texts = "\n".join(paragraph_texts(_docx(render(hasil).data)))
    assert "Desa {{ tahun }} {% if x %} & <b> \\x0b\\x01 $x^2$" in texts  # as written, escaped, not evaluated
    assert "\x01" not in texts
