"""A generated workspace of N desa, every input table filled, no inconsistency of its own.

Built from the bundled example with the report's mistakes corrected: desa N > 8 reuse the
example desa's figures, and the sections' per-desa tables are rebuilt from the desa's own
workbooks, so both sources agree. Written with the project's own filled-workbook writer
(examples/build_example.py) into a workspace whose lkjip.toml is what ``init`` writes.
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import yaml

from lkjip_excel.schema.cocok import CHECKS, DOKUMEN_PREFIX
from lkjip_excel.schema.desa import DOKUMEN
from lkjip_excel.workspace import render_settings
from tests.engine.test_example import _corrected
from tests.engine.test_reconcile import EXAMPLE, _builder

TAPEM, PMD, PK = "tata-pemerintahan", "pmd", "perencanaan-keuangan"


def desa_list(n: int) -> list[tuple[str, str]]:
    return [(f"{i:03d}", f"Desa Ke-{i}") for i in range(1, n + 1)]


def generated_data(n: int) -> dict:
    """data.yaml content for ``n`` desa, every table filled and every source agreeing."""
    data = yaml.safe_load((EXAMPLE / "data.yaml").read_text(encoding="utf-8"))
    _corrected(data)
    base = data["desa"]
    codes = sorted(base)
    desa = desa_list(n)
    data["desa"] = {kode: copy.deepcopy(base[codes[i % len(codes)]]) for i, (kode, _) in enumerate(desa)}
    tapem, pmd = data[TAPEM], data[PMD]
    base_sppt = [tapem["sppt"][c] for c in codes]
    base_apbdes = [pmd["apbdes"][c] for c in codes]
    tapem["sppt"], tapem["dokumen_fasilitasi"], pmd["musrenbang_desa"], pmd["apbdes"] = {}, {}, {}, {}
    for i, (kode, _) in enumerate(desa):
        d = data["desa"][kode]
        got = d["pbb"]["sppt_disampaikan"]
        tapem["sppt"][kode] = {"target": base_sppt[i % len(codes)]["target"], "tersalurkan": got}
        tapem["dokumen_fasilitasi"][kode] = {k: r["jumlah"] for k, r in d["dokumen"].items()}
        m = d["musrenbang"]
        pmd["musrenbang_desa"][kode] = {k: m[k] for k in ("tanggal", "lembaga", "peserta_l", "peserta_p")}
        pmd["apbdes"][kode] = base_apbdes[i % len(codes)]
    tapem["sppt"]["jumlah"] = {
        c: sum(r[c] for r in tapem["sppt"].values()) for c in ("target", "tersalurkan")
    }
    # the tables the example leaves empty
    tapem["pilkades"] = [
        {"kode_desa": "002", "tanggal": dt.date(2024, 7, 14), "calon": 3, "pemilih_terdaftar": 4100,
         "pemilih_hadir": 3300},
        {"kode_desa": "005", "tanggal": dt.date(2024, 7, 14), "calon": 2, "pemilih_terdaftar": 3900,
         "pemilih_hadir": 3000},
    ]  # fmt: skip
    data["trantib-pelayanan"]["skm_responden"] = [
        {"semester": 1 + i % 2, **{f"u{k}": 3 + (i + k) % 2 for k in range(1, 10)}} for i in range(20)
    ]
    # the document indicators counted over every desa, as the section does
    for row in data[PK]["indikator_keluaran"]:
        key = next((k for k, label in CHECKS.items() if label == row.get("dicocokkan")), None)
        if key and key.startswith(DOKUMEN_PREFIX):
            doc = key.removeprefix(DOKUMEN_PREFIX)
            row["realisasi"] = sum(data["desa"][k]["dokumen"][doc]["jumlah"] for k, _ in desa)
            row["target_murni"] = row["target_perubahan"] = row["realisasi"]
    assert {d.key for d in DOKUMEN} == set(next(iter(data["desa"].values()))["dokumen"])
    return data


def build_workspace(folder: Path, data: dict, n: int) -> Path:
    """Write lkjip.toml (as ``init`` does) and the filled workbooks of ``data``."""
    (folder / "masuk").mkdir(parents=True)
    settings = folder / "lkjip.toml"
    settings.write_text(
        render_settings("Suka Maju", 2024, desa_list(n), kabupaten="Contoh", provinsi="Jawa Tengah"),
        encoding="utf-8",
    )
    path = folder / "data.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    _builder().build(settings, path, folder / "masuk")
    return folder
