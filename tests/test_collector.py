"""The cyclic collector paused around the big piles (reading a batch, writing the workbook)."""

from __future__ import annotations

import gc

import pytest

from lkjip_excel.collector import paused


@pytest.fixture
def restore_gc():
    was = gc.isenabled()
    yield
    if was:
        gc.enable()
    else:
        gc.disable()


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_is_off_inside_and_as_it_was_after(restore_gc, enabled: bool):
    gc.enable() if enabled else gc.disable()
    with paused():
        assert not gc.isenabled()
    assert gc.isenabled() is enabled


def test_an_error_inside_still_restores_it(restore_gc):
    gc.enable()
    with pytest.raises(ValueError), paused():
        raise ValueError
    assert gc.isenabled()


def test_writing_the_workbook_pauses_it(restore_gc, monkeypatch, tmp_path):
    from lkjip_excel import output

    seen: list[bool] = []
    monkeypatch.setattr(output, "write_workbook", lambda hasil, path, parts=None: seen.append(gc.isenabled()))
    monkeypatch.setattr(output, "assembled_in_memory", lambda hasil: True)
    gc.enable()
    output.write_output(None, tmp_path / "x.xlsx")  # type: ignore[arg-type]
    assert seen == [False] and gc.isenabled()
