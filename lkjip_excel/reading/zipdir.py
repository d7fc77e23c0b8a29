"""A zip's central directory and the names of its members: the plain directory every
spreadsheet program writes, read in one pass (:class:`Directory`), and each member's name
as the readers that follow look it up (:func:`part_key`: calamine finds parts without
regard to case, takes a backslash for a slash, and reads a name's bytes as UTF-8 when they
are, flag or not)."""

from __future__ import annotations

import io
import os
import posixpath
import struct
import zipfile
from collections.abc import Iterable
from typing import IO

from .limits import ContainerProblem

#: the general purpose flag of a name (and comment) in UTF-8
UTF8_FLAG = 0x800


class Member:
    """The fields of a ``zipfile.ZipInfo`` that reading uses."""

    __slots__ = ("filename", "orig_filename", "flag_bits", "compress_type", "CRC", "compress_size",
                 "file_size", "header_offset", "raw_name")  # fmt: skip

    def __init__(
        self,
        name: str,
        flag_bits: int,
        compress_type: int,
        crc: int,
        compress_size: int,
        file_size: int,
        header_offset: int,
        raw_name: bytes = b"",
    ):
        self.filename = self.orig_filename = name
        self.raw_name = raw_name  # (as the directory has it: the copy for calamine keeps it)
        self.flag_bits, self.compress_type, self.CRC = flag_bits, compress_type, crc
        self.compress_size, self.file_size, self.header_offset = compress_size, file_size, header_offset


#: a zip member as ``zipfile`` or :class:`Directory` describes it
Info = Member | zipfile.ZipInfo


#: the end of central directory record: magic, disks and counts, directory size and offset
_END = struct.Struct("<4s4H2LH")
#: a central directory entry: magic, extract version, flags, method, CRC, sizes, name, extra
#: and comment lengths, local header offset (then the name)
_ENTRY = struct.Struct("<4s2xBxHH4x3L3H8xL")


class Directory:
    """A zip's central directory read in one pass, for the plain zips every spreadsheet
    program writes. ``zipfile`` spends ~0.5 ms of Python per workbook on it; here it is a
    few struct calls. :meth:`read` returns None for anything ``zipfile`` would treat
    specially or refuse (an archive comment, data before the zip, ZIP64, extra fields,
    unknown versions, names with NUL bytes, a truncated or damaged directory...), and
    ``zipfile`` then reads the file as before. Members are opened through a real
    ``ZipFile``, made when first needed.
    """

    def __init__(self, data: bytes, members: list[Member]):
        self._data = data
        self._members = members
        self._by_name = {m.filename: m for m in members}  # the last of equal names, as zipfile
        self._zipfile: zipfile.ZipFile | None = None

    @classmethod
    def read(cls, data: bytes) -> Directory | None:
        end = len(data) - _END.size
        if end < 20 or data[end : end + 4] != b"PK\x05\x06" or data[-2:] != b"\0\0":
            return None  # no end record at the very end (an archive comment, or not a zip)
        if data[end - 20 : end - 16] == b"PK\x06\x07":
            return None  # ZIP64
        _, disk, directory_disk, on_disk, count, size, offset, _ = _END.unpack_from(data, end)
        if offset + size != end:
            return None  # data before the zip, or a directory that does not end where it should
        if disk or directory_disk or on_disk != count:
            return None  # a split archive, or a damaged end record
        members = []
        pos = offset
        try:
            while pos - offset < size:
                magic, version, flags, method, crc, csize, usize, nlen, elen, clen, local = (
                    _ENTRY.unpack_from(data, pos)
                )
                start = pos + _ENTRY.size
                if magic != b"PK\x01\x02" or version > 63 or elen or start + nlen + clen > end:
                    return None
                raw = data[start : start + nlen]
                name = raw.decode("utf-8" if flags & 0x800 or raw.isascii() else "cp437")
                if "\0" in name or (os.sep != "/" and os.sep in name):
                    return None
                members.append(Member(name, flags, method, crc, csize, usize, local, raw))
                pos = start + nlen + clen
        except (struct.error, UnicodeDecodeError):
            return None
        if len(members) != count:
            return None  # the end record counts other entries than the directory holds
        return cls(data, members)

    def infolist(self) -> list[Member]:
        return self._members

    def getinfo(self, name: str) -> Member:
        return self._by_name[name]

    def open(self, name: str) -> IO[bytes]:
        if self._zipfile is None:
            self._zipfile = zipfile.ZipFile(io.BytesIO(self._data))
        return self._zipfile.open(name)

    def __enter__(self) -> Directory:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._zipfile is not None:
            self._zipfile.close()


def part_key(name: str) -> str:
    """A member name as readers may look it up: ``\\`` as ``/``, ``.``, ``..`` and repeated
    slashes resolved, no leading slash, case ignored (calamine finds parts without regard
    to case)."""
    if "\\" in name or "//" in name or "/." in name or name.startswith(".") or name.endswith("/"):
        return posixpath.normpath("/" + name.replace("\\", "/")).lstrip("/").casefold()
    return name.lstrip("/").casefold()  # (nothing for normpath to resolve: most names)


def _readings(member: Info) -> set[str]:
    """The names a member may be read as: a name without the UTF-8 flag is cp437 to
    ``zipfile`` and to us, but UTF-8 to calamine's zip reader when its bytes are UTF-8."""
    names = {member.filename}
    if not member.flag_bits & UTF8_FLAG and not member.filename.isascii():
        raw = member.raw_name if isinstance(member, Member) else _cp437(member.orig_filename)
        try:
            names.add(raw.decode("utf-8"))
        except UnicodeDecodeError:
            pass
    return names


def _cp437(name: str) -> bytes:
    try:
        return name.encode("cp437")
    except UnicodeEncodeError:
        return b""


def member_index(members: Iterable[Info]) -> dict[str, str]:
    """Every key (:func:`part_key`) a member may be found by -> its name. Two members that
    a reader could take for one another are refused."""
    index: dict[str, str] = {}
    for member in members:
        for key in {part_key(n) for n in _readings(member)}:
            if key in index:
                raise ContainerProblem("ZIP_TIDAK_WAJAR", part=member.filename, reason="nama bagian ganda")
            index[key] = member.filename
    return index
