"""The consolidated output workbook (``lkjip-excel proses``)."""

from __future__ import annotations

from pathlib import Path

from ..atomic import atomic_path, temp_folder
from ..collector import paused
from ..engine.model import Hasil
from ..paths import file_in
from ..workspace import output_folder
from .workbook import assembled_in_memory, default_output_name, output_file_name, write_workbook

__all__ = ["default_output_name", "default_output_path", "output_path_for", "write_output"]


def default_output_path(hasil: Hasil, cwd: Path | None = None) -> Path:
    """``hasil/`` (or an older ``output/``) of the current folder when there is one (the
    repository, a workspace one stands in), otherwise the workspace's."""
    return output_path_for(hasil.kecamatan, hasil.tahun, hasil.workspace, cwd)


def output_path_for(kecamatan: str, tahun: int, workspace: Path | None, cwd: Path | None = None) -> Path:
    """:func:`default_output_path` before there is a result (to check it before reading)."""
    here = output_folder(Path.cwd() if cwd is None else Path(cwd))
    folder = output_folder(Path(workspace)) if not here.is_dir() and workspace is not None else here
    return file_in(folder, output_file_name(kecamatan, tahun))


def write_output(hasil: Hasil, path: Path) -> Path:
    """Write the workbook atomically: a temporary file beside ``path``, then renamed."""
    path = Path(path)
    # (xlsxwriter holds every cell until it closes; a large workbook's sheets are assembled
    # in files of a private folder beside it, removed whatever happens)
    with atomic_path(path) as tmp, paused():
        if assembled_in_memory(hasil):
            write_workbook(hasil, tmp)
        else:
            with temp_folder(tmp) as parts:
                write_workbook(hasil, tmp, Path(parts))
    return path
