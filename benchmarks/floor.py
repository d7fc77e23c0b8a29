"""The floor: the least any tool must do for a batch, with the same interpreter and libraries.

    python benchmarks/floor.py INPUT_FOLDER SHAPE.json OUT.xlsx

Opens every file of INPUT_FOLDER with python-calamine and reads every sheet's values,
then writes with xlsxwriter a workbook of the same size as ``lkjip-excel proses``'s
output: the same sheets, the same number of rows and, per row, numbers and texts in the
same cells (``SHAPE.json``, made by ``run.py`` from a real output with :func:`shape`).
No checking, no computing, no formats, no formulas, no charts. ``run.py`` times it as a
whole process, like the commands, so interpreter start-up and imports are in it too.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def read_all(folder: Path) -> int:
    """Open every input and read every sheet's values; the number of cells read."""
    import python_calamine as calamine

    cells = 0
    for path in sorted(folder.iterdir()):
        if not path.is_file() or path.name.startswith((".", "~$")):
            continue
        wb = calamine.CalamineWorkbook.from_path(str(path))
        for name in wb.sheet_names:
            rows = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
            cells += sum(len(r) for r in rows)
    return cells


def shape(path: Path) -> list:
    """A workbook's shape: per sheet, runs of rows as [count, "ns-..."] (number, string, empty)."""
    import python_calamine as calamine

    wb = calamine.CalamineWorkbook.from_path(str(path))
    out = []
    for name in wb.sheet_names:
        runs: list[list] = []
        for row in wb.get_sheet_by_name(name).to_python(skip_empty_area=False):
            code = "".join(
                "-" if v == "" or v is None else "n" if isinstance(v, int | float) else "s" for v in row
            ).rstrip("-")
            if runs and runs[-1][1] == code:
                runs[-1][0] += 1
            else:
                runs.append([1, code])
        out.append([name, runs])
    return out


def write_like(shape_: list, out: Path) -> int:
    """Write a workbook with the given shape (values only); the number of cells written."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(out))
    cells = 0
    for name, runs in shape_:
        ws = wb.add_worksheet(name)
        r = 0
        for count, code in runs:
            for _ in range(count):
                for c, kind in enumerate(code):
                    if kind == "n":
                        ws.write_number(r, c, r * 31 + c)
                    elif kind == "s":
                        ws.write_string(r, c, f"teks {r}-{c}")
                cells += len(code)
                r += 1
    wb.close()
    return cells


def main(argv: list[str]) -> int:
    folder, shape_file, out = Path(argv[0]), Path(argv[1]), Path(argv[2])
    read_all(folder)
    write_like(json.loads(shape_file.read_text()), out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
