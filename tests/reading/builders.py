"""Build filled workbooks for the reading tests, and break them in the ways people do."""

from __future__ import annotations

import datetime as dt
import struct
import zipfile
import zlib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import openpyxl

from lkjip_excel.schema.workbook import WorkbookIdentity, identities
from lkjip_excel.settings import Settings
from lkjip_excel.template import write_workbook

FILLED = {"diisi_oleh": "Operator Desa", "tanggal": dt.date(2026, 1, 10)}


def desa_data() -> dict:
    return {
        "wilayah": {
            "luas": Decimal("250.5"),
            "dusun": 5,
            "rw": 10,
            "rt": 40,
            "penduduk_l": 3000,
            "penduduk_p": 3100,
        },
        "pertanian_pangan": [
            {"komoditas": "Padi", "produksi": 900000, "satuan": "kg"},
            {"komoditas": "Jagung", "produksi": 6000, "satuan": "kg"},
        ],
        "perikanan": {"kolam": {"produksi": 1000}, "pancing": {"produksi": 100}},
        "peternakan": {
            "sapi": {"populasi": 5},
            "kambing": {"populasi": 405},
            "ayam_kampung": {"populasi": 4718},
        },
        "tambang": {"pasir": {"lokasi": 1}},
        "wisata": [{"nama": "Rawalutung", "jenis": "Buatan"}],
        "industri": {"rumah_tangga": {"unit": 225}, "kecil": {"unit": 25}},
        "produk_unggulan": [{"produk": "Keramik", "usaha": 13}],
        "pbb": {"sppt_diterima": 3150, "sppt_disampaikan": 3148},
        "dokumen": {
            row: {"disampaikan": "Ya", "tanggal": dt.date(2025, 3, 1), "jumlah": 1}
            for row in (
                "perdes_perkades",
                "administrasi",
                "keuangan_aset",
                "sinkronisasi_perencanaan",
                "trantibum",
                "pemberdayaan",
                "pendampingan",
            )
        },
        "musrenbang": {"tanggal": dt.date(2025, 1, 20), "lembaga": 10, "peserta_l": 40, "peserta_p": 25},
    }


def keuangan_data() -> dict:
    return {
        "anggaran": [
            {
                "kode": "7.01.01",
                "uraian": "Program Penunjang",
                "pagu_perubahan": 3000000,
                "realisasi": 2041000,
            },
            {
                "kode": "7.01.01.2.01.0001",
                "uraian": "Penyusunan Dokumen Perencanaan",
                "pagu_murni": 1500000,
                "pagu_perubahan": 1500000,
                "realisasi": 630000,
            },
            {
                "kode": "7.01.01.2.01.0006",
                "uraian": "Laporan Capaian Kinerja",
                "pagu_murni": 1500000,
                "pagu_perubahan": 1500000,
                "realisasi": 1411000,
            },
        ],
        "indikator_keluaran": [
            {
                "kode_sub_kegiatan": "7.01.01.2.01.0001",
                "indikator": "Jumlah Dokumen Perencanaan",
                "satuan": "dokumen",
                "polaritas": "Positif",
                "target_murni": 8,
                "target_perubahan": 8,
                "realisasi": 8,
            }
        ],
        "sasaran": [
            {
                "nomor": 1,
                "sasaran": "Sasaran satu",
                "indikator": "Nilai SAKIP",
                "target": Decimal("71.2"),
                "realisasi": Decimal("72.1"),
            }
        ],
        "anggaran_tahun_lalu": {"tahun": 2024, "pagu": 2313453250, "realisasi": 2256061297},
        "peta_sasaran": [{"nomor_sasaran": 1, "kode": "7.01.01"}],
    }


def identity_of(settings: Settings, jenis: str, kode: str | None = None) -> WorkbookIdentity:
    for ident in identities(settings):
        if ident.jenis == jenis and (kode is None or ident.kode == kode):
            return ident
    raise KeyError((jenis, kode))


def write_desa(
    path: Path, settings: Settings, kode: str = "001", data: dict | None = None, **identity
) -> Path:
    ident = identity_of(settings, "desa", kode)
    if identity:
        ident = WorkbookIdentity(**{**ident.__dict__, **identity})
    return write_workbook(path, ident, settings, data if data is not None else desa_data(), FILLED)


def write_keuangan(path: Path, settings: Settings, data: dict | None = None) -> Path:
    ident = identity_of(settings, "perencanaan-keuangan")
    return write_workbook(path, ident, settings, data if data is not None else keuangan_data(), FILLED)


def edit(path: Path, change, out: Path | None = None) -> Path:
    """Open with openpyxl (as a program would), apply ``change(wb)``, save."""
    wb = openpyxl.load_workbook(path)
    change(wb)
    target = out or path
    wb.save(target)
    return target


# --- hostile containers: zips written byte by byte, sheets edited as XML -------------------


@dataclass
class ZipEntry:
    """One member as it will be written: ``payload`` is stored as is (already deflated
    for method 8); ``size`` and ``crc`` are what the headers declare."""

    name: str
    payload: bytes
    size: int
    crc: int
    method: int = 8
    #: a different name or declared size in the local header than in the central directory
    local_name: str | None = None
    local_size: int | None = None

    @classmethod
    def deflated(cls, name: str, content: bytes) -> ZipEntry:
        packer = zlib.compressobj(6, zlib.DEFLATED, -15)
        return cls(name, packer.compress(content) + packer.flush(), len(content), zlib.crc32(content))


def _local_record(e: ZipEntry) -> bytes:
    name = (e.local_name or e.name).encode()
    size = e.size if e.local_size is None else e.local_size
    head = struct.pack(
        "<4sHHHHHLLLHH", b"PK\x03\x04", 20, 0, e.method, 0, 0x21, e.crc, len(e.payload), size, len(name), 0
    )
    return head + name + e.payload


def _central_record(e: ZipEntry, offset: int) -> bytes:
    name = e.name.encode()
    return (
        struct.pack(
            "<4sHHHHHHLLLHHHHHLL",
            b"PK\x01\x02",
            20,
            20,
            0,
            e.method,
            0,
            0x21,
            e.crc,
            len(e.payload),
            e.size,
            len(name),
            0,
            0,
            0,
            0,
            0,
            offset,
        )
        + name
    )


def build_zip(entries: list[ZipEntry], inside: dict[str, ZipEntry] | None = None) -> bytes:
    """A zip of ``entries``; ``inside`` maps a stored entry's name to an entry whose local
    record *is* that entry's content (two members sharing bytes, as in overlapping zip bombs)."""
    out = bytearray()
    central = bytearray()
    count = 0
    for e in entries:
        offset = len(out)
        out += _local_record(e)
        central += _central_record(e, offset)
        count += 1
        nested = (inside or {}).get(e.name)
        if nested is not None:
            central += _central_record(nested, offset + 30 + len(e.name.encode()))
            count += 1
    start = len(out)
    out += central
    out += struct.pack("<4sHHHHLLH", b"PK\x05\x06", 0, 0, count, count, len(central), start, 0)
    return bytes(out)


def stored(name: str, content: bytes) -> ZipEntry:
    return ZipEntry(name, content, len(content), zlib.crc32(content), method=0)


def members(path: Path) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(path) as zf:
        return [(info.filename, zf.read(info.filename)) for info in zf.infolist()]


def sheet_part(path: Path, sheet: str) -> str:
    from lkjip_excel.reading.formulas import _sheet_parts

    with zipfile.ZipFile(path) as zf:
        return _sheet_parts(zf)[sheet]


def edit_sheet_xml(path: Path, sheet: str, change) -> Path:
    """Rewrite one sheet's XML with ``change(text) -> text`` (as a hostile program would)."""
    part = sheet_part(path, sheet)
    entries = [
        ZipEntry.deflated(name, change(data.decode()).encode() if name == part else data)
        for name, data in members(path)
    ]
    path.write_bytes(build_zip(entries))
    return path


def add_rows(sheet_xml: str, rows: str) -> str:
    """``rows`` (``<row>`` elements) appended at the end of the sheet data."""
    if "</sheetData>" in sheet_xml:
        return sheet_xml.replace("</sheetData>", rows + "</sheetData>")
    return sheet_xml.replace("<sheetData/>", f"<sheetData>{rows}</sheetData>")


def inflating_to(content: bytes, megabytes: int) -> bytes:
    """A raw deflate stream of ``content`` followed by ``megabytes`` MiB of spaces,
    built in milliseconds (one flushed block repeated) however large it inflates."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = packer.compress(content) + packer.flush(zlib.Z_FULL_FLUSH)
    block = zlib.compressobj(9, zlib.DEFLATED, -15)
    one_mb = block.compress(b" " * 2**20) + block.flush(zlib.Z_FULL_FLUSH)
    return head + one_mb * megabytes + b"\x03\x00"


ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"


def ods_workbook(settings: Settings, sheets: dict[str, str], kode: str = "001") -> bytes:
    """An .ods whose hidden identity sheet says desa ``kode``, plus ``sheets`` (name ->
    ``<table:table-row>`` XML)."""
    from lkjip_excel.schema import META_SHEET, SCHEMA

    ident = identity_of(settings, "desa", kode)
    meta = {
        "jenis": ident.jenis,
        "kode": ident.kode,
        "nama": ident.nama,
        "kecamatan": ident.kecamatan,
        "kabupaten": ident.kabupaten,
        "tahun": str(ident.tahun),
        "versi_skema": SCHEMA.version,
    }

    def text(value: str) -> str:
        return f'<table:table-cell office:value-type="string"><text:p>{value}</text:p></table:table-cell>'

    meta_rows = "".join(
        f"<table:table-row>{text(k)}{text(v)}</table:table-row>"
        for k, v in [("kunci", "nilai"), *meta.items()]
    )
    tables = f'<table:table table:name="{META_SHEET}">{meta_rows}</table:table>' + "".join(
        f'<table:table table:name="{name}">{rows}</table:table>' for name, rows in sheets.items()
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content'
        ' xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f"<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest'
        ' xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
    )
    return build_zip(
        [
            stored("mimetype", ODS_MIME),
            ZipEntry.deflated("META-INF/manifest.xml", manifest.encode()),
            ZipEntry.deflated("content.xml", content.encode()),
        ]
    )


def workspace(folder: Path, settings: Settings) -> tuple[Path, Path]:
    """An empty workspace for ``settings``: ``folder/lkjip.toml`` and ``folder/masuk/``."""
    from lkjip_excel.workspace import render_settings

    inputs = folder / "masuk"
    inputs.mkdir(parents=True)
    (folder / "lkjip.toml").write_text(
        render_settings(settings.kecamatan, settings.tahun, [(d.kode, d.nama) for d in settings.desa]),
        encoding="utf-8",
    )
    return folder, inputs
