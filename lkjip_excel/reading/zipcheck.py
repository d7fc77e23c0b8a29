"""Inspecting a zip container (xlsx, xlsm, ods) before anything reads it: every member
inflated once and checked against what the directory says; the inflated parts kept for
the scans that follow, and re-packed for calamine.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass

from .limits import ContainerProblem, Limits
from .zipdir import UTF8_FLAG, Directory, Info, Member, member_index

__all__ = ["STORED_COPY_BYTES", "Inspected", "inspect_zip"]

ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"


@dataclass(frozen=True)
class Inspected:
    """What inspecting a zip container found (see :func:`inspect_zip`)."""

    format: str
    names: frozenset[str]
    #: the XML members small enough to scan whole, inflated and verified
    parts: dict[str, bytes]
    #: every member re-packed without compression (:func:`_stored_copy`), or None
    stored: bytes | None
    #: every key a member may be looked up by (``zipdir.part_key``) -> its name
    index: dict[str, str]


def inspect_zip(data: bytes, limits: Limits) -> Inspected:
    """Inspect a zip container: its format, member names and verified parts.

    Every member is inflated here once, counting the bytes that really come out (never
    the sizes the headers declare), so that neither this reader nor the library behind
    it ever opens a member that is bigger than it says, damaged, hidden behind a second
    member of the same name, or overlapping another one.

    The inflated members are the reading's one pass over the parts: for a plain zip
    (:class:`Directory`) whose members together are small enough to hold
    (``STORED_COPY_BYTES``), they are re-packed without compression for calamine, which
    then reads the verified bytes instead of inflating every part again.
    """
    zf: zipfile.ZipFile | Directory | None = Directory.read(data)
    if zf is None:  # anything unusual: zipfile reads it (and decides what is wrong)
        try:
            zf = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
            raise ContainerProblem("BERKAS_RUSAK") from None
    with zf:
        members = zf.infolist()
        if len(members) > limits.max_zip_members:
            raise ContainerProblem(
                "BERKAS_TERLALU_BESAR", size_mb="?", limit_mb=limits.max_file_bytes // 2**20
            )
        declared = sum(m.file_size for m in members)
        if declared > limits.max_uncompressed_bytes:
            raise ContainerProblem("BERKAS_BOM_ZIP", uncompressed_mb=round(declared / 2**20, 1))
        index = member_index(members)
        names = {m.filename for m in members}
        if "xl/workbook.xml" in index:
            if "mimetype" in index or "content.xml" in index:  # calamine may open either one
                raise ContainerProblem(
                    "ZIP_TIDAK_WAJAR",
                    part="mimetype",
                    reason="berisi lembar kerja Excel dan OpenDocument sekaligus",
                )
            fmt = "xlsm" if "xl/vbaproject.bin" in index else "xlsx"
        elif "mimetype" in names:
            fmt = "ods"  # (decided below, from the member's real content)
        else:
            raise ContainerProblem("BERKAS_BUKAN_SPREADSHEET")
        # only a plain zip, read here in one pass (anything unusual, damaged or not, goes to
        # calamine as it came: a second reader's opinion of it is kept, not repaired away)
        keep_all = isinstance(zf, Directory) and declared <= STORED_COPY_BYTES
        budget = [limits.max_uncompressed_bytes]
        spans = []
        parts: dict[str, bytes] = {}
        contents: list[tuple[Info, bytes]] = []
        for member in members:
            name = member.filename
            xml = name.endswith((".xml", ".rels"))
            # (the scans that follow read big sheets streaming, within the limits, not whole)
            whole = xml and member.file_size <= WHOLE_MEMBER_BYTES
            keep = keep_all or whole or name == "mimetype"
            try:
                start, end, head, content = _verified_member(data, member, limits, budget, keep)
            except zlib.error:  # compressed data that does not decompress: a damaged file
                raise ContainerProblem("BERKAS_RUSAK") from None
            spans.append((member.header_offset, end, name))
            if whole:
                parts[name] = content
            if keep_all:
                contents.append((member, content))
            if name == "mimetype" and fmt == "ods" and not content.startswith(ODS_MIMETYPE):
                raise ContainerProblem("BERKAS_BUKAN_SPREADSHEET")
            if xml and _is_hostile(content if whole else head):
                raise ContainerProblem("XML_BERBAHAYA", part=name)
        spans.sort()
        for (_, end, _), (start, _, name) in zip(spans, spans[1:], strict=False):
            if start < end:  # members sharing bytes: the "overlapping" zip bomb
                raise ContainerProblem("ZIP_TIDAK_WAJAR", part=name, reason="bagian saling menumpuk")
    return Inspected(fmt, frozenset(names), parts, _stored_copy(contents) if keep_all else None, index)


#: a workbook whose members together inflate to at most this many bytes is re-packed for
#: calamine (held in memory while the file is read); a bigger one is read from its own bytes
STORED_COPY_BYTES = 32 * 1024 * 1024
#: a stored member's local header and directory entry (version 2.0, no extra fields,
#: the date 1980-01-01), and the end of the directory
_STORED_LOCAL = struct.Struct("<4sHHHHHLLLHH")
_STORED_ENTRY = struct.Struct("<4sHHHHHHLLLHHHHHLL")
_STORED_END = struct.Struct("<4sHHHHLLH")


def _stored_copy(contents: list[tuple[Info, bytes]]) -> bytes:
    """A zip of ``contents`` (verified members and their inflated bytes, in their order)
    without compression."""
    out: list[bytes] = []
    directory: list[bytes] = []
    offset = 0
    for member, content in contents:
        # the name's bytes and encoding flag as the directory had them: calamine finds in the
        # copy what it would have found in the file
        assert isinstance(member, Member)
        name, flags = member.raw_name, member.flag_bits & UTF8_FLAG
        size, crc = len(content), member.CRC
        local = _STORED_LOCAL.pack(b"PK\x03\x04", 20, flags, 0, 0, 0x21, crc, size, size, len(name), 0)
        directory.append(
            _STORED_ENTRY.pack(
                b"PK\x01\x02", 20, 20, flags, 0, 0, 0x21, crc, size, size, len(name), 0, 0, 0, 0, 0, offset
            )
            + name
        )
        out += (local, name, content)
        offset += len(local) + len(name) + size
    entries = b"".join(directory)
    count = len(contents)
    return (
        b"".join(out) + entries + _STORED_END.pack(b"PK\x05\x06", 0, 0, count, count, len(entries), offset, 0)
    )


#: members up to this size are kept whole (the formula and extent scans read them again)
WHOLE_MEMBER_BYTES = 256 * 1024
#: a local file header: magic, flags, method, (time, date), CRC, sizes, name and extra lengths
_LOCAL_HEADER = struct.Struct("<4s2xHH4xLLLHH")
_LOCAL_MAGIC = b"PK\x03\x04"
_ENCRYPTED_FLAGS = 0x41  # encrypted (bit 0), strong encryption (bit 6)
_PATCH_FLAG = 0x20
_DATA_DESCRIPTOR = 0x08
_ZIP64_SIZE = 0xFFFFFFFF
#: compressed bytes fed to zlib at a time, and decompressed bytes taken out at a time
_IN_CHUNK = 64 * 1024
_OUT_CHUNK = 1024 * 1024
_HEAD_BYTES = 4096
#: members declared this small are inflated in one call (:func:`_inflated_at_once`)
_AT_ONCE_BYTES = 1024 * 1024


def _verified_member(
    data: bytes, info: Info, limits: Limits, budget: list[int], keep: bool
) -> tuple[int, int, bytes, bytes]:
    """Check one member against its local header and inflate it, counting real bytes.

    Returns (data start, data end, first bytes, whole content if ``keep`` else b"").
    ``budget`` holds the bytes still allowed for the whole file and is decreased.
    """
    name = info.filename
    if info.flag_bits & _ENCRYPTED_FLAGS:
        raise ContainerProblem("BERKAS_BERSANDI")
    if info.flag_bits & _PATCH_FLAG or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise ContainerProblem("ZIP_TIDAK_WAJAR", part=name, reason="cara pemampatan tidak dikenal")
    offset = info.header_offset
    try:
        if offset < 0:
            raise struct.error
        magic, flags, method, crc, csize, usize, name_len, extra_len = _LOCAL_HEADER.unpack_from(data, offset)
    except struct.error:
        raise ContainerProblem("BERKAS_RUSAK") from None
    start = offset + _LOCAL_HEADER.size
    raw_name = data[start : start + name_len]
    try:
        local_name = raw_name.decode("utf-8" if flags & 0x800 or raw_name.isascii() else "cp437")
    except UnicodeDecodeError:
        local_name = None
    if magic != _LOCAL_MAGIC or len(raw_name) != name_len:
        raise ContainerProblem("BERKAS_RUSAK")
    if (
        local_name != info.orig_filename
        or method != info.compress_type
        or (flags ^ info.flag_bits) & (_ENCRYPTED_FLAGS | _DATA_DESCRIPTOR)
        or (
            not flags & _DATA_DESCRIPTOR
            and (
                crc != info.CRC
                or _ZIP64_SIZE not in (csize, usize)
                and (csize, usize) != (info.compress_size, info.file_size)
            )
        )
    ):
        raise ContainerProblem("ZIP_TIDAK_WAJAR", part=name, reason="header lokal berbeda dari daftar isi")
    start += name_len + extra_len
    end = start + info.compress_size
    if end > len(data):
        raise ContainerProblem("BERKAS_RUSAK")
    view = memoryview(data)
    if info.compress_type == zipfile.ZIP_STORED:
        size = info.compress_size
        _spend(budget, size, info, limits, size)
        stored = view[start:end]
        if size != info.file_size or zlib.crc32(stored) != info.CRC:
            raise ContainerProblem("BERKAS_RUSAK")
        content = bytes(stored) if keep else stored[:_HEAD_BYTES].tobytes()
        return start, end, content[:_HEAD_BYTES], content if keep else b""
    if info.file_size <= _AT_ONCE_BYTES:  # (nearly every member) one call, capped one byte past
        return _inflated_at_once(view[start:end], info, limits, budget, keep, start, end)
    inflater = zlib.decompressobj(-15)
    size = crc = 0
    chunks: list[bytes] = []
    head = b""
    pos = start
    pending: bytes | memoryview = b""
    while not inflater.eof:
        if not pending:
            if pos >= end:
                out = inflater.decompress(b"", _OUT_CHUNK)
                if not out:
                    break  # the stream ends before its end: truncated
            else:
                pending = view[pos : min(pos + _IN_CHUNK, end)]
                pos += len(pending)
                out = inflater.decompress(pending, _OUT_CHUNK)
        else:
            out = inflater.decompress(pending, _OUT_CHUNK)
        pending = inflater.unconsumed_tail
        size += len(out)
        if size > info.file_size:  # more than the header declares: stop here
            raise ContainerProblem(
                "ZIP_TIDAK_WAJAR", part=name, reason="isinya lebih besar dari yang tertulis"
            )
        _spend(budget, len(out), info, limits, size)
        crc = zlib.crc32(out, crc)
        if keep:
            chunks.append(out)
        elif len(head) < _HEAD_BYTES:
            head += out[: _HEAD_BYTES - len(head)]
    if not inflater.eof or size != info.file_size or crc != info.CRC:
        raise ContainerProblem("BERKAS_RUSAK")
    if keep:
        whole = chunks[0] if len(chunks) == 1 else b"".join(chunks)
        return start, end, whole[:_HEAD_BYTES], whole
    return start, end, head, b""


def _inflated_at_once(
    stream: memoryview, info: Info, limits: Limits, budget: list[int], keep: bool, start: int, end: int
) -> tuple[int, int, bytes, bytes]:
    """:func:`_verified_member` for a member small enough to inflate in one call: zlib is
    asked for at most one byte more than the header declares, so a member that lies about
    its size is caught without inflating more than that byte."""
    inflater = zlib.decompressobj(-15)
    out = inflater.decompress(stream, info.file_size + 1)
    size = len(out)
    if size > info.file_size:
        raise ContainerProblem(
            "ZIP_TIDAK_WAJAR", part=info.filename, reason="isinya lebih besar dari yang tertulis"
        )
    _spend(budget, size, info, limits, size)
    if not inflater.eof or size != info.file_size or zlib.crc32(out) != info.CRC:
        raise ContainerProblem("BERKAS_RUSAK")
    return start, end, out[:_HEAD_BYTES], out if keep else b""


def _spend(budget: list[int], n: int, info: Info, limits: Limits, size: int) -> None:
    budget[0] -= n
    if budget[0] < 0:
        used = limits.max_uncompressed_bytes - budget[0]
        raise ContainerProblem("BERKAS_BOM_ZIP", uncompressed_mb=round(used / 2**20, 1))
    if size > 1_000_000 and size > limits.max_compression_ratio * max(info.compress_size, 1):
        raise ContainerProblem("BERKAS_BOM_ZIP", uncompressed_mb=round(size / 2**20, 1))


def _is_hostile(head: bytes) -> bool:
    """Spreadsheet XML never needs a DTD: a DOCTYPE or ENTITY means an XML attack."""
    return b"<!" in head and _DTD.search(head) is not None


_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)  # (ASCII case folding, as bytes.upper())
