"""Paths built from what users type: file names from settings, folder walks, and outputs
that must never land on an input.

- :func:`safe_name` turns a setting (a kecamatan or desa name) into one file name
  component, with pathvalidate: no separators, ``..``, control characters, reserved
  Windows names (CON, NUL, ...), leading dots, nor more than a file system allows.
- :func:`file_in` joins such a name to a folder and checks the result stays in it.
- :func:`list_files` walks a folder without recursion (thousands of nested folders are
  fine) and without following linked folders (no loops).
- :func:`check_outputs` refuses an output that is an input, the settings file, another
  output or not a regular file, comparing real paths and (device, inode) pairs, before
  anything is read or written.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

from pathvalidate import sanitize_filename

from .errors import UsageError

#: bytes a name component may take (file systems allow 255; room for a prefix and suffix)
MAX_NAME_BYTES = 120


def safe_name(text: str, fallback: str = "tanpa-nama", max_bytes: int = MAX_NAME_BYTES) -> str:
    """``text`` as a single, portable file name component (never empty, never hidden)."""
    name = sanitize_filename(str(text), platform="universal", replacement_text="-", max_len=max_bytes)
    name = name.lstrip(". -").rstrip(". ")
    return name or fallback


def file_in(folder: Path, name: str) -> Path:
    """``folder / name``, refusing a name that would leave ``folder`` or is not one component."""
    folder = Path(folder)
    path = folder / name
    parent = os.path.normpath(os.path.abspath(path.parent))
    if (
        not name
        or name in (".", "..")
        or Path(name).name != name
        or "\\" in name
        or "\0" in name
        or parent != os.path.normpath(os.path.abspath(folder))
    ):
        raise UsageError(
            f"Nama berkas '{name!r}' tidak sah: harus satu nama berkas di dalam folder {folder}."
        )
    return path


def list_files(folder: Path, recursive: bool = False, skip_prefixes: tuple[str, ...] = ()) -> list[Path]:
    """Every entry that is not a folder in ``folder`` (and, with ``recursive``, its
    subfolders), sorted.

    Linked folders are not entered and each folder is entered once, so a link loop ends;
    the walk keeps its own list of folders, so depth is no limit. A subfolder that cannot
    be read is passed over; ``folder`` itself unreadable is a :class:`UsageError`.
    """
    folder = Path(folder)
    files: list[Path] = []
    pending: list[Path] = [folder]
    seen: set[tuple[int, int]] = set()
    while pending:
        current = pending.pop()
        try:
            with os.scandir(current) as scan:
                entries = list(scan)
        except OSError as exc:
            if current == folder:
                if isinstance(exc, FileNotFoundError):
                    raise UsageError(f"Folder {folder} tidak ada (lagi).") from None
                reason = "tidak ada izin membaca" if isinstance(exc, PermissionError) else exc.strerror
                raise UsageError(f"Folder {folder} tidak bisa dibaca ({reason}).") from None
            continue
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    if recursive:
                        info = entry.stat(follow_symlinks=False)
                        key = (info.st_dev, info.st_ino)
                        if key not in seen:
                            seen.add(key)
                            pending.append(current / entry.name)
                elif not entry.name.startswith(skip_prefixes):
                    # not only regular files: a pipe, a dangling or looping link, a link to
                    # a device or a folder are named by the reader, not passed over in silence
                    files.append(current / entry.name)
            except OSError:  # vanished or unreadable while listing
                continue
    return sorted(files)


def _identity(path: Path) -> tuple[str, tuple[int, int] | None, os.stat_result | None]:
    real = _real(path)
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return real, None, None
    return real, (info.st_dev, info.st_ino), info


def _real(path: Path) -> str:
    try:
        return os.path.normcase(os.path.realpath(path))
    except (OSError, ValueError):
        return os.path.normcase(os.path.abspath(path))


#: a workspace's settings file and its folder of submissions (as ``init`` lays them out)
SETTINGS_NAME, INCOMING_NAME = "lkjip.toml", "masuk"


def _workspace_around(path: Path) -> Path | None:
    """The workspace folder (one holding ``lkjip.toml``) that ``path`` lies in, if any."""
    folder = Path(_real(path.parent))
    for candidate in (folder, *folder.parents):
        if (candidate / SETTINGS_NAME).is_file():
            return candidate
    return None


def check_outputs(
    outputs: Iterable[tuple[str, Path]],
    inputs: Iterable[tuple[str, Path]],
    input_folders: Iterable[tuple[str, Path, bool]] = (),
) -> None:
    """Refuse (:class:`UsageError`, exit 2) outputs that would overwrite an input or each other.

    ``outputs`` and ``inputs`` are ``(what, path)`` pairs, ``what`` as the message names it
    (``--keluar``, ``berkas pengaturan``, ``berkas kiriman``). Links, hard links and ``..``
    are seen through. An output that exists and is not a regular file (a folder, a device
    such as /dev/null, a pipe) is refused too, and so is an output inside one of the
    ``input_folders`` (``(what, folder, recursive)``): the next run would read it as input.
    """
    outputs = list(outputs)
    inputs, input_folders = list(inputs), list(input_folders)
    for _, path in outputs:  # a workspace the output lands in is protected too, whoever runs
        around = _workspace_around(Path(path))
        if around is not None:
            inputs.append(("berkas pengaturan", around / SETTINGS_NAME))
            incoming = around / INCOMING_NAME
            if incoming.is_dir():
                inputs += [("berkas kiriman", p) for p in list_files(incoming, recursive=True)]
                input_folders.append(("folder kiriman", incoming, True))
    for what, path in outputs:
        parent = _real(Path(path).parent)
        for folder_what, folder, recursive in input_folders:
            real = _real(folder)
            if parent == real or (recursive and parent.startswith(real.rstrip(os.sep) + os.sep)):
                raise UsageError(
                    f"{what} {path} ada di dalam {folder_what} {folder}: hasil akan terbaca sebagai "
                    "kiriman. Pilih folder lain."
                )
    seen: dict[object, tuple[str, Path]] = {}
    for what, path in outputs:
        real, key, info = _identity(path)
        if info is not None and not stat.S_ISREG(info.st_mode):
            raise UsageError(
                f"{what} {path} bukan berkas biasa (folder, perangkat atau pipa). Tulis nama berkas."
            )
        for mark in (real, key):
            if mark is not None and mark in seen:
                other, other_path = seen[mark]
                raise UsageError(
                    f"{what} {path} sama dengan {other} {other_path}. Pakai nama berkas yang berbeda."
                )
        seen[real] = (what, path)
        if key is not None:
            seen[key] = (what, path)
    if not seen:
        return
    for what, path in inputs:
        real, key, _ = _identity(path)
        hit = seen.get(real) or (seen.get(key) if key is not None else None)
        if hit:
            option, output = hit
            raise UsageError(
                f"{option} {output} akan menimpa {what} {path}. Hasil tidak boleh menimpa masukan: "
                "pilih nama atau folder lain."
            )
