"""Output tables are declared once (engine.registry): the engine computes exactly the declared
tables, the workbook shows each on its declared sheet, and the section kinds have one name."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from lkjip_excel.engine import proses, registry
from lkjip_excel.engine.model import Kolom, Tabel
from lkjip_excel.output import write_output
from lkjip_excel.output.workbook import SHEETS
from lkjip_excel.schema import SCHEMA, SectionKind

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "purwareja-klampok-2024"
ENGINE = ROOT / "lkjip_excel" / "engine"


@pytest.fixture(scope="module")
def example_hasil():
    hasil = proses(EXAMPLE)
    hasil.dibuat = dt.datetime(2025, 1, 15, 8, 0)
    return hasil


def test_the_engine_computes_exactly_the_declared_tables_in_declared_order(example_hasil):
    assert list(example_hasil.tables) == [t.key for t in registry.TABLES]
    for spec in registry.TABLES:
        assert example_hasil.tables[spec.key].title == spec.title


def test_every_declared_table_is_on_its_declared_sheet_of_the_workbook(example_hasil, tmp_path: Path):
    book = openpyxl.load_workbook(write_output(example_hasil, tmp_path / "LKjIP.xlsx"))
    for spec in registry.TABLES:
        assert spec.sheet.name in book.sheetnames, spec.key
        ws = book[spec.sheet.name]
        titles = [c.value for c in ws["A"] if c.value is not None]
        # printed with the report's number; the orientation follows the table's width (tests/output/test_print.py)
        assert (f"{spec.nomor}. {spec.title}" if spec.nomor else spec.title) in titles, (
            spec.key,
            spec.sheet.name,
        )


def test_the_workbook_sheets_are_derived_from_the_declarations():
    declared = [t.key for t in registry.TABLES]
    stacked = [key for _, keys, _ in SHEETS for key in keys]
    assert sorted(stacked) == sorted(declared)
    names = [name for name, _, _ in SHEETS]
    assert len(names) == len(set(names)), "two Sheet declarations share a name"
    for name, keys, landscape in SHEETS:
        for key in keys:
            spec = next(t for t in registry.TABLES if t.key == key)
            assert (spec.sheet.name, spec.sheet.landscape) == (name, landscape)


def test_declarations_are_consistent():
    keys = [t.key for t in registry.TABLES]
    assert len(keys) == len(set(keys))
    steps = [s.name for s in registry.STEPS]
    assert len(steps) == len(set(steps))
    for spec in registry.TABLES:
        assert spec.step in steps, spec.key
        assert spec.title.strip() == spec.title and spec.title
    for i, step in enumerate(registry.STEPS):
        assert set(step.needs) <= set(steps[:i]), f"{step.name} needs a later step"
    assert {t.step for t in registry.TABLES} == set(steps), "a step computes no declared table"


def _results(**extra):
    table = Tabel("wilayah", [Kolom("desa", "Desa", "text")])
    return {"wilayah": table, **extra}


def test_a_computed_table_that_is_not_declared_fails(monkeypatch):
    monkeypatch.setattr(registry, "TABLES", registry.TABLES[:1])
    assert list(registry.collect(_results())) == ["wilayah"]
    stray = Tabel("tabel_baru", [Kolom("desa", "Desa", "text")])
    with pytest.raises(registry.RegistryError, match="tabel_baru"):
        registry.collect(_results(potensi=[stray]))


def test_a_declared_table_that_is_not_computed_fails(monkeypatch):
    monkeypatch.setattr(registry, "TABLES", registry.TABLES[:2])
    with pytest.raises(registry.RegistryError, match="pertanian"):
        registry.collect(_results())


def test_a_table_computed_by_another_step_than_declared_fails(monkeypatch):
    monkeypatch.setattr(registry, "TABLES", registry.TABLES[:1])
    with pytest.raises(registry.RegistryError, match="wilayah"):
        registry.collect({"potensi": [Tabel("wilayah", [Kolom("desa", "Desa", "text")])]})


def test_a_step_that_needs_a_later_one_fails(monkeypatch):
    first = registry.Step("a", lambda inputs, b: b, ("b",))
    monkeypatch.setattr(registry, "STEPS", (first, registry.Step("b", lambda inputs: None)))
    with pytest.raises(registry.RegistryError, match="'a'"):
        registry.run(None)


def test_section_kinds_are_the_schema_kinds():
    assert [k.key for k in SCHEMA.kinds] == list(SectionKind)
    assert all(isinstance(k.key, SectionKind) for k in SCHEMA.kinds)


def test_engine_modules_name_kinds_through_the_enum_only():
    """No engine module spells a section's key as a string (the desa key doubles as a column name)."""
    keys = {k.value for k in SectionKind} - {SectionKind.DESA.value}
    for path in sorted(ENGINE.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        literals = {
            n.value
            for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and n.value in keys
        }
        assert not literals, (path.name, literals)


def test_no_engine_module_is_over_400_lines():
    for path in sorted(ENGINE.glob("*.py")):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        assert lines <= 400, (path.name, lines)
