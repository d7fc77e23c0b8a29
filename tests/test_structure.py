"""The package's shape: no module over 400 lines, no circle among the modules' imports."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "lkjip_excel"
MAX_LINES = 400


def _modules() -> dict[str, Path]:
    """Dotted module name -> file, for every module of the package."""
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _top_level_imports(tree: ast.Module) -> list[ast.Import | ast.ImportFrom]:
    """Imports run when the module is imported: not inside functions or classes' methods,
    not under ``if TYPE_CHECKING:``."""
    found: list[ast.Import | ast.ImportFrom] = []
    todo: list[ast.stmt] = list(tree.body)
    while todo:
        node = todo.pop()
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append(node)
        elif isinstance(node, ast.If):
            if not _is_type_checking(node.test):
                todo.extend(node.body)
            todo.extend(node.orelse)
        elif isinstance(node, ast.Try):
            todo.extend([*node.body, *node.orelse, *node.finalbody])
            for handler in node.handlers:
                todo.extend(handler.body)
        elif isinstance(node, ast.With | ast.ClassDef):
            todo.extend(node.body)
    return found


def import_graph() -> dict[str, set[str]]:
    """Module -> the package's modules it imports at its top level (relative imports resolved;
    ``from . import x`` counts x when x is a module, ``from .x import y`` counts x, and y too
    when y is a submodule)."""
    modules = _modules()
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        edges: set[str] = set()
        for node in _top_level_imports(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                if node.level:
                    base = package.split(".")
                    base = base[: len(base) - (node.level - 1)]
                    origin = ".".join([*base, *([node.module] if node.module else [])])
                else:
                    origin = node.module or ""
                targets = [origin, *(f"{origin}.{alias.name}" for alias in node.names)]
            for target in targets:
                # importing a.b.c runs a, a.b and a.b.c
                parts = target.split(".")
                for i in range(1, len(parts) + 1):
                    candidate = ".".join(parts[:i])
                    if candidate in modules and candidate != name:
                        edges.add(candidate)
        graph[name] = edges
    return graph


def find_circle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle of ``graph`` (as the modules along it), or None.

    A package's ``__init__`` importing its own submodules is how packages work, and a
    submodule importing its package runs that ``__init__`` first: those edges from a
    submodule to a package containing it are left out, the rest must form no circle."""
    WHITE, GREY, BLACK = 0, 1, 2
    colour = dict.fromkeys(graph, WHITE)
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        colour[node] = GREY
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if node.startswith(nxt + "."):
                continue  # (a submodule importing a package that contains it)
            if colour.get(nxt, WHITE) == GREY:
                return [*stack[stack.index(nxt) :], nxt]
            if colour.get(nxt, WHITE) == WHITE:
                circle = visit(nxt)
                if circle:
                    return circle
        stack.pop()
        colour[node] = BLACK
        return None

    for start in sorted(graph):
        if colour[start] == WHITE:
            circle = visit(start)
            if circle:
                return circle
    return None


def test_no_module_is_over_400_lines():
    modules = _modules()
    assert len(modules) > 50  # (the package was found)
    too_long = {
        name: n
        for name, path in modules.items()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert too_long == {}


def test_no_import_circle_among_the_package_modules():
    graph = import_graph()
    assert "lkjip_excel.reading.parallel" in graph["lkjip_excel.reading.batch"]  # (relative imports resolved)
    assert (
        "lkjip_excel.reading.identity_checks" in graph["lkjip_excel.reading.submission"]
    )  # (from . import x)
    assert find_circle(graph) is None


def test_the_circle_check_finds_a_circle():
    acyclic = {"p.a": {"p.b"}, "p.b": {"p.c"}, "p.c": set(), "p": {"p.a"}, "p.d": {"p"}}
    assert find_circle(acyclic) is None
    circular = {"p.a": {"p.b"}, "p.b": {"p.c"}, "p.c": {"p.a"}}
    assert find_circle(circular) == ["p.a", "p.b", "p.c", "p.a"]
    assert find_circle({"p.x": {"p.x.y"}, "p.x.y": {"p.z"}, "p.z": {"p.x.y"}}) == ["p.x.y", "p.z", "p.x.y"]


def test_the_graph_resolves_relative_imports_and_skips_type_checking():
    tree = ast.parse(
        "from __future__ import annotations\n"
        "from typing import TYPE_CHECKING\n"
        "from . import a\n"
        "if TYPE_CHECKING:\n"
        "    from .b import B\n"
        "def f():\n"
        "    from .c import C\n"
    )
    found = _top_level_imports(tree)
    assert sorted((n.module or "", n.level) for n in found if isinstance(n, ast.ImportFrom)) == [
        ("", 1),
        ("__future__", 0),
        ("typing", 0),
    ]
