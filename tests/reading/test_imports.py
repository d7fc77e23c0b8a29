"""The layering holds: reading depends on the schema, never on the template writer.

Imports are parsed (ast), not executed, so a lazy import inside a function or under
``TYPE_CHECKING`` counts as much as one at the top of a module.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "lkjip_excel"
LAYERS = ("schema", "reading", "template")
EXAMPLE = ROOT / "examples" / "purwareja-klampok-2024"


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules(*layers: str) -> dict[str, Path]:
    return {module_name(p): p for layer in layers for p in sorted((PACKAGE / layer).rglob("*.py"))}


def is_module(name: str, root: Path) -> bool:
    path = root.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def imported(name: str, path: Path, root: Path = ROOT) -> set[str]:
    """Every module ``path`` imports (absolute names), wherever the import statement stands."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            for alias in node.names:
                # ``from pkg import mod`` imports the submodule ``pkg.mod``, ``from pkg import X``
                # the package itself
                sub = f"{source}.{alias.name}"
                out.add(sub if is_module(sub, root) else source)
    return out


def import_graph(found: dict[str, Path], root: Path = ROOT) -> dict[str, set[str]]:
    """Module -> the modules of ``found`` it imports."""
    return {
        name: {m for m in imported(name, path, root) if m in found and m != name}
        for name, path in found.items()
    }


def cycle(graph: dict[str, set[str]]) -> list[str] | None:
    try:
        tuple(TopologicalSorter(graph).static_order())
    except CycleError as exc:
        return list(exc.args[1])
    return None


def test_reading_imports_nothing_from_template():
    offenders = {
        name: sorted(m for m in imported(name, path) if m.split(".")[:2] == ["lkjip_excel", "template"])
        for name, path in modules("reading").items()
    }
    assert modules("reading"), "the reading package was not found"
    assert {k: v for k, v in offenders.items() if v} == {}


def test_no_import_circles_in_schema_reading_template():
    graph = import_graph(modules(*LAYERS))
    assert "lkjip_excel.template.formats" in graph["lkjip_excel.template.petunjuk"]
    assert cycle(graph) is None


def test_the_circle_check_finds_a_circle(tmp_path: Path):
    """What the two tests above rely on: relative imports resolved, circles found."""
    pkg = tmp_path / "lkjip_excel" / "demo"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from .b import thing\n")
    (pkg / "b.py").write_text("from . import VALUE\n\n\ndef f():\n    from . import a\n")
    graph = import_graph({module_name(p, tmp_path): p for p in sorted(pkg.glob("*.py"))}, tmp_path)
    assert graph["lkjip_excel.demo.a"] == {"lkjip_excel.demo.b"}
    assert graph["lkjip_excel.demo.b"] == {"lkjip_excel.demo", "lkjip_excel.demo.a"}
    assert cycle(graph) is not None


@pytest.mark.skipif(not (EXAMPLE / "masuk").is_dir(), reason="the example's workbooks are not built")
def test_checking_a_folder_never_loads_xlsxwriter():
    """``periksa`` reads workbooks; the library that writes them is not imported at all."""
    script = (
        "import sys\n"
        "import lkjip_excel.reading\n"
        "assert not [m for m in sys.modules if m.startswith('xlsxwriter')], 'reading loaded xlsxwriter'\n"
        "from lkjip_excel import pipeline\n"
        f"checked = pipeline.check({str(EXAMPLE)!r}, pipeline.Options(workers=1))\n"
        "assert checked.report.submissions and any(f.cell for f in checked.findings)\n"
        "print(sorted(m for m in sys.modules if m.startswith(('xlsxwriter', 'lkjip_excel.template'))))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
