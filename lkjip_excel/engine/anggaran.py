"""Budget: program, kegiatan and total rolled up from the sub kegiatan, stated rows checked."""

from __future__ import annotations

from decimal import Decimal

from . import rules
from .inputs import ZERO, Inputs, differs, num
from .model import Baris, Kolom, Tabel

MONEY = ("pagu_murni", "pagu_perubahan", "realisasi")
LEVELS = {3: 1, 5: 2, 6: 3}
LEVEL_NAMES = {1: "Program", 2: "Kegiatan", 3: "Sub kegiatan"}
JENIS = "perencanaan-keuangan"


def _code_key(code: str) -> tuple[int, ...]:
    return tuple(int(p) for p in code.split("."))


def level(code: str) -> int | None:
    return LEVELS.get(len(code.split(".")))


def parent(code: str) -> str | None:
    parts = code.split(".")
    return ".".join(parts[:5]) if len(parts) == 6 else ".".join(parts[:3]) if len(parts) == 5 else None


def anggaran(inputs: Inputs) -> Tabel:
    sub = inputs.section(JENIS)
    data = inputs.table(JENIS, "anggaran")
    stated = {r.values["kode"]: r for r in data.records if r.values.get("kode") and level(r.values["kode"])}
    leaves = {code: r for code, r in stated.items() if level(code) == 3}
    sums: dict[str, dict[str, Decimal]] = {}
    for code, rec in leaves.items():
        k = parent(code)
        p = parent(k)
        for target in (k, p):
            acc = sums.setdefault(target, dict.fromkeys(MONEY, ZERO))
            for m in MONEY:
                acc[m] += num(rec.values.get(m))
    codes = sorted(set(leaves) | set(sums), key=_code_key)
    rows: list[Baris] = []
    index: dict[str, int] = {}
    for code in codes:
        rec = stated.get(code)
        lv = level(code)
        values = {
            "kode": code,
            "uraian": (rec.values.get("uraian") if rec else None) or "(tidak tertulis)",
            "tingkat": LEVEL_NAMES[lv],
            "penanggung_jawab": rec.values.get("penanggung_jawab") if rec else None,
        }
        if lv == 3:
            values.update({m: rec.values.get(m) for m in MONEY})
        else:
            values.update(sums[code])
        values["serapan"] = rules.ratio(values["realisasi"], values["pagu_perubahan"])
        row = Baris(values, level=lv)
        if rec is not None:
            _check_stated(inputs, sub, data, rec, values, row)
        index[code] = len(rows)
        rows.append(row)
    for code, i in index.items():
        if level(code) < 3:
            rows[i].children = [j for c, j in index.items() if parent(c) == code]
    for code, rec in stated.items():
        if level(code) < 3 and code not in sums:
            inputs.add("ANGGARAN_TANPA_RINCIAN", sub, data, rec, "kode", kode=code)
    total_values = {m: sum((num(r.values[m]) for r in rows if r.level == 1), ZERO) for m in MONEY}
    total_values["serapan"] = rules.ratio(total_values["realisasi"], total_values["pagu_perubahan"])
    total = Baris(total_values)
    _check_total(inputs, sub, total_values)
    columns = [
        Kolom("kode", "Kode", "text"),
        Kolom("uraian", "Program / Kegiatan / Sub Kegiatan", "text"),
        Kolom("tingkat", "Tingkat", "text"),
        Kolom("pagu_murni", "Pagu murni (Rp)", "rupiah", total="sum"),
        Kolom("pagu_perubahan", "Pagu perubahan (Rp)", "rupiah", total="sum"),
        Kolom("realisasi", "Realisasi (Rp)", "rupiah", total="sum"),
        Kolom("serapan", "Serapan (%)", "percent", ratio=("realisasi", "pagu_perubahan")),
        Kolom("penanggung_jawab", "Penanggung jawab", "text"),
    ]
    return Tabel(
        "anggaran",
        "Alokasi dan Realisasi Anggaran",
        columns,
        rows,
        total,
        source="formulir perencanaan-keuangan; program dan kegiatan dijumlahkan dari sub kegiatan",
    )


def _check_stated(inputs: Inputs, sub, data, rec, values: dict, row: Baris) -> None:
    code = values["kode"]
    if level(code) < 3:
        for m in MONEY:
            stated = rec.values.get(m)
            if differs(stated, values[m], inputs.tolerance_rp):
                f = inputs.add(
                    "ANGGARAN_TOTAL_TIDAK_SAMA", sub, data, rec, m,
                    kode=code, uraian=values["uraian"], kolom=m.replace("_", " "),
                    stated=stated, computed=values[m], difference=Decimal(stated) - values[m],
                )  # fmt: skip
                row.flags.append(f.message)
    stated_pct = rec.values.get("serapan")
    computed = rules.round2(values["serapan"])
    if differs(stated_pct, computed, inputs.tolerance_pct):
        f = inputs.add(
            "PERSEN_TIDAK_SAMA", sub, data, rec, "serapan",
            label=f"Serapan {code}", stated=stated_pct, computed=computed,
            difference=Decimal(stated_pct) - computed,
        )  # fmt: skip
        row.flags.append(f.message)


def _check_total(inputs: Inputs, sub, total: dict) -> None:
    data = inputs.table(JENIS, "anggaran_total")
    rec = data.form
    if rec is None:
        return
    for m in MONEY:
        stated = rec.values.get(m)
        if differs(stated, total[m], inputs.tolerance_rp):
            inputs.add(
                "ANGGARAN_TOTAL_TIDAK_SAMA", sub, data, rec, m,
                kode="jumlah", uraian="Jumlah seluruh anggaran", kolom=m.replace("_", " "),
                stated=stated, computed=total[m], difference=Decimal(stated) - total[m],
            )  # fmt: skip
    stated_pct = rec.values.get("serapan")
    computed = rules.round2(total["serapan"])
    if differs(stated_pct, computed, inputs.tolerance_pct):
        inputs.add(
            "PERSEN_TIDAK_SAMA", sub, data, rec, "serapan",
            label="Serapan seluruh anggaran", stated=stated_pct, computed=computed,
            difference=Decimal(stated_pct) - computed,
        )  # fmt: skip


def perbandingan(inputs: Inputs, total: Baris) -> Tabel:
    """Last year beside this year."""
    sub = inputs.section(JENIS)
    data = inputs.table(JENIS, "anggaran_tahun_lalu")
    rec = data.form
    rows = []
    if rec is not None and rec.values.get("pagu") is not None:
        prev = rules.ratio(rec.values.get("realisasi"), rec.values.get("pagu"))
        rows.append(
            Baris({"tahun": rec.values.get("tahun"), "pagu": rec.values.get("pagu"),
                   "realisasi": rec.values.get("realisasi"), "serapan": prev})
        )  # fmt: skip
        stated = rec.values.get("serapan")
        if differs(stated, rules.round2(prev), inputs.tolerance_pct):
            inputs.add(
                "PERSEN_TIDAK_SAMA", sub, data, rec, "serapan",
                label="Serapan tahun lalu", stated=stated, computed=rules.round2(prev),
                difference=Decimal(stated) - rules.round2(prev),
            )  # fmt: skip
    rows.append(
        Baris({"tahun": inputs.settings.tahun, "pagu": total.values["pagu_perubahan"],
               "realisasi": total.values["realisasi"], "serapan": total.values["serapan"]})
    )  # fmt: skip
    columns = [
        Kolom("tahun", "Tahun", "text"),
        Kolom("pagu", "Pagu (Rp)", "rupiah"),
        Kolom("realisasi", "Realisasi (Rp)", "rupiah"),
        Kolom("serapan", "Serapan (%)", "percent", ratio=("realisasi", "pagu")),
    ]
    return Tabel("anggaran_tahunan", "Serapan Anggaran Tahun Lalu dan Tahun Ini", columns, rows)
