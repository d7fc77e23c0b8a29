"""The workspace's folders: ``init`` offers Indonesian names (formulir/, masuk/, hasil/), and a
workspace made by an earlier version (input_templates/, output/) keeps using its folders."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from lkjip_excel.cli import cli
from lkjip_excel.output import output_path_for
from lkjip_excel.workspace import (
    INCOMING_DIR,
    OLD_OUTPUT_DIR,
    OLD_TEMPLATES_DIR,
    OUTPUT_DIR,
    TEMPLATES_DIR,
    init_workspace,
    open_workspace,
    render_settings,
)
from tests.helpers import make_settings
from tests.reading.builders import write_desa


def _old_workspace(folder: Path) -> Path:
    """A workspace as an earlier version made it: input_templates/, masuk/, output/."""
    settings = make_settings(n_desa=1)
    for sub in (OLD_TEMPLATES_DIR, INCOMING_DIR, OLD_OUTPUT_DIR):
        (folder / sub).mkdir(parents=True)
    (folder / "lkjip.toml").write_text(
        render_settings(settings.kecamatan, settings.tahun, [(d.kode, d.nama) for d in settings.desa]),
        encoding="utf-8",
    )
    return folder


def test_the_names_are_new_and_differ_from_the_old_ones():
    assert {TEMPLATES_DIR, INCOMING_DIR, OUTPUT_DIR}.isdisjoint({OLD_TEMPLATES_DIR, OLD_OUTPUT_DIR})
    assert INCOMING_DIR == "masuk"


def test_init_makes_the_new_folders_and_templat_and_proses_use_them(tmp_path: Path, monkeypatch):
    ws = tmp_path / "kec"
    result = CliRunner().invoke(
        cli, ["init", str(ws), "--kecamatan", "Suka Maju", "--tahun", "2025", "--desa", "001=Alpha"]
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in ws.iterdir() if p.is_dir()) == sorted(
        [TEMPLATES_DIR, INCOMING_DIR, OUTPUT_DIR]
    )
    assert str(ws / TEMPLATES_DIR) in result.output and str(ws / OUTPUT_DIR) in result.output
    monkeypatch.chdir(ws)
    assert CliRunner().invoke(cli, ["templat"]).exit_code == 0
    assert len(list((ws / TEMPLATES_DIR).glob("*.xlsx"))) == 1 + 6
    workspace = open_workspace()
    assert (workspace.templates_dir, workspace.output_dir) == (ws / TEMPLATES_DIR, ws / OUTPUT_DIR)
    target = output_path_for("Suka Maju", 2025, ws, cwd=ws)
    assert target.parent == ws / OUTPUT_DIR


def test_an_old_workspace_keeps_its_folders(tmp_path: Path, monkeypatch):
    ws = _old_workspace(tmp_path / "lama")
    write_desa(ws / INCOMING_DIR / "desa-001.xlsx", make_settings(n_desa=1), "001")
    monkeypatch.chdir(ws)
    assert CliRunner().invoke(cli, ["templat"]).exit_code == 0
    assert len(list((ws / OLD_TEMPLATES_DIR).glob("*.xlsx"))) == 1 + 6
    result = CliRunner().invoke(cli, ["proses", "--senyap"])
    assert result.exit_code in (0, 1), result.output
    assert [p.suffix for p in (ws / OLD_OUTPUT_DIR).iterdir()] == [".xlsx"]
    assert not (ws / TEMPLATES_DIR).exists() and not (ws / OUTPUT_DIR).exists()


def test_init_in_a_folder_that_has_the_old_folders_uses_them(tmp_path: Path):
    folder = tmp_path / "kec"
    for sub in (OLD_TEMPLATES_DIR, OLD_OUTPUT_DIR):
        (folder / sub).mkdir(parents=True)
    ws = init_workspace(folder, "Suka Maju", 2025, [("001", "Alpha")])
    assert ws.templates_dir == folder / OLD_TEMPLATES_DIR and ws.output_dir == folder / OLD_OUTPUT_DIR
    assert sorted(p.name for p in folder.iterdir() if p.is_dir()) == sorted(
        [OLD_TEMPLATES_DIR, INCOMING_DIR, OLD_OUTPUT_DIR]
    )


@pytest.mark.parametrize("old, new", [(OLD_TEMPLATES_DIR, TEMPLATES_DIR), (OLD_OUTPUT_DIR, OUTPUT_DIR)])
def test_the_new_folder_wins_when_both_exist(tmp_path: Path, old: str, new: str):
    ws = _old_workspace(tmp_path / "kec")
    (ws / new).mkdir()
    workspace = open_workspace(ws / "lkjip.toml")
    assert {workspace.templates_dir, workspace.output_dir} >= {ws / new}


def test_an_old_folder_that_is_a_file_does_not_count(tmp_path: Path):
    folder = tmp_path / "kec"
    folder.mkdir()
    (folder / OLD_OUTPUT_DIR).write_text("bukan folder", encoding="utf-8")
    ws = init_workspace(folder, "Suka Maju", 2025, [("001", "Alpha")])
    assert ws.output_dir == folder / OUTPUT_DIR and ws.output_dir.is_dir()
