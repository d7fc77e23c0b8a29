"""The shape of lkjip_excel.mail."""

from __future__ import annotations

import ast
from pathlib import Path

from lkjip_excel import mail

# --------------------------------------------------------------------------- the package


def test_the_package_has_small_modules_without_import_circles():
    """Each module of lkjip_excel.mail is under 400 lines and imports only modules above it."""
    folder = Path(mail.__file__).parent
    graph: dict[str, set[str]] = {}
    for path in folder.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert len(source.splitlines()) < 400, path.name
        tree = ast.parse(source)
        graph[path.stem] = {
            node.module
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module
        }
    assert graph["__init__"] >= {"settings", "password", "message", "transport", "report"}
    modules = set(graph) - {"__init__"}
    assert all(imported <= modules for imported in graph.values())
    done: list[str] = []
    while len(done) < len(modules):
        ready = [m for m in sorted(modules - set(done)) if graph[m] <= set(done)]
        assert ready, f"import circle among {sorted(modules - set(done))}"
        done += ready
