"""The identity checks beyond the sources agreeing (:mod:`~lkjip_excel.reading.identity`):
the subtitle under each sheet's title, and the stated identity against the settings (a desa
code of one desa with the name of another, another kabupaten, a section's code).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ..findings import Finding
from ..schema import SCHEMA
from ..schema.layout import PETUNJUK_SHEET, cell_address, sheet_subtitle
from ..settings import Desa, Settings
from .identity import _LABELS, IDENTITAS, Sources, comparable, normal

#: how far down a sheet a subtitle is looked for (rows may have been inserted above it)
SUBTITLE_SEARCH_ROWS = 40
_SUBTITLE = re.compile(r"\s-\s*kecamatan\s.*\s-\s*tahun\s", re.IGNORECASE)


class SubtitleCheck:
    """The subtitle under each sheet's title must name the agreed identity."""

    def __init__(self, file: str, values: Mapping[str, str]):
        self.file = file
        get = values.get
        self.expected = sheet_subtitle(
            get("jenis", ""), get("nama", ""), get("kecamatan", ""), get("tahun", "")
        )
        self._expected = normal(self.expected)
        self._mismatches: dict[str, list[tuple[str, str]]] = {}  # text -> [(sheet, cell)]

    def see(self, sheet: str, rows: list[list[Any]]) -> None:
        column = 1 if sheet == PETUNJUK_SHEET else 0
        for r in range(min(len(rows), SUBTITLE_SEARCH_ROWS)):
            row = rows[r]
            if len(row) <= column or not isinstance(row[column], str):
                continue
            if "-" not in row[column] or not _SUBTITLE.search(row[column]):  # (most cells: no dash)
                continue
            text = normal(row[column])
            if sheet == PETUNJUK_SHEET:  # "... - Tahun 2025 (standar isian versi 1.0)"
                text = re.sub(r"\s*\(standar isian versi [^)]*\)$", "", text)
            if text != self._expected:
                self._mismatches.setdefault(row[column].strip(), []).append((sheet, cell_address(r, column)))

    def findings(self) -> list[Finding]:
        out = []
        for text, places in self._mismatches.items():
            sheet, cell = places[0]
            sheets = ", ".join(dict.fromkeys(s for s, _ in places))
            out.append(
                Finding(
                    "IDENTITAS_TIDAK_SAMA",
                    self.file,
                    sheet,
                    cell,
                    SCHEMA.identity.name,
                    None,
                    {
                        "label": "Judul lembar",
                        "a": text,
                        "source_a": f"judul lembar {sheets}",
                        "b": self.expected,
                        "source_b": "identitas formulir",
                    },
                )
            )
        return out


# --------------------------------------------------------------------- against the settings

#: [settings.desa, its length, desa by code, by comparable code, by normal name]: built
#: once per batch (one settings object, thousands of files)
_DESA: list[Any] = [None, -1, {}, {}, {}]


def _desa_lookup(settings: Settings) -> tuple[dict[str, Desa], dict[str, Desa], dict[str, list[Desa]]]:
    desa, size, exact, by_code, by_name = _DESA
    if desa is not settings.desa or size != len(settings.desa):
        exact, by_code, by_name = {}, {}, {}
        for d in settings.desa:
            exact[d.kode] = d
            by_code.setdefault(comparable("kode", d.kode), d)
            by_name.setdefault(normal(d.nama), []).append(d)
        _DESA[:] = [settings.desa, len(settings.desa), exact, by_code, by_name]
    return exact, by_code, by_name


def settings_kode(kode: str, settings: Settings) -> str:
    """The settings' spelling of a desa code stated as ``1`` or `` 001 `` (else as stated)."""
    exact, by_code, _ = _desa_lookup(settings)
    if kode in exact:
        return kode
    found = by_code.get(comparable("kode", kode))
    return found.kode if found else kode


def other_desa(file: str, sources: Sources, kode: str, nama: str, settings: Settings) -> list[Finding]:
    """A desa workbook whose code is one desa of the settings and whose name another's:
    the other desa's workbook with its code changed."""
    exact, _, by_name = _desa_lookup(settings)
    own = exact.get(kode)
    if own is None or normal(own.nama) == normal(nama):
        return []
    others = [d for d in by_name.get(normal(nama), []) if d.kode != own.kode]
    if not others:
        return []
    values = {"kode": own.kode, "nama": nama, "kode_lain": others[0].kode, "expected": own.nama}
    return [_field_finding("IDENTITAS_DESA_LAIN", file, sources, "nama", values)]


_KABUPATEN_PREFIX = re.compile(r"^(?:kabupaten|kab\.?)\s*")


def other_kabupaten(file: str, sources: Sources, kabupaten: str, settings: Settings) -> list[Finding]:
    """A workbook of a kecamatan of the same name in another kabupaten ("Kab." aside)."""
    if not kabupaten or not settings.kabupaten:
        return []
    stated, expected = (_KABUPATEN_PREFIX.sub("", normal(k)) for k in (kabupaten, settings.kabupaten))
    if stated == expected:
        return []
    values = {"kabupaten": kabupaten, "expected": settings.kabupaten}
    return [_field_finding("KABUPATEN_LAIN", file, sources, "kabupaten", values)]


def _field_finding(code: str, file: str, sources: Sources, field: str, values: dict[str, Any]) -> Finding:
    """A finding about one identity field, at the cell that states it (Identitas first)."""
    said = [s for s in sources.statements if s.field == field and s.sheet]
    where = min(said, key=lambda s: (s.source != IDENTITAS, s.source)) if said else None
    return Finding(
        code,
        file,
        where.sheet if where else None,
        where.cell if where else None,
        SCHEMA.identity.name,
        field,
        values,
    )


def section_code(file: str, sources: Sources, jenis: str, kode: str) -> list[Finding]:
    """A section's code is its kind: another code is another section's workbook."""
    if comparable("kode", kode) == normal(jenis):
        return []
    said = [s for s in sources.statements if s.field == "kode" and s.key == comparable("kode", kode)]
    where = min(said, key=lambda s: (s.source != IDENTITAS, s.source)) if said else None
    return [
        Finding(
            "IDENTITAS_TIDAK_SAMA",
            file,
            where.sheet if where else None,
            where.cell if where else None,
            SCHEMA.identity.name,
            "kode",
            {
                "label": _LABELS["kode"],
                "a": kode,
                "source_a": where.where if where else "kode formulir",
                "b": jenis,
                "source_b": "jenis formulir",
            },
        )
    ]
