"""The runtime dependencies in pyproject.toml are exactly what the package imports at run time
(a library only the tests use, such as openpyxl, belongs to the ``test`` extra)."""

import ast
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: distribution name -> the top-level module it installs, where the two differ
MODULE_OF = {"python-calamine": "python_calamine", "python-docx": "docx"}
#: maintenance tools inside the package that no command imports -> what they may import besides
TOOLS: dict[str, set[str]] = {}  # (babel, once only the catalogue tool's, is a runtime dependency now)


def _distribution_modules(requirements: list[str]) -> set[str]:
    names = {re.split(r"[<>=!~\[; ]", r, maxsplit=1)[0].strip().lower() for r in requirements}
    return {MODULE_OF.get(n, n.replace("-", "_")) for n in names}


def _runtime_imports(tree: ast.AST) -> set[str]:
    """Top-level modules imported outside ``if TYPE_CHECKING:`` blocks."""
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def _imported_by_package() -> dict[str, list[str]]:
    """Third-party top-level module -> the package files importing it at run time."""
    out: dict[str, list[str]] = {}
    for path in sorted((ROOT / "lkjip_excel").rglob("*.py")):
        for module in _runtime_imports(ast.parse(path.read_text(encoding="utf-8"))):
            where = str(path.relative_to(ROOT))
            if module in sys.stdlib_module_names or module == "lkjip_excel" or module in TOOLS.get(where, ()):
                continue
            out.setdefault(module, []).append(where)
    return out


def test_runtime_imports_are_declared_dependencies():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime = _distribution_modules(project["dependencies"])
    optional = _distribution_modules(project["optional-dependencies"]["pandas"])
    imported = _imported_by_package()
    undeclared = {m: files for m, files in imported.items() if m not in runtime | optional}
    assert undeclared == {}
    assert sorted(runtime - set(imported)) == []


def test_the_scan_sees_imports_and_skips_type_checking_blocks():
    tree = ast.parse(
        "import a.b\nfrom c import d\nfrom . import e\nif TYPE_CHECKING:\n    import f\nelse:\n    import g\n"
        "def h():\n    import i\n"
    )
    assert _runtime_imports(tree) == {"a", "c", "g", "i"}
