"""The parallel reading path gives exactly the serial result (not timed; not in ``tests/``).

    python -m pytest benchmarks/test_parallel.py -q

Uses a small generated workspace (``generate.py``, cached) and the bundled example.
"""

from __future__ import annotations

import pickle
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lkjip_excel.reading import check_folder  # noqa: E402
from lkjip_excel.reading.batch import PARALLEL_MIN_FILES, _workers  # noqa: E402
from lkjip_excel.workspace import resolve_inputs  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "purwareja-klampok-2024"


@pytest.fixture(scope="module")
def workspace() -> Path:
    from generate import ensure_workspace

    return ensure_workspace(100, quiet=True)


def _report(folder: Path, **options):
    ws, inputs = resolve_inputs(folder)
    return check_folder(inputs, ws.settings, **options)


def test_parallel_equals_serial(workspace: Path):
    serial = _report(workspace, workers=1)
    parallel = _report(workspace, workers=2)
    assert [s.path for s in parallel.submissions] == sorted(s.path for s in serial.submissions)
    assert parallel.to_dict() == serial.to_dict()
    for a, b in zip(serial.submissions, parallel.submissions, strict=True):
        assert a == b  # dataclass equality: every table, record, cell and finding


def test_progress_ticks_once_per_file_in_order(workspace: Path):
    seen: list[Path] = []

    def progress(paths):
        for p in paths:
            seen.append(p)
            yield p

    report = _report(workspace, workers=2, progress=progress)
    assert seen == [s.path for s in report.submissions]


def test_progress_that_skips_files_is_respected(workspace: Path):
    def every_other(paths):
        yield from paths[::2]

    report = _report(workspace, workers=2, progress=every_other)
    serial = _report(workspace, workers=1, progress=every_other)
    assert report.to_dict() == serial.to_dict()


def test_small_batches_and_debug_stay_serial():
    assert _workers(PARALLEL_MIN_FILES - 1, 8, False) == 1
    assert _workers(10_000, 8, True) == 1
    assert _workers(10_000, 1, False) == 1
    assert _workers(10_000, 4, False) == 4


def test_example_unchanged_by_workers():
    assert _report(EXAMPLE, workers=2).to_dict() == _report(EXAMPLE, workers=1).to_dict()


def test_submissions_pickle(workspace: Path):
    report = _report(workspace, workers=1)
    for sub in report.submissions[:5] + report.submissions[-6:]:
        assert pickle.loads(pickle.dumps(sub)) == sub
