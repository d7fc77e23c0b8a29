"""The default document template, built with python-docx from code (no binary in the repo).

It follows the order of an LKjIP: cover, kata pengantar with the signature, ikhtisar
eksekutif, table of contents and list of tables (Word fields, updated when the document is
opened), BAB I–IV. Its text is Jinja (docxtpl): the fields of :mod:`.fields`. Whatever needs
human judgement is a yellow-highlighted ``[Isi: …]``. ``naskah --contoh-templat`` writes
it for a kecamatan to edit.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

#: the style of table captions; the list of tables is a TOC field over it
CAPTION_STYLE = "Judul Tabel"
FONT = "Arial"


def _field(paragraph: Any, instruction: str, shown: str) -> None:
    """A complex field (TOC, PAGE) marked dirty, so Word computes it when the file opens."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def run_with(child: Any) -> None:
        run = OxmlElement("w:r")
        run.append(child)
        paragraph._p.append(run)

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    begin.set(qn("w:dirty"), "true")
    run_with(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run_with(instr)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run_with(separate)
    text = OxmlElement("w:t")
    text.set(qn("xml:space"), "preserve")
    text.text = shown
    run_with(text)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


def _update_fields_on_open(document: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    element = OxmlElement("w:updateFields")
    element.set(qn("w:val"), "true")
    document.settings.element.append(element)


def _styles(document: Any) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    for level, size in ((1, 14), (2, 12), (3, 11)):
        style = document.styles[f"Heading {level}"]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.paragraph_format.space_before = Pt(12)
        style.paragraph_format.space_after = Pt(6)
        if level == 1:
            style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
            style.paragraph_format.page_break_before = True
    caption = document.styles.add_style(CAPTION_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    caption.base_style = normal
    caption.font.bold = True
    caption.font.size = Pt(10)
    caption.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption.paragraph_format.space_before = Pt(10)
    caption.paragraph_format.keep_with_next = True


class _Writer:
    def __init__(self, document: Any):
        self.d = document

    def p(self, *parts: str | tuple[str, str], style: str | None = None, align: str | None = None) -> Any:
        """A paragraph of text runs; a part ``("isi", text)`` is a highlighted placeholder,
        ``("b", text)`` bold."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX

        paragraph = self.d.add_paragraph(style=style)
        if align:
            paragraph.alignment = {
                "center": WD_ALIGN_PARAGRAPH.CENTER,
                "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
                "right": WD_ALIGN_PARAGRAPH.RIGHT,
                "left": WD_ALIGN_PARAGRAPH.LEFT,
            }[align]
        for part in parts:
            kind, text = part if isinstance(part, tuple) else ("", part)
            run = paragraph.add_run(text)
            if kind == "isi":
                run.font.highlight_color = WD_COLOR_INDEX.YELLOW
            elif kind == "b":
                run.bold = True
        return paragraph

    def text(self, *parts: str | tuple[str, str]) -> Any:
        return self.p(*parts, align="justify")

    def isi(self, what: str) -> Any:
        return self.text(("isi", f"[Isi: {what}]"))

    def h(self, text: str, level: int) -> Any:
        return self.d.add_heading(text, level=level)

    def tables(self, group: str) -> None:
        """Every table of a part of the report, in the result's order, with caption, source and notes."""
        self.p("{%p for t in " + group + " %}")
        self.p("{{ t.judul_lengkap }}", style=CAPTION_STYLE)
        self.p("{{p t.isi }}")
        self.p(
            "{% if t.sumber %}Sumber: {{ t.sumber }}.{% endif %}"
            "{% for c in t.catatan %} Catatan: {{ c }}{% endfor %}",
            align="left",
        ).runs[0].font.size = _pt(8)
        self.p("{%p endfor %}")

    def signature(self) -> None:
        for line in (
            "{{r penandatangan.tempat }}, {{r penandatangan.tanggal }}",
            "{{r penandatangan.jabatan }}",
            "",
            "",
            "",
        ):
            self.p(line, align="right")
        self.p(("b", "{{r penandatangan.nama }}"), align="right")
        self.p("{{r penandatangan.pangkat }}", align="right")
        self.p("NIP. {{r penandatangan.nip }}", align="right")


def _pt(size: float) -> Any:
    from docx.shared import Pt

    return Pt(size)


def _cover(w: _Writer) -> None:
    from docx.shared import Pt, RGBColor

    w.p("{%p if pemberitahuan_galat %}")
    notice = w.p(("b", "{{ pemberitahuan_galat }}"), align="center")
    notice.runs[0].font.color.rgb = RGBColor(0xC0, 0, 0)
    w.p("{%p endif %}")
    for _ in range(5):
        w.p("")
    for text, size in (
        ("LAPORAN KINERJA INSTANSI PEMERINTAH", 18),
        ("(LKjIP)", 16),
        ("TAHUN {{ tahun }}", 16),
        ("", 12),
        ("KECAMATAN {{ kecamatan_kapital }}", 16),
    ):
        w.p(("b", text), align="center").runs[0].font.size = Pt(size)
    for _ in range(10):
        w.p("")
    for text in ("PEMERINTAH KABUPATEN {{ kabupaten_kapital }}", "KECAMATAN {{ kecamatan_kapital }}"):
        w.p(("b", text), align="center").runs[0].font.size = Pt(13)
    w.p(("isi", "[Isi: alamat kantor kecamatan]"), align="center")


def _front(w: _Writer) -> None:
    w.h("KATA PENGANTAR", 1)
    w.text(
        "Laporan Kinerja Instansi Pemerintah (LKjIP) Kecamatan {{ kecamatan }} tahun {{ tahun }} "
        "menyajikan capaian kinerja kecamatan atas sasaran strategis yang ditetapkan dalam Perjanjian "
        "Kinerja tahun {{ tahun }}, sebagai wujud pertanggungjawaban pelaksanaan tugas dan fungsi "
        "kepada Bupati {{ kabupaten }} dan masyarakat."
    )
    w.text(
        "{{r kalimat.kiriman }} Data itu telah diperiksa, sehingga setiap angka dapat ditelusuri ke sumbernya."
    )
    w.isi("harapan dan ucapan terima kasih Camat")
    w.signature()
    w.h("IKHTISAR EKSEKUTIF", 1)
    w.text("{{r kalimat.pembuka }}")
    w.p("{%p for s in sasaran %}")
    w.text("{{r s.kalimat_capaian }} {{r s.kalimat_tahun_lalu }}")
    w.p("{%p endfor %}")
    w.text("{{r kalimat.sakip }} {{r kalimat.ikm }}")
    w.text("{{r kalimat.serapan }}")
    w.isi("kendala utama tahun ini dan langkah perbaikan")
    w.h("DAFTAR ISI", 1)
    _field(w.p(""), 'TOC \\o "1-2" \\h \\z \\u', "Daftar isi diperbarui saat dokumen dibuka di Word.")
    w.h("DAFTAR TABEL", 1)
    _field(
        w.p(""),
        f'TOC \\h \\z \\t "{CAPTION_STYLE},1"',
        "Daftar tabel diperbarui saat dokumen dibuka di Word.",
    )


def _chapters(w: _Writer) -> None:
    w.h("BAB I PENDAHULUAN", 1)
    w.h("A. Gambaran Umum", 2)
    w.isi("dasar hukum pembentukan kecamatan, tugas pokok dan fungsi")
    w.text("{{r kalimat.wilayah }}")
    w.isi("letak geografis, batas wilayah dan kondisi demografis lain")
    w.h("B. Struktur Organisasi dan Kepegawaian", 2)
    w.isi("struktur organisasi kecamatan")
    w.h("C. Data Wilayah, Potensi dan Kepegawaian", 2)
    w.tables("bab.pendahuluan")
    w.h("D. Permasalahan dan Isu Strategis", 2)
    w.isi("permasalahan utama dan isu strategis kecamatan")

    w.h("BAB II PERENCANAAN KINERJA", 1)
    w.h("A. Rencana Strategis", 2)
    w.isi("visi, misi, tujuan dan kebijakan dalam Renstra")
    w.h("B. Indikator Kinerja Utama dan Perjanjian Kinerja Tahun {{ tahun }}", 2)
    w.text(
        "Sasaran strategis, indikator kinerja dan target tahun {{ tahun }} yang diperjanjikan "
        "tercantum dalam tabel berikut."
    )
    w.tables("bab.perencanaan")

    w.h("BAB III AKUNTABILITAS KINERJA", 1)
    w.h("A. Capaian Kinerja Organisasi", 2)
    w.text("{{r kalimat.pembuka }}")
    w.p("{%p for s in sasaran %}")
    w.h("Sasaran {{ s.nomor }}: {{ s.sasaran }}", 3)
    w.text("Indikator kinerja: {{ s.indikator }}. {{r s.kalimat_capaian }}")
    w.text("{{r s.kalimat_tahun_lalu }}")
    w.text("{{r s.kalimat_renstra }}")
    w.p("{{ s.grafik }}", align="center")
    w.isi("analisis penyebab keberhasilan atau kegagalan sasaran {{ s.nomor }}")
    w.isi("kendala sasaran {{ s.nomor }} dan upaya yang telah dilakukan")
    w.p("{%p endfor %}")
    w.text("{{r kalimat.sakip }} {{r kalimat.ikm }}")
    w.text("Rincian capaian, efisiensi sumber daya dan layanan kecamatan tercantum dalam tabel berikut.")
    w.tables("bab.akuntabilitas")
    w.isi("analisis efisiensi penggunaan sumber daya")
    w.h("B. Realisasi Anggaran", 2)
    w.text("{{r kalimat.serapan }}")
    w.p("{{ grafik_anggaran }}", align="center")
    w.tables("bab.anggaran")
    w.isi("penyebab sisa anggaran dan langkah perbaikan penyerapan")

    w.h("BAB IV PENUTUP", 1)
    w.text(
        "Laporan ini menunjukkan capaian kinerja Kecamatan {{ kecamatan }} tahun {{ tahun }}: "
        "{{r kalimat.pembuka }} {{r kalimat.serapan }}"
    )
    w.isi("keberhasilan utama tahun ini")
    w.isi("kendala dan hambatan")
    w.isi("rencana tindak lanjut tahun {{ tahun + 1 }}")
    w.signature()


def default_template() -> Any:
    """The default template as a python-docx Document."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(25)
    section.top_margin = section.bottom_margin = Mm(25)
    _styles(document)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(footer, "PAGE", "1")
    _update_fields_on_open(document)
    document.core_properties.title = "LKjIP Kecamatan"
    document.core_properties.author = "lkjip-excel"
    w = _Writer(document)
    _cover(w)
    _front(w)
    _chapters(w)
    return document


def write_default_template(path: Path) -> Path:
    """``naskah --contoh-templat``: the default template, written atomically."""
    from ..atomic import atomic_path

    path = Path(path)
    with atomic_path(path) as tmp:
        default_template().save(str(tmp))
    return path
