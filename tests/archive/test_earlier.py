"""Earlier years from the archive: a form's earlier-year figure that differs from the archived
run of that year is a finding, with both values and the run; equal figures are silent."""

from __future__ import annotations

import copy
import dataclasses
from decimal import Decimal
from pathlib import Path

from lkjip_excel import archive, pipeline
from lkjip_excel.archive.earlier import earlier_years
from tests.archive.test_archive import example_workspace


def _year_before(example_hasil, changes: dict[str, Decimal]):
    """The example's result as if it were the year before, holding what the 2024 forms state for
    2023 (pagu, realisasi, sasaran realisasi, SAKIP score), with ``changes`` applied."""
    h = copy.deepcopy(example_hasil)
    h.tahun = 2023
    r = h.ringkasan
    sasaran = tuple(
        dataclasses.replace(
            s, realisasi=changes.get(f"sasaran{s.nomor}", {1: Decimal("71.2"), 2: Decimal("85.39")}[s.nomor])
        )
        for s in r.sasaran
    )
    h.ringkasan = dataclasses.replace(
        r,
        pagu=changes.get("pagu", Decimal(2313453250)),
        realisasi=changes.get("realisasi", Decimal(2256061297)),
        sasaran=sasaran,
    )
    if changes:  # other inputs made them: another run
        h.sources[0] = dataclasses.replace(h.sources[0], sha256="0" * 64)
    for row in h.tables["sakip_hasil"].rows:
        if str(row.values["tahun"]) == "2023":
            row.values["nilai"] = changes.get("sakip", Decimal("71.2"))
    return h


def _earlier(findings):
    return [f for f in findings if f.code == "TAHUN_LALU_BEDA_ARSIP"]


def test_equal_earlier_figures_are_silent_differing_ones_are_findings(tmp_path: Path, example_hasil):
    ws = example_workspace(tmp_path)
    path = ws / "arsip.sqlite"
    first = archive.record(_year_before(example_hasil, {}), path)
    assert set(earlier_years(path, 2024)) == {2023}
    assert _earlier(pipeline.check(ws).findings) == []
    # a later run of 2023 with other figures becomes that year's current run
    changed = {"realisasi": Decimal(2256000000), "sasaran2": Decimal("86"), "sakip": Decimal("70")}
    second = archive.record(_year_before(example_hasil, changed), path)
    assert second.new and second.run_id != first.run_id
    found = {(f.file, f.sheet, f.column): f for f in _earlier(pipeline.check(ws).findings)}
    assert set(found) == {
        ("2024-perencanaan-keuangan.xlsx", "Anggaran Tahun Lalu", "realisasi"),
        ("2024-perencanaan-keuangan.xlsx", "Sasaran", "realisasi_min1"),
        ("2024-tata-pemerintahan.xlsx", "Hasil SAKIP", "nilai"),
    }
    assert all(f.values["proses"] == second.run_id and f.cell for f in found.values())
    realisasi = found[("2024-perencanaan-keuangan.xlsx", "Anggaran Tahun Lalu", "realisasi")]
    assert realisasi.values["stated"] == 2256061297 and realisasi.values["archived"] == 2256000000
    assert realisasi.values["proses"] == second.run_id and realisasi.cell
    # --tanpa-arsip: no comparison
    options = pipeline.Options(arsip=False)
    assert _earlier(pipeline.check(ws, options).findings) == []
