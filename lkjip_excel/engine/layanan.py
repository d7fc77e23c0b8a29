"""Services (Tabel 21) by kind, category and month; SPPT PBB per desa (Tabel 21.2)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..schema import SCHEMA, SectionKind
from ..schema.cocok import LAYANAN_CHECKS
from ..schema.sections import BULAN, KATEGORI_LAYANAN
from . import rules
from .cocok import INDICATOR_TABLES, checked_against
from .inputs import ZERO, At, Inputs, num
from .model import Baris, Kolom, Tabel

#: category label -> the fixed-row key of its targets (schema table layanan_kategori)
CATEGORY_KEYS = {
    r.label: r.key for r in SCHEMA.kind(SectionKind.TRANTIB_PELAYANAN).table("layanan_kategori").rows
}
MONTHS = [Kolom(b, b.capitalize(), total="sum") for b in BULAN]


def layanan(inputs: Inputs) -> Tabel:
    sub = inputs.section(SectionKind.TRANTIB_PELAYANAN)
    data = inputs.table(SectionKind.TRANTIB_PELAYANAN, "layanan")
    targets_data = inputs.table(SectionKind.TRANTIB_PELAYANAN, "layanan_kategori")
    targets = {r.key: r for r in targets_data.records}
    rows: list[Baris] = []
    for kategori in KATEGORI_LAYANAN:
        key = CATEGORY_KEYS.get(kategori)
        recs = [r for r in data.records if r.values.get("kategori") == kategori]
        if not recs:
            continue
        children: list[int] = []
        head = Baris({"kategori": kategori, "jenis": kategori.upper()}, level=1, children=children)
        head_index = len(rows)
        rows.append(head)
        for rec in recs:
            values: dict[str, Any] = {
                "kategori": kategori,
                "jenis": rec.values.get("jenis"),
                "target": rec.values.get("target"),
            }
            values.update({b: rec.values.get(b) for b in BULAN})
            values["jumlah"] = sum((num(values[b]) for b in BULAN), ZERO)
            values["capaian"] = rules.ratio(values["jumlah"], values["target"])
            children.append(len(rows))
            rows.append(Baris(values, level=2))
        for b in (*BULAN, "jumlah"):
            head.values[b] = sum((num(rows[i].values[b]) for i in head.children), ZERO)
        target_rec = targets.get(key)
        head.values["target"] = target_rec.values.get("target") if target_rec else None
        if head.values["target"] is None and all(
            rows[i].values.get("target") is not None for i in head.children
        ):
            head.values["target"] = sum((num(rows[i].values["target"]) for i in head.children), ZERO)
        head.values["capaian"] = rules.ratio(head.values["jumlah"], head.values["target"])
        inputs.compare(
            "JUMLAH_TIDAK_SAMA", At(sub, targets_data, target_rec, "realisasi"),
            target_rec.values.get("realisasi") if target_rec else None, head.values["jumlah"],
            flags=head.flags, label=f"Jumlah layanan {kategori}",
        )  # fmt: skip
        rows[head_index] = head
        _check_service_indicators(inputs, kategori, head.values["jumlah"])
    total_values = {
        b: sum((num(r.values.get(b)) for r in rows if r.level == 1), ZERO) for b in (*BULAN, "jumlah")
    }
    columns = [
        Kolom("kategori", "Kategori", "text"),
        Kolom("jenis", "Jenis layanan", "text"),
        *MONTHS,
        Kolom("jumlah", "Jumlah", total="sum", sum_of=tuple(BULAN)),
        Kolom("target", "Target", "integer"),
        Kolom("capaian", "Capaian (%)", "percent", ratio=("jumlah", "target")),
    ]
    return Tabel(
        "layanan",
        columns,
        rows,
        Baris(total_values),
        source=SectionKind.TRANTIB_PELAYANAN,
    )


def _check_service_indicators(inputs: Inputs, kategori: str, jumlah: Decimal) -> None:
    """An output indicator declared to count a service category must equal the services listed."""
    for jenis, rec, _ in checked_against(inputs, lambda k: LAYANAN_CHECKS.get(k) == kategori):
        data, sub = inputs.table(jenis, dict(INDICATOR_TABLES)[jenis]), inputs.section(jenis)
        inputs.compare_sources(
            At(sub, data, rec, "realisasi"), rec.values.get("indikator"),
            rec.values.get("realisasi"), "indikator keluaran", jumlah, f"layanan {kategori}",
        )  # fmt: skip


def sppt(inputs: Inputs) -> Tabel:
    """SPPT per desa from the tax office data (tata pemerintahan), checked against the desa."""
    sub = inputs.section(SectionKind.TATA_PEMERINTAHAN)
    data = inputs.table(SectionKind.TATA_PEMERINTAHAN, "sppt")
    by_desa = data.by_key()
    rows = []
    for kode, nama, desa_sub in inputs.desa_rows():
        rec = by_desa.get(kode)
        target = rec.values.get("target") if rec else None
        tersalur = rec.values.get("tersalurkan") if rec else None
        desa_pbb = inputs.desa_table(desa_sub, "pbb")
        desa_form = desa_pbb.form if desa_pbb else None
        menurut_desa = desa_form.values.get("sppt_disampaikan") if desa_form else None
        row = Baris(
            {"kode": kode, "desa": nama, "target": target, "tersalurkan": tersalur, "menurut_desa": menurut_desa,
             "persen": rules.ratio(tersalur, target)}
        )  # fmt: skip
        inputs.compare_sources(
            At(sub, data, rec, "tersalurkan"), f"SPPT tersalurkan Desa {nama}",
            tersalur, SectionKind.TATA_PEMERINTAHAN, menurut_desa, f"formulir Desa {nama}", row.flags,
        )  # fmt: skip
        rows.append(row)
    total = Baris(
        {
            k: sum((num(r.values.get(k)) for r in rows), ZERO)
            for k in ("target", "tersalurkan", "menurut_desa")
        }
    )
    total.values["persen"] = rules.ratio(total.values["tersalurkan"], total.values["target"])
    stated = by_desa.get("jumlah")
    for column in ("target", "tersalurkan"):
        inputs.compare(
            "JUMLAH_TIDAK_SAMA", At(sub, data, stated, column), stated.values.get(column) if stated else None,
            total.values[column], flags=total.flags, label=f"Jumlah SPPT ({column})",
        )  # fmt: skip
    columns = [
        Kolom("kode", "Kode", "text"),
        Kolom("desa", "Desa", "text"),
        Kolom("target", "Target (lembar)", total="sum"),
        Kolom("tersalurkan", "Tersalurkan (lembar)", total="sum"),
        Kolom("menurut_desa", "Menurut desa (lembar)", total="sum"),
        Kolom("persen", "Persentase (%)", "percent", ratio=("tersalurkan", "target")),
    ]
    return Tabel(
        "sppt",
        columns,
        rows,
        total,
        source=f"{SectionKind.TATA_PEMERINTAHAN}, formulir desa",
        notes=[
            f"Kolom 'Menurut desa': {inputs.coverage()} (formulir Desa {', '.join(inputs.missing_desa())} tidak ada)."
        ]
        if inputs.coverage()
        else [],
    )
