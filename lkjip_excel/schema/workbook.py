"""Which workbooks a kecamatan's settings call for, what each says about itself, and its file name.

The template writer writes a :class:`WorkbookIdentity` into every workbook (the hidden
sheet, the Identitas sheet, the document properties, the sheet subtitles); the reader
builds one from those sources. One class for both, so the two cannot drift.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..paths import safe_name
from . import SCHEMA
from .identity import META_KEYS

if TYPE_CHECKING:
    from ..settings import Settings


@dataclass(frozen=True)
class WorkbookIdentity:
    """What a workbook says about itself (kind, code, name, year, schema version)."""

    jenis: str
    kode: str
    nama: str
    kecamatan: str
    kabupaten: str
    #: None when a submitted workbook states no readable year
    tahun: int | None
    versi_skema: str = SCHEMA.version

    def meta(self) -> dict[str, Any]:
        """The values the hidden sheet records, by ``META_KEYS``."""
        return {key: getattr(self, key) for key in META_KEYS}


def identities(settings: Settings) -> list[WorkbookIdentity]:
    """One identity per desa and per section of the settings, in the schema's order."""
    out: list[WorkbookIdentity] = []
    for kind in SCHEMA.kinds:
        if kind.per_desa:
            members = [(d.kode, d.nama) for d in settings.desa]
        elif kind.key in settings.seksi:
            members = [(kind.key, settings.seksi[kind.key])]
        else:
            members = []
        for kode, nama in members:
            out.append(
                WorkbookIdentity(kind.key, kode, nama, settings.kecamatan, settings.kabupaten, settings.tahun)
            )
    return out


def template_filename(identity: WorkbookIdentity) -> str:
    """A readable file name for the workbook of ``identity``; the reader never relies on it."""
    tahun = identity.tahun or 0
    if identity.jenis == "desa":
        safe = "".join(ch if ch.isalnum() else "-" for ch in identity.nama.lower()).strip("-")
        return safe_name(f"{tahun}-desa-{identity.kode}-{safe}", fallback="desa") + ".xlsx"
    return safe_name(f"{tahun}-{identity.jenis}", fallback="seksi") + ".xlsx"
