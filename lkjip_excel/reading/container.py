"""Open a submitted file safely: what is it, is it too big, is it hostile, can we read it.

Files are read once, as bytes, read-only; nothing here ever writes to an input. Every
failure is a :class:`ContainerProblem` carrying a finding code, never an exception that
escapes to the user.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass
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
        return RawFile(path, data, digest, _inspect_zip(data, limits))
    raise ContainerProblem("BERKAS_BUKAN_SPREADSHEET")


def _inspect_zip(data: bytes, limits: Limits) -> str:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        members = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ContainerProblem("BERKAS_RUSAK") from None
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
            if name.endswith((".xml", ".rels")) and _is_hostile(_read(zf, name, 4096)):
                raise ContainerProblem("XML_BERBAHAYA", part=name)
    return fmt


def _read(zf: zipfile.ZipFile, name: str, n: int) -> bytes:
    try:
        with zf.open(name) as fh:
            return fh.read(n)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
        raise ContainerProblem("BERKAS_RUSAK") from None


def _is_hostile(head: bytes) -> bool:
    """Spreadsheet XML never needs a DTD: a DOCTYPE or ENTITY means an XML attack."""
    upper = head.upper()
    return b"<!DOCTYPE" in upper or b"<!ENTITY" in upper
