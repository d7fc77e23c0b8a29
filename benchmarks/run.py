"""Time the floor, ``lkjip-excel periksa`` and ``lkjip-excel proses`` side by side.

    python benchmarks/run.py [--n 8 100 1000 5000] [--runs 5] [--markdown FILE]

For each size N (8 = the bundled example, other sizes = synthetic workspaces made and
cached by ``generate.py``), each of three commands runs as a whole process with a fresh
interpreter, the same interpreter as this script:

* ``floor``   – ``floor.py``: python-calamine opens every input and reads every sheet's
  values on as many processes as the tool uses, then xlsxwriter writes again the
  tool's own output (cells, formats, formulas with values, row heights, comments,
  tables, charts: ``floor.plan`` of the warm-up run's output);
* ``periksa`` – ``lkjip-excel periksa FOLDER --senyap``;
* ``proses``  – ``lkjip-excel proses FOLDER --senyap --keluar TMP/out.xlsx``.

``periksa`` and ``proses`` are first runs: the workspace's reading cache (``.lkjip-cache/``)
is removed before each, so they read every file and write the cache. ``proses-warm`` is
``proses`` right after that ``periksa``: the planner's re-run, every file unchanged.

One untimed warm-up run per command and size comes first (it fills the page cache, gives
the output's plan to the floor, and samples the memory of the whole process tree); then
``--runs`` rounds run the three commands in turn (interleaved, so a drift in machine speed
hits all three alike). Reported per command: median and minimum wall seconds, workbooks
(input files) per second, the ratio of the median to the floor's median, the peak RSS of
the largest process (``os.wait4`` rusage: the child, or its largest worker), the CPU
seconds (user + system) of the child with its workers, and the peak
of the summed PSS of the child and all its descendants (sampled from /proc every 20 ms
during the warm-up; Linux only).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
EXAMPLE = ROOT / "examples" / "purwareja-klampok-2024"
sys.path.insert(0, str(HERE))

COMMANDS = ("floor", "periksa", "proses", "proses-warm")
#: the workspace's reading cache (``lkjip_excel.reading.cache``), removed before a first run
CACHE_DIR = ".lkjip-cache"


# ---------------------------------------------------------------------- processes


def lkjip_command() -> list[str]:
    """The console script next to this interpreter, else the same entry point via -c."""
    script = Path(sys.executable).parent / "lkjip-excel"
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from lkjip_excel.cli import cli; sys.exit(cli())"]


def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2 :].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, ()))
    return out


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as fh:
            for line in fh:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class TreeSampler(threading.Thread):
    """The peak of the summed PSS of a process and its descendants."""

    def __init__(self, pid: int, interval: float = 0.02):
        super().__init__(daemon=True)
        self.pid, self.interval, self.peak_kb = pid, interval, 0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.is_set():
            total = sum(_pss_kb(p) for p in _descendants(self.pid))
            self.peak_kb = max(self.peak_kb, total)
            self._done.wait(self.interval)

    def stop(self) -> None:
        self._done.set()
        self.join()


@dataclass
class Run:
    seconds: float
    maxrss_mb: float
    returncode: int
    tree_mb: float | None = None
    cpu: float = 0.0  # user + system seconds of the child and its reaped children (workers)


def run_process(argv: list[str], cwd: Path, sample: bool = False) -> Run:
    """Run ``argv`` to completion; wall time, rusage peak RSS, optionally the tree's PSS peak."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))  # this tree's lkjip_excel, whatever the cwd
    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    sampler = TreeSampler(proc.pid) if sample and Path("/proc/self/smaps_rollup").exists() else None
    if sampler:
        sampler.start()
    stderr = proc.stderr.read()  # the commands write little to stderr; never blocks on a full pipe
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if sampler:
        sampler.stop()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(argv)} failed ({proc.returncode}):\n{stderr.decode(errors='replace')}")
    tree = sampler.peak_kb / 1024 if sampler else None
    return Run(seconds, usage.ru_maxrss / 1024, proc.returncode, tree, usage.ru_utime + usage.ru_stime)


# ---------------------------------------------------------------------- benchmark


@dataclass
class Result:
    n: int
    files: int
    command: str
    runs: list[Run] = field(default_factory=list)
    warm: Run | None = None

    @property
    def median(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    @property
    def cpu(self) -> float:
        return statistics.median(r.cpu for r in self.runs)

    @property
    def best(self) -> float:
        return min(r.seconds for r in self.runs)

    @property
    def peak_mb(self) -> float:
        return max(r.maxrss_mb for r in [*self.runs, self.warm] if r)

    @property
    def tree_mb(self) -> float | None:
        return self.warm.tree_mb if self.warm else None


def workspace(n: int, jobs: int | None) -> Path:
    if n == 8:
        return EXAMPLE
    from generate import ensure_workspace

    return ensure_workspace(n, jobs=jobs)


def bench_size(n: int, runs: int, tmp: Path, jobs: int | None) -> list[Result]:
    import shutil

    folder = workspace(n, jobs)

    def cold() -> None:
        shutil.rmtree(folder / CACHE_DIR, ignore_errors=True)

    inputs = folder / "masuk"
    files = sum(1 for p in inputs.iterdir() if p.is_file() and not p.name.startswith("."))
    out = tmp / f"LKjIP-{n}.xlsx"
    plan_file = tmp / f"plan-{n}.json"
    # the tool's own choice of reading processes for this batch (asked in a child process)
    ask = f"from lkjip_excel.reading.parallel import _workers; print(_workers({files}, None, False))"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    workers = int(subprocess.run([sys.executable, "-c", ask], env=env, capture_output=True, text=True).stdout)
    lkjip = lkjip_command()
    argv = {
        "periksa": [*lkjip, "periksa", str(folder), "--senyap"],
        "proses": [*lkjip, "proses", str(folder), "--senyap", "--keluar", str(out)],
        "floor": [
            sys.executable,
            str(HERE / "floor.py"),
            str(inputs),
            str(plan_file),
            str(tmp / "floor.xlsx"),
            "--workers",
            str(workers),
        ],
    }
    argv["proses-warm"] = argv["proses"]
    results = {c: Result(n, files, c) for c in COMMANDS}
    # warm-up: proses first, its output gives the floor its plan
    cold()
    results["proses"].warm = run_process(argv["proses"], tmp, sample=True)
    # the plan is made in a process of its own: a Linux child inherits its parent's peak RSS
    # (ru_maxrss), so this process stays small for the peak MB column to mean something
    subprocess.run([sys.executable, str(HERE / "floor.py"), "--plan", str(out), str(plan_file)], check=True)
    results["floor"].warm = run_process(argv["floor"], tmp, sample=True)
    cold()
    results["periksa"].warm = run_process(argv["periksa"], tmp, sample=True)
    results["proses-warm"].warm = run_process(argv["proses-warm"], tmp, sample=True)
    # each round: floor, proses (first run), periksa (first run), proses again (warm cache)
    for i in range(runs):
        results["floor"].runs.append(run_process(argv["floor"], tmp))
        cold()
        results["proses"].runs.append(run_process(argv["proses"], tmp))
        cold()
        results["periksa"].runs.append(run_process(argv["periksa"], tmp))
        results["proses-warm"].runs.append(run_process(argv["proses-warm"], tmp))
        print(f"  N={n}: putaran {i + 1}/{runs} selesai", file=sys.stderr, flush=True)
    return [results[c] for c in COMMANDS]


# ---------------------------------------------------------------------- reporting


def machine() -> dict[str, str]:
    info = {"python": platform.python_version(), "platform": platform.platform()}
    info["nproc"] = str(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count())
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                info["ram"] = f"{int(line.split()[1]) / 2**20:.1f} GiB"
                break
    except OSError:
        pass
    from importlib.metadata import version

    info["libs"] = ", ".join(f"{lib} {version(lib)}" for lib in ("python-calamine", "xlsxwriter", "msgspec"))
    return info


HEADER = (
    "N desa", "files", "command", "runs", "median s", "min s", "cpu s", "wb/s", "x floor", "cpu x floor",
    "peak MB", "tree MB",
)  # fmt: skip


def rows(results: list[Result]) -> list[tuple[str, ...]]:
    floors = {r.n: r.median for r in results if r.command == "floor"}
    floor_cpu = {r.n: r.cpu for r in results if r.command == "floor"}
    out = []
    for r in results:
        tree = f"{r.tree_mb:.0f}" if r.tree_mb is not None else "-"
        out.append(
            (
                f"{r.n:,}",
                f"{r.files:,}",
                r.command,
                str(len(r.runs)),
                f"{r.median:.2f}",
                f"{r.best:.2f}",
                f"{r.cpu:.2f}",
                f"{r.files / r.median:.0f}",
                f"{r.median / floors[r.n]:.2f}",
                f"{r.cpu / floor_cpu[r.n]:.2f}",
                f"{r.peak_mb:.0f}",
                tree,
            )
        )
    return out


def text_table(results: list[Result]) -> str:
    body = rows(results)
    widths = [max(len(h), *(len(r[i]) for r in body)) for i, h in enumerate(HEADER)]

    def line(cells) -> str:
        pairs = enumerate(zip(cells, widths, strict=True))
        return "  ".join(c.ljust(w) if i == 2 else c.rjust(w) for i, (c, w) in pairs)

    return "\n".join([line(HEADER), line(["-" * w for w in widths]), *(line(r) for r in body)])


def markdown_table(results: list[Result]) -> str:
    body = rows(results)
    lines = [
        "| " + " | ".join(HEADER) + " |",
        "|" + "|".join("---:" if i != 2 else "---" for i in range(len(HEADER))) + "|",
    ]
    lines += ["| " + " | ".join(r) + " |" for r in body]
    return "\n".join(lines)


def growth(results: list[Result]) -> list[str]:
    """The time of each size relative to 1,000 desa (the linearity target: 5,000 <= 5.5x)."""
    by = {(r.n, r.command): r.median for r in results}
    out = []
    if any(n == 1000 for n, _ in by):
        for n in sorted({n for n, _ in by if n > 1000}):
            for c in ("periksa", "proses", "proses-warm"):
                if (1000, c) in by and (n, c) in by:
                    out.append(
                        f"{c}: {n:,} desa / 1,000 desa = {by[n, c] / by[1000, c]:.2f}x (data {n / 1000:.0f}x)"
                    )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--n", type=int, nargs="+", default=[8, 100, 1000, 5000], help="sizes (8 = the example)"
    )
    parser.add_argument("--runs", type=int, default=5, help="timed rounds per size (median reported)")
    parser.add_argument(
        "--runs-big", type=int, default=None, help="timed rounds for sizes >= 5,000 (default: --runs)"
    )
    parser.add_argument("--jobs", type=int, default=None, help="processes for generating workspaces")
    parser.add_argument("--markdown", type=Path, help="also write the table as Markdown to this file")
    args = parser.parse_args(argv)

    info = machine()
    load0 = os.getloadavg()
    print("Mesin: " + "; ".join(f"{k} {v}" for k, v in info.items()), flush=True)
    started = time.perf_counter()
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="lkjip-bench-") as tmp:
        for n in args.n:
            runs = args.runs_big if n >= 5000 and args.runs_big else args.runs
            results += bench_size(n, runs, Path(tmp), args.jobs)
    elapsed = time.perf_counter() - started
    command = "python benchmarks/run.py " + " ".join(sys.argv[1:]) if argv is None else ""
    print()
    print(text_table(results))
    for line in growth(results):
        print(line)
    load = os.getloadavg()
    if load:
        print(f"Load average at the end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print(f"\nTotal {elapsed:.0f} s. {command}".rstrip())
    if args.markdown:
        text = [
            f"Machine: {info.get('cpu', '?')}, {info['nproc']} CPUs, {info.get('ram', '?')} RAM; "
            f"Python {info['python']} ({info['platform']}); {info['libs']}.",
            "",
            markdown_table(results),
            "",
            *(f"- {line}" for line in growth(results)),
            "",
            f"Median of `runs` timed runs per size, after one warm-up run; whole run {elapsed:.0f} s; "
            f"load average at the start {load0[0]:.2f} and the end {load[0]:.2f} (1 min), {load[2]:.2f} (15 min).",
        ]
        args.markdown.write_text("\n".join(text) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
