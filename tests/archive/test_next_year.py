"""Two successive years: next year's workspace from this year's (``init --dari``), its forms
pre-filled from the archive (``templat``), and a changed earlier-year figure found by ``proses``."""

from __future__ import annotations

import copy
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from lkjip_excel import pipeline
from lkjip_excel.archive.prefill import prefill_data
from lkjip_excel.cli import cli
from lkjip_excel.reading import read_submission
from lkjip_excel.settings import load_settings
from lkjip_excel.template import Prefilled, identities, write_workbook
from lkjip_excel.workspace import templates_folder
from tests.archive.test_archive import count, example_workspace


@pytest.fixture(scope="module")
def two_years(tmp_path_factory) -> tuple[Path, Path, pipeline.Ran]:
    root = tmp_path_factory.mktemp("years")
    ws24 = example_workspace(root)
    ran = pipeline.run(ws24, out_file=root / "2024.xlsx")
    ws25 = root / "ws2025"
    result = CliRunner().invoke(cli, ["init", str(ws25), "--dari", str(ws24)])
    assert result.exit_code == 0, result.output
    return ws24, ws25, ran


def test_init_dari_carries_settings_and_archive(two_years):
    ws24, ws25, _ = two_years
    old, new = load_settings(ws24 / "lkjip.toml"), load_settings(ws25 / "lkjip.toml")
    assert new.tahun == old.tahun + 1
    assert {k: v for k, v in new.model_dump().items() if k != "tahun"} == {
        k: v for k, v in old.model_dump().items() if k != "tahun"
    }
    assert count(ws25 / "arsip.sqlite", "proses") == 1
    assert not any((ws25 / "masuk").iterdir())
    again = CliRunner().invoke(cli, ["init", str(ws25), "--dari", str(ws24)])
    assert again.exit_code == 2  # never over an existing workspace


def test_init_without_dari_still_needs_kecamatan_and_tahun(tmp_path: Path):
    result = CliRunner().invoke(cli, ["init", str(tmp_path / "k"), "--tahun", "2025"])
    assert result.exit_code == 2 and "--kecamatan" in result.output


def _value(ws, label: str):
    for row in ws.iter_rows(min_col=1, max_col=2):
        if row[0].value == label:
            return row[1]
    raise AssertionError(label)


def test_templat_prefills_earlier_years_from_the_archive(two_years):
    _, ws25, ran = two_years
    result = CliRunner().invoke(cli, ["templat", "--pengaturan", str(ws25 / "lkjip.toml")])
    assert result.exit_code == 0, result.output
    folder = templates_folder(ws25)
    pk = openpyxl.load_workbook(folder / "2025-perencanaan-keuangan.xlsx")
    r = ran.hasil.ringkasan
    pagu = _value(pk["Anggaran Tahun Lalu"], "Pagu")
    assert pagu.value == int(r.pagu) and pagu.comment is not None and "proses #1" in pagu.comment.text
    assert _value(pk["Anggaran Tahun Lalu"], "Tahun").value == 2024
    settings = load_settings(ws25 / "lkjip.toml")
    sub = read_submission(folder / "2025-perencanaan-keuangan.xlsx", settings)
    sasaran = {rec.values["nomor"]: rec.values for rec in sub.table("sasaran").records}
    assert {n: v["realisasi_min1"] for n, v in sasaran.items()} == {s.nomor: s.realisasi for s in r.sasaran}
    assert all(v["target"] is None for v in sasaran.values())  # this year's figures stay empty
    tapem = read_submission(folder / "2025-tata-pemerintahan.xlsx", settings)
    rows = [
        (rec.values["tahun"], rec.values["nilai"], rec.values["predikat"])
        for rec in tapem.table("sakip_hasil").records
    ]
    assert rows == [(2024, Decimal("72.1"), "BB")]
    desa = openpyxl.load_workbook(next(folder.glob("2025-desa-*.xlsx")))
    assert not any(c.comment for ws in desa.worksheets for row in ws.iter_rows() for c in row)


def test_a_changed_earlier_year_figure_is_found_against_the_archive(two_years):
    _, ws25, ran = two_years
    settings = load_settings(ws25 / "lkjip.toml")
    data = copy.deepcopy(prefill_data(ws25 / "arsip.sqlite", 2025)["perencanaan-keuangan"])
    form = data["anggaran_tahun_lalu"]
    form["realisasi"] = Prefilled(form["realisasi"].value - 5_000_000, "diubah")
    identity = next(i for i in identities(settings) if i.jenis == "perencanaan-keuangan")
    write_workbook(ws25 / "masuk" / "pk.xlsx", identity, settings, data)
    found = [f for f in pipeline.check(ws25).findings if f.code == "TAHUN_LALU_BEDA_ARSIP"]
    assert [(f.file, f.sheet, f.column) for f in found] == [("pk.xlsx", "Anggaran Tahun Lalu", "realisasi")]
    assert found[0].values["archived"] == ran.hasil.ringkasan.realisasi
    assert found[0].values["proses"] == 1


def test_the_renstra_table_shows_both_years(two_years):
    _, ws25, ran = two_years
    settings = load_settings(ws25 / "lkjip.toml")
    data = prefill_data(ws25 / "arsip.sqlite", 2025)["perencanaan-keuangan"]
    rows = [{k: v.value for k, v in rec.items()} for rec in data["sasaran"]]
    for row in rows:
        row.update(target=row["realisasi_min1"], realisasi=row["realisasi_min1"] + 1)
    identity = next(i for i in identities(settings) if i.jenis == "perencanaan-keuangan")
    folder = ws25.parent / "ws2025-renstra"
    (folder / "masuk").mkdir(parents=True)
    (folder / "lkjip.toml").write_bytes((ws25 / "lkjip.toml").read_bytes())
    (folder / "arsip.sqlite").write_bytes((ws25 / "arsip.sqlite").read_bytes())
    write_workbook(folder / "masuk" / "pk.xlsx", identity, settings, {**data, "sasaran": rows})
    table = pipeline.check(folder).hasil.tables["renstra_progres"]
    assert [c.key for c in table.columns][2:-2] == ["y2022", "y2023", "y2024", "y2025"]
    r = ran.hasil.ringkasan
    by_nomor = {row.values["nomor"]: row.values for row in table.rows}
    for s in r.sasaran:
        assert by_nomor[s.nomor]["y2024"] == s.realisasi
        assert by_nomor[s.nomor]["y2025"] == s.realisasi + 1
        assert by_nomor[s.nomor]["y2023"] is None  # the archive holds no 2023
    serapan = by_nomor[None]
    assert round(serapan["y2024"], 2) == r.serapan


def test_init_dari_does_not_carry_last_years_signing_date(tmp_path: Path):
    from lkjip_excel.archive.next_year import carried_settings
    from lkjip_excel.workspace import render_settings

    text = render_settings("Suka Maju", 2024, [("001", "A")]).replace("# tanggal = ", "tanggal = ")
    assert load_settings_text(text).penandatangan.tanggal is not None
    carried = load_settings_text(carried_settings(text, 2025))
    assert carried.tahun == 2025 and carried.penandatangan.tanggal is None


def load_settings_text(text: str):
    import tomllib

    from lkjip_excel.settings import settings_from_dict

    return settings_from_dict(tomllib.loads(text))


@pytest.mark.parametrize("damage", ["garbage", "newer", "foreign"])
def test_init_dari_with_an_unusable_archive_creates_nothing(tmp_path: Path, damage: str):
    """A garbage, newer or foreign archive in the source: exit 2, one line, no workspace made
    (and no advice of an option init does not have)."""
    import sqlite3

    from lkjip_excel.archive.schema import APPLICATION_ID

    src = example_workspace(tmp_path)
    archive = src / "arsip.sqlite"
    if damage == "garbage":
        archive.write_bytes(b"bukan basis data " * 200)
    else:
        conn = sqlite3.connect(archive)
        conn.execute("CREATE TABLE x (a)")
        if damage == "newer":
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute("PRAGMA user_version = 99")
        conn.commit()
        conn.close()
    before = archive.read_bytes()
    target = tmp_path / "nx"
    result = CliRunner().invoke(cli, ["init", str(target), "--dari", str(src)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "--tanpa-arsip" not in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not target.exists()
    assert archive.read_bytes() == before
    if damage == "newer":
        assert "99" in result.output  # the version it has


def test_prefill_skips_values_that_do_not_fit_their_column(tmp_path: Path):
    """Archive rows edited by hand: a text Renstra target, a negative year, a dibuat with a
    newline and a formula: those values are not written into the forms, the comments stay one
    safe line, the rest is pre-filled."""
    import json
    import sqlite3

    ws24 = example_workspace(tmp_path)
    pipeline.run(ws24, out_file=tmp_path / "2024.xlsx")
    conn = sqlite3.connect(ws24 / "arsip.sqlite")
    rows = conn.execute("SELECT urutan, nilai FROM baris WHERE tabel = 'perjanjian_kinerja'").fetchall()
    for urutan, nilai in rows:
        row = json.loads(nilai)
        row.update(target_renstra="abc", tahun_renstra=-1)
        conn.execute(
            "UPDATE baris SET nilai = ? WHERE tabel = 'perjanjian_kinerja' AND urutan = ?",
            (json.dumps(row), urutan),
        )
    conn.execute("UPDATE proses SET dibuat = ?", ("2024\n=1+1",))
    conn.commit()
    conn.close()
    ws25 = tmp_path / "ws2025"
    runner = CliRunner()
    assert runner.invoke(cli, ["init", str(ws25), "--dari", str(ws24)]).exit_code == 0
    result = runner.invoke(cli, ["templat", "--pengaturan", str(ws25 / "lkjip.toml")])
    assert result.exit_code == 0, result.output
    settings = load_settings(ws25 / "lkjip.toml")
    path = templates_folder(ws25) / "2025-perencanaan-keuangan.xlsx"
    sub = read_submission(path, settings)
    records = sub.table("sasaran").records
    assert records and all(r.values["nomor"] is not None for r in records)
    assert all(r.values["target_renstra"] is None and r.values["tahun_renstra"] is None for r in records)
    book = openpyxl.load_workbook(path)
    comments = [c.comment.text for ws in book.worksheets for row in ws.iter_rows() for c in row if c.comment]
    assert comments and all("\n" not in text for text in comments)
    values = {c.value for ws in book.worksheets for row in ws.iter_rows() for c in row}
    assert "abc" not in values and -1 not in values
