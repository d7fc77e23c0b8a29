"""``lkjip-excel naskah`` (alias ``document``) and ``proses --naskah``: exit codes, messages,
where the document goes, and no traceback."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from lkjip_excel.cli import cli
from lkjip_excel.workspace import OUTPUT_DIR
from tests.conftest import EXAMPLE

DOCX = "LKjIP-2024-Purwareja-Klampok.docx"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)  # outputs go to ./hasil (or ./output) when it exists: never the repository's
    ws = tmp_path / "kecamatan"
    ws.mkdir()
    shutil.copy(EXAMPLE / "lkjip.toml", ws / "lkjip.toml")
    shutil.copytree(EXAMPLE / "masuk", ws / "masuk")
    return ws


def _placeholders(output: str) -> int:
    return int(re.search(r"dilengkapi: (\d+)", output).group(1))


def test_naskah_writes_the_document_beside_the_workbook_and_counts_placeholders(runner, workspace):
    from docx import Document

    from lkjip_excel.naskah.render import count_placeholders

    result = runner.invoke(cli, ["naskah", str(workspace), "--senyap"])
    assert result.exit_code == 0, result.output
    written = workspace / OUTPUT_DIR / DOCX
    assert written.is_file() and f"Ditulis: {written}" in result.output
    assert _placeholders(result.output) == count_placeholders(Document(str(written))) > 0
    assert not list((workspace / OUTPUT_DIR).glob(".lkjip-tmp-*"))


def test_proses_naskah_writes_it_too(runner, workspace):
    result = runner.invoke(cli, ["proses", str(workspace), "--senyap", "--naskah"])
    assert result.exit_code == 0, result.output
    assert (workspace / OUTPUT_DIR / DOCX).is_file()
    assert (workspace / OUTPUT_DIR / DOCX).with_suffix(".xlsx").is_file()
    assert _placeholders(result.output) > 0


def test_ketat_refuses_a_run_with_errors(runner, workspace):
    (workspace / "masuk" / "rusak.xlsx").write_bytes(b"bukan buku kerja")
    result = runner.invoke(cli, ["naskah", str(workspace), "--senyap", "--ketat"])
    assert result.exit_code == 1
    assert "TIDAK ditulis" in result.output
    assert not (workspace / OUTPUT_DIR).exists()


def test_pdf_without_libreoffice_is_a_clear_message(runner, workspace, monkeypatch, tmp_path):
    monkeypatch.setattr(shutil, "which", lambda *a, **k: None)
    out = tmp_path / "naskah.docx"
    result = runner.invoke(cli, ["document", str(workspace), "--senyap", "--pdf", "--keluar", str(out)])
    assert result.exit_code == 2
    assert "LibreOffice" in result.output and "Traceback" not in result.output
    assert out.is_file() and not out.with_suffix(".pdf").exists()


def test_contoh_templat_round_trips_through_templat(runner, workspace, tmp_path):
    template = tmp_path / "templat.docx"
    written = runner.invoke(cli, ["naskah", "--contoh-templat", str(template)])
    assert written.exit_code == 0 and template.is_file()
    out = tmp_path / "dari-templat.docx"
    result = runner.invoke(
        cli, ["naskah", str(workspace), "--senyap", "--templat", str(template), "--keluar", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert out.is_file()


@pytest.mark.parametrize("content", [b"bukan docx", b"PK\x03\x04 terpotong"])
def test_a_damaged_template_exits_2_before_reading(runner, workspace, tmp_path, content):
    template = tmp_path / "rusak.docx"
    template.write_bytes(content)
    result = runner.invoke(cli, ["naskah", str(workspace), "--senyap", "--templat", str(template)])
    assert result.exit_code == 2
    assert "rusak.docx" in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_an_unknown_field_exits_2_naming_it(runner, workspace, tmp_path):
    from docx import Document

    document = Document()
    document.add_paragraph("{{ nama_bupati }}")
    template = tmp_path / "milik.docx"
    document.save(str(template))
    result = runner.invoke(cli, ["naskah", str(workspace), "--senyap", "--templat", str(template)])
    assert result.exit_code == 2
    assert "nama_bupati" in result.output and "Traceback" not in result.output


def test_the_document_may_not_overwrite_an_input(runner, workspace, tmp_path):
    target = workspace / "lkjip.toml"
    before = target.read_bytes()
    result = runner.invoke(cli, ["naskah", str(workspace), "--senyap", "--keluar", str(target)])
    assert result.exit_code == 2 and target.read_bytes() == before
    template = tmp_path / "t.docx"
    shutil.copy(_default_template(tmp_path), template)
    result = runner.invoke(
        cli, ["naskah", str(workspace), "--senyap", "--templat", str(template), "--keluar", str(template)]
    )
    assert result.exit_code == 2 and "--templat" in result.output


def _default_template(folder: Path) -> Path:
    from lkjip_excel.naskah.template import write_default_template

    return write_default_template(folder / "bawaan.docx")
