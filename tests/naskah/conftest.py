"""The example's document, rendered once per test run (per xdist worker)."""

from __future__ import annotations

import copy
import io

import pytest


@pytest.fixture(scope="session")
def example_rendered(example_hasil):
    """The example's document from the default template (``Rendered``: bytes and placeholders)."""
    from lkjip_excel.naskah.render import render

    return render(copy.deepcopy(example_hasil))


@pytest.fixture(scope="session")
def example_docx(example_rendered):
    """The example's document as a python-docx Document (read it, never change it)."""
    from docx import Document

    return Document(io.BytesIO(example_rendered.data))


@pytest.fixture(scope="session")
def default_template_bytes() -> bytes:
    from lkjip_excel.naskah.template import default_template

    out = io.BytesIO()
    default_template().save(out)
    return out.getvalue()
