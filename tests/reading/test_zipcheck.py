"""Inspecting a zip once: the verified parts re-packed without compression for calamine."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
import python_calamine as calamine

from lkjip_excel.reading import read_submission, zipcheck
from lkjip_excel.reading.container import DEFAULT_LIMITS, ContainerProblem, sniff
from tests.reading.builders import ZipEntry, build_zip, members, ods_workbook
from tests.reading.test_corpus import SETTINGS

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "purwareja-klampok-2024"
FILES = sorted((EXAMPLE / "masuk").iterdir())


def _sheets(data: bytes) -> dict[str, tuple[list, list | None]]:
    wb = calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    out = {}
    for name in wb.sheet_names:
        sheet = wb.get_sheet_by_name(name)
        out[name] = (sheet.to_python(skip_empty_area=False), sheet.merged_cell_ranges)
    return out


@pytest.mark.parametrize("path", [FILES[0], FILES[-1], FILES[len(FILES) // 2]], ids=lambda p: p.name)
def test_calamine_reads_from_the_copy_what_the_file_holds(path: Path):
    raw = sniff(path, path.read_bytes())
    assert raw.stored is not None and raw.workbook_bytes is raw.stored
    with zipfile.ZipFile(io.BytesIO(raw.stored)) as copy:
        assert copy.testzip() is None
        assert {i.compress_type for i in copy.infolist()} == {zipfile.ZIP_STORED}
        assert [(i.filename, copy.read(i)) for i in copy.infolist()] == members(path)
    assert _sheets(raw.stored) == _sheets(raw.data)


def test_an_ods_copy_reads_the_same(tmp_path: Path):
    rows = '<table:table-row><table:table-cell office:value-type="float" office:value="7"/></table:table-row>'
    data = ods_workbook(SETTINGS, {"Wilayah": rows})
    raw = sniff(tmp_path / "desa.ods", data)
    assert raw.format == "ods" and raw.stored is not None
    assert _sheets(raw.stored) == _sheets(data)


def test_a_non_ascii_member_name_keeps_its_name(tmp_path: Path):
    entries = [ZipEntry.deflated(name, content) for name, content in members(FILES[0])]
    entries.append(ZipEntry.deflated("customXml/catatan-é.xml", b"<a/>"))
    data = build_zip(entries)
    raw = sniff(tmp_path / "x.xlsx", data)
    with zipfile.ZipFile(io.BytesIO(raw.stored)) as copy, zipfile.ZipFile(io.BytesIO(data)) as original:
        assert copy.namelist() == original.namelist()


def test_a_big_workbook_is_read_from_its_own_bytes(monkeypatch):
    path = FILES[0]
    with_copy = read_submission(path, SETTINGS)
    monkeypatch.setattr(zipcheck, "STORED_COPY_BYTES", 1000)
    raw = sniff(path, path.read_bytes())
    assert raw.stored is None and raw.workbook_bytes is raw.data
    without = read_submission(path, SETTINGS)
    without.modified = with_copy.modified
    assert without == with_copy


def test_a_member_inflating_past_its_header_stops_one_byte_past(tmp_path: Path, monkeypatch):
    """Small members are inflated in one call, capped one byte past the declared size."""
    asked: list[int] = []
    real = zipcheck.zlib.decompressobj

    class Counting:
        def __init__(self, *args):
            self._d = real(*args)

        def decompress(self, data, max_length=0):
            out = self._d.decompress(data, max_length)
            asked.append(len(out))
            return out

        def __getattr__(self, name):
            return getattr(self._d, name)

    monkeypatch.setattr(zipcheck.zlib, "decompressobj", Counting)
    entries = [ZipEntry.deflated(name, content) for name, content in members(FILES[0])]
    entries[-1].payload = zipfile.zlib.compress(b"<a>" + b" " * 500_000 + b"</a>")[2:-4]
    with pytest.raises(ContainerProblem) as caught:
        sniff(tmp_path / "x.xlsx", build_zip(entries))
    assert caught.value.code == "ZIP_TIDAK_WAJAR"
    assert asked[-1] == entries[-1].size + 1  # (the last member, where it stopped)


@pytest.mark.parametrize(
    ("field", "change"),
    [(10, 8), (8, 8), (4, 1), (20, 16)],
    ids=["entries", "entries-on-disk", "disk", "comment-length"],
)
def test_an_unusual_zip_goes_to_calamine_as_it_came(tmp_path: Path, field: int, change: int):
    """A damaged end record that zipfile tolerates is not repaired away by the copy:
    calamine still reads the file as it came, and says it is broken."""
    data = bytearray(FILES[0].read_bytes())
    end = data.rfind(b"PK\x05\x06")
    data[end + field] += change
    path = tmp_path / "rusak.xlsx"
    path.write_bytes(bytes(data))
    raw = sniff(path, bytes(data))
    assert raw.stored is None and raw.workbook_bytes is raw.data
    assert [f.code for f in read_submission(path, SETTINGS).findings] == ["BERKAS_RUSAK"]


def test_damaged_compressed_data_is_a_broken_file(tmp_path: Path):
    """A member whose deflate stream does not decompress (headers intact) is BERKAS_RUSAK,
    never an internal error (seen in the equivalence fuzzing: 102 of 2,000 damaged files)."""
    entries = [ZipEntry.deflated(name, content) for name, content in members(FILES[0])]
    sheet = next(e for e in entries if e.name.startswith("xl/worksheets/"))
    sheet.payload = b"\xff" * len(sheet.payload)  # an invalid block type at once
    path = tmp_path / "rusak.xlsx"
    path.write_bytes(build_zip(entries))
    with pytest.raises(ContainerProblem) as caught:
        sniff(path, path.read_bytes())
    assert caught.value.code == "BERKAS_RUSAK"
    assert [f.code for f in read_submission(path, SETTINGS).findings] == ["BERKAS_RUSAK"]


# --- parts found as calamine finds them (red-team review of issue 16) -----------------------

FAR = b'<row r="100000"><c r="XFD100000"><v>1</v></c></row></sheetData>'


def _desa_entries(rename=None, change=None) -> list[ZipEntry]:
    """The example's first desa workbook, member by member; ``rename(name)`` and
    ``change(name, content)`` edit them."""
    out = []
    for name, content in members(FILES[0]):
        content = change(name, content) if change else content
        out.append(ZipEntry.deflated(rename(name) if rename else name, content))
    return out


def _far_identitas(name: str, content: bytes) -> bytes:
    return content.replace(b"</sheetData>", FAR) if name == IDENTITAS_PART else content


IDENTITAS_PART = "xl/worksheets/sheet2.xml"


def _measured(tmp_path: Path, entries: list[ZipEntry]) -> str:
    """The code that stops the file before calamine is asked for a sheet (the far cell is
    never allocated), or "" when nothing does."""
    from lkjip_excel.reading.bounds import SheetBounds

    path = tmp_path / "x.xlsx"
    path.write_bytes(build_zip(entries))
    try:
        raw = sniff(path, path.read_bytes())
        SheetBounds(raw, path.name, len(SETTINGS.desa), DEFAULT_LIMITS)
    except ContainerProblem as problem:
        return problem.code
    return ""


def test_the_far_cell_sheet_is_the_identitas_part():
    from tests.reading.builders import sheet_part

    assert sheet_part(FILES[0], "Identitas") == IDENTITAS_PART


@pytest.mark.parametrize(
    "rename",
    [str.upper, lambda n: n.replace("/", "\\")],
    ids=["upper-case", "backslashes"],
)
def test_a_sheet_part_named_otherwise_is_still_measured(tmp_path: Path, rename):
    """calamine finds a part whatever its case or slashes: the extent scan finds the same one."""
    entries = _desa_entries(lambda n: rename(n) if n == IDENTITAS_PART else n, _far_identitas)
    assert _measured(tmp_path, entries) == "SEL_DI_LUAR_AREA"


def test_two_parts_a_reader_could_take_for_one_another_are_refused(tmp_path: Path):
    entries = _desa_entries()
    far = next(e for e in _desa_entries(change=_far_identitas) if e.name == IDENTITAS_PART)
    far.name = "xl/./worksheets/sheet2.xml"
    assert _measured(tmp_path, [*entries, far]) == "ZIP_TIDAK_WAJAR"


def test_a_utf8_part_name_without_its_flag_is_measured(tmp_path: Path):
    """calamine reads a name's bytes as UTF-8 when they are, flag or not (builders write none)."""

    def rels(name: str, content: bytes) -> bytes:
        if name == "xl/_rels/workbook.xml.rels":
            return content.replace(
                b'Target="worksheets/sheet2.xml"', 'Target="worksheets/shéet2.xml"'.encode()
            )
        return _far_identitas(name, content)

    entries = _desa_entries(lambda n: "xl/worksheets/shéet2.xml" if n == IDENTITAS_PART else n, rels)
    assert _measured(tmp_path, entries) == "SEL_DI_LUAR_AREA"


def test_a_sheet_that_no_part_answers_to_is_a_broken_file(tmp_path: Path):
    entries = [e for e in _desa_entries() if e.name != IDENTITAS_PART]
    assert _measured(tmp_path, entries) == "BERKAS_RUSAK"


def test_a_formula_in_an_upper_case_part_is_still_seen(tmp_path: Path):
    from tests.reading.builders import sheet_part
    from tests.reading.test_corpus import _formula_with_value

    path = _formula_with_value(tmp_path)
    part = sheet_part(path, "Wilayah")
    entries = [ZipEntry.deflated(n.upper() if n == part else n, c) for n, c in members(path)]
    renamed = tmp_path / "besar.xlsx"
    renamed.write_bytes(build_zip(entries))
    assert "RUMUS_DI_SEL_ISIAN" in {f.code for f in read_submission(renamed, SETTINGS).findings}


@pytest.mark.parametrize("upper", [True, False], ids=["xlsx-upper-case", "xlsx-as-written"])
def test_a_zip_with_an_excel_and_an_opendocument_workbook_is_refused(tmp_path: Path, upper: bool):
    """calamine would open one or the other (it tries Excel first, whatever the case)."""
    ods = zipfile.ZipFile(io.BytesIO(ods_workbook(SETTINGS, {"Wilayah": ""})))
    entries = [
        ZipEntry.deflated(n, ods.read(n)) for n in ("mimetype", "content.xml", "META-INF/manifest.xml")
    ]
    entries += _desa_entries(str.upper if upper else None)
    path = tmp_path / "x.ods"
    path.write_bytes(build_zip(entries))
    with pytest.raises(ContainerProblem) as caught:
        sniff(path, path.read_bytes())
    assert caught.value.code == "ZIP_TIDAK_WAJAR"


def test_a_long_non_ascii_name_keeps_its_bytes_in_the_copy(tmp_path: Path):
    """(cp437 read back as UTF-8 would not fit the name's 16-bit length: an internal error)"""
    name = "customXml/" + "é" * 16_000 + ".xml"
    entries = [*_desa_entries(), ZipEntry.deflated(name, b"<a/>")]
    path = tmp_path / "x.xlsx"
    path.write_bytes(build_zip(entries))
    raw = sniff(path, path.read_bytes())
    with zipfile.ZipFile(io.BytesIO(raw.stored)) as copy, zipfile.ZipFile(path) as original:
        assert copy.namelist() == original.namelist()
    plain = {f.code for f in read_submission(FILES[0], SETTINGS).findings}
    assert {f.code for f in read_submission(path, SETTINGS).findings} == plain
