"""Wilayah and potensi: one row per desa from the desa workbooks, kecamatan totals."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from ..schema import SCHEMA, SectionKind
from .inputs import At, Inputs, num
from .model import Baris, Kolom, Tabel

UNIT_TO_KG = {"kg": Decimal(1), "kuintal": Decimal(100), "ton": Decimal(1000)}
DESA = Kolom("desa", "Desa", "text")


def part_sum(values: Mapping[str, Any], keys: Iterable[str]) -> Decimal | None:
    """The sum of a row's parts; None when every part is empty (a desa without data)."""
    parts = [values.get(k) for k in keys]
    if all(p is None for p in parts):
        return None
    return sum((num(p) for p in parts), Decimal(0))


def _sum_table(inputs: Inputs, key: str, columns: list[Kolom], rows: list[Baris], source: str) -> Tabel:
    """A per-desa table with its total row; a partial one says how many desa it covers."""
    total = Baris(
        {c.key: sum((num(r.values.get(c.key)) for r in rows), Decimal(0)) for c in columns if c.total}
    )
    for c in columns:
        if c.sum_of:
            total.values[c.key] = sum((num(total.values.get(k)) for k in c.sum_of), Decimal(0))
    table = Tabel(key, [DESA, *columns], rows, total, source=source)
    _say_coverage(inputs, table)
    return table


def _say_coverage(inputs: Inputs, table: Tabel) -> None:
    """'Jumlah (10 dari 12 desa)' and which desa are missing, when some are."""
    table.total_label = inputs.total_label()
    missing = inputs.missing_desa()
    if missing:
        table.notes.append(
            f"Data {inputs.coverage()}: formulir Desa {', '.join(missing)} belum ada atau tidak bisa dipakai, "
            "jadi desa itu kosong dan tidak ikut dijumlahkan."
        )


def wilayah(inputs: Inputs) -> Tabel:
    cols = [
        Kolom("luas", "Luas (ha)", "decimal", total="sum"),
        Kolom("dusun", "Dusun", total="sum"),
        Kolom("rw", "RW", total="sum"),
        Kolom("rt", "RT", total="sum"),
        Kolom("penduduk_l", "Penduduk laki-laki", total="sum"),
        Kolom("penduduk_p", "Penduduk perempuan", total="sum"),
        Kolom("penduduk", "Jumlah penduduk", total="sum", sum_of=("penduduk_l", "penduduk_p")),
    ]
    rows = []
    for _kode, nama, sub in inputs.desa_rows():
        data = inputs.desa_table(sub, "wilayah")
        form = data.form if data else None
        values = {"desa": nama, **{c.key: form.values.get(c.key) if form else None for c in cols[:-1]}}
        values["penduduk"] = part_sum(values, ("penduduk_l", "penduduk_p"))
        row = Baris(values)
        stated = form.values.get("penduduk_jumlah") if form else None
        inputs.compare(
            "JUMLAH_TIDAK_SAMA", At(sub, data, form, "penduduk_jumlah"), stated, values["penduduk"],
            flags=row.flags, label=f"Jumlah penduduk Desa {nama}",
        )  # fmt: skip
        rows.append(row)
    return _sum_table(inputs, "wilayah", cols, rows, "formulir desa")


def _fixed_counts(
    inputs: Inputs,
    key: str,
    title: str,
    table: str,
    column: str,
    row_keys: list[str],
    labels: Mapping[str, str],
) -> Tabel:
    """A per-desa table from a FIXED desa table (one column per fixed row)."""
    cols = [
        Kolom(k, labels[k], "decimal" if table == "perikanan" else "integer", total="sum") for k in row_keys
    ]
    has_total = any(r.total for r in SCHEMA.kind(SectionKind.DESA).table(table).rows)
    if has_total:
        cols.append(Kolom("jumlah", "Jumlah", cols[0].type, total="sum", sum_of=tuple(row_keys)))
    rows = []
    for _kode, nama, sub in inputs.desa_rows():
        data = inputs.desa_table(sub, table)
        by_key = data.by_key() if data else {}
        values: dict[str, Any] = {"desa": nama}
        for k in row_keys:
            values[k] = by_key[k].values.get(column) if k in by_key else None
        row = Baris(values)
        if has_total:
            values["jumlah"] = part_sum(values, row_keys)
            stated_row = by_key.get("jumlah")
            stated = stated_row.values.get(column) if stated_row else None
            inputs.compare(
                "JUMLAH_TIDAK_SAMA", At(sub, data, stated_row, column), stated, values["jumlah"],
                flags=row.flags, label=f"{title}, Desa {nama}",
            )  # fmt: skip
        rows.append(row)
    return _sum_table(inputs, key, cols, rows, "formulir desa")


def potensi(inputs: Inputs, titles: Mapping[str, str]) -> list[Tabel]:
    """The potensi tables; ``titles`` (by table key) name a table in the messages about it."""
    desa_kind = SCHEMA.kind(SectionKind.DESA)
    ternak = desa_kind.table("peternakan").rows
    labels = {r.key: r.label for t in desa_kind.tables for r in t.rows}
    groups = {g: [r.key for r in ternak if r.group == g] for g in ("besar", "kecil", "unggas")}
    tables = [
        pertanian(inputs),
        _fixed_counts(inputs, "perikanan", titles["perikanan"], "perikanan", "produksi",
                      ["jala_tebar", "pancing", "kolam"], labels),
        _fixed_counts(inputs, "ternak_besar", titles["ternak_besar"], "peternakan", "populasi",
                      groups["besar"], labels),
        _fixed_counts(inputs, "ternak_kecil", titles["ternak_kecil"], "peternakan", "populasi",
                      groups["kecil"], labels),
        _fixed_counts(inputs, "unggas", titles["unggas"], "peternakan", "populasi", groups["unggas"], labels),
        _fixed_counts(inputs, "tambang", titles["tambang"], "tambang", "lokasi",
                      ["pasir", "kerikil", "batu"], labels),
        wisata(inputs),
        _fixed_counts(inputs, "industri", titles["industri"], "industri", "unit",
                      ["rumah_tangga", "kecil", "sedang", "besar"], labels),
        produk_unggulan(inputs),
    ]  # fmt: skip
    return tables


def pertanian(inputs: Inputs) -> Tabel:
    """Production per commodity in kg (kuintal and ton are converted)."""
    order = list(SCHEMA.kind(SectionKind.DESA).table("pertanian_pangan").column("komoditas").choices)
    per_desa: dict[str, dict[str, Decimal] | None] = {}
    present: set[str] = set()
    for kode, _, sub in inputs.desa_rows():
        values: dict[str, Decimal] = {}
        for rec in inputs.desa_records(sub, "pertanian_pangan"):
            kom, prod = rec.values.get("komoditas"), rec.values.get("produksi")
            if kom is None or prod is None:
                continue
            factor = UNIT_TO_KG.get(rec.values.get("satuan") or "kg", Decimal(1))
            values[kom] = values.get(kom, Decimal(0)) + Decimal(prod) * factor
            present.add(kom)
        per_desa[kode] = values if sub else None
    cols = [Kolom(_slug(k), k, "decimal", total="sum") for k in order if k in present]
    rows = [
        Baris({"desa": nama, **{_slug(k): (per_desa[kode] or {}).get(k) for k in order if k in present}})
        for kode, nama, _ in inputs.desa_rows()
    ]
    table = _sum_table(inputs, "pertanian", cols, rows, "formulir desa")
    return table


def _slug(text: str) -> str:
    return text.lower().replace(" ", "_")


def wisata(inputs: Inputs) -> Tabel:
    cols = [
        Kolom("alam", "Wisata alam", total="sum"),
        Kolom("buatan", "Wisata buatan", total="sum"),
        Kolom("jumlah", "Jumlah", total="sum", sum_of=("alam", "buatan")),
        Kolom("nama", "Nama objek wisata", "text"),
    ]
    rows = []
    for _, nama, sub in inputs.desa_rows():
        recs = [r for r in inputs.desa_records(sub, "wisata") if r.values.get("nama")]
        if sub is None:  # no workbook: unknown, not zero
            rows.append(Baris({"desa": nama, "alam": None, "buatan": None, "jumlah": None, "nama": None}))
            continue
        alam = sum(1 for r in recs if r.values.get("jenis") == "Alam")
        buatan = sum(1 for r in recs if r.values.get("jenis") == "Buatan")
        names = "; ".join(str(r.values["nama"]) for r in recs)
        rows.append(
            Baris({"desa": nama, "alam": alam, "buatan": buatan, "jumlah": alam + buatan, "nama": names})
        )
    return _sum_table(inputs, "wisata", cols, rows, "formulir desa")


def produk_unggulan(inputs: Inputs) -> Tabel:
    cols = [
        Kolom("produk", "Produk unggulan", "text"),
        Kolom("usaha", "Jumlah usaha", total="sum"),
        Kolom("keterangan", "Keterangan", "text"),
    ]
    rows = []
    for _, nama, sub in inputs.desa_rows():
        for rec in inputs.desa_records(sub, "produk_unggulan"):
            rows.append(Baris({"desa": nama, **{c.key: rec.values.get(c.key) for c in cols}}))
    return _sum_table(inputs, "produk_unggulan", cols, rows, "formulir desa")
