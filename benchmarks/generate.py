"""Generate (and cache) synthetic workspaces with N desa for the benchmarks.

    python benchmarks/generate.py --n 100 1000 5000 [--jobs 2] [--force]

A workspace is ``benchmarks/.cache/<N>/`` with a ``lkjip.toml`` (N desa, the six
sections) and ``masuk/`` holding one filled workbook per desa and per section, written
by the project's own template writer (``lkjip_excel.template.write_workbook``), so every
file is a real, valid, distinct submission: its own code and name on the Identitas
sheet and in the hidden ``_lkjip`` sheet, its own numbers.

The content is based on the bundled example (``examples/purwareja-klampok-2024/
data.yaml``): desa ``i`` starts from example desa ``i mod 8`` and every number is varied
with a RNG seeded by (seed, desa code), clamped to the column's bounds; stated totals
("Jumlah" rows, total population) are recomputed so the desa stay consistent. The
section workbooks are the example's, with their per-desa tables (SPPT, documents,
musrenbang, APBDes) rebuilt for the N desa from the desa's own figures. Everything goes
through ``build_example``'s strict converter, so a value the schema would reject stops
the generator instead of producing a file with errors.

Generation is deterministic (same N and seed: same values) and cached: a workspace is
reused while its stamp (generator version, seed, schema version, hash of data.yaml and of
the template/schema sources) matches, and rebuilt otherwise. ``benchmarks/.cache/`` is
gitignored. Writing one desa workbook takes ~40 ms, so 5,000 desa take about two minutes
on 2 cores once; later runs reuse them.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import hashlib
import json
import os
import random
import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
EXAMPLE_DIR = EXAMPLES / "purwareja-klampok-2024"
CACHE = Path(__file__).resolve().parent / ".cache"
GENERATOR_VERSION = 1
DEFAULT_SEED = 2024

for _path in (EXAMPLES, ROOT):  # build_example, and this tree's lkjip_excel
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

import build_example as be  # noqa: E402

from lkjip_excel.schema import SCHEMA, Column, ColumnType, Layout, Table  # noqa: E402
from lkjip_excel.schema.model import NUMERIC_TYPES  # noqa: E402
from lkjip_excel.settings import Settings, load_settings, settings_from_dict  # noqa: E402
from lkjip_excel.template import Identity, identities, template_filename, write_workbook  # noqa: E402
from lkjip_excel.workspace import INCOMING_DIR, render_settings  # noqa: E402

# ------------------------------------------------------------------------ names

_FIRST = (
    "Kali", "Karang", "Sido", "Purwa", "Suka", "Wono", "Banyu", "Sumber", "Tegal", "Krajan",
    "Pesantren", "Mangun", "Rejo", "Sari", "Gunung", "Watu", "Kedung", "Ngampel", "Pager", "Tunggul",
)  # fmt: skip
_SECOND = (
    "mulyo", "rejo", "sari", "jaya", "makmur", "asri", "agung", "wangi", "anyar", "kidul",
    "lor", "wetan", "kulon", "tengah", "harjo", "kerto", "dadi", "luhur", "mukti", "sentosa",
)  # fmt: skip
_PEOPLE = (
    "Agus Setiawan", "Siti Rohmah", "Budi Santoso", "Dwi Lestari", "Eko Prasetyo", "Fitri Handayani",
    "Hadi Susilo", "Indah Permata", "Joko Widodo", "Kurniawati", "Lukman Hakim", "Mulyani",
    "Nur Hidayat", "Puji Astuti", "Rahmat Hidayat", "Sri Wahyuni", "Teguh Santoso", "Umi Kalsum",
)  # fmt: skip


def desa_list(n: int) -> list[tuple[str, str]]:
    """N (code, name) pairs: codes 001.. (wider when N needs it), distinct plausible names."""
    width = max(3, len(str(n)))
    rng = random.Random(f"nama-desa-{n}")
    names: list[str] = []
    seen: set[str] = set()
    for _ in range(n):
        name = rng.choice(_FIRST) + rng.choice(_SECOND)
        while name.casefold() in seen:  # "Kalimulyo", "Kalimulyo 2", ...
            name = f"{rng.choice(_FIRST)}{rng.choice(_SECOND)} {rng.randint(2, 99)}"
        seen.add(name.casefold())
        names.append(name)
    return [(f"{i + 1:0{width}d}", names[i]) for i in range(n)]


# ------------------------------------------------------------------------ values


def _vary_number(value: Any, col: Column, rng: random.Random) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    scaled = value * rng.uniform(0.6, 1.4)
    lo = col.minimum if col.minimum is not None else 0
    hi = col.maximum
    if col.type is ColumnType.INTEGER or isinstance(value, int) and col.precision in (None, 0):
        out: Any = int(round(scaled))
        out = max(int(lo), out)
        return min(int(hi), out) if hi is not None else out
    places = col.precision if col.precision is not None else 2
    out = round(scaled, places)
    out = max(float(lo), out)
    return min(float(hi), out) if hi is not None else out


def _vary_record(table: Table, record: dict, rng: random.Random, keep: frozenset = frozenset()) -> dict:
    out = {}
    for key, value in record.items():
        col = table.column(key)
        out[key] = value if key in keep or col.type not in NUMERIC_TYPES else _vary_number(value, col, rng)
    return out


def _restate_total(table: Table, rows: dict) -> None:
    """A stated "Jumlah" row equals the sum of the other rows (as a careful clerk writes it)."""
    if "jumlah" not in rows:
        return
    total = {}
    for col in table.columns:
        if col.type not in NUMERIC_TYPES:
            continue
        parts = [r[col.key] for k, r in rows.items() if k != "jumlah" and r.get(col.key) is not None]
        if parts:
            s = sum(parts)
            s = round(s, 2) if isinstance(s, float) else s
            # a kecamatan total is bounded by the column (SPPT: 1,000,000); thousands of
            # synthetic desa exceed it, and a stated total is optional: leave it blank
            if col.maximum is None or s <= col.maximum:
                total[col.key] = s
    rows["jumlah"] = total


def vary_desa(base: dict, seed: int, kode: str) -> dict:
    """A desa's raw data (data.yaml shape): the example desa with every number varied."""
    rng = random.Random(f"{seed}-desa-{kode}")
    kind = SCHEMA.kind("desa")
    raw = copy.deepcopy(base)
    ident = raw["identitas"]
    ident["diisi_oleh"] = rng.choice(_PEOPLE)
    ident["tanggal"] = dt.date(2025, 1, 2) + dt.timedelta(days=rng.randint(0, 20))
    for table in kind.tables:
        value = raw.get(table.name)
        if table.layout is Layout.FORM:
            if value:
                raw[table.name] = _vary_record(table, value, rng)
        elif table.layout is Layout.LIST:
            raw[table.name] = [_vary_record(table, rec, rng) for rec in value or []]
        else:
            rows = {k: _vary_record(table, rec or {}, rng) for k, rec in (value or {}).items()}
            _restate_total(table, rows)
            raw[table.name] = rows
    w = raw["wilayah"]
    if w.get("penduduk_jumlah") is not None:
        w["penduduk_jumlah"] = w["penduduk_l"] + w["penduduk_p"]
    for row in raw.get("dokumen", {}).values():  # a document count is small and whole
        if row.get("jumlah") is not None:
            row["jumlah"] = max(1, min(3, row["jumlah"]))
    pbb = raw["pbb"]
    pbb["sppt_disampaikan"] = int(pbb["sppt_diterima"] * rng.uniform(0.95, 1.0))
    return raw


def _section_rows(table: Table, desa: list[tuple[str, str]], desa_raw: dict[str, dict], base: dict) -> dict:
    """A section's PER_DESA table for N desa, from the desa's own figures where there are any."""
    base_codes = sorted(k for k in base if k != "jumlah")
    rows: dict[str, dict] = {}
    for i, (kode, _) in enumerate(desa):
        d = desa_raw[kode]
        if table.name == "sppt":
            got = d["pbb"]["sppt_disampaikan"]
            row = {"target": int(got * (0.97 + (i % 4) / 100)), "tersalurkan": got}
        elif table.name == "dokumen_fasilitasi":
            row = {k: r.get("jumlah") for k, r in d["dokumen"].items() if r.get("jumlah") is not None}
        elif table.name == "musrenbang_desa":
            m = d["musrenbang"]
            row = {k: m[k] for k in ("tanggal", "lembaga", "peserta_l", "peserta_p") if m.get(k) is not None}
        elif table.name == "apbdes":
            day = dt.date(2024, 12, 2) + dt.timedelta(days=i % 20)
            row = {"tanggal": day, "nomor": f"400.10.2/{i + 1}/2024", "status": "Selesai"}
        else:  # a per-desa table the generator does not know yet: the example row, as is
            row = copy.deepcopy(base.get(base_codes[i % len(base_codes)]) or {}) if base_codes else {}
        rows[kode] = row
    if table.total_row and "jumlah" in base:
        rows["jumlah"] = {}
        _restate_total(table, rows)
    return rows


def section_raw(jenis: str, base: dict, desa: list[tuple[str, str]], desa_raw: dict[str, dict]) -> dict:
    raw = copy.deepcopy(base)
    for table in SCHEMA.kind(jenis).tables:
        if table.layout is Layout.PER_DESA:
            raw[table.name] = _section_rows(table, desa, desa_raw, base.get(table.name) or {})
    return raw


# ------------------------------------------------------------------------ writing

_STATE: dict[str, Any] = {}


def _fast_tempdir() -> None:
    """xlsxwriter stages every part of a workbook in a temporary file: use RAM when there is
    a tmpfs (on a busy ext4 disk, creating and removing ~50 files costs more than writing)."""
    if Path("/dev/shm").is_dir() and os.access("/dev/shm", os.W_OK):
        tempfile.tempdir = "/dev/shm"


def _init(settings: Settings, data: dict, seed: int, folder: str) -> None:
    _fast_tempdir()
    _STATE.update(settings=settings, data=data, seed=seed, folder=Path(folder))


def _base_desa(data: dict, i: int) -> dict:
    codes = sorted(data[be.DESA_KEY])
    return data[be.DESA_KEY][codes[i % len(codes)]]


def _write_desa(job: tuple[int, int]) -> int:
    """Write desa workbooks ``start..stop`` (a chunk, to keep the pool's overhead small)."""
    settings: Settings = _STATE["settings"]
    data, seed, folder = _STATE["data"], _STATE["seed"], _STATE["folder"]
    kind = SCHEMA.kind("desa")
    start, stop = job
    for i in range(start, stop):
        d = settings.desa[i]
        ident = Identity("desa", d.kode, d.nama, settings.kecamatan, settings.kabupaten, settings.tahun)
        raw = vary_desa(_base_desa(data, i), seed, d.kode)
        filled, tables = be.convert_workbook(kind, raw, f"desa.{d.kode}", settings)
        write_workbook(folder / template_filename(ident), ident, settings, tables, filled)
    return stop - start


def stamp(n: int, seed: int) -> dict:
    """What a cached workspace was generated from; any change regenerates it.

    (Bump ``GENERATOR_VERSION`` when a change to this file changes what it writes.)"""
    h = hashlib.sha256()
    for path in sorted(
        [EXAMPLE_DIR / "data.yaml", EXAMPLE_DIR / "lkjip.toml", EXAMPLES / "build_example.py"]
        + list((ROOT / "lkjip_excel" / "schema").glob("*.py"))
        + list((ROOT / "lkjip_excel" / "template").glob("*.py"))
    ):
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    return {
        "generator": GENERATOR_VERSION,
        "n": n,
        "seed": seed,
        "schema": SCHEMA.version,
        "sources": h.hexdigest()[:16],
    }


def _stamp_ok(folder: Path, n: int, seed: int) -> bool:
    try:
        return json.loads((folder / "STAMP.json").read_text()) == stamp(n, seed)
    except (OSError, ValueError):
        return False


def generate(
    n: int, folder: Path, seed: int = DEFAULT_SEED, jobs: int | None = None, quiet: bool = False
) -> Path:
    """Write a workspace with ``n`` desa into ``folder`` (which must not exist)."""
    example = load_settings(EXAMPLE_DIR / "lkjip.toml")
    data = be.load_data(EXAMPLE_DIR / "data.yaml")
    desa = desa_list(n)
    text = render_settings(example.kecamatan, example.tahun, desa, example.kabupaten, example.provinsi)
    import tomllib

    settings = settings_from_dict(tomllib.loads(text), source="benchmarks/generate.py")
    incoming = folder / INCOMING_DIR
    incoming.mkdir(parents=True)
    (folder / "lkjip.toml").write_text(text, encoding="utf-8")
    (folder / "output").mkdir()

    _fast_tempdir()
    t0 = time.perf_counter()
    # sections first: they need every desa's figures (cheap to compute, not to write)
    desa_raw = {d.kode: vary_desa(_base_desa(data, i), seed, d.kode) for i, d in enumerate(settings.desa)}
    for ident in identities(settings):
        if ident.jenis == "desa":
            continue
        raw = section_raw(ident.jenis, data[ident.jenis], desa, desa_raw)
        filled, tables = be.convert_workbook(SCHEMA.kind(ident.jenis), raw, ident.jenis, settings)
        write_workbook(incoming / template_filename(ident), ident, settings, tables, filled)
    del desa_raw

    jobs = jobs or os.cpu_count() or 1
    chunk = max(1, min(50, n // (jobs * 4) or 1))
    chunks = [(i, min(i + chunk, n)) for i in range(0, n, chunk)]
    done = 0
    if jobs == 1 or n < 20:
        _init(settings, data, seed, str(incoming))
        results = map(_write_desa, chunks)
        pool = None
    else:
        pool = ProcessPoolExecutor(jobs, initializer=_init, initargs=(settings, data, seed, str(incoming)))
        results = pool.map(_write_desa, chunks)
    try:
        for count in results:
            done += count
            if not quiet and (done % 500 < count or done == n):
                rate = done / (time.perf_counter() - t0)
                print(f"  {n} desa: {done} ditulis ({rate:.0f}/s)", file=sys.stderr, flush=True)
    finally:
        if pool:
            pool.shutdown()
    (folder / "STAMP.json").write_text(json.dumps(stamp(n, seed), indent=2) + "\n")
    return folder


def ensure_workspace(n: int, seed: int = DEFAULT_SEED, jobs: int | None = None, force: bool = False,
                     cache: Path = CACHE, quiet: bool = False) -> Path:  # fmt: skip
    """The cached workspace with ``n`` desa, generated when missing or stale."""
    folder = cache / str(n) if seed == DEFAULT_SEED else cache / f"{n}-seed{seed}"
    if not force and _stamp_ok(folder, n, seed):
        return folder
    tmp = folder.with_name(folder.name + ".tmp")
    for stale in (tmp, folder):
        if stale.exists():
            shutil.rmtree(stale)
    if not quiet:
        print(f"Membuat folder kerja sintetis {n} desa di {folder} ...", file=sys.stderr, flush=True)
    generate(n, tmp, seed, jobs, quiet)
    tmp.rename(folder)
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, nargs="+", default=[100, 1000, 5000], help="numbers of desa")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--jobs", type=int, default=None, help="processes (default: all cores)")
    parser.add_argument("--force", action="store_true", help="regenerate even when cached")
    args = parser.parse_args(argv)
    for n in args.n:
        t = time.perf_counter()
        folder = ensure_workspace(n, args.seed, args.jobs, args.force)
        files = len(list((folder / INCOMING_DIR).iterdir()))
        print(f"{n:>6} desa: {folder} ({files} berkas, {time.perf_counter() - t:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
