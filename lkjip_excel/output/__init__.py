"""The consolidated output workbook (``lkjip-excel proses``)."""

from __future__ import annotations

from pathlib import Path

from ..atomic import atomic_path
from ..engine.model import Hasil
from .workbook import default_output_name, write_workbook

__all__ = ["default_output_name", "write_output"]


def write_output(hasil: Hasil, path: Path) -> Path:
    """Write the workbook atomically: a temporary file beside ``path``, then renamed."""
    path = Path(path)
    with atomic_path(path) as tmp:
        write_workbook(hasil, tmp)
    return path
