"""Output indicators: per sub kegiatan (perencanaan-keuangan) and per kesra activity, with capaian."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from ..schema import SectionKind, cocok
from . import rules
from .cocok import INDICATOR_TABLES, declared
from .inputs import At, Inputs, differs, plain
from .model import Baris, Kolom, Tabel


def negatif(record_values: Mapping[str, Any]) -> bool:
    return record_values.get("polaritas") == "Negatif"


def _check_indicator(
    inputs: Inputs, at: At, v: Mapping[str, Any], target: Any, value: Decimal | None, flags: list[str]
) -> None:
    """An indicator with a realisasi but no target, or a target but no realisasi."""
    if value is None and v.get("realisasi") is not None:
        inputs.note(
            "TARGET_KOSONG", At(at.sub, at.table, at.record, at.column), flags, indikator=v.get("indikator")
        )
    elif target and v.get("realisasi") is None:
        inputs.note(
            "REALISASI_KOSONG",
            At(at.sub, at.table, at.record, "realisasi"),
            flags,
            indikator=v.get("indikator"),
        )


def indikator_kesra(inputs: Inputs, anggaran: Tabel) -> Tabel:
    """The kesra section's activities and their output indicators, with capaian."""
    sub = inputs.section(SectionKind.KESRA)
    data = inputs.table(SectionKind.KESRA, "kegiatan_kesra")
    names = {r.values["kode"]: r.values["uraian"] for r in anggaran.rows}
    cap = inputs.settings.hitung.batasi_capaian
    rows = []
    for rec in data.records:
        v = rec.values
        value = rules.capaian(v.get("target"), v.get("realisasi"), negatif(v), cap)
        row = Baris(
            {
                "kegiatan": v.get("kegiatan"),
                "kode": v.get("kode_sub_kegiatan"),
                "sub_kegiatan": names.get(v.get("kode_sub_kegiatan")),
                "indikator": v.get("indikator"),
                "satuan": v.get("satuan"),
                "polaritas": v.get("polaritas") or "Positif",
                "target": v.get("target"),
                "realisasi": v.get("realisasi"),
                "capaian": value,
                "kategori": rules.kategori_capaian(value),
                "keterangan": v.get("keterangan"),
            }
        )
        _check_indicator(inputs, At(sub, data, rec, "target"), v, v.get("target"), value, row.flags)
        rows.append(row)
    columns = [
        Kolom("kegiatan", "Kegiatan", "text"),
        Kolom("kode", "Kode sub kegiatan", "text"),
        Kolom("sub_kegiatan", "Sub kegiatan", "text"),
        Kolom("indikator", "Indikator keluaran", "text"),
        Kolom("satuan", "Satuan", "text"),
        Kolom("target", "Target", "decimal"),
        Kolom("realisasi", "Realisasi", "decimal"),
        Kolom("capaian", "Capaian (%)", "percent", ratio=("realisasi", "target")),
        Kolom("kategori", "Kategori", "text"),
        Kolom("keterangan", "Keterangan", "text"),
    ]
    return Tabel("indikator_kesra", columns, rows, source=SectionKind.KESRA)


def indikator_keluaran(inputs: Inputs, anggaran: Tabel) -> Tabel:
    for jenis, table in INDICATOR_TABLES:  # the guesses' notices, whether or not a check runs
        declared(inputs, jenis, table, cocok.INDIKATOR_CHECKS)
    sub = inputs.section(SectionKind.PERENCANAAN_KEUANGAN)
    data = inputs.table(SectionKind.PERENCANAAN_KEUANGAN, "indikator_keluaran")
    names = {r.values["kode"]: r.values["uraian"] for r in anggaran.rows}
    cap = inputs.settings.hitung.batasi_capaian
    rows = []
    for rec in data.records:
        v = rec.values
        target = v.get("target_perubahan") if v.get("target_perubahan") is not None else v.get("target_murni")
        value = rules.capaian(target, v.get("realisasi"), negatif(v), cap)
        row = Baris(
            {
                "kode": v.get("kode_sub_kegiatan"),
                "sub_kegiatan": names.get(v.get("kode_sub_kegiatan")),
                "indikator": v.get("indikator"),
                "satuan": v.get("satuan"),
                "polaritas": v.get("polaritas") or "Positif",
                "target_murni": v.get("target_murni"),
                "target": target,
                "alasan": v.get("alasan_perubahan"),
                "realisasi": v.get("realisasi"),
                "capaian": value,
                "kategori": rules.kategori_capaian(value),
            }
        )
        if differs(v.get("target_murni"), v.get("target_perubahan")) and not v.get("alasan_perubahan"):
            inputs.note(
                "TARGET_BERUBAH_TANPA_ALASAN", At(sub, data, rec, "alasan_perubahan"), row.flags,
                indikator=v.get("indikator"), murni=plain(v.get("target_murni")), perubahan=plain(v.get("target_perubahan")),
            )  # fmt: skip
        _check_indicator(inputs, At(sub, data, rec, "target_perubahan"), v, target, value, row.flags)
        rows.append(row)
    columns = [
        Kolom("kode", "Kode sub kegiatan", "text"),
        Kolom("sub_kegiatan", "Sub kegiatan", "text"),
        Kolom("indikator", "Indikator keluaran", "text"),
        Kolom("satuan", "Satuan", "text"),
        Kolom("target_murni", "Target murni", "decimal"),
        Kolom("target", "Target perubahan", "decimal"),
        Kolom("alasan", "Alasan perubahan", "text"),
        Kolom("realisasi", "Realisasi", "decimal"),
        Kolom("capaian", "Capaian (%)", "percent", ratio=("realisasi", "target")),
        Kolom("kategori", "Kategori", "text"),
    ]
    return Tabel("indikator_keluaran", columns, rows, source=SectionKind.PERENCANAAN_KEUANGAN)


def indikator_program(inputs: Inputs, anggaran: Tabel) -> Tabel:
    """Program and kegiatan indicators ("Persentase ..."), with capaian; a code that is not a
    program or kegiatan of the budget is a finding."""
    sub = inputs.section(SectionKind.PERENCANAAN_KEUANGAN)
    data = inputs.table(SectionKind.PERENCANAAN_KEUANGAN, "indikator_program")
    upper = {r.values["kode"]: r for r in anggaran.rows if r.level in (1, 2)}
    cap = inputs.settings.hitung.batasi_capaian
    rows = []
    for rec in data.records:
        v = rec.values
        budget = upper.get(v.get("kode"))
        value = rules.capaian(v.get("target"), v.get("realisasi"), False, cap)
        row = Baris(
            {
                "no": budget.values.get("no") if budget else None,
                "kode": v.get("kode"),
                "uraian": budget.values.get("uraian") if budget else None,
                "tingkat": budget.values.get("tingkat") if budget else None,
                "indikator": v.get("indikator"),
                "satuan": v.get("satuan"),
                "target": v.get("target"),
                "realisasi": v.get("realisasi"),
                "capaian": value,
                "kategori": rules.kategori_capaian(value),
                "polaritas": "Positif",
            }
        )
        if v.get("kode") and budget is None:
            inputs.note(
                "KODE_ANGGARAN_TIDAK_DIKENAL", At(sub, data, rec, "kode"), row.flags, kode=v.get("kode")
            )
        _check_indicator(inputs, At(sub, data, rec, "target"), v, v.get("target"), value, row.flags)
        rows.append(row)
    columns = [
        Kolom("no", "No", "text"),
        Kolom("kode", "Kode", "text"),
        Kolom("uraian", "Program / kegiatan", "text"),
        Kolom("tingkat", "Tingkat", "text"),
        Kolom("indikator", "Indikator kinerja", "text"),
        Kolom("satuan", "Satuan", "text"),
        Kolom("target", "Target", "decimal"),
        Kolom("realisasi", "Realisasi", "decimal"),
        Kolom("capaian", "Capaian (%)", "percent", ratio=("realisasi", "target")),
        Kolom("kategori", "Kategori", "text"),
    ]
    return Tabel("indikator_program", columns, rows, source=SectionKind.PERENCANAAN_KEUANGAN)
