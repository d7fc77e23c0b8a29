"""Instructions per workbook read: the floor's calamine read against the tool's, by part.

    python benchmarks/instructions.py [--n 1000] [--files 100]

Wall and CPU seconds on a shared 2-core VM vary by ±30 % between runs; the number of
instructions a process executes does not (±1 %: hash seeds, addresses). Each measurement
runs a fresh interpreter under ``valgrind --tool=cachegrind --cache-sim=no`` twice on
``--files`` desa workbooks of the generated ``--n``-desa workspace (``generate.py``,
cached), once doing the part and once only its setup, and reports the difference per file:

* ``floor``  – python-calamine opens the file and reads every sheet (``floor.py``'s read);
* ``sniff``  – the zip inspection (``reading.container.sniff``: every part inflated once,
  checked, re-packed for calamine);
* ``bounds`` – the sheets' extents from their XML (``reading.bounds.SheetBounds``);
* ``calamine`` – calamine reading every sheet from the re-packed copy;
* ``read_submission`` – the tool's whole read of a file (all of the above, identity,
  tables, cell checks).

Needs valgrind (``apt-get install valgrind``); ~20 s a line.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PARTS = ("floor", "sniff", "bounds", "calamine", "read_submission")


def _child(part: str, folder: Path, n_files: int, measure: bool) -> None:
    """What one measured interpreter does: the imports and the setup (reading the files'
    bytes, and inspecting them where the part starts after that) in both runs, the part
    itself only when ``measure``."""
    import python_calamine as calamine

    from lkjip_excel.reading.bounds import SheetBounds
    from lkjip_excel.reading.container import DEFAULT_LIMITS, read_bytes, sniff
    from lkjip_excel.reading.submission import _open, read_submission
    from lkjip_excel.settings import load_settings

    settings = load_settings(folder / "lkjip.toml")
    files = [f for f in sorted((folder / "masuk").iterdir()) if "desa" in f.name][:n_files]
    data = [(f, read_bytes(f)) for f in files]
    raws = [sniff(f, d) for f, d in data] if part in ("bounds", "calamine") else []
    if part == "read_submission" and files:
        read_submission(files[0], settings)  # (first-use caches, in both runs)
    if not measure:
        return
    if part == "floor":
        for f in files:
            wb = calamine.CalamineWorkbook.from_path(str(f))
            for name in wb.sheet_names:
                wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
    elif part == "sniff":
        for f, d in data:
            sniff(f, d)
    elif part == "bounds":
        for raw in raws:
            SheetBounds(raw, raw.path.name, len(settings.desa), DEFAULT_LIMITS)
    elif part == "calamine":
        for raw in raws:
            wb = _open(raw)
            for name in wb.sheet_names:
                wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
    elif part == "read_submission":
        for f in files:
            read_submission(f, settings)


def _count(part: str, folder: Path, n_files: int, measure: bool) -> int:
    command = [
        "valgrind",
        "--tool=cachegrind",
        "--cache-sim=no",
        "--cachegrind-out-file=/dev/null",
        sys.executable,
        __file__,
        "--child",
        part,
        str(folder),
        str(n_files),
        str(int(measure)),
    ]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=True)
    found = re.search(r"I\s+refs:\s+([\d,]+)", done.stderr)
    if found is None:
        raise SystemExit(f"no instruction count from valgrind:\n{done.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def main(argv: list[str]) -> int:
    if argv[:1] == ["--child"]:
        sys.path.insert(0, str(ROOT))
        _child(argv[1], Path(argv[2]), int(argv[3]), argv[4] == "1")
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="desa of the generated workspace")
    parser.add_argument("--files", type=int, default=100, help="desa workbooks read per measurement")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from generate import ensure_workspace

    folder = ensure_workspace(args.n, quiet=True)
    print(f"{'part':<16} {'M instructions / desa file':>28} {'x floor':>8}")
    floor = None
    for part in PARTS:
        per_file = (
            (_count(part, folder, args.files, True) - _count(part, folder, args.files, False))
            / args.files
            / 1e6
        )
        floor = per_file if part == "floor" else floor
        print(f"{part:<16} {per_file:>28.2f} {per_file / floor:>8.2f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
