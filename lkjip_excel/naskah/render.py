"""Render a template (the default one or a kecamatan's) with a result, safely.

A kecamatan's template is untrusted input: it is read once as bytes (size-limited), must be
a sound zip (no bomb, no broken member, no DOCTYPE) holding a Word document, and is rendered
in Jinja's sandbox with every unknown name an error (StrictUndefined). Problems are one
Indonesian line (:class:`NaskahError`, exit 2), never a traceback.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..engine.model import Hasil
from ..errors import UsageError

#: limits for a template file: its size, its members, what they unpack to and by how much
MAX_TEMPLATE_BYTES = 50 * 1024 * 1024
MAX_MEMBERS = 2000
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 200
#: what a placeholder looks like in the document
PLACEHOLDER = re.compile(r"\[Isi:")
FIELDS_DOC = "docs/naskah.md"


class NaskahError(UsageError):
    """The template or the document cannot be used as asked (exit 2)."""


@dataclass(frozen=True)
class Rendered:
    """A rendered document in memory and how many placeholders remain in it."""

    data: bytes
    placeholders: int


def _damaged(path: Path, why: str) -> NaskahError:
    return NaskahError(
        f"Templat {path} tidak bisa dipakai: {why}. Pakai berkas .docx yang disimpan dari Word atau "
        "LibreOffice, atau buat contoh dengan 'lkjip-excel naskah --contoh-templat BERKAS.docx'."
    )


def read_template(path: Path) -> bytes:
    """The template's bytes, checked to be a sound Word document."""
    path = Path(path)
    try:
        if not path.is_file():
            raise NaskahError(f"Templat {path} tidak ada (atau bukan berkas). Periksa nama berkasnya.")
        if path.stat().st_size > MAX_TEMPLATE_BYTES:
            raise _damaged(path, "berkas lebih dari 50 MB")
        data = path.read_bytes()
    except OSError as exc:
        raise NaskahError(
            f"Templat {path} tidak bisa dibaca ({exc.strerror or type(exc).__name__})."
        ) from None
    check_docx(path, data)
    return data


def check_docx(path: Path, data: bytes) -> None:
    """Refuse what is not a sound .docx (:class:`NaskahError` naming the problem)."""
    if data[:4] == b"\xd0\xcf\x11\xe0":
        raise _damaged(path, "berkas ini format Word lama (.doc) atau terkunci sandi; simpan sebagai .docx")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if len(members) > MAX_MEMBERS:
                raise _damaged(path, f"berisi lebih dari {MAX_MEMBERS} bagian")
            if sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
                raise _damaged(path, "isinya terlalu besar bila dibuka (lebih dari 200 MB)")
            for m in members:
                if m.file_size > 1024 * 1024 and m.file_size > MAX_RATIO * max(m.compress_size, 1):
                    raise _damaged(path, f"bagian {m.filename} dimampatkan secara tidak wajar")
            names = {m.filename for m in members}
            if "[Content_Types].xml" not in names or "word/document.xml" not in names:
                raise _damaged(path, "berkas ini bukan dokumen Word (tidak ada word/document.xml)")
            for m in members:
                if m.filename.endswith((".xml", ".rels")):
                    with archive.open(m) as member:
                        head = member.read(MAX_UNPACKED_BYTES)
                    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                        raise _damaged(path, f"bagian {m.filename} memuat DOCTYPE (tidak diizinkan)")
                    if m.filename.endswith(".rels"):
                        _check_relationships(path, m.filename, head)
    except NaskahError:
        raise
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        EOFError,
        OSError,
        ValueError,
        NotImplementedError,
    ) as exc:
        why = "berkas rusak atau terpotong" if data[:2] == b"PK" else "berkas ini bukan .docx"
        raise _damaged(path, f"{why} ({type(exc).__name__})") from None
    except Exception as exc:  # noqa: BLE001 - zlib.error and friends from a damaged member
        raise _damaged(path, f"berkas rusak ({type(exc).__name__})") from None


#: the only relationship a template may point outside itself with: a link a reader clicks
LINK_SCHEMES = ("http://", "https://", "mailto:")


def _check_relationships(path: Path, part: str, data: bytes) -> None:
    """Refuse a relationship to anything outside the file (an attached template, a linked
    image, an OLE object...) but a hyperlink: it would pass into every document made."""
    import xml.etree.ElementTree as ElementTree

    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError:
        raise _damaged(path, f"bagian {part} rusak") from None
    for rel in root:
        if (rel.get("TargetMode") or "").lower() != "external":
            continue
        kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
        target = rel.get("Target") or ""
        if kind == "hyperlink" and target.lower().startswith(LINK_SCHEMES):
            continue
        raise _damaged(
            path,
            f"bagian {part} menautkan {kind or 'sesuatu'} di luar berkas ({target[:80]}); hapus tautan itu "
            "(misalnya templat terlampir atau gambar tertaut) lalu simpan ulang",
        )


def _environment() -> Any:
    from .sandbox import environment

    return environment()


def _unknown_name(message: str) -> str | None:
    found = re.search(
        r"has no attribute '([^']+)'|'([^']+)' is undefined|no (?:filter|test) named '([^']+)'",
        message,
        re.IGNORECASE,
    )
    return next((g for g in found.groups() if g), None) if found else None


def _template_error(source: str, exc: BaseException, group: str | None = None) -> NaskahError:
    from jinja2 import TemplateSyntaxError, UndefinedError
    from jinja2.exceptions import SecurityError, TemplateNotFound

    from .sandbox import PrintedGroup, Refused

    if isinstance(exc, Refused):
        return NaskahError(f"Templat {source} tidak bisa diisi: {exc.why}. Sederhanakan templatnya.")
    if isinstance(exc, PrintedGroup):
        return NaskahError(
            f"Templat {source}: isian {{{{ {group or '…'} }}}} berisi kelompok atau daftar, "
            "bukan teks. Tulis bagiannya (misalnya {{ penandatangan.nama }}) atau ulangi daftarnya dengan "
            "{% for … %}. Lihat " + FIELDS_DOC + "."
        )
    if isinstance(exc, RecursionError):
        return NaskahError(
            f"Templat {source} tidak bisa diisi: ada makro atau isian yang memanggil dirinya sendiri tanpa henti."
        )
    if isinstance(exc, MemoryError):
        return NaskahError(
            f"Templat {source} tidak bisa diisi: hasilnya terlalu besar. Sederhanakan templatnya."
        )
    if isinstance(exc, SecurityError):
        return NaskahError(
            f"Templat {source} memakai sesuatu yang tidak diizinkan (atribut tersembunyi atau pengubahan data). "
            f"Pakai hanya isian dari {FIELDS_DOC}."
        )
    if isinstance(exc, TemplateNotFound) or (isinstance(exc, TypeError) and "loader" in str(exc)):
        return NaskahError(
            f"Templat {source}: {{% include %}}, {{% import %}} dan {{% extends %}} tidak bisa dipakai. "
            "Tulis semua isinya di satu templat."
        )
    element = re.search(r"has no element (\S+)", str(exc))
    if element:
        return NaskahError(
            f"Templat {source} meminta butir {element.group(1)} dari sebuah daftar yang tidak sepanjang itu. "
            "Ulangi daftarnya dengan {% for … %}."
        )
    if isinstance(exc, UndefinedError) or (name := _unknown_name(str(exc))):
        name = _unknown_name(str(exc)) or str(exc)
        return NaskahError(
            f"Templat {source} memakai isian yang tidak dikenal: '{name}'. Daftar isian yang bisa dipakai "
            f"ada di {FIELDS_DOC}."
        )
    if isinstance(exc, TemplateSyntaxError):
        return NaskahError(
            f"Templat {source}: penulisan isian salah (ada tanda yang tidak ditutup, tidak berpasangan atau "
            "tidak dikenal). Periksa tanda {{ }} dan {% %}."
        )
    if type(exc).__name__ == "XMLSyntaxError":
        return NaskahError(
            f"Templat {source}: hasil pengisian bukan dokumen Word yang utuh. Letakkan setiap {{% … %}} utuh "
            "dalam satu paragraf, dan {%p … %} atau {%tr … %} untuk paragraf atau baris tabel."
        )
    return NaskahError(
        f"Templat {source} tidak bisa diisi: ada isian yang tidak bisa dihitung (jenis datanya tidak cocok, "
        f"misalnya teks dengan angka). Periksa isiannya terhadap {FIELDS_DOC}."
    )


def paragraph_texts(document: Any) -> list[str]:
    """The text of every paragraph of a python-docx document (body, tables, headers, footers)."""
    from docx.oxml.ns import qn

    parts = [document.element.body]
    for section in document.sections:
        for part in (section.header, section.footer):
            if not part.is_linked_to_previous:
                parts.append(part._element)
    return [
        "".join(t.text or "" for t in paragraph.iter(qn("w:t")))
        for element in parts
        for paragraph in element.iter(qn("w:p"))
    ]


def count_placeholders(document: Any) -> int:
    """``[Isi: …]`` left in a python-docx document, counted per paragraph."""
    return sum(len(PLACEHOLDER.findall(text)) for text in paragraph_texts(document))


def prefill_tables_of_contents(document: Any) -> None:
    """Write the headings (``TOC \\o``) and the table captions (``TOC \\t "<caption style>"``)
    as the TOC fields' shown result, one per line without page numbers: LibreOffice (the PDF)
    shows it as it is; Word recomputes the fields, with page numbers, when the file opens."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    from .template import CAPTION_STYLE

    ids = {s.name: s.style_id for s in document.styles}
    heading_ids = {ids.get("Heading 1"), ids.get("Heading 2")} - {None}
    caption_id = ids.get(CAPTION_STYLE)
    paragraphs = document.paragraphs
    headings = [p.text for p in paragraphs if p._p.style in heading_ids]
    captions = [p.text for p in paragraphs if caption_id is not None and p._p.style == caption_id]
    for paragraph in paragraphs:
        instruction = "".join(i.text or "" for i in paragraph._p.iter(qn("w:instrText"))).strip()
        if not instruction.startswith("TOC"):
            continue
        entries = captions if f'"{CAPTION_STYLE}' in instruction else headings
        shown = [t for t in paragraph._p.iter(qn("w:t"))]
        if not shown or not entries:
            continue
        run = shown[0].getparent()
        for extra in shown[1:]:
            extra.getparent().remove(extra)
        run.remove(shown[0])
        for i, entry in enumerate(entries):
            if i:
                run.append(OxmlElement("w:br"))
            text = OxmlElement("w:t")
            text.set(qn("xml:space"), "preserve")
            text.text = entry
            run.append(text)


def render(hasil: Hasil, template: bytes | None = None, source: str = "bawaan") -> Rendered:
    """The document for ``hasil`` from ``template`` (a checked .docx's bytes; the default
    template when None)."""
    from docxtpl import DocxTemplate
    from jinja2 import TemplateError

    from . import fields
    from .context import build_context
    from .sandbox import PrintedGroup, Refused, within_budget
    from .template import default_template

    if template is None:
        buffer = io.BytesIO()
        default_template().save(buffer)
        template = buffer.getvalue()
    env = _environment()
    try:
        tpl = DocxTemplate(io.BytesIO(template))
        tpl.init_docx()
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds on a bad part
        raise NaskahError(
            f"Templat {source} tidak bisa dibuka sebagai dokumen Word ({type(exc).__name__}). "
            "Simpan ulang dari Word sebagai .docx."
        ) from None
    try:
        unknown = sorted(tpl.get_undeclared_template_variables(env) - fields.names())
    except (TemplateError, RecursionError, MemoryError) as exc:
        raise _template_error(source, exc) from None
    if unknown:
        raise NaskahError(
            f"Templat {source} memakai isian yang tidak dikenal: "
            f"{', '.join(repr(u) for u in unknown)}. Daftar isian yang bisa dipakai ada di {FIELDS_DOC}."
        )
    texts = "\n".join(paragraph_texts(tpl.docx))
    plain_rich = fields.plain_use_of_rich(texts)
    if plain_rich:
        raise NaskahError(
            f"Templat {source}: isian {plain_rich} berisi teks bersorot; tulis {{{{r {plain_rich} }}}} "
            "(dengan r), bukan {{ … }}. Lihat " + FIELDS_DOC + "."
        )
    context = build_context(hasil, tpl)
    try:
        within_budget(lambda: tpl.render(context, env, autoescape=True))
    except (TemplateError, Refused, PrintedGroup, RecursionError, MemoryError) as exc:
        raise _template_error(source, exc, fields.printed_group(texts)) from None
    except Exception as exc:  # noqa: BLE001 - whatever a user's expression raises is their template's fault
        raise _template_error(source, exc) from None
    prefill_tables_of_contents(tpl.docx)
    placeholders = count_placeholders(tpl.docx)
    out = io.BytesIO()
    tpl.save(out)
    return Rendered(out.getvalue(), placeholders)
