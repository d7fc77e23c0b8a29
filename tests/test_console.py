"""The console cannot be forged: names and cell text are printed escaped, one rule for all.

File names and cell text carrying newlines, CR, ESC/BEL and other C0/C1 controls, bidi
overrides and isolates, zero-width characters or bytes that are not UTF-8 must neither add
a line to periksa's table nor move the cursor nor reorder what follows.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import unicodedata
import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner

from lkjip_excel.cli import cli
from lkjip_excel.cli.console import json_text
from lkjip_excel.text import clip, output_text, terminal_text, utf16_length
from lkjip_excel.workspace import render_settings
from tests.helpers import make_settings
from tests.reading.builders import desa_data, write_desa

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "purwareja-klampok-2024"

#: every kind of character a terminal acts on or draws invisibly
C0 = [chr(c) for c in range(0x20)] + ["\x7f"]
C1 = [chr(c) for c in range(0x80, 0xA0)]
BIDI = [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C)]
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u2028", "\u2029", "\U000e0041"]
UNSAFE = C0 + C1 + BIDI + INVISIBLE
UNSAFE_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


def raw_unsafe(text: str, allow_newlines: bool = True) -> list[str]:
    """The characters of ``text`` a terminal would act on (line breaks aside)."""
    return [
        ch
        for ch in text
        if not (allow_newlines and ch == "\n") and unicodedata.category(ch) in UNSAFE_CATEGORIES
    ]


@pytest.mark.parametrize("ch", UNSAFE, ids=lambda c: f"U+{ord(c):04X}")
def test_terminal_text_escapes_every_unsafe_character(ch):
    shown = terminal_text(f"a{ch}b")
    assert shown.startswith("a") and shown.endswith("b")
    assert raw_unsafe(shown, allow_newlines=False) == []
    assert "\\" in shown  # visible, not dropped


def test_terminal_text_keeps_printable_text_and_spaces():
    for text in ("Purwareja Klampok", "Désa Café 日本", "a\u00a0b", "C:\\data\\x.xlsx", "😀"):
        assert terminal_text(text) == text


def test_non_utf8_bytes_read_the_same_in_console_and_outputs():
    name = os.fsdecode(b"\xe9t\xe9.xlsx")  # how Linux gives a name that is not UTF-8
    assert terminal_text(name) == output_text(name) == "\\xe9t\\xe9.xlsx"
    assert output_text("\ud800") == "\\ud800"
    # the escaped forms can be written anywhere
    for text in (terminal_text(name), output_text(name)):
        text.encode("utf-8")


def test_output_text_keeps_tab_and_newline_and_escapes_the_rest():
    assert output_text("a\tb\nc") == "a\tb\nc"
    assert output_text("a\r\nb\rc") == "a\nb\nc"
    assert output_text("a\x00\x07\x1b\x7f\x9b\ufffeb") == "a\\x00\\x07\\x1b\\x7f\\x9b\\ufffeb"
    assert output_text("a\u202eb") == "a\u202eb"  # valid text in a workbook; only the terminal escapes it


def test_clip_counts_utf16_units_and_marks_the_cut():
    assert clip("abc", 10) == "abc"
    cut = clip("x" * 40000, 32767)
    assert utf16_length(cut) == 32767 and cut.endswith("…")
    astral = clip("😀" * 20000, 32767)
    assert utf16_length(astral) <= 32767 and astral.endswith("…")


def test_json_for_the_terminal_is_the_same_json_value():
    import json

    data = {"berkas": "a\u202eb\U000e0041\x1b\n", "nilai": [1, "\u2066"]}
    text = json_text(data)
    assert raw_unsafe(text) == []
    assert json.loads(text) == {"berkas": "a\u202eb\U000e0041\\x1b\n", "nilai": [1, "\u2066"]}


# --------------------------------------------------------------------------- commands

FORGING_NAMES = [
    "baris\nGALAT palsu.xlsx",
    "kembali\rPALSU.xlsx",
    "warna\x1b[31m\x1b[2J\x07.xlsx",
    "c1\x85\x9b.xlsx",
    "\u202eslx.exe.xlsx",
    "isolasi\u2066\u2067\u2068\u2069.xlsx",
    "nol\u200b\u200d\ufeff.xlsx",
    "garis\u2028paragraf\u2029.xlsx",
]


def _hashes(folder: Path) -> dict[bytes, str]:
    return {
        entry.name: hashlib.sha256(Path(os.fsdecode(entry.path)).read_bytes()).hexdigest()
        for entry in os.scandir(os.fsencode(folder))
        if entry.is_file()
    }


def _run(args: list[str]):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return CliRunner().invoke(cli, args)


def _assert_clean(result) -> None:
    output = result.output + (result.stderr if result.stderr_bytes is not None else "")
    assert "Galat internal" not in output and "Traceback" not in output, output
    assert "Warning" not in output, output
    assert raw_unsafe(output) == [], output


@pytest.fixture
def forged_workspace(tmp_path: Path) -> Path:
    settings = make_settings(n_desa=len(FORGING_NAMES))
    ws = tmp_path / "ws"
    (ws / "masuk").mkdir(parents=True)
    (ws / "lkjip.toml").write_text(
        render_settings(settings.kecamatan, settings.tahun, [(d.kode, d.nama) for d in settings.desa]),
        encoding="utf-8",
    )
    for i, name in enumerate(FORGING_NAMES, start=1):
        data = desa_data()
        # cell text that reaches findings: a number cell holding forging text
        data["wilayah"] = {**data["wilayah"], "rt": f"4\n[x] GALAT\r\x1b[1A\u202e{i}"}
        try:
            write_desa(ws / "masuk" / name, settings, f"{i:03d}", data)
        except OSError:  # pragma: no cover - a file system that refuses such names
            pytest.skip("this file system does not accept control characters in file names")
    return ws


def test_periksa_prints_forging_names_and_cell_text_escaped(forged_workspace: Path):
    before = _hashes(forged_workspace / "masuk")
    result = _run(["periksa", str(forged_workspace)])
    assert result.exit_code == 1  # the number cells hold text: data errors
    _assert_clean(result)
    lines = result.output.splitlines()
    table = lines[lines.index(next(x for x in lines if x.startswith("BERKAS"))) + 1 :]
    table = table[: table.index("")]
    assert len(table) == len(FORGING_NAMES)  # one line per file: nothing forged a line
    for name in FORGING_NAMES:
        assert sum(terminal_text(name) in line for line in lines) >= 2  # in the table and as a heading
    assert sum("NILAI_BUKAN_ANGKA" in line for line in lines) == len(FORGING_NAMES)
    assert not any(line.startswith("[x] GALAT") for line in lines)
    assert _hashes(forged_workspace / "masuk") == before


def test_periksa_json_is_escaped_and_still_json(forged_workspace: Path):
    import json

    result = _run(["periksa", str(forged_workspace), "--json"])
    assert result.exit_code == 1
    _assert_clean(result)
    data = json.loads(result.output)
    assert sorted(f["nama"] for f in data["berkas"]) == sorted(output_text(n) for n in FORGING_NAMES)


def test_proses_prints_escaped_and_writes(forged_workspace: Path, tmp_path: Path, monkeypatch):
    settings = forged_workspace / "lkjip.toml"
    # (control characters in the settings are refused as a settings error; bidi and
    # invisible characters pass, and must not forge the console)
    kecamatan = "Suka\u202e Maju\u200b\u2066"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace(
            'kecamatan = "Suka Maju"', 'kecamatan = "Suka\\u202e Maju\\u200b\\u2066"'
        ),
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)  # the default output goes to the workspace's hasil/
    result = _run(["proses", str(forged_workspace), "--senyap"])
    assert result.exit_code == 1
    _assert_clean(result)
    assert f"Kecamatan {terminal_text(kecamatan)} tahun" in result.output
    written = list((forged_workspace / "hasil").iterdir())
    assert len(written) == 1 and terminal_text(str(written[0])) in result.output


def test_kirim_prints_an_attachment_name_escaped(tmp_path: Path):
    book = tmp_path / "hasil\x1b[2J\u202e.xlsx"
    out = tmp_path / "o.xlsx"
    assert _run(["proses", str(EXAMPLE), "--keluar", str(out), "--senyap"]).exit_code == 0
    shutil.copy(out, book)
    result = _run(
        ["kirim", str(book), "--ke", "camat@example.org", "--coba", str(tmp_path / "surel.eml"),
         "--pengaturan", str(EXAMPLE / "lkjip.toml")]
    )  # fmt: skip
    # a control character in an attachment name is refused (it would go into a mail header)
    assert result.exit_code == 2, result.output
    _assert_clean(result)
    assert terminal_text(book.name) in result.output


def test_errors_with_a_forging_path_are_one_escaped_line(tmp_path: Path):
    missing = tmp_path / "tidak\nada\x1b[2J\u202e"
    result = _run(["periksa", str(missing)])
    assert result.exit_code == 2
    _assert_clean(result)
    assert "\\n" in result.output


# ------------------------------------------------------------- names that are not UTF-8

NON_UTF8 = [b"\xe9t\xe9.xlsx", b"desa \xff\xfe 002.xlsx", b"\x81\x8d\x8f\x90\x9d.xlsx"]


@pytest.fixture
def non_utf8_workspace(tmp_path: Path) -> Path:
    ws = tmp_path / "ws"
    shutil.copytree(EXAMPLE, ws)
    masuk = os.fsencode(ws / "masuk")
    files = sorted(os.listdir(masuk))[: len(NON_UTF8)]
    for old, new in zip(files, NON_UTF8, strict=True):
        try:
            os.rename(os.path.join(masuk, old), os.path.join(masuk, new))
        except OSError:  # pragma: no cover - e.g. a file system that insists on UTF-8
            pytest.skip("this file system refuses names that are not UTF-8")
    return ws


def test_non_utf8_names_periksa_then_proses(non_utf8_workspace: Path, tmp_path: Path):
    import json

    import openpyxl

    before = _hashes(non_utf8_workspace / "masuk")
    checked = _run(["periksa", str(non_utf8_workspace)])
    assert checked.exit_code == 0, checked.output
    _assert_clean(checked)
    out, js = tmp_path / "hasil.xlsx", tmp_path / "hasil.json"
    result = _run(["proses", str(non_utf8_workspace), "--keluar", str(out), "--json", str(js), "--senyap"])
    assert result.exit_code == 0, result.output  # periksa said all is well: proses agrees
    _assert_clean(result)
    shown = {os.fsdecode(n) for n in NON_UTF8}
    expected = {output_text(n) for n in shown}
    assert expected == {terminal_text(n) for n in shown}  # the same in console and outputs
    assert all(name in checked.output for name in expected)
    wb = openpyxl.load_workbook(out, read_only=True)
    sumber = {row[0] for row in wb["Sumber"].iter_rows(min_row=5, values_only=True)}
    assert expected <= sumber
    exported = {s["nama"] for s in json.loads(js.read_text(encoding="utf-8"))["sumber"]}
    assert expected <= exported
    assert _hashes(non_utf8_workspace / "masuk") == before


def test_click_usage_errors_quote_what_was_typed_escaped(tmp_path: Path):
    result = _run(["init", str(tmp_path / "k"), "--kecamatan", "K", "--tahun", "1\n2\x1b[2J\u202e"])
    assert result.exit_code == 2
    _assert_clean(result)
    assert len(result.output.strip().splitlines()) == 2  # the message and where to read more


def test_templat_prints_a_forging_kecamatan_on_its_line(tmp_path: Path):
    settings = tmp_path / "lkjip.toml"
    settings.write_text(
        render_settings("Suka Maju", 2025, [("001", "Alpha")]).replace(
            'kecamatan = "Suka Maju"', 'kecamatan = "Suka\\u2028Galat: palsu\\u202e\\u200b"'
        ),
        encoding="utf-8",
    )
    result = _run(["templat", "--pengaturan", str(settings), "--keluar", str(tmp_path / "formulir")])
    assert result.exit_code == 0, result.output
    _assert_clean(result)
    lines = result.output.splitlines()
    assert len(lines) == len(list((tmp_path / "formulir").iterdir())) + 1
    assert not any(line.startswith("Galat") for line in lines)


def test_a_kecamatan_with_control_characters_is_a_settings_error(tmp_path: Path):
    settings = tmp_path / "lkjip.toml"
    settings.write_text(
        render_settings("Suka Maju", 2025, [("001", "Alpha")]).replace(
            'kecamatan = "Suka Maju"', 'kecamatan = "Suka\\nGalat: palsu\\u001b[2J"'
        ),
        encoding="utf-8",
    )
    result = _run(["templat", "--pengaturan", str(settings), "--keluar", str(tmp_path / "formulir")])
    assert result.exit_code == 2, result.output
    _assert_clean(result)
    assert len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / "formulir").exists()
