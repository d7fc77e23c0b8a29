"""The consolidated output workbook (``lkjip-excel proses``)."""

from __future__ import annotations

from pathlib import Path

from ..atomic import atomic_path
from ..engine.model import Hasil
from .workbook import default_output_name, write_workbook

__all__ = ["default_output_name", "default_output_path", "write_output"]


def default_output_path(hasil: Hasil, cwd: Path | None = None) -> Path:
    """``output/`` of the current folder when there is one (the repository, a workspace one
    stands in), otherwise the workspace's ``output/``."""
    here = Path.cwd() if cwd is None else Path(cwd)
    folder = here / "output"
    if not folder.is_dir() and hasil.workspace is not None:
        folder = hasil.workspace / "output"
    return folder / default_output_name(hasil)


def write_output(hasil: Hasil, path: Path) -> Path:
    """Write the workbook atomically: a temporary file beside ``path``, then renamed."""
    path = Path(path)
    with atomic_path(path) as tmp:
        write_workbook(hasil, tmp)
    return path
