import os
from pathlib import Path

from lkjip_excel.atomic import atomic_path


def test_written_file_gets_normal_permissions(tmp_path: Path):
    umask = os.umask(0o022)
    try:
        with atomic_path(tmp_path / "a.txt") as tmp:
            tmp.write_text("x")
    finally:
        os.umask(umask)
    assert (tmp_path / "a.txt").stat().st_mode & 0o777 == 0o644


def test_failure_leaves_nothing(tmp_path: Path):
    try:
        with atomic_path(tmp_path / "a.txt") as tmp:
            tmp.write_text("x")
            raise RuntimeError
    except RuntimeError:
        pass
    assert list(tmp_path.iterdir()) == []
