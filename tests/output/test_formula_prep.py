"""Formulas recognised without XlsxWriter's rewrites: always XlsxWriter's own result."""

from __future__ import annotations

import copy
import inspect
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from xlsxwriter.worksheet import Worksheet

from lkjip_excel.output import safe
from lkjip_excel.output.formula_prep import PLAIN_FUNCTIONS, plain_formula
from lkjip_excel.output.safe import SafeWorkbook, SafeWorksheet


def upstream(formula: str, future: bool = False) -> str:
    ws = Worksheet()
    ws.use_future_functions = future
    return ws._prepare_formula(formula)


def ours(formula: str, future: bool = False, expand: bool = False) -> str:
    ws = SafeWorksheet()
    ws.use_future_functions = future
    return ws._prepare_formula(formula, expand)


def test_xlsxwriter_leaves_every_plain_function_as_it_is():
    for name in PLAIN_FUNCTIONS - {""}:
        formula = f"{name}(A1,{name}(B2:C3))"
        assert upstream("=" + formula) == formula, name


def test_the_override_keeps_xlsxwriters_signature():
    ours_sig = inspect.signature(SafeWorksheet._prepare_formula)
    assert ours_sig == inspect.signature(Worksheet._prepare_formula)


@pytest.mark.parametrize(
    "formula",
    [
        "=SUM(A1,B2)",
        "SUM(A1:A3)",
        '=IF(OR(N(C5)=0,C5=""),"",D5/C5)',
        "=(B2-C2)*100",
        "='Realisasi Anggaran'!B7",
        "=SORT(A1:A3)",
        '="SORT(" & A1',
        "='FILTER(x'!A1",
        "=X.SORT(A1)",
        "=-INGLE(A1)",
        "=XSINGLE(A1)",
        "{=SUM(A1:A3*B1:B3)}",
        "=_xlfn.STDEV.S(A1:A3)",
        "=sum(A1)",
        "=ÄSORT(A1)",
        "=SUM(A1)}",
        "=STDEV.S(A1:A3)",
        "=LAMBDA(x,x+1)(2)",
    ],
)
@pytest.mark.parametrize("future", [False, True])
def test_the_same_as_xlsxwriter(formula, future):
    assert ours(formula, future) == upstream(formula, future)


def test_only_plain_formulas_skip_xlsxwriter():
    assert plain_formula("=SUM(A1,IF(B1,1,0))") == "SUM(A1,IF(B1,1,0))"
    for formula in ("=SORT(A1:A3)", '="SORT(" & A1', "=X.SUM(A1)", "{=SUM(A1)}", "=_xlfn.SUM(A1)"):
        assert plain_formula(formula) is None, formula


def test_future_functions_always_go_through_xlsxwriter():
    assert ours("=STDEV.S(A1:A3)", expand=True) == "_xlfn.STDEV.S(A1:A3)"
    assert ours("=STDEV.S(A1:A3)", future=True) == "_xlfn.STDEV.S(A1:A3)"


_TOKENS = st.sampled_from(
    sorted(PLAIN_FUNCTIONS - {""})
    + ["SORT", "FILTER", "XLOOKUP", "SINGLE", "INGLE", "STDEV.S", "MAP", "sum", "Ä", "_xlfn.", "X."]
    + ["(", ")", ",", '"', "'", "!", "-", " ", "{", "}", "=", "A1", "B2:C3", ".", "1"]
)


@settings(max_examples=400, deadline=None)
@given(parts=st.lists(_TOKENS, max_size=12), future=st.booleans())
def test_any_formula_the_same_as_xlsxwriter(parts, future):
    formula = "".join(parts)
    assert ours(formula, future) == upstream(formula, future)


def test_every_formula_of_the_output_is_recognised(example_hasil, tmp_path, monkeypatch):
    """XlsxWriter still asks :meth:`SafeWorksheet._prepare_formula` (a release that stops
    would fail here), and every formula the output writes takes the short way, with
    XlsxWriter's own result."""
    seen: list[str] = []

    def recorded(formula: str) -> str | None:
        seen.append(formula)
        return plain_formula(formula)

    monkeypatch.setattr(safe, "plain_formula", recorded)
    from lkjip_excel.output import write_output

    write_output(copy.deepcopy(example_hasil), tmp_path / "out.xlsx")
    assert len(seen) > 100
    for formula in set(seen):
        assert plain_formula(formula) == upstream(formula), formula


def test_a_workbook_formula_is_written_as_xlsxwriter_writes_it(tmp_path):
    path = tmp_path / "f.xlsx"
    wb = SafeWorkbook(str(path))
    ws = wb.add_worksheet("A")
    ws.write_formula(0, 0, "=SUM(B1,B2)", None, 3)
    ws.write_formula(1, 0, "=SORT(B1:B2)", None, 0)
    wb.close()
    sheet = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>SUM(B1,B2)</f>" in sheet
    assert ">_xlfn._xlws.SORT(B1:B2)</f>" in sheet  # (a dynamic array formula)
