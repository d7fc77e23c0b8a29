"""Write an output file all at once: into a temporary file beside it, then rename.

Temporary files are named ``.lkjip-tmp-<pid>-<random>-<target name>`` so that a run that
was killed (power cut, ``kill -9``) leaves files the next run recognises: before writing
into a folder, its temporary files whose process is gone are removed.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from .errors import LkjipError, OutputError

TEMP_PREFIX = ".lkjip-tmp-"
_TEMP_NAME = re.compile(re.escape(TEMP_PREFIX) + r"(\d+)-")
#: a temporary file of a live process older than this is left over anyway (a reused PID)
STALE_AFTER_S = 24 * 3600
#: when this process started (temporary files older than this are not this run's)
_STARTED = time.time()
#: how much of the target's name the temporary file's name repeats (names stay < 255 bytes)
_NAME_CHARS = 60


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name == "nt":  # os.kill(pid, 0) would send CTRL_C_EVENT there: rely on the age
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # EPERM: it exists, owned by someone else
        return True
    return True


#: how earlier versions named their temporary files: ``.<stem>-<8 random>.<suffix>.tmp``
_LEGACY_NAME = re.compile(r"\.(?P<stem>.+)-[a-z0-9_]{8}(?P<suffix>\.[^.]+)?\.tmp")
#: such a file (no PID in its name) is removed once it is this old
LEGACY_STALE_AFTER_S = 3600


def _legacy_stale(name: str, target: Path | None, mtime: float) -> bool:
    """A temporary file of ``target`` written by an earlier version, an hour old or more."""
    match = _LEGACY_NAME.fullmatch(name)
    return bool(
        match
        and target is not None
        and match["stem"] == target.stem
        and (match["suffix"] or "") == target.suffix
        and mtime < _STARTED - LEGACY_STALE_AFTER_S
    )


def remove_stale_temp_files(folder: Path, target: Path | None = None) -> list[Path]:
    """Remove the temporary files that killed runs left in ``folder``; return them.

    A file is stale when it is older than this run and its process is gone (or it is
    this process's PID, reused, or it is older than a day). Those of ``target`` named the
    way earlier versions did are removed when an hour old. Errors are ignored: this is
    housekeeping, never a reason to fail.
    """
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        match = _TEMP_NAME.match(entry.name)
        if not match and not entry.name.endswith(".tmp"):
            continue
        try:
            folder_of_parts = bool(match) and entry.is_dir(follow_symlinks=False)  # (temp_folder)
            if not entry.is_file(follow_symlinks=False) and not folder_of_parts:
                continue
            mtime = entry.stat(follow_symlinks=False).st_mtime
            if not match:
                if _legacy_stale(entry.name, target, mtime):
                    os.unlink(entry.path)
                    removed.append(Path(entry.path))
                continue
            if mtime >= _STARTED:
                continue
            pid = int(match[1])
            stale = pid == os.getpid() or not _pid_alive(pid) or now - mtime > STALE_AFTER_S
            if stale:
                if folder_of_parts:
                    shutil.rmtree(entry.path, ignore_errors=True)
                else:
                    os.unlink(entry.path)
                removed.append(Path(entry.path))
        except (OSError, ValueError):
            continue
    return removed


def _os_error(exc: BaseException) -> OSError | None:
    """The OSError behind ``exc`` (libraries wrap them, e.g. xlsxwriter's FileCreateError)."""
    seen: set[int] = set()
    queue: list[BaseException | None] = [exc]
    while queue:
        current = queue.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, OSError):
            return current
        queue.append(current.__cause__)
        if not current.__suppress_context__:
            queue.append(current.__context__)
        queue += [arg for arg in getattr(current, "args", ()) if isinstance(arg, BaseException)]
    return None


def write_error(target: Path, exc: OSError) -> OutputError:
    """The Indonesian one-line message for an OSError while writing ``target``."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return OutputError(
            f"Disk penuh: {target} tidak bisa ditulis. Kosongkan ruang disk lalu ulangi; "
            "berkas lama tidak diubah."
        )
    if exc.errno == errno.ENAMETOOLONG:
        return OutputError(f"Nama berkas {target} terlalu panjang. Pilih nama yang lebih pendek.")
    if exc.errno == errno.EROFS:
        return OutputError(f"Folder {target.parent} hanya-baca. Pilih folder lain dengan --keluar.")
    if isinstance(exc, PermissionError):
        return OutputError(
            f"Tidak ada izin menulis {target}. Tutup berkas itu (misalnya di Excel) atau pilih "
            "folder lain, lalu ulangi."
        )
    reason = exc.strerror or type(exc).__name__
    return OutputError(f"{target} tidak bisa ditulis ({reason}). Berkas lama tidak diubah.")


def temp_folder(target: Path) -> tempfile.TemporaryDirectory[str]:
    """A private folder beside ``target`` for the parts of a file being written (removed on
    leaving the block, by the next run if this one was killed)."""
    return tempfile.TemporaryDirectory(
        prefix=f"{TEMP_PREFIX}{os.getpid()}-", dir=Path(target).parent, ignore_cleanup_errors=True
    )


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path in ``target``'s folder; rename it onto ``target`` on success.

    If the body raises (or the process dies), ``target`` keeps its previous content and
    the temporary file is removed (by the next run, if this one was killed). An OSError
    (full disk, read-only folder, no permission) becomes an :class:`OutputError`.
    """
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"Folder {target.parent} tidak bisa dibuat: {exc.strerror}.") from None
    remove_stale_temp_files(target.parent, target)
    try:
        fd, tmp_name = tempfile.mkstemp(
            prefix=f"{TEMP_PREFIX}{os.getpid()}-", suffix=f"-{target.name[-_NAME_CHARS:]}", dir=target.parent
        )
    except OSError as exc:
        raise write_error(target, exc) from None
    tmp = Path(tmp_name)
    try:
        os.close(fd)
        # mkstemp makes the file private (0600); give it the permissions a normal file gets
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        yield tmp
        os.replace(tmp, target)
    except Exception as exc:
        cause = None if isinstance(exc, LkjipError) else _os_error(exc)
        if cause is None:
            raise
        raise write_error(target, cause) from None
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
