"""Open a submitted file safely: what is it, is it too big, is it hostile, can we read it.

Files are read once, as bytes, read-only; nothing here ever writes to an input. Every
failure is a :class:`ContainerProblem` carrying a finding code, never an exception that
escapes to the user.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import struct
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"


@dataclass(frozen=True)
class Limits:
    """What one file may cost; a zip bomb ends as a finding, not an exhausted machine."""

    max_file_bytes: int = 50 * 1024 * 1024
    max_uncompressed_bytes: int = 200 * 1024 * 1024
    max_zip_members: int = 5_000
    max_compression_ratio: int = 200
    max_cells: int = 2_000_000


DEFAULT_LIMITS = Limits()


class ContainerProblem(Exception):
    """A file that cannot be read as a workbook; ``code`` is a finding code."""

    def __init__(self, code: str, **values):
        super().__init__(code)
        self.code = code
        self.values = values


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

    @property
    def size(self) -> int:
        return len(self.data)


def read_bytes(path: Path, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """The file's bytes, opened read-only; refuse files over the size limit."""
    size = path.stat().st_size
    if size > limits.max_file_bytes:
        raise ContainerProblem(
            "BERKAS_TERLALU_BESAR", size_mb=round(size / 2**20, 1), limit_mb=limits.max_file_bytes // 2**20
        )
    with path.open("rb") as fh:
        return fh.read()


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
        parts: dict[str, bytes] = {}
        fmt, names = _inspect_zip(data, limits, parts)
        return RawFile(path, data, digest, fmt, names, parts)
    raise ContainerProblem("BERKAS_BUKAN_SPREADSHEET")


def _inspect_zip(data: bytes, limits: Limits, parts: dict[str, bytes] | None = None) -> tuple[str, frozenset]:
    """The format of a zip container (and its member names); ``parts`` collects the
    members read whole on the way."""
    zf: zipfile.ZipFile | _Directory | None = _Directory.read(data)
    if zf is None:  # anything unusual: zipfile reads it (and decides what is wrong)
        try:
            zf = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, OSError, ValueError):
            raise ContainerProblem("BERKAS_RUSAK") from None
    members = zf.infolist()
    with zf:
        if len(members) > limits.max_zip_members:
            raise ContainerProblem(
                "BERKAS_TERLALU_BESAR", size_mb="?", limit_mb=limits.max_file_bytes // 2**20
            )
        total = sum(m.file_size for m in members)
        if total > limits.max_uncompressed_bytes or any(
            m.compress_size and m.file_size / m.compress_size > limits.max_compression_ratio
            for m in members
            if m.file_size > 1_000_000
        ):
            raise ContainerProblem("BERKAS_BOM_ZIP", uncompressed_mb=round(total / 2**20, 1))
        names = {m.filename for m in members}
        if "xl/workbook.xml" in names:
            fmt = "xlsm" if "xl/vbaProject.bin" in names else "xlsx"
        elif "mimetype" in names and _read(zf, "mimetype", 100).startswith(ODS_MIMETYPE):
            fmt = "ods"
        else:
            raise ContainerProblem("BERKAS_BUKAN_SPREADSHEET")
        for name in names:
            if name.endswith((".xml", ".rels")) and _is_hostile(_head(zf, data, name, 4096, parts)):
                raise ContainerProblem("XML_BERBAHAYA", part=name)
    return fmt, frozenset(names)


class _Member:
    """The fields of a ``zipfile.ZipInfo`` that reading uses."""

    __slots__ = ("filename", "orig_filename", "flag_bits", "compress_type", "CRC", "compress_size",
                 "file_size", "header_offset")  # fmt: skip

    def __init__(self, name, flag_bits, compress_type, crc, compress_size, file_size, header_offset):
        self.filename = self.orig_filename = name
        self.flag_bits, self.compress_type, self.CRC = flag_bits, compress_type, crc
        self.compress_size, self.file_size, self.header_offset = compress_size, file_size, header_offset


#: the end of central directory record: magic, disks and counts, directory size and offset
_END = struct.Struct("<4s4H2LH")
#: a central directory entry: magic, extract version, flags, method, CRC, sizes, name, extra
#: and comment lengths, local header offset (then the name)
_ENTRY = struct.Struct("<4s2xBxHH4x3L3H8xL")


class _Directory:
    """A zip's central directory read in one pass, for the plain zips every spreadsheet
    program writes. ``zipfile`` spends ~0.5 ms of Python per workbook on it; here it is a
    few struct calls. :meth:`read` returns None for anything ``zipfile`` would treat
    specially or refuse (an archive comment, data before the zip, ZIP64, extra fields,
    unknown versions, names with NUL bytes, a truncated or damaged directory...), and
    ``zipfile`` then reads the file as before. Members are opened through a real
    ``ZipFile``, made when first needed.
    """

    def __init__(self, data: bytes, members: list[_Member]):
        self._data = data
        self._members = members
        self._by_name = {m.filename: m for m in members}  # the last of equal names, as zipfile
        self._zipfile: zipfile.ZipFile | None = None

    @classmethod
    def read(cls, data: bytes) -> _Directory | None:
        end = len(data) - _END.size
        if end < 20 or data[end : end + 4] != b"PK\x05\x06" or data[-2:] != b"\0\0":
            return None  # no end record at the very end (an archive comment, or not a zip)
        if data[end - 20 : end - 16] == b"PK\x06\x07":
            return None  # ZIP64
        _, _, _, _, _, size, offset, _ = _END.unpack_from(data, end)
        if offset + size != end:
            return None  # data before the zip, or a directory that does not end where it should
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
                name = data[start : start + nlen].decode("utf-8" if flags & 0x800 else "cp437")
                if "\0" in name or (os.sep != "/" and os.sep in name):
                    return None
                members.append(_Member(name, flags, method, crc, csize, usize, local))
                pos = start + nlen + clen
        except (struct.error, UnicodeDecodeError):
            return None
        return cls(data, members)

    def infolist(self) -> list[_Member]:
        return self._members

    def getinfo(self, name: str) -> _Member:
        return self._by_name[name]

    def open(self, name: str):
        if self._zipfile is None:
            self._zipfile = zipfile.ZipFile(io.BytesIO(self._data))
        return self._zipfile.open(name)

    def __enter__(self) -> _Directory:
        return self

    def __exit__(self, *exc) -> None:
        if self._zipfile is not None:
            self._zipfile.close()


def _read(zf: zipfile.ZipFile, name: str, n: int) -> bytes:
    try:
        with zf.open(name) as fh:
            return fh.read(n)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
        raise ContainerProblem("BERKAS_RUSAK") from None


#: members up to this size are decompressed whole in one call (see ``_head``)
WHOLE_MEMBER_BYTES = 256 * 1024
#: a local file header: magic, flags, method, (time, date, CRC, sizes), name and extra lengths
_LOCAL_HEADER = struct.Struct("<4s2xHH16xHH")
_LOCAL_MAGIC = b"PK\x03\x04"
_UNSUPPORTED_FLAGS = 0x61  # encrypted (bit 0), compressed patch (bit 5), strong encryption (bit 6)


def _head(zf: zipfile.ZipFile, data: bytes, name: str, n: int, parts: dict[str, bytes] | None) -> bytes:
    """The first ``n`` bytes of a member, exactly as ``_read`` returns them.

    ``zipfile`` costs ~40 us of Python per member opened; a workbook has ~50 parts.
    A small member that is plainly intact (stored or deflated, not encrypted, local
    header consistent, the whole stream present, size and CRC-32 right) is decompressed
    here in one zlib call, and kept in ``parts``. Anything else goes through ``_read``,
    so a damaged member ends exactly as before.
    """
    content = _intact_member(data, zf.getinfo(name))
    if content is None:
        return _read(zf, name, n)
    if parts is not None:
        parts[name] = content
    return content[:n]


def _intact_member(data: bytes, info: zipfile.ZipInfo) -> bytes | None:
    """A member's whole content when every check ``zipfile`` would make passes, else None."""
    if (
        info.file_size > WHOLE_MEMBER_BYTES
        or info.flag_bits & _UNSUPPORTED_FLAGS
        or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
    ):
        return None
    try:
        offset = info.header_offset
        if offset < 0:
            return None
        magic, flags, _method, name_len, extra_len = _LOCAL_HEADER.unpack_from(data, offset)
        start = offset + _LOCAL_HEADER.size
        raw_name = data[start : start + name_len]
        encoding = "utf-8" if flags & 0x800 else "cp437"
        if (
            magic != _LOCAL_MAGIC
            or len(raw_name) != name_len
            or raw_name.decode(encoding) != info.orig_filename
        ):
            return None
        start += name_len + extra_len
        end = start + info.compress_size
        if end > len(data):
            return None
        if info.compress_type == zipfile.ZIP_STORED:
            content = data[start:end]
        else:
            inflater = zlib.decompressobj(-15)
            content = inflater.decompress(memoryview(data)[start:end])
            if not inflater.eof or inflater.unused_data:
                return None
    except (struct.error, ValueError, zlib.error):
        return None
    if len(content) != info.file_size or zlib.crc32(content) != info.CRC:
        return None
    return content


def _is_hostile(head: bytes) -> bool:
    """Spreadsheet XML never needs a DTD: a DOCTYPE or ENTITY means an XML attack."""
    return b"<!" in head and _DTD.search(head) is not None


_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)  # (ASCII case folding, as bytes.upper())
