"""Open a submitted file safely: what is it, is it too big, is it hostile, can we read it.

Files are read once, as bytes, read-only; nothing here ever writes to an input. Every
failure is a :class:`ContainerProblem` carrying a finding code, never an exception that
escapes to the user.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from .limits import DEFAULT_LIMITS, ContainerProblem, Limits
from .zipcheck import inspect_zip
from .zipdir import part_key

__all__ = ["DEFAULT_LIMITS", "ContainerProblem", "Limits", "RawFile", "read_bytes", "sniff"]

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True)
class RawFile:
    path: Path
    data: bytes
    sha256: str
    format: str  # xlsx | xlsm | ods | xls
    #: a zip's member names, and the content of the members already decompressed (and
    #: verified) while inspecting it, so that the formula scan need not open them again
    names: frozenset[str] = frozenset()
    parts: Mapping[str, bytes] = field(default_factory=dict, compare=False, repr=False)
    #: the same workbook re-packed from the verified parts without compression, for
    #: calamine (each part inflated once, by the inspection); None: calamine reads ``data``
    stored: bytes | None = field(default=None, compare=False, repr=False)

    #: every key a member may be looked up by (``zipdir.part_key``) -> its name
    index: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)

    def member(self, path: str) -> str | None:
        """The member a reader finds at ``path`` (as calamine looks parts up: case, a
        backslash for a slash, ``.`` and ``..`` do not matter); None when there is none."""
        return self.index.get(part_key(path))

    @property
    def workbook_bytes(self) -> bytes:
        """What calamine opens."""
        return self.data if self.stored is None else self.stored

    @property
    def size(self) -> int:
        return len(self.data)


def read_bytes(path: Path, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """The file's bytes, opened read-only; refuse files over the size limit and anything
    that is not a regular file (a folder, a pipe, a device such as /dev/zero behind a link),
    judged on the open handle, which never blocks, so nothing can be swapped in between."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fh.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise ContainerProblem(
                "BERKAS_TIDAK_TERBACA", reason="bukan berkas biasa (folder, pipa atau perangkat)"
            )
        if info.st_size > limits.max_file_bytes:
            raise ContainerProblem(
                "BERKAS_TERLALU_BESAR",
                size_mb=round(info.st_size / 2**20, 1),
                limit_mb=limits.max_file_bytes // 2**20,
            )
        return read_to_limit(fh, info.st_size, limits.max_file_bytes)


def read_to_limit(fh: BinaryIO, size: int, limit: int) -> bytes:
    """An open file's bytes, at most ``limit`` + 1 (one more tells a file over the limit),
    read into a buffer of the ``size`` it says it has, not one of the limit's; a file
    with more than it says (one growing, /proc's) is read on to the limit."""
    data = fh.read(size + 1)
    if len(data) > size:
        data += fh.read(max(limit + 1 - len(data), 0))
    return data


def sniff(path: Path, data: bytes, limits: Limits = DEFAULT_LIMITS) -> RawFile:
    """Decide what ``data`` is by its content (never by the file name)."""
    if not data:
        raise ContainerProblem("BERKAS_KOSONG")
    digest = hashlib.sha256(data).hexdigest()
    if data.startswith(OLE2_MAGIC):
        if "EncryptionInfo".encode("utf-16-le") in data:
            raise ContainerProblem("BERKAS_BERSANDI")
        return RawFile(path, data, digest, "xls")
    if data.startswith(ZIP_MAGIC):
        inspected = inspect_zip(data, limits)
        return RawFile(
            path,
            data,
            digest,
            inspected.format,
            inspected.names,
            inspected.parts,
            inspected.stored,
            inspected.index,
        )
    raise ContainerProblem("BERKAS_BUKAN_SPREADSHEET")
