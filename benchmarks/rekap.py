"""Time ``lkjip-excel rekap`` over 20 (a kabupaten), 500 (a province) and 7,200 (every
kecamatan of the country) kecamatan results, and its memory.

    python benchmarks/rekap.py [--n 20 500 7200] [--runs 3] [--markdown FILE]

The results are synthetic JSON exports made by ``tests/rekap/generated.py``: the bundled
example's export (what ``proses --json`` writes, ~120 KB) with its own kecamatan name and
kabupaten and varied figures, one file per kecamatan, cached in
``benchmarks/.cache/rekap/<N>/`` (remade when the generator, the seed or the example
change). Each size runs ``lkjip-excel rekap FOLDER --keluar TMP/rekap.xlsx --json
TMP/rekap.json`` as a whole process with a fresh interpreter: one untimed warm-up (page
cache; the summed PSS of the process tree sampled), then ``--runs`` timed runs. Columns:
median and minimum wall seconds, median CPU seconds, milliseconds per kecamatan, input MB,
peak RSS (``os.wait4``) and tree PSS MB.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from run import Run, lkjip_command, machine, run_process  # noqa: E402

CACHE = HERE / ".cache" / "rekap"
SEED = 2024


def _stamp() -> str:
    h = hashlib.sha256()
    for path in (
        ROOT / "tests" / "rekap" / "generated.py",
        ROOT / "examples" / "purwareja-klampok-2024" / "data.yaml",
    ):
        h.update(path.read_bytes())
    h.update(str(SEED).encode())
    return h.hexdigest()[:16]


def results(n: int) -> Path:
    """The folder of ``n`` cached results, made when missing or stale."""
    from tests.rekap.generated import base_export, write_results

    folder = CACHE / str(n)
    stamp = folder / "stamp"
    if stamp.is_file() and stamp.read_text() == _stamp() and len(list(folder.glob("*.json"))) == n:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    t0 = time.perf_counter()
    write_results(folder, n, base_export(), SEED)
    stamp.write_text(_stamp())
    print(f"generated {n} results in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return folder


def bench(n: int, runs: int, tmp: Path) -> dict:
    folder = results(n)
    argv = [
        *lkjip_command(),
        "rekap",
        str(folder),
        "--keluar",
        str(tmp / "rekap.xlsx"),
        "--json",
        str(tmp / "r.json"),
    ]
    warm = run_process(argv, ROOT, sample=True)
    timed: list[Run] = [run_process(argv, ROOT) for _ in range(runs)]
    median = statistics.median(r.seconds for r in timed)
    return {
        "n": n,
        "mb": sum(p.stat().st_size for p in folder.glob("*.json")) / 1e6,
        "runs": runs,
        "median": median,
        "min": min(r.seconds for r in timed),
        "cpu": statistics.median(r.cpu for r in timed),
        "ms_each": median / n * 1000,
        "peak": max(r.maxrss_mb for r in [warm, *timed]),
        "tree": warm.tree_mb,
    }


def markdown(rows: list[dict]) -> str:
    head = "| kecamatan | input MB | runs | median s | min s | cpu s | ms / kecamatan | peak MB | tree MB |"
    lines = [head, "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        tree = f"{r['tree']:.0f}" if r["tree"] is not None else "-"
        lines.append(
            f"| {r['n']:,} | {r['mb']:,.0f} | {r['runs']} | {r['median']:.2f} | {r['min']:.2f} | {r['cpu']:.2f} "
            f"| {r['ms_each']:.2f} | {r['peak']:.0f} | {tree} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, nargs="+", default=[20, 500, 7200])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--markdown", type=Path)
    args = parser.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.n:
            rows.append(bench(n, args.runs, Path(tmp)))
            print(f"{n}: median {rows[-1]['median']:.2f} s, peak {rows[-1]['peak']:.0f} MB", file=sys.stderr)
    table = markdown(rows)
    print("; ".join(f"{k}: {v}" for k, v in machine().items()))
    print(table)
    if args.markdown:
        args.markdown.write_text(table, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
