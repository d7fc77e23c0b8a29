"""Time to write the LKjIP document (``lkjip-excel naskah``) on the bundled example.

Three figures, each the median of ``--runs`` (fresh interpreters where it says so):

* **command**: ``lkjip-excel naskah EXAMPLE --keluar TMP/naskah.docx --senyap`` as a whole
  process (start-up, reading and checking the 14 files, the document);
* **document**: in one process, after one untimed warm-up, ``naskah.write_document`` on the
  computed result (context, tables, charts, rendering, the atomic write);
* **matplotlib import**: ``from matplotlib.figure import Figure`` plus the Agg canvas in a
  fresh interpreter, the cost the command pays only when it draws charts.

    python benchmarks/naskah.py --runs 5
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "purwareja-klampok-2024"


def _fresh(code: str) -> tuple[float, float]:
    """Wall and CPU seconds of ``code`` timed inside a fresh interpreter (start-up excluded)."""
    wrapped = (
        "import time\nt, c = time.perf_counter(), time.process_time()\n"
        f"{code}\nprint(time.perf_counter() - t, time.process_time() - c)"
    )
    done = subprocess.run(
        [sys.executable, "-c", wrapped], capture_output=True, text=True, check=True, cwd=ROOT
    )
    wall, cpu = done.stdout.strip().splitlines()[-1].split()
    return float(wall), float(cpu)


def imports(runs: int) -> tuple[list[float], list[float]]:
    code = "from matplotlib.figure import Figure\nfrom matplotlib.backends.backend_agg import FigureCanvasAgg"
    pairs = [_fresh(code) for _ in range(runs)]
    return [w for w, _ in pairs], [c for _, c in pairs]


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def command(runs: int, folder: Path) -> tuple[list[float], list[float]]:
    times, cpu = [], []
    for i in range(runs + 1):
        start, start_cpu = time.perf_counter(), _children_cpu()
        subprocess.run(
            [
                sys.executable,
                "-c",
                "from lkjip_excel.cli import cli; cli()",
                "naskah",
                str(EXAMPLE),
                "--senyap",
                "--keluar",
                str(folder / f"naskah-{i}.docx"),
            ],
            check=True,
            capture_output=True,
            cwd=folder,
            env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        )
        if i:  # the first run warms the page cache
            times.append(time.perf_counter() - start)
            cpu.append(_children_cpu() - start_cpu)
    return times, cpu


def document(runs: int, folder: Path) -> tuple[list[float], list[float]]:
    sys.path.insert(0, str(ROOT))
    from lkjip_excel.engine import proses
    from lkjip_excel.naskah import write_document

    hasil = proses(EXAMPLE)
    write_document(hasil, folder / "warm.docx")
    times, cpu = [], []
    for i in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        write_document(hasil, folder / f"doc-{i}.docx")
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return times, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        rows = [
            ("command (whole process)", command(args.runs, folder)),
            ("document (write_document, in process)", document(args.runs, folder)),
            ("matplotlib import (fresh interpreter)", imports(args.runs)),
        ]
    print("| what | runs | median s | min s | median cpu s |")
    print("|---|---:|---:|---:|---:|")
    for name, (times, cpu) in rows:
        print(
            f"| {name} | {len(times)} | {statistics.median(times):.2f} | {min(times):.2f} | "
            f"{statistics.median(cpu):.2f} |"
        )


if __name__ == "__main__":
    main()
