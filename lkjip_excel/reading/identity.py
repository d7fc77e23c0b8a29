"""Whose workbook is this? Every identity source a workbook carries, cross-checked.

The template records a workbook's identity (kind, code, name, kecamatan, kabupaten,
year) in several places: the hidden sheet ``_lkjip``, the visible *Identitas* sheet,
the document properties (custom ``lkjip_*`` properties and the ``lkjip:...`` comment,
kept by Excel and LibreOffice, also in .ods), the subtitle under every sheet's title,
and the set of sheets itself (which kind's tables are there). None of them is trusted
alone: each statement is compared with the others, and a workbook whose sources
disagree is one desa (or section) passed off as another: a galat that names each
source, its cell and its value, and the file is set aside.

Comparison ignores case, repeated and surrounding spaces, invisible format characters
and Unicode compatibility forms, and reads ``1`` and ``001`` (a code or year typed as a
number) alike. A blank field or a missing source states nothing and disagrees with
nothing; a missing hidden sheet is a warning of its own.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from ..findings import Finding
from ..schema import META_SHEET, SCHEMA
from ..schema.identity import IDENTITY_FIELDS
from ..schema.layout import FORM_LABEL_COL, FORM_VALUE_COL, cell_address
from ..text import normal_label

#: the findings that set a workbook aside: it is not (only) the desa or section it says
SET_ASIDE = frozenset({"IDENTITAS_TIDAK_SAMA", "IDENTITAS_DESA_LAIN", "KABUPATEN_LAIN"})

#: the sources, strongest first: on a tie the earlier one gives the identity used
HIDDEN, IDENTITAS, PROPERTIES, COMMENT, SHEETS = range(5)

_LABELS = {c.key: c.label for c in SCHEMA.identity.columns}
_NUMERIC_FIELDS = ("kode", "tahun")


@dataclass(slots=True)
class Statement:
    """One source saying one identity field."""

    source: int
    field: str
    text: str  # as written (stripped), never blank
    where: str  # Indonesian: which source, which cell
    sheet: str | None = None
    cell: str | None = None

    @property
    def key(self) -> str:
        return comparable(self.field, self.text)


@dataclass
class Sources:
    """Every identity statement found in one workbook."""

    statements: list[Statement] = field(default_factory=list)
    #: the hidden sheet is there and states something
    has_hidden: bool = False
    has_identitas: bool = False
    versi_skema: str = ""

    def add(
        self, source: int, key: str, value: Any, where: str, sheet: str | None = None, cell: str | None = None
    ) -> None:
        text = cell_text(value)
        if key in IDENTITY_FIELDS and text:
            self.statements.append(Statement(source, key, text, where, sheet, cell))

    @property
    def template_jenis(self) -> str | None:
        """The kind stated by the hidden or the Identitas sheet (what makes it a template)."""
        for s in self.statements:
            if s.field == "jenis" and s.source in (HIDDEN, IDENTITAS):
                return s.text
        return None


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


@functools.lru_cache(maxsize=8192)  # labels, names and subtitles repeat in every file
def normal(text: str) -> str:
    """Case, spaces, invisible format characters and compatibility forms do not count."""
    return normal_label(text, compatibility=True)


@functools.lru_cache(maxsize=8192)
def comparable(key: str, text: str) -> str:
    out = normal(text)
    if key in _NUMERIC_FIELDS:
        try:
            number = Decimal(out)
        except (InvalidOperation, ValueError):
            return out
        if number.is_finite() and number == number.to_integral_value() and abs(number) < 10**30:
            return str(int(number))
    return out


# --------------------------------------------------------------------- the sources


def gather(
    sheet_names: list[str], rows: Callable[[str], list[list[Any]]], parts: Mapping[str, bytes]
) -> Sources:
    """The statements of the hidden sheet, the Identitas sheet, the properties and the
    sheets present. ``rows(name)`` gives a sheet's values; ``parts`` the zip members read."""
    found = Sources()
    names = set(sheet_names)
    if META_SHEET in names:
        for r, row in enumerate(rows(META_SHEET)):
            if r == 0 or len(row) < 2:
                continue
            key = normal(cell_text(row[0]))
            cell = cell_address(r, 1)
            found.add(HIDDEN, key, row[1], f"lembar tersembunyi '{META_SHEET}' sel {cell}", META_SHEET, cell)
            if key == "versi_skema" and not found.versi_skema:
                found.versi_skema = cell_text(row[1])
    sheet = SCHEMA.identity.sheet
    if sheet in names:
        found.has_identitas = True
        by_label = {normal(c.label): c.key for c in SCHEMA.identity.columns}
        for r, row in enumerate(rows(sheet)):
            if len(row) <= FORM_VALUE_COL:
                continue
            field_key = by_label.get(normal(cell_text(row[FORM_LABEL_COL])))
            if field_key is None:
                continue
            cell = cell_address(r, FORM_VALUE_COL)
            found.add(IDENTITAS, field_key, row[FORM_VALUE_COL], f"lembar '{sheet}' sel {cell}", sheet, cell)
            if field_key == "versi_skema" and not found.versi_skema:
                found.versi_skema = cell_text(row[FORM_VALUE_COL])
    found.has_hidden = any(s.source == HIDDEN for s in found.statements)
    _properties(found, parts)
    _sheet_set(found, names)
    return found


#: the property parts are tiny and free of DTDs (the container refuses those): read with
#: patterns, ten times faster than an XML parser per file
_DC = "{http://purl.org/dc/elements/1.1/}"
_ODF_META = "{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}"
#: OOXML writes characters XML cannot hold (controls, and a literal ``_xHHHH_``) as ``_xHHHH_``
_OOXML_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _xml_text(value: str) -> str:
    """A property's text as written: OOXML's ``_xHHHH_`` escapes undone (the XML parser
    has already undone the entities)."""
    return _OOXML_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), value)


def _parse_xml(data: bytes) -> Any:
    """A property part as an element tree (entities and DTDs refused); None when unreadable."""
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        return fromstring(data)
    except (ParseError, DefusedXmlException, ValueError):
        return None


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _properties(found: Sources, parts: Mapping[str, bytes]) -> None:
    """``lkjip_*`` custom properties and the ``lkjip:jenis:kode:tahun:versi`` comment
    (.xlsx: docProps/custom.xml and core.xml; .ods: meta.xml), read as XML whatever prefixes
    and namespace declarations the program that saved the file chose. Unreadable: no statement."""
    custom: list[tuple[str, str]] = []
    comments: list[str] = []
    for part in ("docProps/custom.xml", "docProps/core.xml", "meta.xml"):
        data = parts.get(part)
        root = _parse_xml(data) if data else None
        if root is None:
            continue
        text = _xml_text if part.startswith("docProps/") else str
        for element in root.iter():
            name = _local(element.tag)
            if name == "description" and element.tag.startswith(_DC):
                comments.append(text("".join(element.itertext())))
            elif name == "property" and part == "docProps/custom.xml":
                key = element.get("name") or ""
                if key.startswith("lkjip_"):
                    custom.append((key, text("".join(element.itertext()))))
            elif name == "user-defined" and element.tag.startswith(_ODF_META):
                key = element.get(_ODF_META + "name") or ""
                if key.startswith("lkjip_"):
                    custom.append((key, "".join(element.itertext())))
    for name, value in custom:
        key = name[len("lkjip_") :]
        found.add(PROPERTIES, key, value, f"properti berkas '{name}'")
    for comment in comments:
        fields = comment.strip().split(":")
        if len(fields) == 5 and fields[0] == "lkjip":
            for key, value in zip(("jenis", "kode", "tahun"), fields[1:4], strict=True):
                found.add(COMMENT, key, value, f"komentar properti berkas '{comment.strip()}'")


def _sheet_set(found: Sources, names: set[str]) -> None:
    """The kind whose sheets are all there, when exactly one kind's are."""
    complete = [k for k in SCHEMA.kinds if all(t.sheet in names for t in k.tables)]
    if len(complete) == 1:
        kind = complete[0]
        sheets = ", ".join(t.sheet for t in kind.tables)
        found.add(SHEETS, "jenis", kind.key, f"susunan lembar berkas ({sheets})")


# --------------------------------------------------------------------- the check


@dataclass
class Verdict:
    """The identity the sources agree on (or most of them), and every disagreement."""

    values: dict[str, str]
    findings: list[Finding]
    #: every (jenis, kode) any source claims, for naming the file when it is set aside
    claims: list[tuple[str, str]]


def reconcile(file: str, sources: Sources) -> Verdict:
    values: dict[str, str] = {}
    findings: list[Finding] = []
    for key in IDENTITY_FIELDS:
        said = [s for s in sources.statements if s.field == key]
        if not said:
            continue
        votes: dict[str, list[Statement]] = {}
        for s in said:
            votes.setdefault(s.key, []).append(s)
        # the most sources; on a tie the strongest source (the hidden sheet first)
        best = max(votes.values(), key=lambda group: (len(group), -min(s.source for s in group)))
        reference = min(best, key=lambda s: s.source)
        values[key] = reference.text
        agreeing = ", ".join(s.where for s in best)
        for s in said:
            if s.key == reference.key:
                continue
            findings.append(
                Finding(
                    "IDENTITAS_TIDAK_SAMA",
                    file,
                    s.sheet,
                    s.cell,
                    SCHEMA.identity.name,
                    key,
                    {
                        "label": _LABELS[key],
                        "a": s.text,
                        "source_a": s.where,
                        "b": reference.text,
                        "source_b": agreeing,
                    },
                )
            )
    for s in sources.statements:
        if s.field == "jenis" and s.source != SHEETS and kind_key(s.text) is None:
            findings.append(Finding("JENIS_TIDAK_DIKENAL", file, s.sheet, s.cell, values={"jenis": s.text}))
    claims = _claims(sources, values)
    return Verdict(values, findings, claims)


def kind_key(jenis: str) -> str | None:
    """The schema's key of a stated kind (case and spaces aside), or None."""
    wanted = normal(jenis)
    return next((k.key for k in SCHEMA.kinds if normal(k.key) == wanted), None)


def _claims(sources: Sources, values: dict[str, str]) -> list[tuple[str, str]]:
    """(jenis, kode) as each source that states both (with the agreed one) says it."""
    out: list[tuple[str, str]] = []
    by_source: dict[int, dict[str, str]] = {}
    for s in sources.statements:
        by_source.setdefault(s.source, {}).setdefault(s.field, s.text)
    for stated in [values, *by_source.values()]:
        jenis, kode = kind_key(stated.get("jenis", "")), stated.get("kode")
        if jenis and kode and (jenis, kode) not in out:
            out.append((jenis, kode))
    return out
