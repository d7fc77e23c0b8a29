"""Every output ``naskah`` and ``proses --naskah`` write is checked with the others before
anything is read or written: no output overwrites another, the archive or a workbook, and a
document is a ``.docx`` (exit 2, nothing changed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from lkjip_excel.cli import cli
from tests.naskah.test_cli import runner, workspace  # noqa: F401 - fixtures

__all__ = ["runner", "workspace"]


def _unchanged(path: Path, before: bytes) -> bool:
    return path.read_bytes() == before


@pytest.mark.parametrize("name", ["out.docx", "out.json", "out"])
def test_proses_naskah_refuses_a_workbook_not_named_xlsx(runner, workspace, tmp_path, name):  # noqa: F811
    out = tmp_path / name
    result = runner.invoke(cli, ["proses", str(workspace), "--senyap", "--naskah", "--keluar", str(out)])
    assert result.exit_code == 2 and not out.exists()
    assert "Traceback" not in result.output and "Galat internal" not in result.output


def test_proses_naskah_document_may_not_be_the_json(runner, workspace, tmp_path):  # noqa: F811
    workbook, json_file = tmp_path / "w.xlsx", tmp_path / "w.docx"
    json_file.write_bytes(b"keep")
    result = runner.invoke(
        cli,
        [
            "proses",
            str(workspace),
            "--senyap",
            "--naskah",
            "--keluar",
            str(workbook),
            "--json",
            str(json_file),
        ],
    )
    assert result.exit_code == 2 and not workbook.exists() and _unchanged(json_file, b"keep")


def _workbook(runner, workspace) -> Path:  # noqa: F811
    result = runner.invoke(cli, ["proses", str(workspace), "--senyap"])
    assert result.exit_code in (0, 1)
    return next((workspace / "hasil").glob("*.xlsx"))


@pytest.mark.parametrize("option", ["--keluar", "--contoh-templat"])
@pytest.mark.parametrize("victim", ["archive", "workbook", "plain"])
def test_naskah_never_overwrites_the_archive_a_workbook_or_a_non_docx(
    runner,  # noqa: F811
    workspace,  # noqa: F811
    tmp_path,
    option,
    victim,
):
    if victim == "archive":
        _workbook(runner, workspace)
        target = workspace / "arsip.sqlite"
        assert target.exists()
    elif victim == "workbook":
        target = _workbook(runner, workspace)
    else:
        target = tmp_path / "catatan.txt"
        target.write_bytes(b"keep")
    before = target.read_bytes()
    args = ["naskah", option, str(target)] if option == "--contoh-templat" else ["naskah", str(workspace)]
    if option == "--keluar":
        args += ["--senyap", "--keluar", str(target)]
    result = runner.invoke(cli, args)
    assert result.exit_code == 2 and _unchanged(target, before)
    assert "Traceback" not in result.output and "Galat internal" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_contoh_templat_prints_real_lines(runner, tmp_path):  # noqa: F811
    result = runner.invoke(cli, ["naskah", "--contoh-templat", str(tmp_path / "t.docx")])
    assert result.exit_code == 0 and "\\n" not in result.output
    assert len(result.output.strip().splitlines()) == 2
