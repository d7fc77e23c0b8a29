"""``rekap``: many kecamatan results checked and combined into the kabupaten workbook and JSON;
every bad source named in a finding, never a traceback."""

from __future__ import annotations

import json
import shutil
import sqlite3
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
import simplejson
from click.testing import CliRunner

from lkjip_excel import pipeline
from lkjip_excel.cli import cli
from lkjip_excel.rekap import load
from tests.archive.test_archive import example_workspace
from tests.rekap.generated import base_export, variant, write_results


@pytest.fixture(scope="module")
def base() -> dict:
    return base_export()


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["rekap", *args])
    assert "Traceback" not in result.output and "Galat internal" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def dump(data: dict, path: Path) -> Path:
    path.write_text(simplejson.dumps(data, use_decimal=True), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def twenty(tmp_path_factory, base) -> tuple[Path, dict[str, Path]]:
    """20 generated results, one kecamatan twice (the copy newer), one of another year, one damaged."""
    folder = tmp_path_factory.mktemp("rekap") / "hasil"
    paths = write_results(folder, 20, base)
    dup = variant(base, 3)
    dup["dibuat"] = "2099-01-01T00:00:00"
    dup["ringkasan"]["galat"] = 0
    special = {
        "old": paths[3],
        "dup": dump(dup, folder / "hasil-0003-baru.json"),
        "year": dump(variant(base, 20, tahun=base["tahun"] - 1), folder / "hasil-tahun-lalu.json"),
        "damaged": folder / "hasil-rusak.json",
    }
    special["damaged"].write_bytes(paths[5].read_bytes()[:3000])
    return folder, special


def test_rekap_of_twenty_names_the_duplicate_the_other_year_and_the_damaged(twenty, base, tmp_path):
    folder, special = twenty
    out, js = tmp_path / "rekap.xlsx", tmp_path / "rekap.json"
    code, output = invoke(str(folder), "--keluar", str(out), "--json", str(js))
    assert code == 1, output
    data = json.loads(js.read_text(encoding="utf-8"))
    found = {(f["kode"], f["berkas"]) for f in data["temuan"]}
    assert found == {
        ("REKAP_KECAMATAN_GANDA", str(special["dup"])),
        ("REKAP_TAHUN_LAIN", str(special["year"])),
        ("REKAP_SUMBER_TIDAK_TERBACA", str(special["damaged"])),
    }
    ganda = next(f for f in data["temuan"] if f["kode"] == "REKAP_KECAMATAN_GANDA")
    assert ganda["nilai"]["files"] == str(special["old"])
    rows = data["kecamatan"]
    assert data["tahun"] == base["tahun"]
    assert len(rows) == 20  # the duplicate replaced its older copy; the other two are not used
    by_name = {r["kecamatan"]: r for r in rows}
    assert by_name["Kecamatan 0003"]["sumber"] == str(special["dup"])
    expected = variant(base, 7)
    assert by_name["Kecamatan 0007"]["pagu"] == expected["ringkasan"]["pagu"]
    assert (
        Decimal(str(by_name["Kecamatan 0007"]["nilai_sakip"]))
        == expected["tabel"]["sakip_hasil"]["baris"][0]["nilai"]
    )
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Rekap", "Peringkat", "Grafik", "Temuan", "Sumber"]
    names = [book["Rekap"].cell(row=r, column=3).value for r in range(5, 5 + 20)]
    assert names == [r["kecamatan"] for r in rows]
    assert len(book["Grafik"]._charts) == 2


def test_nothing_usable_writes_nothing(tmp_path: Path):
    bad = tmp_path / "x.json"
    bad.write_text("{", encoding="utf-8")
    code, _ = invoke(str(bad), str(tmp_path / "missing.json"), "--keluar", str(tmp_path / "r.xlsx"))
    assert code == 1
    assert not (tmp_path / "r.xlsx").exists()


def test_an_output_cannot_overwrite_a_source(tmp_path: Path, base):
    src = dump(variant(base, 1), tmp_path / "a.json")
    before = src.read_bytes()
    code, _ = invoke(str(src), "--keluar", str(src))
    assert code == 2
    assert src.read_bytes() == before


def _hostile(tmp_path: Path, base: dict) -> dict[str, Path]:
    cases: dict[str, bytes] = {
        "not-json": b"\x00\x01garbage\xff" * 50,
        "array": b"[1, 2, 3]",
        "deep": b'{"format": "lkjip-excel/hasil", "ringkasan": ' + b"[" * 200_000 + b"]" * 200_000 + b"}",
        "nan": b'{"format": "lkjip-excel/hasil", "versi_format": 1, "tahun": NaN}',
        "tahun-text": b'{"format": "lkjip-excel/hasil", "versi_format": 1, "tahun": "2024", "kecamatan": "X"}',
        "version": b'{"format": "lkjip-excel/hasil", "versi_format": 99, "tahun": 2024, "kecamatan": "X"}',
        "tabel-type": b'{"format": "lkjip-excel/hasil", "versi_format": 1, "tahun": 2024, "kecamatan": "X", "tabel": 5}',
        "sqlite-damaged": b"SQLite format 3\x00" + b"\x07" * 3000,
        "huge": b" " * 400_000 + b"{}",  # above the limit set in the test
        "empty": b"",
        "utf16": json.dumps({"format": "lkjip-excel/hasil"}).encode("utf-16"),
    }
    paths = {}
    tmp_path.mkdir()
    for name, content in cases.items():
        paths[name] = tmp_path / f"{name}.json"
        paths[name].write_bytes(content)
    paths["folder.json"] = tmp_path / "folder.json"
    paths["folder.json"].mkdir()
    return paths


def test_hostile_sources_end_as_findings(tmp_path: Path, base, monkeypatch):
    hostile = _hostile(tmp_path / "in", base)
    good = dump(variant(base, 1), tmp_path / "good.json")
    monkeypatch.setattr(load, "MAX_JSON_BYTES", good.stat().st_size + 10)
    # wrong types everywhere a figure is read: the kecamatan is used, the figures left blank
    odd = variant(base, 2)
    odd["ringkasan"] = {**odd["ringkasan"], "pagu": "banyak", "ikm": True, "sasaran": "x", "galat": -4}
    odd["tabel"] = {**odd["tabel"], "sakip_hasil": {"baris": [{"tahun": odd["tahun"], "nilai": [1]}]}}
    odd_path = dump(odd, tmp_path / "odd.json")
    out, js = tmp_path / "r.xlsx", tmp_path / "r.json"
    code, output = invoke(
        *map(str, [good, odd_path, *hostile.values()]), "--keluar", str(out), "--json", str(js)
    )
    assert code == 1
    data = json.loads(js.read_text(encoding="utf-8"))
    named = {f["berkas"] for f in data["temuan"]}
    assert named == {str(p) for p in hostile.values()} | {str(odd_path)}
    odd_fields = {f["nilai"]["field"] for f in data["temuan"] if f["berkas"] == str(odd_path)}
    assert odd_fields == {f"ringkasan.{k}" for k in ("pagu", "ikm", "sasaran", "galat")} | {
        "sakip_hasil.nilai"
    }
    codes = {f["berkas"]: f["kode"] for f in data["temuan"]}
    assert codes[str(hostile["version"])] == "REKAP_VERSI_TIDAK_COCOK"
    rows = {r["kecamatan"]: r for r in data["kecamatan"]}
    assert set(rows) == {"Kecamatan 0001", "Kecamatan 0002"}
    assert rows["Kecamatan 0002"]["pagu"] is None and rows["Kecamatan 0002"]["ikm"] is None
    assert rows["Kecamatan 0002"]["nilai_sakip"] is None and rows["Kecamatan 0002"]["galat"] == 0


def test_archives_are_sources_and_their_versions_checked(tmp_path: Path, base):
    ws = example_workspace(tmp_path)
    ran = pipeline.run(ws, out_file=tmp_path / "o.xlsx", json_file=tmp_path / "o.json")
    assert ran.archived is not None
    newer = tmp_path / "newer.sqlite"
    shutil.copy(ws / "arsip.sqlite", newer)
    conn = sqlite3.connect(newer)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    other = dump(variant(base, 1), tmp_path / "other.json")
    archive_bytes = (ws / "arsip.sqlite").read_bytes()
    out, js = tmp_path / "r.xlsx", tmp_path / "r.json"
    code, output = invoke(
        str(ws / "arsip.sqlite"),
        str(tmp_path / "o.json"),
        str(newer),
        str(other),
        "--keluar",
        str(out),
        "--json",
        str(js),
    )
    assert code == 1, output
    data = json.loads(js.read_text(encoding="utf-8"))
    assert {(f["kode"], f["berkas"]) for f in data["temuan"]} == {
        ("REKAP_VERSI_TIDAK_COCOK", str(newer)),
        ("REKAP_KECAMATAN_GANDA", str(tmp_path / "o.json")),  # same dibuat: the later source kept
    }
    rows = {r["kecamatan"]: r for r in data["kecamatan"]}
    assert set(rows) == {ran.hasil.kecamatan, "Kecamatan 0001"}
    mine = rows[ran.hasil.kecamatan]
    assert mine["pagu"] == int(ran.hasil.ringkasan.pagu)
    assert mine["nilai_sakip"] == float(ran.hasil.tables["sakip_hasil"].rows[-1].values["nilai"])
    assert (ws / "arsip.sqlite").read_bytes() == archive_bytes  # read, never changed


def test_many_sources_are_read_by_a_pool_with_the_same_outcome(tmp_path: Path, base, monkeypatch):
    import importlib

    combine = importlib.import_module(
        "lkjip_excel.rekap.combine"
    )  # the package exports a function of that name
    paths = write_results(tmp_path / "in", 6, base)
    (tmp_path / "in" / "rusak.json").write_bytes(b"{")
    serial = combine.combine([tmp_path / "in"])
    monkeypatch.setattr(combine, "PARALLEL_FROM", 2)
    monkeypatch.setattr(combine, "MAX_WORKERS", 2)
    monkeypatch.setattr(combine.os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    pooled = combine.combine([tmp_path / "in"])
    assert [r.nama for r in pooled.rows] == [r.nama for r in serial.rows] and len(pooled.rows) == len(paths)
    assert [r.pagu for r in pooled.rows] == [r.pagu for r in serial.rows]
    assert [(f.code, f.file) for f in pooled.findings] == [(f.code, f.file) for f in serial.findings]
    assert [f.code for f in pooled.findings] == ["REKAP_SUMBER_TIDAK_TERBACA"]


def test_an_output_that_is_an_archive_or_not_ours_is_refused(tmp_path: Path, base):
    """Another workspace's archive, any SQLite file, a foreign file or a wrong extension as
    --keluar/--json: exit 2, the file untouched."""
    src = dump(variant(base, 1), tmp_path / "a.json")
    other_ws = tmp_path / "ws"
    other_ws.mkdir()
    archive = other_ws / "arsip.sqlite"
    from lkjip_excel.archive.schema import connect

    connect(archive).close()
    foreign_db = tmp_path / "lain.xlsx"
    sqlite3.connect(foreign_db).execute("CREATE TABLE t (a)").connection.commit()
    text = tmp_path / "catatan.json"
    text.write_text('{"penting": 1}', encoding="utf-8")
    plain = tmp_path / "laporan.xlsx"
    plain.write_text("bukan buku kerja", encoding="utf-8")
    cases = [
        ["--keluar", str(archive)],
        ["--keluar", str(foreign_db)],
        ["--keluar", str(plain)],
        ["--keluar", str(tmp_path / "r.txt")],
        ["--keluar", str(tmp_path / "r.xlsx"), "--json", str(text)],
        ["--keluar", str(tmp_path / "r.xlsx"), "--json", str(archive)],
        ["--keluar", str(tmp_path / "r.xlsx"), "--json", str(tmp_path / "r.txt")],
    ]
    for args in cases:
        before = {p: p.read_bytes() for p in (archive, foreign_db, text, plain)}
        code, output = invoke(str(src), *args)
        assert code == 2, (args, output)
        assert len(output.strip().splitlines()) == 1, output
        assert {p: p.read_bytes() for p in before} == before
        assert not (tmp_path / "r.xlsx").exists()
    # our own outputs may be written again
    out, js = tmp_path / "r.xlsx", tmp_path / "r.json"
    assert invoke(str(src), "--keluar", str(out), "--json", str(js))[0] == 0
    assert invoke(str(src), "--keluar", str(out), "--json", str(js))[0] == 0


def _findings(js: Path) -> set[tuple[str, str | None, str | None]]:
    data = json.loads(js.read_text(encoding="utf-8"))
    return {(f["kode"], f["berkas"], (f.get("nilai") or {}).get("field")) for f in data["temuan"]}


def test_wrong_types_in_a_source_are_findings_never_zeros(tmp_path: Path, base):
    """Each field of the wrong type or out of bounds: REKAP_ISIAN_TIDAK_SAH naming the source
    and field, exit 1, the cell empty; a ringkasan that is no object: the source unreadable."""
    good = dump(variant(base, 1), tmp_path / "baik.json")
    typed = variant(base, 2)
    typed["ringkasan"] = {**typed["ringkasan"], "pagu": "banyak", "serapan": True, "ikm": {"a": 1}}
    typed["ringkasan"]["sasaran"] = "x"
    bounds = variant(base, 3)
    bounds["ringkasan"] = {**bounds["ringkasan"], "pagu": -1, "serapan": Decimal("1e308")}
    bounds["ringkasan"]["galat"] = 2.5
    broken = variant(base, 4)
    broken["ringkasan"] = ["bukan", "objek"]
    paths = [
        dump(typed, tmp_path / "jenis.json"),
        dump(bounds, tmp_path / "batas.json"),
        dump(broken, tmp_path / "rusak.json"),
    ]
    out, js = tmp_path / "r.xlsx", tmp_path / "r.json"
    code, output = invoke(str(good), *map(str, paths), "--keluar", str(out), "--json", str(js))
    assert code == 1, output
    found = _findings(js)
    typed_p, bounds_p, broken_p = map(str, paths)
    assert found == {
        ("REKAP_ISIAN_TIDAK_SAH", typed_p, "ringkasan.pagu"),
        ("REKAP_ISIAN_TIDAK_SAH", typed_p, "ringkasan.serapan"),
        ("REKAP_ISIAN_TIDAK_SAH", typed_p, "ringkasan.ikm"),
        ("REKAP_ISIAN_TIDAK_SAH", typed_p, "ringkasan.sasaran"),
        ("REKAP_ISIAN_TIDAK_SAH", bounds_p, "ringkasan.pagu"),
        ("REKAP_ISIAN_TIDAK_SAH", bounds_p, "ringkasan.serapan"),
        ("REKAP_ISIAN_TIDAK_SAH", bounds_p, "ringkasan.galat"),
        ("REKAP_SUMBER_TIDAK_TERBACA", broken_p, None),
    }
    rows = {r["kecamatan"]: r for r in json.loads(js.read_text(encoding="utf-8"))["kecamatan"]}
    assert rows["Kecamatan 0002"]["pagu"] is None and rows["Kecamatan 0002"]["ikm"] is None
    assert rows["Kecamatan 0003"]["pagu"] is None and rows["Kecamatan 0003"]["serapan"] is None
    assert rows["Kecamatan 0001"]["pagu"] is not None


def test_bom_same_file_twice_undated_duplicate_and_newer_archive_version(tmp_path: Path, base):
    bom = tmp_path / "notepad.json"
    bom.write_bytes(b"\xef\xbb\xbf" + simplejson.dumps(variant(base, 1), use_decimal=True).encode())
    twin = dump(variant(base, 2), tmp_path / "dua.json")
    undated = variant(base, 2)
    undated["dibuat"] = "kemarin sore"
    undated_p = dump(undated, tmp_path / "dua-lagi.json")
    out, js = tmp_path / "r.xlsx", tmp_path / "r.json"
    code, output = invoke(
        str(bom), str(twin), str(twin), str(undated_p), "--keluar", str(out), "--json", str(js)
    )
    assert code == 0, output  # warnings only
    found = {(c, f) for c, f, _ in _findings(js)}
    assert found == {
        ("REKAP_SUMBER_SAMA", str(twin)),
        ("REKAP_DIBUAT_TIDAK_SAH", str(undated_p)),
        ("REKAP_KECAMATAN_GANDA", str(twin)),
    }
    rows = json.loads(js.read_text(encoding="utf-8"))["kecamatan"]
    assert {r["kecamatan"] for r in rows} == {"Kecamatan 0001", "Kecamatan 0002"}


def test_a_newer_archive_names_its_version(tmp_path: Path):
    from lkjip_excel.archive.schema import SCHEMA_VERSION, connect
    from lkjip_excel.rekap.load import Unreadable, open_source

    path = tmp_path / "arsip.sqlite"
    connect(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 98}")
    conn.close()
    with pytest.raises(Unreadable) as caught:
        open_source(path)
    finding = caught.value.finding
    assert finding.code == "REKAP_VERSI_TIDAK_COCOK"
    assert str(SCHEMA_VERSION + 98) in str(finding.values["version"])
