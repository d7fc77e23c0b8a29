"""Click speaks Indonesian through its own gettext catalogue (lkjip_excel/cli/text.py)."""

from __future__ import annotations

import ast
import gettext
import io
import re
import string
import subprocess
import sys
import tomllib
from fnmatch import fnmatch
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from lkjip_excel.cli import cli
from lkjip_excel.cli import text as cli_text
from lkjip_excel.cli.catalog import compile_po, po_files, read_po

ROOT = Path(__file__).resolve().parents[1]
CLICK_DIR = Path(click.__file__).parent
PO = cli_text.LOCALE_DIR / "id" / "LC_MESSAGES" / "click.po"
#: msgids click builds at run time (``_(extra["required"])``), not literal in a ``_()`` call
DYNAMIC = {("required",)}


def click_msgids() -> set[tuple[str, ...]]:
    """Every message the installed click marks for translation: ``_("...")`` and
    ``ngettext("...", "...", n)`` with literal strings, in every module of the package."""
    found: set[tuple[str, ...]] = set()
    for path in sorted(CLICK_DIR.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            literal = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            if node.func.id == "_" and literal:
                found.add((literal[0],))
            elif node.func.id == "ngettext" and len(literal) >= 2:
                found.add((literal[0], literal[1]))
    return found


def test_every_click_message_has_a_translation():
    msgids = click_msgids()
    assert len(msgids) > 50  # the extraction found click's messages
    catalogue = read_po(PO)
    missing = sorted((msgids | DYNAMIC) - set(catalogue))
    assert not missing, f"click messages without a translation in {PO.name}: {missing}"
    for key, value in catalogue.items():
        assert all(v.strip() for v in value), key  # no empty msgstr (gettext would print English)


def _fields(text: str) -> set[str]:
    braces = {f"{name}!{conv}" for _, name, _, conv in string.Formatter().parse(text) if name is not None}
    percents = set(re.findall(r"%\(\w+\)s", text))
    return braces | percents


def test_translations_use_the_fields_of_their_message():
    """A translation may drop a field click passes ('{name}' of a path), never invent one."""
    for key, value in read_po(PO).items():
        if key == ("",):
            continue
        allowed = set().union(*(_fields(k) for k in key))
        for translated in value:
            assert _fields(translated) <= allowed, (key, translated)


def _translations(mo: bytes) -> dict:
    """What gettext reads from ``.mo`` bytes, the header left out (Babel stamps it with the
    compile time and its own version)."""
    catalog = gettext.GNUTranslations(io.BytesIO(mo))._catalog  # type: ignore[attr-defined]
    return {k: v for k, v in catalog.items() if k != ""}


def test_committed_mo_is_the_po_compiled():
    assert po_files() == [PO]
    for po in po_files():
        committed = _translations(po.with_suffix(".mo").read_bytes())
        assert committed == _translations(compile_po(po)), f"run: python lkjip_excel/cli/catalog.py ({po})"
        assert len(committed) > 50


def test_the_catalogue_is_package_data():
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    package_dir = ROOT / "lkjip_excel" / "cli"
    for po in po_files():
        for path in (po, po.with_suffix(".mo")):
            relative = path.relative_to(package_dir).as_posix()
            assert any(fnmatch(relative, pattern) for pattern in data["lkjip_excel.cli"]), relative


def test_the_compiled_catalogue_translates_through_gettext(tmp_path: Path):
    """Babel's .mo, read by the standard library's gettext, gives the .po's translations,
    plurals included; a fuzzy entry is not compiled."""
    po = tmp_path / "id" / "LC_MESSAGES" / "t.po"
    po.parent.mkdir(parents=True)
    po.write_text(
        '# header\nmsgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
        'msgid "A \\"quoted\\"\\n\\ttab"\nmsgstr "B \\"kutip\\"\\n"\n"\\tlanjut"\n\n'
        '#, fuzzy\nmsgid "unsure"\nmsgstr "ragu"\n\n'
        'msgid "one"\nmsgid_plural "many"\nmsgstr[0] "satu"\nmsgstr[1] "banyak"\n',
        encoding="utf-8",
    )
    assert ("unsure",) not in read_po(po)
    translation = gettext.GNUTranslations(io.BytesIO(compile_po(po)))
    assert translation.gettext('A "quoted"\n\ttab') == 'B "kutip"\n\tlanjut'
    assert translation.gettext("unsure") == "unsure"
    assert (translation.ngettext("one", "many", 1), translation.ngettext("one", "many", 3)) == (
        "satu",
        "banyak",
    )


def test_click_modules_use_the_catalogue():
    """After the command line is loaded, every click module's ``_``/``ngettext`` is the
    catalogue's: none is left on the (English) global gettext domain."""
    click_modules = {n: m for n, m in sys.modules.items() if n == "click" or n.startswith("click.")}
    translated = [n for n, m in click_modules.items() if hasattr(m, "_")]
    assert {"click.core", "click.exceptions", "click.types", "click._termui_impl"} <= set(translated)
    for name, module in click_modules.items():
        assert getattr(module, "_", None) is not gettext.gettext, name
        assert getattr(module, "ngettext", None) is not gettext.ngettext, name
    assert click.core._("Usage:") == "Cara pakai:"
    assert click.types.ngettext("{value!r} is not {choice}.", "{value!r} is not one of {choices}.", 2) == (
        "{value!r} bukan salah satu dari {choices}."
    )


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["periksa", "--rekursf"], "Pilihan '--rekursf' tidak dikenal. Maksud Anda '--rekursif'?"),
        (["periksa", "a", "b", "c"], "Ada argumen berlebih (b c)."),
        (["init", "x", "--tahun", "1"], "Pilihan '--kecamatan' wajib diberikan."),
        (["proses", "--kirim-ke"], "Pilihan '--kirim-ke' memerlukan nilai."),
        (["templat", "--pengaturan", "."], "'.' adalah folder, bukan berkas."),
        (
            ["init", "x", "--kecamatan", "K", "--tahun", "x" * 200],
            "'" + "x" * 60 + "...' bukan bilangan bulat.",
        ),
    ],
)
def test_click_messages_in_indonesian(args, fragment):
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert fragment in result.output, result.output
    assert not re.search(r"\b(Error|Usage|Missing|Invalid|No such|Got unexpected|Did you)\b", result.output)


def test_help_is_indonesian_whatever_the_locale():
    env = {"LANG": "en_US.UTF-8", "LANGUAGE": "en", "LC_ALL": "en_US.UTF-8", "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        # rekap: its --keluar is required, so the help shows click's "[required]" marker
        [sys.executable, "-c", "from lkjip_excel.cli import cli; cli()", "rekap", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Cara pakai: ") and "Pilihan:" in done.stdout and "[wajib]" in done.stdout


def test_help_loads_only_click():
    """``lkjip-excel --help`` imports neither the Excel libraries, pydantic nor the engine."""
    code = (
        "import sys\n"
        "from lkjip_excel.cli import cli\n"
        "try:\n    cli(['--help'])\n"
        "except SystemExit as e:\n"
        "    heavy = ('xlsxwriter', 'python_calamine', 'openpyxl', 'pydantic', 'pandas',\n"
        "             'lkjip_excel.engine', 'lkjip_excel.reading', 'lkjip_excel.output', 'lkjip_excel.mail')\n"
        "    sys.stderr.write(f'{e.code} {sorted(m for m in heavy if m in sys.modules)}')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.stderr == "0 []", done.stderr
