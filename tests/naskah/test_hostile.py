"""Hostile templates, built as a person would: the example template (``--contoh-templat``)
with its first ``{{ tahun }}`` replaced. Each is one Indonesian line and exit 2, within a
budget: no traceback, no "Galat internal", no Python internals in the document."""

from __future__ import annotations

import html
import io
import threading
import time
import zipfile
from pathlib import Path

import pytest

from lkjip_excel.cli import cli
from lkjip_excel.naskah import sandbox
from tests.naskah.test_cli import runner, workspace  # noqa: F401 - fixtures

__all__ = ["runner", "workspace"]

HOSTILE = {
    "recursive-macro": "{% macro m(n) %}{{ m(n) }}{% endmacro %}{{ m(1) }}",
    "nested-range": "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}",
    "string-times-power": "{{ 'a'*10**10 }}",
    "string-times-big": "{{ 'a'*1000000000 }}",
    "list-times-big": "{{ [1]*1000000000 }}",
    "power": "{{ 7**99999999 }}",
    "percent-format": "{{ '%999999999d' % 1 }}",
    "format-filter": "{{ '%999999999d'|format(1) }}",
    "center-filter": "{{ 'a'|center(1000000000) }}",
    "center-method": "{{ 'a'.center(1000000000) }}",
    "str-format": "{{ '{:>999999999}'.format(1) }}",
    "lipsum": "{{ lipsum(n=100000) }}",
    "cycler": "{{ cycler(1, 2).next() }}",
    "joiner": "{{ joiner() }}",
    "unsafe": "{{ tahun.__class__.__mro__ }}",
    "mutate": "{{ daftar_tabel.append(1) }}",
    "include": "{% include 'x.docx' %}",
    "import": "{% import 'x' as y %}",
    "element": "{{ sasaran[99].nomor }}",
    "group": "{{ penandatangan }}",
    "list": "{{ sasaran }}",
    "type": "{{ kecamatan - 1 }}",
}


def hostile_template(folder: Path, expression: str) -> Path:
    from lkjip_excel.naskah.template import write_default_template

    base = write_default_template(folder / "bawaan.docx")
    out = folder / "hostile.docx"
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/document.xml":
                text = data.decode("utf-8")
                assert "{{ tahun }}" in text
                data = text.replace("{{ tahun }}", html.escape(expression, quote=False), 1).encode("utf-8")
            target.writestr(item, data)
    return out


@pytest.mark.parametrize("expression", list(HOSTILE.values()), ids=list(HOSTILE))
def test_a_hostile_template_is_one_line_and_exit_2(runner, workspace, tmp_path, expression):  # noqa: F811
    template = hostile_template(tmp_path, expression)
    out = tmp_path / "naskah.docx"
    started = time.monotonic()
    result = runner.invoke(
        cli, ["naskah", str(workspace), "--senyap", "--templat", str(template), "--keluar", str(out)]
    )
    assert time.monotonic() - started < sandbox.BUDGET_SECONDS
    assert result.exit_code == 2, result.output
    assert not out.exists()
    errors = [line for line in result.output.splitlines() if "hostile.docx" in line]
    assert len(errors) == 1
    assert "Traceback" not in result.output and "Galat internal" not in result.output
    assert "object at 0x" not in result.output


def test_printing_a_group_names_it(runner, workspace, tmp_path):  # noqa: F811
    template = hostile_template(tmp_path, "{{ penandatangan }}")
    result = runner.invoke(cli, ["naskah", str(workspace), "--senyap", "--templat", str(template)])
    assert result.exit_code == 2 and "penandatangan" in result.output


@pytest.mark.skipif(
    threading.current_thread() is not threading.main_thread(), reason="the budget timer needs the main thread"
)
def test_rendering_is_stopped_at_the_budget(runner, workspace, tmp_path, monkeypatch):  # noqa: F811
    monkeypatch.setattr(sandbox, "BUDGET_SECONDS", 2.0)
    loops = "{% for i in range(9999) %}{% for j in range(9999) %}{% for k in range(9999) %}{% endfor %}{% endfor %}{% endfor %}"
    template = hostile_template(tmp_path, loops)
    started = time.monotonic()
    result = runner.invoke(cli, ["naskah", str(workspace), "--senyap", "--templat", str(template)])
    assert result.exit_code == 2 and time.monotonic() - started < 30


def test_the_budget_leaves_a_normal_render_alone(example_hasil):
    import copy

    from lkjip_excel.naskah.render import render

    with_budget = render(copy.deepcopy(example_hasil))
    assert with_budget.placeholders > 0
    assert zipfile.ZipFile(io.BytesIO(with_budget.data)).testzip() is None


def _with_relationship(folder: Path, part: str, relationship: str) -> Path:
    from lkjip_excel.naskah.template import write_default_template

    base = write_default_template(folder / "bawaan.docx")
    out = folder / "tertaut.docx"
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        names = source.namelist()
        for item in source.infolist():
            data = source.read(item)
            if item.filename == part:
                data = data.replace(b"</Relationships>", relationship.encode() + b"</Relationships>")
            target.writestr(item, data)
        if part not in names:
            target.writestr(
                part,
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                + relationship
                + "</Relationships>",
            )
    return out


REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


@pytest.mark.parametrize(
    ("part", "kind", "target"),
    [
        ("word/_rels/document.xml.rels", "attachedTemplate", "http://example.invalid/evil.dotm"),
        ("word/_rels/document.xml.rels", "image", "file:///etc/passwd"),
        ("word/_rels/settings.xml.rels", "attachedTemplate", "file:///srv/x.dotm"),
        ("_rels/.rels", "oleObject", "\\\\server\\share\\x.bin"),
        ("word/_rels/document.xml.rels", "hyperlink", "file:///etc/passwd"),
    ],
)
def test_a_template_linking_outside_itself_is_refused(runner, workspace, tmp_path, part, kind, target):  # noqa: F811
    rel = f'<Relationship Id="rIdX9" Type="{REL}{kind}" Target="{target}" TargetMode="External"/>'
    template = _with_relationship(tmp_path, part, rel)
    out = tmp_path / "naskah.docx"
    result = runner.invoke(
        cli, ["naskah", str(workspace), "--senyap", "--templat", str(template), "--keluar", str(out)]
    )
    assert result.exit_code == 2 and not out.exists() and kind in result.output
    assert "Traceback" not in result.output


def test_a_web_link_in_a_template_is_kept(example_hasil, tmp_path):
    import copy

    from lkjip_excel.naskah.render import read_template, render

    rel = f'<Relationship Id="rIdX9" Type="{REL}hyperlink" Target="https://example.org/" TargetMode="External"/>'
    template = _with_relationship(tmp_path, "word/_rels/document.xml.rels", rel)
    assert render(copy.deepcopy(example_hasil), read_template(template)).placeholders > 0
