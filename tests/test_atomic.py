import errno
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from lkjip_excel import atomic
from lkjip_excel.atomic import atomic_path
from lkjip_excel.cli import cli
from lkjip_excel.errors import OutputError


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


# ---------------------------------------------------------------- faults while writing


PREVIOUS = b"hasil sebelumnya"


def _temp_files(folder: Path) -> list[Path]:
    return sorted(folder.glob(atomic.TEMP_PREFIX + "*"))


@pytest.fixture(scope="module")
def template_ws(tmp_path_factory) -> Path:
    from tests.test_cli_safety import make_workspace

    return make_workspace(tmp_path_factory.mktemp("atomic") / "kec", n_desa=1)


@pytest.fixture
def ws(template_ws: Path, tmp_path: Path, monkeypatch) -> Path:
    """A workspace with a previous output, the current folder."""
    folder = tmp_path / "kec"
    shutil.copytree(template_ws, folder)
    (folder / "output" / "LKjIP-2025-Suka-Maju.xlsx").write_bytes(PREVIOUS)
    monkeypatch.chdir(folder)
    return folder


class TestFaultsKeepThePreviousOutput:
    def _run(self, ws: Path, *extra: str) -> tuple[int, str]:
        inputs = {p: p.read_bytes() for p in (ws / "masuk").iterdir()}
        result = CliRunner().invoke(cli, ["proses", str(ws), "--senyap", *extra])
        assert {p: p.read_bytes() for p in (ws / "masuk").iterdir()} == inputs
        assert "Traceback" not in result.output and "Galat internal" not in result.output
        return result.exit_code, result.output

    def _assert_kept(self, ws: Path) -> None:
        assert (ws / "output" / "LKjIP-2025-Suka-Maju.xlsx").read_bytes() == PREVIOUS
        assert _temp_files(ws / "output") == []

    @pytest.mark.parametrize("code", [errno.ENOSPC, errno.EDQUOT, errno.EIO])
    def test_disk_full_while_writing(self, ws: Path, monkeypatch, code: int):
        def full(hasil, path, parts=None):
            Path(path).write_bytes(b"sebagian")
            raise OSError(code, os.strerror(code))

        monkeypatch.setattr("lkjip_excel.output.write_workbook", full)
        exit_code, output = self._run(ws)
        assert exit_code == 2, output
        assert output.startswith("Galat:") and len(output.strip().splitlines()) == 1
        self._assert_kept(ws)

    def test_disk_full_inside_xlsxwriter(self, ws: Path, monkeypatch):
        import xlsxwriter.workbook
        from xlsxwriter.exceptions import FileCreateError

        def close(self):
            raise FileCreateError(OSError(errno.ENOSPC, "No space left on device"))

        monkeypatch.setattr(xlsxwriter.workbook.Workbook, "close", close)
        exit_code, output = self._run(ws)
        assert exit_code == 2, output
        assert "Disk penuh" in output
        self._assert_kept(ws)

    def test_disk_full_writing_json_keeps_the_old_json(self, ws: Path, monkeypatch):
        json_file = ws / "output" / "h.json"
        json_file.write_bytes(b"{}")
        real_write_text = Path.write_text

        def write_text(self, *args, **kwargs):
            if self.name.startswith(atomic.TEMP_PREFIX) and self.name.endswith("h.json"):
                raise OSError(errno.ENOSPC, "No space left on device")
            return real_write_text(self, *args, **kwargs)

        monkeypatch.setattr(Path, "write_text", write_text)
        exit_code, output = self._run(ws, "--json", str(json_file))
        assert exit_code == 2, output
        assert json_file.read_bytes() == b"{}"
        assert _temp_files(ws / "output") == []

    @pytest.mark.parametrize(
        "error",
        [PermissionError(errno.EACCES, "Permission denied"), OSError(errno.EROFS, "Read-only file system")],
    )
    def test_read_only_output_folder(self, ws: Path, monkeypatch, error: OSError):
        def refuse(*args, **kwargs):
            raise error

        monkeypatch.setattr(atomic.tempfile, "mkstemp", refuse)
        exit_code, output = self._run(ws)
        assert exit_code == 2, output
        assert len(output.strip().splitlines()) == 1
        self._assert_kept(ws)

    def test_output_open_in_excel(self, ws: Path, monkeypatch):
        def locked(src, dst):
            raise PermissionError(errno.EACCES, "Permission denied")

        monkeypatch.setattr(atomic.os, "replace", locked)
        exit_code, output = self._run(ws)
        assert exit_code == 2, output
        self._assert_kept(ws)

    @pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder anyway")
    def test_real_read_only_folder(self, ws: Path):
        (ws / "output").chmod(0o555)
        try:
            exit_code, output = self._run(ws)
        finally:
            (ws / "output").chmod(0o755)
        assert exit_code == 2, output
        self._assert_kept(ws)

    def test_output_folder_missing_is_created(self, ws: Path):
        target = ws / "baru" / "lagi" / "hasil.xlsx"
        exit_code, output = self._run(ws, "--keluar", str(target))
        assert exit_code in (0, 1), output
        assert target.read_bytes()[:2] == b"PK"

    def test_output_folder_is_a_file(self, ws: Path):
        (ws / "berkas").write_bytes(b"x")
        exit_code, output = self._run(ws, "--keluar", str(ws / "berkas" / "hasil.xlsx"))
        assert exit_code == 2, output
        assert (ws / "berkas").read_bytes() == b"x"

    def test_interrupted_write_leaves_no_temp_file(self, tmp_path: Path):
        target = tmp_path / "a.txt"
        target.write_bytes(PREVIOUS)
        with pytest.raises(KeyboardInterrupt), atomic.atomic_path(target) as tmp:
            tmp.write_text("setengah")
            raise KeyboardInterrupt
        assert target.read_bytes() == PREVIOUS
        assert _temp_files(tmp_path) == []

    def test_library_errors_are_not_mistaken_for_disk_errors(self, tmp_path: Path):
        with pytest.raises(ValueError), atomic.atomic_path(tmp_path / "a.txt"):
            raise ValueError("bukan masalah disk")
        assert list(tmp_path.iterdir()) == []


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


class TestStaleTempFiles:
    @pytest.fixture(autouse=True)
    def _run_starts_now(self, monkeypatch):
        monkeypatch.setattr(atomic, "_STARTED", time.time())  # as in a fresh process

    def _leftover(self, folder: Path, pid: int, age_s: float, name: str = "hasil.xlsx") -> Path:
        path = folder / f"{atomic.TEMP_PREFIX}{pid}-abc123-{name}"
        path.write_bytes(b"sisa")
        past = time.time() - age_s
        os.utime(path, (past, past))
        return path

    def test_next_write_removes_what_a_killed_run_left(self, tmp_path: Path):
        dead = self._leftover(tmp_path, _dead_pid(), 60)
        reused = self._leftover(tmp_path, os.getpid(), 60, "lain.xlsx")  # a PID reused since
        with atomic.atomic_path(tmp_path / "hasil.xlsx") as tmp:
            tmp.write_bytes(b"baru")
        assert not dead.exists() and not reused.exists()
        assert sorted(p.name for p in tmp_path.iterdir()) == ["hasil.xlsx"]

    def test_a_folder_of_parts_a_killed_run_left_is_removed(self, tmp_path: Path):
        """``temp_folder`` (a large workbook's sheets assembled there) of a dead run goes too;
        a live run's stays."""
        dead = tmp_path / f"{atomic.TEMP_PREFIX}{_dead_pid()}-abc123"
        live = tmp_path / f"{atomic.TEMP_PREFIX}{os.getppid()}-def456"
        for folder in (dead, live):
            (folder / "sub").mkdir(parents=True)
            (folder / "sub" / "sheet1.xml").write_bytes(b"<x/>")
            past = time.time() - 60
            os.utime(folder, (past, past))
        assert atomic.remove_stale_temp_files(tmp_path) == [dead]
        assert not dead.exists() and live.exists()

    def test_a_running_writer_is_left_alone(self, tmp_path: Path):
        live = self._leftover(tmp_path, os.getppid(), 60)
        ancient = self._leftover(tmp_path, os.getppid(), 3 * 24 * 3600, "lama.xlsx")
        other = tmp_path / ".hasil.xlsx.tmp"  # not ours: never touched
        other.write_bytes(b"milik orang lain")
        removed = atomic.remove_stale_temp_files(tmp_path)
        assert removed == [ancient]
        assert live.exists() and other.exists()

    def test_a_temp_file_of_this_run_is_kept(self, tmp_path: Path):
        fresh = tmp_path / f"{atomic.TEMP_PREFIX}{_dead_pid()}-abc-x.xlsx"
        fresh.write_bytes(b"")
        os.utime(fresh, (time.time() + 5, time.time() + 5))  # newer than this run's start
        assert atomic.remove_stale_temp_files(tmp_path) == []
        assert fresh.exists()

    def test_unreadable_folder_is_not_an_error(self, tmp_path: Path):
        assert atomic.remove_stale_temp_files(tmp_path / "tidak-ada") == []


def test_output_error_exit_code_is_two():
    assert OutputError.exit_code == 2


def test_temp_files_of_earlier_versions_are_removed_when_an_hour_old(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(atomic, "_STARTED", time.time())
    old = tmp_path / ".LKjIP-2025-Suka-Maju-k3j4h5g6.xlsx.tmp"  # how earlier versions named them
    recent = tmp_path / ".LKjIP-2025-Suka-Maju-a1b2c3d4.xlsx.tmp"
    other = tmp_path / ".lain-k3j4h5g6.xlsx.tmp"  # another target's: not this write's business
    for path, age in ((old, 2 * 3600), (recent, 60), (other, 2 * 3600)):
        path.write_bytes(b"sisa")
        os.utime(path, (time.time() - age, time.time() - age))
    with atomic_path(tmp_path / "LKjIP-2025-Suka-Maju.xlsx") as tmp:
        tmp.write_bytes(b"baru")
    assert not old.exists()
    assert recent.exists() and other.exists()
