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


def test_proses_naskah_takes_a_template_checked_first(runner, workspace, tmp_path):  # noqa: F811
    from tests.naskah.test_hostile import hostile_template

    good = hostile_template(tmp_path, "{{ tahun }}")
    result = runner.invoke(
        cli,
        [
            "proses",
            str(workspace),
            "--senyap",
            "--templat-naskah",
            str(good),
            "--keluar",
            str(tmp_path / "w.xlsx"),
        ],
    )
    assert result.exit_code in (0, 1) and (tmp_path / "w.docx").is_file()
    before = good.read_bytes()
    result = runner.invoke(
        cli,
        [
            "proses",
            str(workspace),
            "--senyap",
            "--templat-naskah",
            str(good),
            "--keluar",
            str(tmp_path / "v.xlsx"),
        ]
        + ["--json", str(good)],
    )
    assert result.exit_code == 2 and good.read_bytes() == before and not (tmp_path / "v.xlsx").exists()
    broken = tmp_path / "rusak.docx"
    broken.write_bytes(b"bukan docx")
    result = runner.invoke(
        cli,
        [
            "proses",
            str(workspace),
            "--senyap",
            "--templat-naskah",
            str(broken),
            "--keluar",
            str(tmp_path / "u.xlsx"),
        ],
    )
    assert result.exit_code == 2 and not (tmp_path / "u.xlsx").exists()


def test_proses_naskah_pdf_without_libreoffice_exits_2(runner, workspace, tmp_path, monkeypatch):  # noqa: F811
    import shutil

    monkeypatch.setattr(shutil, "which", lambda *a, **k: None)
    out = tmp_path / "w.xlsx"
    result = runner.invoke(cli, ["proses", str(workspace), "--senyap", "--naskah-pdf", "--keluar", str(out)])
    assert result.exit_code == 2 and out.is_file() and out.with_suffix(".docx").is_file()
    assert not out.with_suffix(".pdf").exists() and "Traceback" not in result.output
