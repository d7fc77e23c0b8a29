"""Input text never becomes a formula, a header code or invalid XML anywhere in the output.

Two workbooks are attacked: the example's result with every text replaced by hostile
strings (the writer alone, with full control: lone surrogates, 40,000 characters…), and a
whole workspace whose settings and submissions carry such strings, through the command
line. Each is unzipped and read part by part: the formulas and chart references are exactly
those of the clean example (ours, never the user's), header/footer codes are only ours,
every part is well-formed XML, openpyxl, calamine and LibreOffice open the file, and no
Python warning is raised.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import importlib.util
import json
import re
import warnings
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest
import python_calamine
import yaml
from click.testing import CliRunner

from lkjip_excel.cli import cli
from lkjip_excel.engine import proses
from lkjip_excel.export import dumps, write_json
from lkjip_excel.findings import Finding
from lkjip_excel.output import write_output
from lkjip_excel.output.workbook import ALL_SHEETS, SHEETS
from lkjip_excel.schema import META_SHEET
from lkjip_excel.text import clip, output_text

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "purwareja-klampok-2024"
SHEET_NAMES = set(ALL_SHEETS)
#: the sheets every workbook has (a chart sheet only where its table has rows)
BASE_SHEETS = {"Ringkasan", *(s for s, _, _ in SHEETS), "Pemeriksaan", "Sumber", META_SHEET}

FORMULA_LIKE = [
    "=1+1",
    "+SUM(1)",
    "-2+3",
    "@SUM(A1)",
    "x!A1",
    "Sheet1!$A$1:$B$2",
    "=[SAKIP.xlsx]Sheet1!A1",
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://contoh.invalid","klik")',
    "=Ringkasan!A1",
    "'Capaian Sasaran 1'!$A$1",
]
HEADER_CODES = ["&P", "&D &T", "&[Tab] &[Path]&F", "&&", '&"Arial,Bold"&B', "&8&K00FF00", "A&"]
CONTROLS = ["a\x00b", "bel\x07", "\x1b[2J\x1b[31mmerah", "c1\x85\x9b", "cr\rlf\r\n", "\x7fdel", "\ufffe\uffff"]
OTHER = ["_x0041_ _x005F_", "\u202ebidi\u2066\u200b", "<b>&amp;</b>\"'", "😀 astral"]
LONG = ["panjang " + "x" * 40000]
SURROGATES = ["\udce9t\udce9.xlsx", "lone \ud800 high"]
HOSTILE = FORMULA_LIKE + HEADER_CODES + CONTROLS + OTHER + LONG + SURROGATES


def expected_text(text: str) -> str:
    return clip(output_text(text), 32767)


# ------------------------------------------------------------------------ inspection


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


def xml_parts(path: Path) -> dict[str, ElementTree.Element]:
    """Every XML part, parsed strictly (a control character or bad escape fails here)."""
    out = {}
    for name, data in parts(path).items():
        if name.endswith((".xml", ".rels", ".vml")):
            out[name] = ElementTree.fromstring(data)
    return out


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def formulas(path: Path) -> dict[tuple[str, str], str]:
    """(part, cell) -> formula of every formula cell of every worksheet."""
    out = {}
    for name, root in xml_parts(path).items():
        if name.startswith("xl/worksheets/sheet"):
            for c in root.iter():
                if _local(c.tag) == "c":
                    for f in c:
                        if _local(f.tag) == "f":
                            out[(name, c.get("r"))] = f.text or ""
    return out


def chart_references(path: Path) -> list[str]:
    return [
        el.text or ""
        for name, root in xml_parts(path).items()
        if name.startswith("xl/charts/")
        for el in root.iter()
        if _local(el.tag) == "f"
    ]


def headers_footers(path: Path) -> list[str]:
    return [
        el.text or ""
        for name, root in xml_parts(path).items()
        if name.startswith("xl/worksheets/sheet")
        for el in root.iter()
        if _local(el.tag) in ("oddHeader", "oddFooter", "evenHeader", "evenFooter", "firstHeader", "firstFooter")
    ]


def defined_names(path: Path) -> list[str]:
    root = xml_parts(path)["xl/workbook.xml"]
    return [el.text or "" for el in root.iter() if _local(el.tag) == "definedName"]


_CELLS = r"(\$[A-Z]{1,3}\$\d+(:\$[A-Z]{1,3}\$\d+)?|\$\d+:\$\d+)"  # a cell, a range or whole rows
_REFERENCE = re.compile(rf"('(?P<sheet>[^']+)'|(?P<bare>[A-Za-z_]+))!{_CELLS}")


def assert_reference_to_our_sheets(ref: str) -> None:
    m = _REFERENCE.fullmatch(ref)
    assert m, f"not a plain reference: {ref!r}"
    assert (m["sheet"] or m["bare"]) in SHEET_NAMES, ref


_OUR_HEADER_CODES = re.compile(r"&[LCRPN]|&8")


def assert_only_our_header_codes(text: str) -> None:
    rest = _OUR_HEADER_CODES.sub("", text.replace("&&", ""))
    assert "&" not in rest, f"a live header code from input text: {text!r}"


def workbook_strings(path: Path) -> set[str]:
    """Every string cell value, as Excel shows it (calamine decodes Excel's _xHHHH_ escapes)."""
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    return {
        value
        for name in book.sheet_names
        for row in book.get_sheet_by_name(name).to_python()
        for value in row
        if isinstance(value, str)
    }


def assert_opens_everywhere(path: Path) -> None:
    xml_parts(path)
    wb = openpyxl.load_workbook(path)
    assert BASE_SHEETS <= set(wb.sheetnames) <= SHEET_NAMES
    wb.close()
    workbook_strings(path)


# --------------------------------------------------------------- the writer, attacked


@pytest.fixture(scope="module")
def clean_hasil(example_hasil):
    return copy.deepcopy(example_hasil)


def _poison(hasil, strings=HOSTILE):
    """The example's result with every text from outside replaced by hostile strings."""
    hasil = copy.deepcopy(hasil)
    pool = iter(strings * 1000)
    hasil.kecamatan = "Kec " + "&P&D=1+1!A1\x07\u202e" * 3
    hasil.kabupaten, hasil.provinsi = "=cmd|' /C calc'!A0", "\udce9"
    for table in hasil.tables.values():
        text_keys = [c.key for c in table.columns if c.type == "text"]
        for row in table.rows:
            for key in text_keys:
                row.values[key] = next(pool)
            row.flags = [next(pool), next(pool)]
        table.notes = [next(pool) for _ in table.notes]  # as many: the layout stays
    sasaran = tuple(
        dataclasses.replace(s, indikator=next(pool), catatan=(next(pool),)) for s in hasil.ringkasan.sasaran
    )
    hasil.ringkasan = dataclasses.replace(hasil.ringkasan, sasaran=sasaran)
    hasil.sources = [dataclasses.replace(s, nama=next(pool), diisi_oleh=next(pool)) for s in hasil.sources]
    hasil.findings = [
        Finding("NILAI_BUKAN_ANGKA", file=h, sheet="Wilayah", cell="B9", values={"raw": h}) for h in strings
    ] + list(hasil.findings)
    hasil.settings = {**hasil.settings, "desa": [{"kode": "001", "nama": h} for h in strings]}
    return hasil


def _flagged(hasil):
    """``hasil`` with every row flagged, as :func:`_poison` flags them (the colour legend, and so
    the layout, is then the same in both)."""
    hasil = copy.deepcopy(hasil)
    for table in hasil.tables.values():
        for row in table.rows:
            row.flags = ["catatan", "catatan"]
    return hasil


@pytest.fixture(scope="module")
def attacked(clean_hasil, tmp_path_factory):
    folder = tmp_path_factory.mktemp("attacked")
    hostile = _poison(clean_hasil)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        clean = write_output(_flagged(clean_hasil), folder / "clean.xlsx")
        book = write_output(hostile, folder / "hostile.xlsx")
        js = write_json(hostile, folder / "hostile.json")
    return hostile, clean, book, js


def test_every_part_is_well_formed_and_every_reader_opens_it(attacked):
    _, _, book, _ = attacked
    assert_opens_everywhere(book)


def test_no_formula_comes_from_input_text(attacked):
    _, clean, book, _ = attacked
    assert formulas(book) == formulas(clean)  # the same formulas, cell for cell: all ours


def test_charts_only_reference_our_cells(attacked):
    _, clean, book, _ = attacked
    refs = chart_references(book)
    assert refs == chart_references(clean)
    for ref in refs:
        assert_reference_to_our_sheets(ref)
    for name, data in parts(book).items():
        if name.startswith("xl/charts/"):
            text = data.decode("utf-8")
            assert "SAKIP.xlsx" not in text.split("<c:strCache>")[0]


def test_headers_and_footers_escape_input_text(attacked):
    hostile, _, book, _ = attacked
    texts = headers_footers(book)
    assert texts
    for text in texts:
        assert len(text) <= 255
        assert_only_our_header_codes(text)
    left = texts[0].split("&C")[0]
    assert left.startswith("&L&8Kecamatan Kec &&P&&D=1+1!A1\\x07\u202e")


def test_defined_names_and_properties(attacked):
    hostile, _, book, _ = attacked
    for name in defined_names(book):
        for ref in name.split(","):
            assert_reference_to_our_sheets(ref)
    core = xml_parts(book)["docProps/core.xml"]
    title = next(el.text for el in core.iter() if _local(el.tag) == "title")
    assert title == f"LKjIP {hostile.tahun} Kecamatan {output_text(hostile.kecamatan)}"


def test_hostile_text_is_written_as_text(attacked):
    _, _, book, _ = attacked
    strings = workbook_strings(book)
    for text in HOSTILE:
        assert expected_text(text) in strings, repr(text[:40])
    wb = openpyxl.load_workbook(book)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and not cell.value.startswith("="):
                    assert cell.data_type == "s"
    assert max(len(s) for s in strings) <= 32767


def test_comments_hold_the_flags(attacked):
    _, _, book, _ = attacked
    wb = openpyxl.load_workbook(book)
    comments = [c.comment.text for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.comment]
    assert comments and all("\x07" not in c and "\x00" not in c for c in comments)


def test_summary_for_kirim_stays_json(attacked):
    hostile, _, book, _ = attacked
    book_ = python_calamine.CalamineWorkbook.from_path(str(book))
    row = next(r for r in book_.get_sheet_by_name(META_SHEET).to_python() if r[0] == "ringkasan")
    data = json.loads(row[1])
    assert data["kecamatan"] == output_text(hostile.kecamatan)
    assert data["provinsi"] == "\\xe9"


def test_json_export_is_utf8_and_says_what_the_workbook_says(attacked):
    hostile, _, _, js = attacked
    data = json.loads(js.read_bytes().decode("utf-8"))
    assert json.loads(dumps(hostile)) == data
    assert data["kecamatan"] == output_text(hostile.kecamatan)
    files = {f["berkas"] for f in data["temuan"]}
    assert {output_text(h) for h in HOSTILE} <= files
    assert {s["nama"] for s in data["sumber"]} <= {output_text(h) for h in HOSTILE}


def libreoffice_input(clean_hasil, folder: Path) -> Path:
    """The attacked workbook LibreOffice opens (see ``libreoffice`` in conftest); without the
    40,000-character strings, which only make LibreOffice take minutes to lay out."""
    return write_output(_poison(clean_hasil, [h for h in HOSTILE if h not in LONG]), folder / "h.xlsx")


def test_libreoffice_opens_the_attacked_workbook(libreoffice):
    produced = libreoffice.get(libreoffice.original("attacked", "ods"), "ods")
    assert produced.stat().st_size > 0
    strings = workbook_strings(produced)  # calamine reads .ods too
    assert expected_text("=[SAKIP.xlsx]Sheet1!A1") in strings


# ---------------------------------------------------- a workspace, through the command line

#: TOML basic-string escapes for the settings a person might save
# (control characters are refused by the settings themselves: tests/test_settings.py)
KECAMATAN = "A&P &[Tab] =cmd|' /C calc'!A0 \u200b \u202e_x0041_"
KABUPATEN = "+SUM(1) &D &&"
DESA_002 = "@x!A1 &N =1+1"
INDIKATOR_1 = "=[SAKIP.xlsx]Sheet1!A1 Nilai SAKIP"
INDIKATOR_2 = "x!A1 Survey Kepuasan Masyarakat"
PROGRAM = "=Sheet1!A1 program &P"
WISATA = "=cmd|' /C calc'!A0"


def _toml_string(text: str) -> str:
    return '"' + "".join(c if c.isprintable() and c not in '"\\' else f"\\u{ord(c):04x}" for c in text) + '"'


def _builder():
    spec = importlib.util.spec_from_file_location("build_example", ROOT / "examples" / "build_example.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def hostile_workspace(tmp_path_factory) -> Path:
    ws = tmp_path_factory.mktemp("hostile") / "ws"
    (ws / "masuk").mkdir(parents=True)
    settings = (EXAMPLE / "lkjip.toml").read_text(encoding="utf-8")
    for old, new in (
        ('kecamatan = "Purwareja Klampok"', f"kecamatan = {_toml_string(KECAMATAN)}"),
        ('kabupaten = "Banjarnegara"', f"kabupaten = {_toml_string(KABUPATEN)}"),
        ('nama = "Kecitran"', f"nama = {_toml_string(DESA_002)}"),
    ):
        assert old in settings
        settings = settings.replace(old, new)
    (ws / "lkjip.toml").write_text(settings, encoding="utf-8")
    data = yaml.safe_load((EXAMPLE / "data.yaml").read_text(encoding="utf-8"))
    keuangan = data["perencanaan-keuangan"]
    keuangan["sasaran"][0]["indikator"] = INDIKATOR_1
    keuangan["sasaran"][1]["indikator"] = INDIKATOR_2
    next(r for r in keuangan["anggaran"] if r["kode"] == "7.01.01")["uraian"] = PROGRAM
    next(d for d in data["desa"].values() if d["wisata"])["wisata"][0]["nama"] = WISATA
    (ws / "data.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    _builder().build(ws / "lkjip.toml", ws / "data.yaml", ws / "masuk")
    return ws


def _hashes(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_hostile_workspace_through_the_command_line(hostile_workspace: Path, tmp_path: Path):
    before = _hashes(hostile_workspace / "masuk")
    out, js = tmp_path / "hasil.xlsx", tmp_path / "hasil.json"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        checked = CliRunner().invoke(cli, ["periksa", str(hostile_workspace)])
        result = CliRunner().invoke(
            cli, ["proses", str(hostile_workspace), "--keluar", str(out), "--json", str(js), "--senyap"]
        )
    for r in (checked, result):
        assert r.exit_code in (0, 1), r.output
        assert "Galat internal" not in r.output and "Traceback" not in r.output
        assert "Warning" not in r.output
    assert out.exists() and js.exists()
    assert_opens_everywhere(out)

    for name, formula in formulas(out).items():
        for marker in ("SAKIP.xlsx", "Sheet1", "cmd|", "x!A1", "SUM(1)"):
            assert marker not in formula, (name, formula)
    refs = chart_references(out)
    assert len(refs) >= 10
    for ref in refs:
        assert_reference_to_our_sheets(ref)
    for text in headers_footers(out):
        assert_only_our_header_codes(text)
    strings = workbook_strings(out)
    for text in (INDIKATOR_1, INDIKATOR_2, PROGRAM, WISATA, DESA_002):
        assert text in strings
    assert any(output_text(KECAMATAN) in s for s in strings)
    assert json.loads(js.read_text(encoding="utf-8"))["kecamatan"] == output_text(KECAMATAN)
    assert _hashes(hostile_workspace / "masuk") == before


# ------------------------------------------------------------------------ the pieces


@pytest.mark.parametrize("kecamatan", ["&" * 1000, "A&B " * 300, "x" * 5000 + "&", "😀&" * 200, "\x07&\r\n" * 90])
def test_header_fits_and_keeps_only_our_codes(kecamatan):
    from lkjip_excel.output.safe import header
    from lkjip_excel.text import utf16_length

    text = header(("&8", f"Kecamatan {kecamatan}"), ("&8", "LKjIP Tahun 2025"), ("&8", "Ringkasan"))
    assert utf16_length(text) <= 255
    assert_only_our_header_codes(text)
    assert text.startswith("&L&8Kecamatan ") and text.endswith("&C&8LKjIP Tahun 2025&R&8Ringkasan")


def test_write_never_turns_a_string_into_a_formula_or_a_link(tmp_path):
    from lkjip_excel.output.safe import SafeWorkbook

    path = tmp_path / "w.xlsx"
    wb = SafeWorkbook(str(path), {"strings_to_formulas": True, "strings_to_urls": True, "strings_to_numbers": True})
    ws = wb.add_worksheet("Data")
    texts = ["=1+1", "http://contoh.invalid", "12", "=cmd|' /C calc'!A0", "a\x07\udce9"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for r, text in enumerate(texts):
            ws.write(r, 0, text)
        ws.write_row(len(texts), 0, texts)
        ws.write_column(len(texts) + 1, 0, texts)
        ws.write_formula(0, 1, "=A1", None, "x\x00y")
        ws.write_comment(0, 0, "z\x1b" * 20000)
        wb.close()
    assert formulas(path) == {("xl/worksheets/sheet1.xml", "B1"): "A1"}
    assert not any(n.endswith(".rels") and b"hyperlink" in d for n, d in parts(path).items())
    rows = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Data").to_python()
    expected = [output_text(t) for t in texts]
    assert [row[0] for row in rows] == [*expected, expected[0], *expected]
    assert rows[len(texts)][: len(texts)] == expected
