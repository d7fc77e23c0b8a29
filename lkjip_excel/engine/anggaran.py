"""Budget: program, kegiatan and total rolled up from the sub kegiatan, stated rows checked."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..reading import Record, Submission, TableData
from ..schema import SectionKind
from . import rules
from .inputs import ZERO, At, Inputs, num, plain
from .model import Baris, Kolom, Tabel

MONEY = ("pagu_murni", "pagu_perubahan", "realisasi")
LEVELS = {3: 1, 5: 2, 6: 3}
LEVEL_NAMES = {1: "Program", 2: "Kegiatan", 3: "Sub kegiatan"}


def _code_key(code: str) -> tuple[int, ...]:
    return tuple(int(p) for p in code.split("."))


def level(code: str) -> int | None:
    return LEVELS.get(len(code.split(".")))


def _rank(code: str) -> int:
    """The level of a code known to be a program, kegiatan or sub kegiatan."""
    return LEVELS[len(code.split("."))]


def parent(code: str) -> str | None:
    parts = code.split(".")
    return ".".join(parts[:5]) if len(parts) == 6 else ".".join(parts[:3]) if len(parts) == 5 else None


def _ancestors(code: str) -> list[str]:
    """The kegiatan and program a code rolls up into (nearest first)."""
    out = []
    up = parent(code)
    while up is not None:
        out.append(up)
        up = parent(up)
    return out


def anggaran(inputs: Inputs) -> Tabel:
    sub = inputs.section(SectionKind.PERENCANAAN_KEUANGAN)
    data = inputs.table(SectionKind.PERENCANAAN_KEUANGAN, "anggaran")
    stated = {r.values["kode"]: r for r in data.records if r.values.get("kode") and level(r.values["kode"])}
    leaves = {code: r for code, r in stated.items() if level(code) == 3}
    sums: dict[str, dict[str, Decimal]] = {}
    for code, leaf in leaves.items():
        for target in _ancestors(code):
            acc = sums.setdefault(target, dict.fromkeys(MONEY, ZERO))
            for m in MONEY:
                acc[m] += num(leaf.values.get(m))
    codes = sorted(set(leaves) | set(sums), key=_code_key)
    rows: list[Baris] = []
    index: dict[str, int] = {}
    for code in codes:
        rec = stated.get(code)
        lv = _rank(code)
        values: dict[str, Any] = {
            "kode": code,
            "uraian": (rec.values.get("uraian") if rec else None) or "(tidak tertulis)",
            "tingkat": LEVEL_NAMES[lv],
            "penanggung_jawab": rec.values.get("penanggung_jawab") if rec else None,
        }
        if rec is not None and lv == 3:
            values.update({m: rec.values.get(m) for m in MONEY})
        else:
            values.update(sums[code])
        values["serapan"] = rules.ratio(values["realisasi"], values["pagu_perubahan"])
        row = Baris(values, level=lv)
        if rec is not None:
            _check_stated(inputs, sub, data, rec, values, row)
        _check_ceiling(inputs, At(sub, data, rec, "realisasi"), values, row.flags)
        index[code] = len(rows)
        rows.append(row)
    for code, i in index.items():
        if _rank(code) < 3:
            rows[i].children = [j for c, j in index.items() if parent(c) == code]
    _number_rows(rows)
    for code, rec in stated.items():
        if _rank(code) < 3 and code not in sums:
            inputs.note("ANGGARAN_TANPA_RINCIAN", At(sub, data, rec, "kode"), kode=code)
    total_values: dict[str, Any] = {
        m: sum((num(r.values[m]) for r in rows if r.level == 1), ZERO) for m in MONEY
    }
    total_values["serapan"] = rules.ratio(total_values["realisasi"], total_values["pagu_perubahan"])
    total = Baris(total_values)
    _check_total(inputs, sub, total_values)
    total_data = inputs.table(SectionKind.PERENCANAAN_KEUANGAN, "anggaran_total")
    _check_ceiling(
        inputs, At(sub, total_data, total_data.form, "realisasi"),
        {**total_values, "kode": "jumlah", "uraian": "Jumlah seluruh anggaran", "tingkat": "Anggaran"}, total.flags,
    )  # fmt: skip
    columns = [
        Kolom("no", "No", "text"),
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
        columns,
        rows,
        total,
        source=f"formulir {SectionKind.PERENCANAAN_KEUANGAN}; program dan kegiatan dijumlahkan dari sub kegiatan",
    )


def letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: the report's numbering of programs."""
    text, n = "", index + 1
    while n:
        n, r = divmod(n - 1, 26)
        text = chr(ord("A") + r) + text
    return text


def _number_rows(rows: list[Baris]) -> None:
    """The report's No column: A, B, C for programs, 1, 2, 3 for the kegiatan of each program;
    sub kegiatan stand unnumbered under their kegiatan."""
    programs = [r for r in rows if r.level == 1]
    for p, program in enumerate(programs):
        program.values["no"] = letter(p)
        for k, i in enumerate(program.children, start=1):
            rows[i].values["no"] = str(k)


def jumlah_program(inputs: Inputs, budget: Tabel) -> Tabel:
    """How many programs, kegiatan and sub kegiatan the budget holds (counted from its rows)."""
    rows = [
        Baris({"tingkat": name, "jumlah": sum(1 for r in budget.rows if r.level == lv)})
        for lv, name in LEVEL_NAMES.items()
    ]
    return Tabel(
        "jumlah_program",
        [Kolom("tingkat", "Tingkat", "text"), Kolom("jumlah", "Jumlah")],
        rows,
        source=f"dihitung dari tabel anggaran formulir {SectionKind.PERENCANAAN_KEUANGAN}",
    )


def _check_ceiling(inputs: Inputs, at: At, values: dict[str, Any], flags: list[str]) -> None:
    """Realisasi above the ceiling in force (pagu perubahan, or pagu murni when there is no
    perubahan), at any level: a roll-up must not hide a sub kegiatan, nor the reverse."""
    realisasi = values.get("realisasi")
    pagu, jenis = values.get("pagu_perubahan"), "perubahan"
    if pagu is None:
        pagu, jenis = values.get("pagu_murni"), "murni"
    if realisasi is None or pagu is None or Decimal(realisasi) <= Decimal(pagu):
        return
    inputs.note(
        "REALISASI_MELEBIHI_PAGU", at, flags, tingkat=values["tingkat"], kode=values["kode"], uraian=values["uraian"],
        jenis_pagu=jenis, pagu=plain(pagu), realisasi=plain(realisasi), serapan=rules.round2(rules.ratio(realisasi, pagu)) if pagu else "-",
    )  # fmt: skip


def _check_stated(
    inputs: Inputs, sub: Submission | None, data: TableData, rec: Record, values: dict[str, Any], row: Baris
) -> None:
    code = values["kode"]
    if _rank(code) < 3:
        for m in MONEY:
            inputs.compare(
                "ANGGARAN_TOTAL_TIDAK_SAMA", At(sub, data, rec, m), rec.values.get(m), values[m],
                tolerance=inputs.tolerance_rp, flags=row.flags,
                kode=code, uraian=values["uraian"], kolom=m.replace("_", " "),
            )  # fmt: skip
    inputs.compare(
        "PERSEN_TIDAK_SAMA", At(sub, data, rec, "serapan"), rec.values.get("serapan"),
        rules.round2(values["serapan"]), tolerance=inputs.tolerance_pct, flags=row.flags, scores=True,
        label=f"Serapan {code}",
    )  # fmt: skip


def _check_total(inputs: Inputs, sub: Submission | None, total: dict[str, Any]) -> None:
    data = inputs.table(SectionKind.PERENCANAAN_KEUANGAN, "anggaran_total")
    rec = data.form
    if rec is None:
        return
    for m in MONEY:
        inputs.compare(
            "ANGGARAN_TOTAL_TIDAK_SAMA", At(sub, data, rec, m), rec.values.get(m), total[m],
            tolerance=inputs.tolerance_rp, kode="jumlah", uraian="Jumlah seluruh anggaran", kolom=m.replace("_", " "),
        )  # fmt: skip
    inputs.compare(
        "PERSEN_TIDAK_SAMA", At(sub, data, rec, "serapan"), rec.values.get("serapan"), rules.round2(total["serapan"]),
        tolerance=inputs.tolerance_pct, scores=True, label="Serapan seluruh anggaran",
    )  # fmt: skip


def perbandingan(inputs: Inputs, total: Baris) -> Tabel:
    """Last year beside this year."""
    sub = inputs.section(SectionKind.PERENCANAAN_KEUANGAN)
    data = inputs.table(SectionKind.PERENCANAAN_KEUANGAN, "anggaran_tahun_lalu")
    rec = data.form
    rows = []
    if rec is not None and rec.values.get("pagu") is not None:
        prev = rules.ratio(rec.values.get("realisasi"), rec.values.get("pagu"))
        rows.append(
            Baris({"tahun": rec.values.get("tahun"), "pagu": rec.values.get("pagu"),
                   "realisasi": rec.values.get("realisasi"), "serapan": prev})
        )  # fmt: skip
        inputs.compare(
            "PERSEN_TIDAK_SAMA", At(sub, data, rec, "serapan"), rec.values.get("serapan"), rules.round2(prev),
            tolerance=inputs.tolerance_pct, scores=True, label="Serapan tahun lalu",
        )  # fmt: skip
    rows.append(
        Baris({"tahun": inputs.settings.tahun, "pagu": total.values["pagu_perubahan"],
               "realisasi": total.values["realisasi"], "serapan": total.values["serapan"]})
    )  # fmt: skip
    columns = [
        Kolom("tahun", "Tahun", "year"),
        Kolom("pagu", "Pagu (Rp)", "rupiah"),
        Kolom("realisasi", "Realisasi (Rp)", "rupiah"),
        Kolom("serapan", "Serapan (%)", "percent", ratio=("realisasi", "pagu")),
    ]
    return Tabel("anggaran_tahunan", columns, rows)
