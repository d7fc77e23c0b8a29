"""A workbook given to ``kirim`` is opened like a submission: real zip bytes counted, the
hidden summary sheet read within its bounds (issue 10, points 1 and 2, for mail)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tests.reading import hostile
from tests.reading.test_limits import read_capped

CHILD = """
import sys
from pathlib import Path
from lkjip_excel.mail.summary import summary_from_workbook
print(repr(summary_from_workbook(Path(sys.argv[1]))))
"""

HOSTILE = [
    ("far cell in the hidden sheet", hostile.sheet_rows("_lkjip", hostile.FAR_CELL)),
    ("far row without r in the hidden sheet", hostile.sheet_rows("_lkjip", hostile.FAR_ROW_NO_REF)),
    ("4 GB behind a 1 kB header", hostile.lying_member(4096)),
]


@pytest.mark.parametrize(("name", "build"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_workbook_has_no_summary_and_costs_nothing(name, build, tmp_path: Path):
    path = build(tmp_path)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    done, seconds = read_capped(path, CHILD)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "None"
    assert "Traceback" not in done.stderr
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert seconds < 60, f"{name} took {seconds:.1f} s"
