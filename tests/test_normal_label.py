"""Labels compare in one way (lkjip_excel.text.normal_label), written in one place."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from lkjip_excel.reading.identity import normal
from lkjip_excel.text import normal_label

PACKAGE = Path(__file__).resolve().parent.parent / "lkjip_excel"


def test_case_and_white_space_do_not_count():
    assert normal_label(" Jumlah  DESA\t\n") == "jumlah desa"
    assert normal_label("Straße") == normal_label("STRASSE")
    assert normal_label("") == ""


def test_compatibility_also_ignores_invisible_and_compatibility_forms():
    text = "Ｋｅｃａｍａｔａｎ\u00a0Maju\u200b\u200e"
    assert normal_label(text) != "kecamatan maju"
    assert normal_label(text, compatibility=True) == "kecamatan maju"
    assert normal(text) == "kecamatan maju"  # the workbook identity compares that way


@given(st.text())
def test_normal_label_is_idempotent_and_ignores_case(text):
    once = normal_label(text)
    assert normal_label(once) == once
    assert once == " ".join(text.split()).casefold()  # the rule the seven copies had


@given(st.text())
def test_compatibility_is_the_plain_rule_after_nfkc_without_cf(text):
    without_cf = "".join(ch for ch in unicodedata.normalize("NFKC", text) if unicodedata.category(ch) != "Cf")
    assert (
        normal_label(text, compatibility=True) == " ".join(without_cf.split()).casefold()
    )  # identity's rule
    assert normal(text) == normal_label(text, compatibility=True)


def test_no_other_copy_of_the_rule():
    found = [
        f"{path.relative_to(PACKAGE)}:{n}"
        for path in PACKAGE.rglob("*.py")
        if path.name != "text.py" or path.parent != PACKAGE
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if '" ".join(' in line and ".split()" in line and "casefold()" in line
    ]
    assert found == []
