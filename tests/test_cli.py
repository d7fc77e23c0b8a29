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
    for sub in ("input_templates", "masuk", "output"):
        assert (ws / sub).is_dir()
    monkeypatch.chdir(ws)
    result = runner.invoke(cli, ["templat"])
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in (ws / "input_templates").glob("*.xlsx"))
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
        (["periksa"], "Argumen 'FOLDER' belum diberikan."),
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
    assert output.startswith("Cara pakai: ") and "periksa [PILIHAN] FOLDER" in output
    assert "Pilihan:" in output and "Options:" not in output


def test_periksa_on_a_file_says_to_give_its_folder(runner, tmp_path: Path):
    path = tmp_path / "kiriman.xlsx"
    path.write_bytes(b"x")
    result = runner.invoke(cli, ["periksa", str(path)])
    assert result.exit_code == 2
    assert "bukan folder" in result.output


def test_a_huge_number_is_not_echoed_whole(runner, tmp_path: Path):
    result = runner.invoke(cli, ["init", str(tmp_path / "k"), "--kecamatan", "K", "--tahun", "9" * 5000])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert len(result.output) < 300
