"""The batch report: releasing what was read once the engine has computed."""

from __future__ import annotations

from pathlib import Path

from lkjip_excel.reading import check_folder
from lkjip_excel.settings import load_settings

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "purwareja-klampok-2024"


def test_release_drops_the_tables_and_keeps_what_each_file_is():
    report = check_folder(EXAMPLE / "masuk", load_settings(EXAMPLE / "lkjip.toml"), workers=1)
    before = [
        (s.name, s.status, s.readable, s.identity, list(s.findings), s.used) for s in report.submissions
    ]
    assert all(s.tables for s in report.submissions)
    report.release_records()
    assert all(s.tables == {} and s.tables_released for s in report.submissions)
    # the listing printed after the run is unchanged: a released file is still "readable"
    after = [(s.name, s.status, s.readable, s.identity, list(s.findings), s.used) for s in report.submissions]
    assert after == before
    assert [s.status for s in report.submissions].count("tidak terbaca") == 0
