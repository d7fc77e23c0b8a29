"""Input workbooks generated from the schema (``lkjip-excel templat``)."""

from __future__ import annotations

from pathlib import Path

from ..paths import file_in
from ..schema.workbook import WorkbookIdentity, identities, template_filename
from ..settings import Settings
from .writer import write_workbook

#: the name earlier versions gave :class:`~lkjip_excel.schema.workbook.WorkbookIdentity`
Identity = WorkbookIdentity


def generate_templates(settings: Settings, out_dir: Path) -> list[Path]:
    """Write one empty workbook per desa and per section into ``out_dir``."""
    out_dir = Path(out_dir)
    return [
        write_workbook(file_in(out_dir, template_filename(identity)), identity, settings)
        for identity in identities(settings)
    ]


__all__ = [
    "Identity",
    "WorkbookIdentity",
    "generate_templates",
    "identities",
    "template_filename",
    "write_workbook",
]
