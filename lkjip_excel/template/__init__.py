"""Input workbooks generated from the schema (``lkjip-excel templat``)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..paths import file_in
from ..schema.workbook import WorkbookIdentity, identities, template_filename
from ..settings import Settings
from .writer import Prefilled, write_workbook

#: the name earlier versions gave :class:`~lkjip_excel.schema.workbook.WorkbookIdentity`
Identity = WorkbookIdentity


def generate_templates(
    settings: Settings, out_dir: Path, prefill: Mapping[str, Mapping[str, Any]] | None = None
) -> list[Path]:
    """Write one empty workbook per desa and per section into ``out_dir``; ``prefill`` (by kind,
    as ``write_workbook``'s ``data``) fills earlier-year fields from the archive."""
    out_dir = Path(out_dir)
    prefill = prefill or {}
    return [
        write_workbook(
            file_in(out_dir, template_filename(identity)), identity, settings, prefill.get(identity.jenis)
        )
        for identity in identities(settings)
    ]


__all__ = [
    "Identity",
    "Prefilled",
    "WorkbookIdentity",
    "generate_templates",
    "identities",
    "template_filename",
    "write_workbook",
]
