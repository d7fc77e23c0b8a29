"""Start-up stays light: each command imports only what it uses (checked in a fresh
interpreter, by the modules loaded, never by a time)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "purwareja-klampok-2024"

RUN = (
    "import sys\n"
    "from lkjip_excel.cli import cli\n"
    "try:\n    cli(sys.argv[1:])\n"
    "except SystemExit as e:\n"
    "    top = sorted({m.split('.')[0] for m in sys.modules})\n"
    "    ours = sorted(m for m in sys.modules if m.startswith('lkjip_excel.'))\n"
    '    sys.stderr.write(f\'{e.code}|{" ".join(top)}|{" ".join(ours)}\')\n'
)


def _loaded(*args: str) -> tuple[int, set[str], set[str]]:
    done = subprocess.run(
        [sys.executable, "-c", RUN, *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    code, top, ours = done.stderr.rsplit("\n", 1)[-1].split("|")
    return int(code), set(top.split()), set(ours.split())


def test_periksa_loads_no_writer_and_no_pydantic():
    code, top, ours = _loaded("periksa", str(EXAMPLE), "--senyap")
    assert code == 0
    assert {"python_calamine", "msgspec"} <= top  # it did read and validate
    assert not top & {"xlsxwriter", "pydantic", "pandas", "openpyxl", "babel"}
    assert not {m for m in ours if m.startswith(("lkjip_excel.output", "lkjip_excel.template"))}


def test_help_loads_click_and_nothing_heavy():
    for args in (["--help"], ["periksa", "--help"], ["proses", "--help"]):
        code, top, ours = _loaded(*args)
        assert code == 0
        assert "click" in top
        heavy = {"xlsxwriter", "python_calamine", "msgspec", "pydantic", "openpyxl", "pandas", "babel"}
        assert not top & heavy, (args, top & heavy)
        assert not {m for m in ours if m.startswith(("lkjip_excel.reading", "lkjip_excel.engine"))}


def test_settings_validation_needs_no_pydantic():
    code = (
        "import sys\n"
        "from lkjip_excel.settings import load_settings\n"
        f"load_settings(__import__('pathlib').Path({str(EXAMPLE / 'lkjip.toml')!r}))\n"
        "print(sorted(m for m in ('pydantic', 'pydantic_core') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "[]", done.stderr
