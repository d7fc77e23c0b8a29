"""A workbook is one desa (or one section), and only one.

Every identity source a workbook carries (the hidden sheet, the Identitas sheet, the
document properties, the sheet subtitles, the set of sheets) is cross-checked: each
hostile workbook below is built here, and its disagreement must be named at its cell,
the file set aside, and the command line must exit 1 without a traceback, the inputs
unchanged. A re-save that only changes case, spaces or number typing is no finding.
"""

from __future__ import annotations

import hashlib
import io
import re
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from lkjip_excel.cli import cli
from lkjip_excel.findings import Severity
from lkjip_excel.reading import check_folder, read_submission
from tests.helpers import make_settings
from tests.reading.builders import edit, workspace, write_desa, write_keuangan

SETTINGS = make_settings(n_desa=3)
IDENTITY_CODES = {
    "IDENTITAS_TIDAK_SAMA",
    "IDENTITAS_DESA_LAIN",
    "IDENTITAS_TERSEMBUNYI_HILANG",
    "KABUPATEN_LAIN",
}


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- ways to change a workbook ---------------------------------------------------------


def hidden(**values) -> Callable:
    """Set keys of the hidden identity sheet (as openpyxl, or any program, would)."""

    def change(wb):
        for row in wb["_lkjip"].iter_rows(min_row=2):
            if row[0].value in values:
                row[1].value = values[row[0].value]

    return change


IDENTITAS_LABELS = {
    "jenis": "Jenis formulir",
    "kode": "Kode",
    "nama": "Nama desa / seksi",
    "kecamatan": "Kecamatan",
    "kabupaten": "Kabupaten",
    "tahun": "Tahun laporan",
}


def identitas(**values) -> Callable:
    """Set fields of the visible Identitas sheet, found by their label."""

    def change(wb):
        for row in wb["Identitas"].iter_rows():
            for key, label in IDENTITAS_LABELS.items():
                if row[0].value == label and key in values:
                    row[1].value = values[key]

    return change


def both(*changes) -> Callable:
    def change(wb):
        for c in changes:
            c(wb)

    return change


def delete_hidden(wb):
    del wb["_lkjip"]


def subtitle(sheet: str, cell: str, text: str) -> Callable:
    def change(wb):
        wb[sheet][cell] = text

    return change


def rezip(path: Path, change: Callable[[str, bytes], bytes | None]) -> Path:
    """Rewrite the zip's members (None drops one), as a hand-edit of the XML would."""
    source = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = change(item.filename, source.read(item.filename))
            if data is not None:
                out.writestr(item.filename, data)
    path.write_bytes(buffer.getvalue())
    return path


def replace_in(part: str, old: bytes, new: bytes) -> Callable[[str, bytes], bytes]:
    def change(name: str, data: bytes) -> bytes:
        if name == part:
            assert old in data, (part, old)
            return data.replace(old, new)
        return data

    return change


# --- the hostile corpus ------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    name: str
    build: Callable[[Path], Path]
    #: (code, sheet, cell) that must all be found
    expected: tuple[tuple[str, str | None, str | None], ...]
    #: the (jenis, kode) the workbook falsely claims, named when the file is set aside
    claims: tuple[str, str] = ("desa", "002")


def desa_001(folder: Path) -> Path:
    return write_desa(folder / "desa.xlsx", SETTINGS, "001")


def edited(change, base=desa_001) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        return edit(base(folder), change)

    return build


def zipped(change, base=desa_001) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        return rezip(base(folder), change)

    return build


def keuangan(folder: Path) -> Path:
    return write_keuangan(folder / "keuangan.xlsx", SETTINGS)


def kept_name_new_code(folder: Path) -> Path:
    """Every source rewritten alike to desa 002, but the name is still desa 001's."""
    return write_desa(folder / "desa.xlsx", SETTINGS, "002", nama="Desa Ke-1")


def shared_strings_and_properties(folder: Path) -> Path:
    """The kode rewritten in the shared strings and in every property: only the name tells."""
    path = desa_001(folder)
    rezip(path, replace_in("xl/sharedStrings.xml", b"<t>001</t>", b"<t>002</t>"))
    rezip(path, replace_in("docProps/custom.xml", b">001<", b">002<"))
    return rezip(path, replace_in("docProps/core.xml", b"lkjip:desa:001:", b"lkjip:desa:002:"))


TS = "IDENTITAS_TIDAK_SAMA"
CASES = [
    Case("hidden sheet says another code", edited(hidden(kode="002")), ((TS, "_lkjip", "B3"),)),
    Case(
        "hidden sheet says another desa",
        edited(hidden(kode="002", nama="Desa Ke-2")),
        ((TS, "_lkjip", "B3"), (TS, "_lkjip", "B4")),
    ),
    Case("Identitas says another code", edited(identitas(kode="002")), ((TS, "Identitas", "B7"),)),
    Case("Identitas code as a number", edited(identitas(kode=2)), ((TS, "Identitas", "B7"),)),
    Case(
        "Identitas says another name",
        edited(identitas(nama="Desa Ke-2")),
        ((TS, "Identitas", "B8"),),
        ("desa", "001"),
    ),
    Case(
        "Identitas says another kecamatan",
        edited(identitas(kecamatan="Banjarmangu")),
        ((TS, "Identitas", "B9"),),
        ("desa", "001"),
    ),
    Case(
        "Identitas says another kabupaten",
        edited(identitas(kabupaten="Banyumas")),
        ((TS, "Identitas", "B10"),),
        ("desa", "001"),
    ),
    Case(
        "Identitas says another year",
        edited(identitas(tahun=2024)),
        ((TS, "Identitas", "B11"),),
        ("desa", "001"),
    ),
    Case(
        "hidden sheet says another year",
        edited(hidden(tahun="2024")),
        ((TS, "_lkjip", "B7"),),
        ("desa", "001"),
    ),
    Case(
        "hidden sheet says another kecamatan",
        edited(hidden(kecamatan="Banjarmangu")),
        ((TS, "_lkjip", "B5"),),
        ("desa", "001"),
    ),
    Case(
        "Identitas says a section",
        edited(identitas(jenis="kesra", kode="kesra")),
        ((TS, "Identitas", "B6"), (TS, "Identitas", "B7")),
        ("kesra", "kesra"),
    ),
    Case(
        "hidden sheet deleted, Identitas says another code",
        edited(both(delete_hidden, identitas(kode="002"))),
        ((TS, "Identitas", "B7"), ("IDENTITAS_TERSEMBUNYI_HILANG", None, None)),
    ),
    Case(
        "hidden sheet and Identitas say another code, the properties not",
        edited(both(hidden(kode="002"), identitas(kode="002"))),
        ((TS, None, None),),
    ),
    Case(
        "shared string of the code edited in the zip",
        zipped(replace_in("xl/sharedStrings.xml", b"<t>001</t>", b"<t>002</t>")),
        ((TS, None, None),),
    ),
    Case(
        "custom property says another code",
        zipped(replace_in("docProps/custom.xml", b">001<", b">002<")),
        ((TS, None, None),),
    ),
    Case(
        "property comment says another year",
        zipped(replace_in("docProps/core.xml", b"lkjip:desa:001:2025:", b"lkjip:desa:001:2024:")),
        ((TS, None, None),),
        ("desa", "001"),
    ),
    Case(
        "subtitle names another desa",
        edited(subtitle("Wilayah", "A2", "Desa Desa Ke-2 - Kecamatan Suka Maju - Tahun 2025")),
        ((TS, "Wilayah", "A2"),),
        ("desa", "001"),
    ),
    Case(
        "instructions name another kecamatan",
        edited(
            subtitle(
                "Petunjuk", "B2", "Desa Desa Ke-1 - Kecamatan Lain - Tahun 2025 (standar isian versi 1.0)"
            )
        ),
        ((TS, "Petunjuk", "B2"),),
        ("desa", "001"),
    ),
    Case(
        "section workbook claiming to be a desa",
        edited(
            both(
                hidden(jenis="desa", kode="001", nama="Desa Ke-1"),
                identitas(jenis="desa", kode="001", nama="Desa Ke-1"),
            ),
            base=keuangan,
        ),
        ((TS, "_lkjip", "B2"), (TS, "Identitas", "B6")),
        ("desa", "001"),
    ),
    Case(
        "desa workbook claiming to be a section",
        edited(
            both(
                hidden(jenis="kesra", kode="kesra", nama="Seksi Kesejahteraan Rakyat"),
                identitas(jenis="kesra", kode="kesra", nama="Seksi Kesejahteraan Rakyat"),
            )
        ),
        ((TS, "_lkjip", "B2"), (TS, "Identitas", "B6")),
        ("kesra", "kesra"),
    ),
    Case(
        "section workbook whose code names another section",
        edited(
            both(hidden(kode="kesra"), identitas(kode="kesra")),
            base=lambda folder: rezip(
                keuangan(folder),
                lambda name, data: None if name.startswith("docProps/") else data,
            ),
        ),
        ((TS, "Identitas", "B7"),),
        ("perencanaan-keuangan", "kesra"),
    ),
    Case(
        "unknown kind in the hidden sheet",
        edited(hidden(jenis="kelurahan")),
        ((TS, "_lkjip", "B2"), ("JENIS_TIDAK_DIKENAL", "_lkjip", "B2")),
        ("desa", "001"),
    ),
    Case(
        "every source says 002, the name is desa 001's",
        kept_name_new_code,
        (("IDENTITAS_DESA_LAIN", "Identitas", "B8"),),
    ),
    Case(
        "code rewritten in the zip and the properties, the name kept",
        shared_strings_and_properties,
        (("IDENTITAS_DESA_LAIN", "Identitas", "B8"),),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_disagreeing_identity_is_named_and_set_aside(case: Case, tmp_path: Path):
    path = case.build(tmp_path)
    before = sha(path)
    sub = read_submission(path, SETTINGS)
    assert sha(path) == before, "the input was changed"
    found = {(f.code, f.sheet, f.cell) for f in sub.findings}
    for expected in case.expected:
        assert expected in found, (expected, sorted(found, key=str))
    assert not any(f.code == "GALAT_INTERNAL" for f in sub.findings), found
    assert not sub.used
    assert case.claims in sub.identity_keys(), sub.identity_keys()
    flagged = [f for f in sub.findings if f.code in ("IDENTITAS_TIDAK_SAMA", "IDENTITAS_DESA_LAIN")]
    assert flagged and all(f.severity is Severity.GALAT for f in flagged)
    for f in flagged:  # says which source says what
        assert f.file == path.name
        if f.code == "IDENTITAS_TIDAK_SAMA":
            assert {"a", "b", "source_a", "source_b"} <= set(f.values)
            assert f.values["a"] != f.values["b"]


def test_the_finding_says_which_source_says_what(tmp_path: Path):
    sub = read_submission(edited(hidden(kode="002"))(tmp_path), SETTINGS)
    f = next(f for f in sub.findings if f.code == "IDENTITAS_TIDAK_SAMA")
    assert (f.sheet, f.cell, f.column, f.values["a"], f.values["b"]) == ("_lkjip", "B3", "kode", "002", "001")
    assert "_lkjip" in f.values["source_a"] and "B3" in f.values["source_a"]
    assert "Identitas" in f.values["source_b"] and "B7" in f.values["source_b"]
    assert "lkjip_kode" in f.values["source_b"]
    # the identity most sources agree on is the one reported; the file is still named for 002
    assert (sub.identity.jenis, sub.identity.kode) == ("desa", "001")
    assert sub.identity_keys() == [("desa", "001"), ("desa", "002")]


def test_property_disagreement_names_the_property(tmp_path: Path):
    path = zipped(replace_in("docProps/custom.xml", b">001<", b">002<"))(tmp_path)
    f = next(f for f in read_submission(path, SETTINGS).findings if f.code == "IDENTITAS_TIDAK_SAMA")
    assert (f.column, f.values["a"], f.values["b"]) == ("kode", "002", "001")
    assert "lkjip_kode" in f.values["source_a"]


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 20


# --- what is no disagreement ---------------------------------------------------------------


def _identity_findings(path: Path):
    sub = read_submission(path, SETTINGS)
    return sub, [(f.code, f.sheet, f.cell) for f in sub.findings if f.code in IDENTITY_CODES]


def _codes(path: Path) -> list[tuple[str, str | None, str | None]]:
    """Galat and peringatan (a year typed as text is an info of its own)."""
    findings = read_submission(path, SETTINGS).findings
    return sorted((f.code, f.sheet or "", f.cell or "") for f in findings if f.severity is not Severity.INFO)


def test_resave_with_other_case_spaces_and_number_typing_is_no_disagreement(tmp_path: Path):
    original = desa_001(tmp_path)
    copy = tmp_path / "salinan.xlsx"
    shutil.copy(original, copy)
    edit(
        copy,
        both(
            identitas(
                jenis=" DESA ",
                kode=1,
                nama="  desa   KE-1\u00a0",
                kecamatan="SUKA  MAJU",
                kabupaten="contoh ",
                tahun="2025",
            ),
            hidden(kode=" 001", nama="DESA KE-1", tahun=2025.0, kecamatan="Suka\u200b Maju"),
            subtitle("Wilayah", "A2", "DESA  desa ke-1 - kecamatan suka maju - tahun 2025"),
        ),
    )
    sub, flagged = _identity_findings(copy)
    assert flagged == []
    assert sub.used
    assert (sub.identity.jenis, sub.identity.kode, sub.identity.tahun) == ("desa", "001", 2025)
    assert _codes(copy) == _codes(original)


@pytest.mark.parametrize(
    "kecamatan",
    ["A&P \u202e_x0041_", "Suka_x005F_Maju", "<b>&amp;</b> 'x'"],
    ids=["bidi-and-escape", "literal-escape", "markup"],
)
def test_names_the_xml_must_escape_are_no_disagreement(kecamatan: str, tmp_path: Path):
    """Properties store a literal ``_xHHHH_`` (and controls, refused in the settings now)
    escaped; read back, they agree."""
    settings = make_settings(n_desa=3, kecamatan=kecamatan)
    path = write_desa(tmp_path / "desa.xlsx", settings, "001")
    sub = read_submission(path, settings)
    assert [f.code for f in sub.findings if f.code in IDENTITY_CODES] == []
    assert sub.used


def test_blank_identity_fields_state_nothing(tmp_path: Path):
    """A cleared grey cell disagrees with nothing (a required one is already NILAI_WAJIB_KOSONG)."""
    path = edited(both(identitas(kabupaten=None, nama=None), subtitle("Wilayah", "A2", None)))(tmp_path)
    sub, flagged = _identity_findings(path)
    assert flagged == []
    assert sub.used
    assert ("NILAI_WAJIB_KOSONG", "Identitas", "B8") in {(f.code, f.sheet, f.cell) for f in sub.findings}


def test_missing_hidden_sheet_alone_is_a_warning(tmp_path: Path):
    sub, flagged = _identity_findings(edited(delete_hidden)(tmp_path))
    assert flagged == [("IDENTITAS_TERSEMBUNYI_HILANG", None, None)]
    assert sub.used and (sub.identity.jenis, sub.identity.kode) == ("desa", "001")


def test_emptied_hidden_sheet_is_a_missing_one(tmp_path: Path):
    def empty(wb):
        for row in wb["_lkjip"].iter_rows():
            for cell in row:
                cell.value = None

    sub, flagged = _identity_findings(edited(empty)(tmp_path))
    assert flagged == [("IDENTITAS_TERSEMBUNYI_HILANG", None, None)]
    assert sub.used and (sub.identity.jenis, sub.identity.kode) == ("desa", "001")


def test_without_document_properties_the_sheets_still_agree(tmp_path: Path):
    """A program that drops the document properties (some do) leaves nothing to disagree."""
    path = zipped(lambda name, data: None if name.startswith("docProps/") else data)(tmp_path)
    sub, flagged = _identity_findings(path)
    assert flagged == [] and sub.used


@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_libreoffice_resave_keeps_the_sources_in_agreement(libreoffice, tmp_path: Path, fmt: str):
    converted = tmp_path / f"desa.{fmt}"
    converted.write_bytes(libreoffice.get(libreoffice.original("identity-desa", fmt), fmt).read_bytes())
    sub, flagged = _identity_findings(converted)
    assert flagged == [] and sub.used


def test_every_bundled_template_agrees_with_itself(tmp_path: Path):
    from lkjip_excel.template import generate_templates

    for path in generate_templates(SETTINGS, tmp_path):
        sub = read_submission(path, SETTINGS)
        assert not [f.code for f in sub.findings if f.code in IDENTITY_CODES], path.name


# --- the batch and the command line ----------------------------------------------------------


def _workspace(tmp_path: Path) -> tuple[Path, Path]:
    return workspace(tmp_path / "kec", SETTINGS)


def _copy_of_001_claiming_002(tmp_path: Path) -> tuple[Path, Path]:
    """Desa 001 and 003 and every section sent their workbooks; desa 002 sent a copy of 001's
    whose hidden sheet says 002."""
    from lkjip_excel.settings import load_settings
    from lkjip_excel.template import write_workbook
    from tests.reading.builders import FILLED, identity_of

    ws, inputs = _workspace(tmp_path)
    settings = load_settings(ws / "lkjip.toml")
    write_desa(inputs / "desa-001.xlsx", settings, "001")
    write_desa(inputs / "desa-003.xlsx", settings, "003")
    for kind in settings.seksi:
        if kind == "perencanaan-keuangan":
            write_keuangan(inputs / "keuangan.xlsx", settings)
        else:
            write_workbook(inputs / f"{kind}.xlsx", identity_of(settings, kind), settings, None, FILLED)
    forged = inputs / "desa-002.xlsx"
    shutil.copy(inputs / "desa-001.xlsx", forged)
    edit(forged, hidden(kode="002"))
    return ws, forged


def test_a_copy_claiming_another_desa_is_not_used(tmp_path: Path):
    ws, forged = _copy_of_001_claiming_002(tmp_path)
    report = check_folder(ws / "masuk", SETTINGS)
    assert sorted(s.name for s in report.used("desa")) == ["desa-001.xlsx", "desa-003.xlsx"]
    by_file = {(f.file, f.code, f.sheet, f.cell) for f in report.findings}
    assert (forged.name, "IDENTITAS_TIDAK_SAMA", "_lkjip", "B3") in by_file
    assert not any(f.code.startswith("KIRIMAN_GANDA") for f in report.findings)
    set_aside = [
        f for f in report.findings if f.code == "KIRIMAN_TIDAK_DIPAKAI" and f.values["kode"] == "002"
    ]
    assert [f.values["files"] for f in set_aside] == [forged.name]
    assert report.has_errors


def test_proses_does_not_count_the_copy_as_the_other_desa(tmp_path: Path):
    from lkjip_excel.engine import proses

    ws, forged = _copy_of_001_claiming_002(tmp_path)
    hasil = proses(ws)
    rows = {r.values["desa"]: r.values for r in hasil.tables["wilayah"].rows}
    assert rows["Desa Ke-2"]["luas"] is None
    assert rows["Desa Ke-1"]["luas"] is not None
    assert (
        hasil.tables["wilayah"].total.values["luas"] == rows["Desa Ke-1"]["luas"] + rows["Desa Ke-3"]["luas"]
    )
    source = next(s for s in hasil.sources if s.nama == forged.name)
    assert not source.dipakai


def test_cli_periksa_and_proses_exit_1_and_leave_inputs_alone(tmp_path: Path):
    ws, forged = _copy_of_001_claiming_002(tmp_path)
    hashes = {p.name: sha(p) for p in (ws / "masuk").iterdir()}
    result = CliRunner().invoke(cli, ["periksa", str(ws), "--senyap"])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and "GALAT_INTERNAL" not in result.output
    result = CliRunner().invoke(cli, ["periksa", str(ws), "--json"])
    import json

    data = json.loads(result.output)
    forged_entry = next(b for b in data["berkas"] if b["nama"] == forged.name)
    assert forged_entry["dipakai"] is False
    assert any(t["kode"] == "IDENTITAS_TIDAK_SAMA" and t["sel"] == "B3" for t in data["temuan"])
    result = CliRunner().invoke(cli, ["proses", str(ws), "--keluar", str(tmp_path / "out.xlsx")])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and "Galat internal" not in result.output
    assert {p.name: sha(p) for p in (ws / "masuk").iterdir()} == hashes


def test_whole_identity_corpus_through_the_cli(tmp_path: Path):
    ws, inputs = _workspace(tmp_path)
    for i, case in enumerate(CASES):
        folder = tmp_path / f"case{i}"
        folder.mkdir()
        path = case.build(folder)
        path.rename(inputs / f"{i:02d}-{path.name}")
    hashes = {p.name: sha(p) for p in inputs.iterdir()}
    result = CliRunner().invoke(cli, ["periksa", str(ws), "--json"])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    import json

    data = json.loads(result.output)
    assert not any(t["kode"] == "GALAT_INTERNAL" for t in data["temuan"])
    assert not any(b["dipakai"] for b in data["berkas"])
    out = tmp_path / "hasil"
    result = CliRunner().invoke(cli, ["proses", str(ws), "--keluar", str(out / "hasil.xlsx")])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and "Galat internal" not in result.output
    assert {p.name: sha(p) for p in inputs.iterdir()} == hashes


def test_two_files_for_one_desa_with_different_identities_are_duplicates(tmp_path: Path):
    folder = tmp_path / "masuk"
    folder.mkdir()
    write_desa(folder / "desa-001.xlsx", SETTINGS, "001")
    write_desa(folder / "desa-001-lain.xlsx", SETTINGS, "001", nama="Desa Satu")
    edit(folder / "desa-001-lain.xlsx", subtitle("Wilayah", "B6", 999))
    report = check_folder(folder, SETTINGS)
    assert {f.file for f in report.findings if f.code == "KIRIMAN_GANDA_BERBEDA"} == {
        "desa-001.xlsx",
        "desa-001-lain.xlsx",
    }
    assert not [s for s in report.used("desa") if s.identity.kode == "001"]


def test_messages_fill_their_templates(tmp_path: Path):
    for case in CASES[:3] + CASES[-2:]:
        folder = tmp_path / re.sub(r"\W+", "-", case.name)
        folder.mkdir()
        for f in read_submission(case.build(folder), SETTINGS).findings:
            if f.code in IDENTITY_CODES:
                assert "{" not in f.message, f.message


def test_properties_are_read_whatever_namespace_style_the_saving_program_chose(tmp_path: Path):
    """openpyxl with lxml saves core.xml declaring each namespace on its element
    (``<dc:description xmlns:dc=...>``); other programs use other prefixes. The comment
    still states the identity: a file whose only other sources disagree is named at its cell."""

    def restyle(name: str, data: bytes) -> bytes:
        if name != "docProps/core.xml":
            return data
        text = data.decode("utf-8")
        text = re.sub(r'\s+xmlns:dc="[^"]*"', "", text).replace("<dc:", "<d:").replace("</dc:", "</d:")
        text = text.replace("<d:description>", '<d:description xmlns:d="http://purl.org/dc/elements/1.1/">')
        text = re.sub(r"<d:(title|subject|creator)>[^<]*</d:\1>", "", text)
        return text.encode("utf-8")

    path = rezip(edit(desa_001(tmp_path), both(delete_hidden, identitas(kode="002"))), restyle)
    sub = read_submission(path, SETTINGS)
    found = {(f.code, f.sheet, f.cell) for f in sub.findings}
    assert ("IDENTITAS_TIDAK_SAMA", "Identitas", "B7") in found, sorted(found, key=str)
    assert not sub.used
