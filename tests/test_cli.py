"""The command line: exit codes, Indonesian messages, no tracebacks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from lkjip_excel import __version__
from lkjip_excel.cli import cli


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def init(runner: CliRunner, folder: Path, *extra: str):
    return runner.invoke(
        cli,
        ["init", str(folder), "--kecamatan", "Suka Maju", "--tahun", "2025", *extra],
    )


def test_version(runner):
    result = runner.invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"lkjip-excel {__version__}"


def test_every_command_has_indonesian_help(runner):
    result = runner.invoke(cli, ["--help"])
    assert result.exit_code == 0
    for name, command in cli.commands.items():
        assert command.help, name
        sub = runner.invoke(cli, [name, "--help"])
        assert sub.exit_code == 0, name
        assert "Tampilkan bantuan ini" in sub.output


def test_english_aliases_are_hidden_but_work(runner):
    listing = runner.invoke(cli, ["--help"]).output
    assert "templat " in listing and "templates" not in listing
    assert runner.invoke(cli, ["schema", "--json"]).exit_code == 0


def test_init_then_templat(runner, tmp_path: Path, monkeypatch):
    ws = tmp_path / "kec"
    result = init(runner, ws, "--desa", "001=Alpha", "--desa", "002=Beta")
    assert result.exit_code == 0, result.output
    assert (ws / "lkjip.toml").is_file()
    for sub in ("formulir", "masuk", "hasil"):
        assert (ws / sub).is_dir()
    monkeypatch.chdir(ws)
    result = runner.invoke(cli, ["templat"])
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in (ws / "formulir").glob("*.xlsx"))
    assert len(written) == 2 + 6
    assert "2025-desa-001-alpha.xlsx" in written


def test_templat_keluar_option(runner, tmp_path: Path):
    init(runner, tmp_path / "kec", "--desa", "Alpha")
    out = tmp_path / "lain"
    result = runner.invoke(
        cli, ["templat", "--pengaturan", str(tmp_path / "kec" / "lkjip.toml"), "--keluar", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert len(list(out.glob("*.xlsx"))) == 7


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["--desa", "1=A", "--desa", "1=B"], "kode desa '1' dipakai lebih dari sekali"),
        ([], "desa: wajib diisi"),
    ],
)
def test_bad_init_is_a_usage_error(runner, tmp_path: Path, args, fragment):
    result = init(runner, tmp_path / "kec", *args)
    assert result.exit_code == 2
    assert fragment in result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_bad_year_is_a_usage_error(runner, tmp_path: Path):
    result = runner.invoke(
        cli, ["init", str(tmp_path / "k"), "--kecamatan", "K", "--tahun", "20245", "--desa", "A"]
    )
    assert result.exit_code == 2
    assert "tahun 20245 tidak masuk akal" in result.output


def test_bad_settings_file_exits_2_without_traceback(runner, tmp_path: Path):
    path = tmp_path / "lkjip.toml"
    path.write_text(
        'kecamatan = "K"\ntahun = 2025\n[[desa]]\nkode = "1"\nnama = "A"\n[[desa]]\nkode = "1"\nnama = "B"\n',
        encoding="utf-8",
    )
    result = runner.invoke(cli, ["templat", "--pengaturan", str(path)])
    assert result.exit_code == 2
    assert result.output.startswith("Galat: Pengaturan")
    assert "Traceback" not in result.output


def test_init_refuses_to_overwrite(runner, tmp_path: Path):
    assert init(runner, tmp_path / "k", "--desa", "A").exit_code == 0
    result = init(runner, tmp_path / "k", "--desa", "A")
    assert result.exit_code == 2
    assert "sudah ada" in result.output


def test_skema_json_is_valid(runner):
    result = runner.invoke(cli, ["skema", "--json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert {k["key"] for k in data["kinds"]} >= {"desa", "perencanaan-keuangan"}


def test_skema_text(runner):
    result = runner.invoke(cli, ["skema"])
    assert result.exit_code == 0
    assert "tabel anggaran" in result.output


def test_internal_errors_are_one_line_unless_debug(runner, tmp_path: Path, monkeypatch):
    init(runner, tmp_path / "k", "--desa", "A")
    import lkjip_excel.template as template

    def boom(*a, **k):
        raise ZeroDivisionError("oops")

    monkeypatch.setattr(template, "generate_templates", boom)
    settings = str(tmp_path / "k" / "lkjip.toml")
    result = runner.invoke(cli, ["templat", "--pengaturan", settings])
    assert result.exit_code == 1
    assert "Galat internal" in result.output and "--debug" in result.output
    assert "Traceback" not in result.output
    result = runner.invoke(cli, ["--debug", "templat", "--pengaturan", settings])
    assert isinstance(result.exception, ZeroDivisionError)


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["init"], "Argumen 'FOLDER' belum diberikan."),
        (["periksa", ".", "--foo"], "Pilihan '--foo' tidak dikenal."),
        (["prosess"], "Perintah 'prosess' tidak dikenal. Maksud Anda 'proses'?"),
        (["init", "x", "--kecamatan", "K", "--tahun", "abc"], "'abc' bukan bilangan bulat."),
    ],
)
def test_click_usage_errors_speak_indonesian(runner, args, fragment):
    result = runner.invoke(cli, args)
    assert result.exit_code == 2
    assert result.output.startswith("Galat pemakaian: ")
    assert fragment in result.output
    assert "Error" not in result.output and "Usage" not in result.output


def test_help_headings_speak_indonesian(runner):
    output = runner.invoke(cli, ["periksa", "--help"]).output
    assert output.startswith("Cara pakai: ") and "periksa [PILIHAN] [FOLDER]" in output
    assert "Pilihan:" in output and "Options:" not in output


def test_periksa_on_a_file_says_to_give_its_folder(runner, tmp_path: Path):
    path = tmp_path / "kiriman.xlsx"
    path.write_bytes(b"x")
    result = runner.invoke(cli, ["periksa", str(path)])
    assert result.exit_code == 2
    assert "bukan folder" in result.output


# --- no arguments, and the current folder's workspace ---------------------------------

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "purwareja-klampok-2024"


@pytest.mark.parametrize("args", [[], ["--debug"]])
def test_no_command_prints_the_help_and_exits_0(runner, args):
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Cara pakai: ")
    assert "Perintah:" in result.output and "periksa" in result.output
    assert "Galat" not in result.output


def test_no_command_exits_0_as_a_program_too():
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", "from lkjip_excel.cli import cli; cli()"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "Cara pakai: " in done.stdout and done.stderr == ""


@pytest.fixture
def example_copy(tmp_path: Path) -> Path:
    import shutil

    ws = tmp_path / "purwareja-klampok-2024"
    ws.mkdir()
    shutil.copy(EXAMPLE / "lkjip.toml", ws / "lkjip.toml")
    shutil.copytree(EXAMPLE / "masuk", ws / "masuk")
    return ws


@pytest.mark.parametrize("where", [".", "masuk"])
def test_periksa_defaults_to_the_workspace_of_the_current_folder(runner, example_copy, monkeypatch, where):
    monkeypatch.chdir(example_copy / where)  # in the workspace, or below it (found upward, like git)
    result = runner.invoke(cli, ["periksa", "--senyap"])
    assert result.exit_code == 0, result.output
    assert f"Purwareja Klampok tahun 2024: {example_copy / 'masuk'}" in result.output
    assert "14 berkas, 0 galat" in result.output


def test_proses_defaults_to_the_workspace_of_the_current_folder(runner, example_copy, monkeypatch):
    monkeypatch.chdir(example_copy / "masuk")
    result = runner.invoke(cli, ["proses", "--senyap"])
    assert result.exit_code == 0, result.output
    assert (example_copy / "hasil" / "LKjIP-2024-Purwareja-Klampok.xlsx").is_file()
    assert sorted(p.name for p in (example_copy / "masuk").iterdir()) == sorted(
        p.name for p in (EXAMPLE / "masuk").iterdir() if p.suffix == ".xlsx"
    )


def test_settings_option_alone_names_the_workspace(runner, example_copy, tmp_path, monkeypatch):
    elsewhere = tmp_path / "lain"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    result = runner.invoke(cli, ["periksa", "--pengaturan", str(example_copy / "lkjip.toml"), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["folder"] == str(example_copy / "masuk") and data["ringkasan"]["berkas"] == 14


def test_outside_a_workspace_says_where_to_run(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for command in ("periksa", "proses"):
        result = runner.invoke(cli, [command])
        assert result.exit_code == 2, result.output
        assert "lkjip.toml tidak ditemukan" in result.output
        assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1


def test_workspace_without_masuk_is_a_usage_error(runner, tmp_path, monkeypatch):
    init(runner, tmp_path / "k", "--desa", "A")
    (tmp_path / "k" / "masuk").rmdir()
    monkeypatch.chdir(tmp_path / "k")
    result = runner.invoke(cli, ["periksa"])
    assert result.exit_code == 2, result.output
    assert "masuk" in result.output and "Traceback" not in result.output


def _readme_commands() -> list[str]:
    """The commands of the example README's section on running the tool."""
    import re

    text = (EXAMPLE / "README.md").read_text(encoding="utf-8")
    section = text.split("## Menjalankan contoh", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```\n(.+?)\n```", section, flags=re.S)
    assert block, "the section has a block of commands"
    return [line.split("#")[0].strip() for line in block[1].splitlines() if line.split("#")[0].strip()]


def test_the_example_readme_commands_work_as_written(runner, example_copy, monkeypatch):
    import shlex

    commands = _readme_commands()
    assert commands[0] == "cd examples/purwareja-klampok-2024"
    assert [c.split()[:2] for c in commands[1:]] == [["lkjip-excel", "periksa"], ["lkjip-excel", "proses"]]
    monkeypatch.chdir(example_copy.parent)
    for command in commands:
        words = shlex.split(command)
        if words[0] == "cd":
            monkeypatch.chdir(Path(words[1]).name)  # the copy stands in for the example
            continue
        assert words[0] == "lkjip-excel"
        result = runner.invoke(cli, words[1:])
        assert result.exit_code == 0, (command, result.output)
    assert (example_copy / "hasil" / "LKjIP-2024-Purwareja-Klampok.xlsx").is_file()


def test_templat_finds_the_workspace_above_the_current_folder(runner, tmp_path: Path, monkeypatch):
    init(runner, tmp_path / "kec", "--desa", "001=Alpha")
    monkeypatch.chdir(tmp_path / "kec" / "masuk")
    result = runner.invoke(cli, ["templat"])
    assert result.exit_code == 0, result.output
    assert len(list((tmp_path / "kec" / "formulir").glob("*.xlsx"))) == 1 + 6


def test_a_huge_number_is_not_echoed_whole(runner, tmp_path: Path):
    result = runner.invoke(cli, ["init", str(tmp_path / "k"), "--kecamatan", "K", "--tahun", "9" * 5000])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert len(result.output) < 300
