"""The rekap workbook's formulas (serapan, completeness, ranks, sums, averages): LibreOffice
recalculates every one to its cached value."""

from __future__ import annotations

from pathlib import Path

import simplejson

from lkjip_excel.rekap import rekap
from tests.helpers import recalc_differences, recalc_profile, soffice_convert_many
from tests.rekap.generated import base_export, variant, write_results


def test_libreoffice_recalculation_matches_every_cached_value(tmp_path: Path):
    base = base_export()
    paths = write_results(tmp_path / "in", 20, base)
    # blanks and ties: no pagu, no SAKIP score, no submission expected; two equal scores
    odd = variant(base, 20)
    odd["ringkasan"] = {**odd["ringkasan"], "pagu": None, "kiriman_diharapkan": 0}
    odd["tabel"] = {**odd["tabel"], "sakip_hasil": {"baris": []}}
    tie = variant(base, 21)
    tie["tabel"] = variant(base, 4)["tabel"]
    for i, data in ((20, odd), (21, tie)):
        p = tmp_path / "in" / f"extra-{i}.json"
        p.write_text(simplejson.dumps(data, use_decimal=True), encoding="utf-8")
        paths.append(p)
    out = tmp_path / "rekap.xlsx"
    done = rekap(paths, out)
    assert done.written == [out] and len(done.rekap.rows) == 22
    (fresh_path,) = soffice_convert_many(
        [out], "xlsx", tmp_path / "recalc", recalc_profile(tmp_path / "profile")
    )
    checked, wrong, fresh = recalc_differences(out, fresh_path)
    # 21 SAKIP ranks, 21 serapan and their ranks, 21 completeness, 12 sums/averages/ratios
    assert checked == 21 + 2 * 21 + 21 + 12
    assert wrong == []
