"""Synthetic kecamatan results for ``rekap``: the example's JSON export, varied.

Each result is the export of the bundled example (what ``proses --json`` writes) with its
own kecamatan name, kabupaten, and figures varied by a RNG seeded with (seed, index):
pagu, realisasi, the SAKIP score of the year (and its predikat), IKM, the capaian of each
sasaran, the submissions used and the findings counted. Used by tests/rekap and by
``benchmarks/rekap.py`` (20, 500 and 7,200 results).
"""

from __future__ import annotations

import copy
import random
from decimal import Decimal
from pathlib import Path
from typing import Any

import simplejson

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "purwareja-klampok-2024"


def base_export() -> dict[str, Any]:
    """The example's export as ``proses --json`` writes it (read back as JSON)."""
    from lkjip_excel.engine import proses
    from lkjip_excel.export import dumps

    return simplejson.loads(dumps(proses(EXAMPLE)), use_decimal=True)


def _predikat(score: Decimal) -> str:
    from lkjip_excel.engine import rules

    judged = rules.predikat_sakip(score)
    return judged[0] if judged else ""


def variant(base: dict[str, Any], i: int, seed: int = 2024, tahun: int | None = None) -> dict[str, Any]:
    """Result ``i``: its own kecamatan and figures; the rest shared with ``base`` (not copied)."""
    rng = random.Random(f"{seed}-{i}")
    data = dict(base)
    data["kecamatan"] = f"Kecamatan {i:04d}"
    data["kabupaten"] = f"Kabupaten {i // 20:03d}"
    if tahun is not None:
        data["tahun"] = tahun
    year = data["tahun"]
    r = copy.deepcopy(base["ringkasan"])
    pagu = rng.randrange(1_000_000_000, 5_000_000_000)
    r["pagu"], r["realisasi"] = pagu, int(pagu * rng.uniform(0.7, 1.0))
    r["ikm"] = Decimal(rng.randrange(7000, 9500)) / 100
    for s in r["sasaran"]:
        s["capaian"] = Decimal(rng.randrange(8000, 11500)) / 100
    r["kiriman_diharapkan"] = rng.randrange(8, 30)
    r["kiriman_dipakai"] = rng.randrange(0, r["kiriman_diharapkan"] + 1)
    r["galat"], r["peringatan"] = rng.randrange(0, 4), rng.randrange(0, 40)
    data["ringkasan"] = r
    score = Decimal(rng.randrange(5000, 9000)) / 100
    tabel = dict(base["tabel"])
    sakip = dict(tabel["sakip_hasil"])
    sakip["baris"] = [{"tahun": year, "nilai": score, "predikat": _predikat(score), "keterangan": ""}]
    tabel["sakip_hasil"] = sakip
    data["tabel"] = tabel
    return data


def write_results(folder: Path, n: int, base: dict[str, Any] | None = None, seed: int = 2024) -> list[Path]:
    """``n`` results as JSON files in ``folder``."""
    base = base if base is not None else base_export()
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = folder / f"hasil-{i:04d}.json"
        path.write_text(
            simplejson.dumps(variant(base, i, seed), use_decimal=True, ensure_ascii=False), "utf-8"
        )
        paths.append(path)
    return paths
