"""Builders of inputs made to exhaust the reader: far cells, lying and overlapping zips,
tables far over their size. Each takes a folder and returns the file it wrote there."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.helpers import make_settings
from tests.reading.builders import (
    ZipEntry,
    add_rows,
    build_zip,
    desa_data,
    edit_sheet_xml,
    inflating_to,
    members,
    ods_workbook,
    sheet_part,
    stored,
    write_desa,
)

SETTINGS = make_settings(n_desa=3)
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _desa(folder: Path, data: dict | None = None) -> Path:
    return write_desa(folder / "desa.xlsx", SETTINGS, data=data)


def sheet_rows(sheet: str, rows: str) -> Callable[[Path], Path]:
    """A valid desa workbook with ``rows`` appended to ``sheet``'s data."""

    def build(folder: Path) -> Path:
        return edit_sheet_xml(_desa(folder), sheet, lambda xml: add_rows(xml, rows))

    return build


def sheet_xml(sheet: str, change: Callable[[str], str]) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        return edit_sheet_xml(_desa(folder), sheet, change)

    return build


FAR_CELL = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
FAR_ROW_NO_REF = '<row r="1048576"><c><v>1</v></c></row>'
FAR_AFTER_ROW_WITHOUT_REF = '<row r="1048575"><c r="A1048575"><v>1</v></c></row><row><c><v>2</v></c></row>'
FAR_PREFIXED = f'<row r="2"><x:c xmlns:x="{MAIN_NS}" r="XFD2"><x:v>1</x:v></x:c></row>'
FAR_COLUMN = '<row r="30"><c r="AZ30"><v>5</v></c></row>'


def far_cell_after_comment(folder: Path) -> Path:
    return sheet_xml("Wilayah", lambda xml: add_rows(xml, "<!-- catatan -->" + FAR_CELL))(folder)


def whole_sheet_dimension(folder: Path) -> Path:
    import re

    return sheet_xml(
        "Wilayah", lambda xml: re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:XFD1048576"/>', xml)
    )(folder)


def merged_whole_sheet(folder: Path) -> Path:
    merge = '<mergeCells count="1"><mergeCell ref="A6:XFD1048576"/></mergeCells>'
    return sheet_xml("Wilayah", lambda xml: xml.replace("</sheetData>", "</sheetData>" + merge, 1))(folder)


def shared_formula_whole_sheet(folder: Path) -> Path:
    import re

    def change(xml: str) -> str:
        match = re.search(r'<c r="B7" s="(\d+)"[^>]*?(/>|>.*?</c>)', xml)
        assert match
        cell = f'<c r="B7" s="{match.group(1)}"><f t="shared" ref="B7:XFD1048576" si="0">2+3</f><v>5</v></c>'
        return xml.replace(match.group(0), cell)

    return sheet_xml("Wilayah", change)(folder)


def list_rows(n: int) -> Callable[[Path], Path]:
    """The Pertanian list (15 rows in the template) holding ``n`` rows."""

    def build(folder: Path) -> Path:
        rows = "".join(
            f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>Komoditas {r}</t></is></c>'
            f'<c r="B{r}"><v>{r}</v></c><c r="C{r}" t="inlineStr"><is><t>kg</t></is></c></row>'
            for r in range(100, 100 + n)
        )
        return sheet_rows("Pertanian", rows)(folder)

    return build


def list_over_limit(folder: Path) -> Path:
    """16 rows in a 15-row list, written by the template writer itself."""
    data = desa_data()
    data["pertanian_pangan"] = [
        {"komoditas": f"Komoditas {i}", "produksi": i, "satuan": "kg"} for i in range(16)
    ]
    return _desa(folder, data)


# --- zips ---------------------------------------------------------------------------------


def _entries(path: Path) -> list[ZipEntry]:
    return [ZipEntry.deflated(name, data) for name, data in members(path)]


def _rebuilt(folder: Path, change: Callable[[Path, list[ZipEntry]], list[ZipEntry]], **kw) -> Path:
    path = _desa(folder)
    path.write_bytes(build_zip(change(path, _entries(path)), **kw))
    return path


def lying_member(megabytes: int = 4096) -> Callable[[Path], Path]:
    """The Wilayah sheet's header declares its real size, its data inflate to ``megabytes``
    MiB more (4 GiB by default, from a 4 MB file)."""

    def change(path: Path, entries: list[ZipEntry]) -> list[ZipEntry]:
        part = sheet_part(path, "Wilayah")
        for e in entries:
            if e.name == part:
                real = dict(members(path))[part]
                e.payload = inflating_to(real, megabytes)
        return entries

    return lambda folder: _rebuilt(folder, change)


def duplicate_member(folder: Path) -> Path:
    def change(path: Path, entries: list[ZipEntry]) -> list[ZipEntry]:
        part = sheet_part(path, "Wilayah")
        real = dict(members(path))[part].decode()
        return [*entries, ZipEntry.deflated(part, add_rows(real, FAR_CELL).encode())]

    return _rebuilt(folder, change)


def local_name_differs(folder: Path) -> Path:
    def change(path: Path, entries: list[ZipEntry]) -> list[ZipEntry]:
        part = sheet_part(path, "Wilayah")
        for e in entries:
            if e.name == part:
                e.local_name = part.replace("sheet", "sheeT")
        return entries

    return _rebuilt(folder, change)


def local_size_differs(folder: Path) -> Path:
    def change(path: Path, entries: list[ZipEntry]) -> list[ZipEntry]:
        part = sheet_part(path, "Wilayah")
        for e in entries:
            if e.name == part:
                e.local_size = e.size * 1000
        return entries

    return _rebuilt(folder, change)


def overlapping_members(folder: Path) -> Path:
    inner = ZipEntry.deflated("xl/media/inner.bin", b"\0" * 10_000)
    from tests.reading.builders import _local_record

    record = _local_record(inner)
    outer = stored("xl/media/outer.bin", record)
    return _rebuilt(folder, lambda path, entries: [*entries, outer], inside={outer.name: inner})


def many_members(folder: Path) -> Path:
    return _rebuilt(
        folder, lambda path, entries: entries + [stored(f"xl/media/m{i}.bin", b"") for i in range(6000)]
    )


# --- ods ------------------------------------------------------------------------------

_VALUE = '<table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell>'


def ods_far_cell(folder: Path) -> Path:
    rows = (
        '<table:table-row table:number-rows-repeated="1048575"><table:table-cell/></table:table-row>'
        f'<table:table-row><table:table-cell table:number-columns-repeated="16383"/>{_VALUE}</table:table-row>'
    )
    path = folder / "desa.ods"
    path.write_bytes(ods_workbook(SETTINGS, {"Wilayah": rows}))
    return path


def ods_repeated_block(folder: Path) -> Path:
    rows = (
        '<table:table-row table:number-rows-repeated="1048000">'
        '<table:table-cell table:number-columns-repeated="16384" office:value-type="float" office:value="1"/>'
        "</table:table-row>"
    )
    path = folder / "desa.ods"
    path.write_bytes(ods_workbook(SETTINGS, {"Wilayah": rows}))
    return path


# --- xls ------------------------------------------------------------------------------


def xls_far_cells(folder: Path) -> Path:
    """The desa workbook saved as .xls by LibreOffice, one value of every sheet moved to
    IV65536 (calamine builds every sheet's grid when it opens an .xls)."""
    import shutil
    import struct
    import subprocess

    import olefile
    import pytest

    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed")
    source = _desa(folder)
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{folder}/lo", "--convert-to", "xls"]
        + ["--outdir", str(folder), str(source)],
        capture_output=True,
        timeout=180,
        check=True,
    )
    source.unlink()
    path = folder / "desa.xls"
    with olefile.OleFileIO(str(path), write_mode=True) as ole:
        data = bytearray(ole.openstream("Workbook").read())
        pos, in_sheet, moved = 0, False, False
        while pos + 4 <= len(data):
            kind, length = struct.unpack_from("<HH", data, pos)
            if kind == 0x0809:
                in_sheet, moved = pos > 0, False
            elif in_sheet and not moved and kind in (0x00FD, 0x0203, 0x027E):
                struct.pack_into("<HH", data, pos + 4, 65535, 255)
                moved = True
            pos += 4 + length
        ole.write_stream("Workbook", bytes(data))
    return path
