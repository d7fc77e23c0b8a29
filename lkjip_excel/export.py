"""The result as JSON: documented, stable keys, numbers as numbers, Rupiah exact.

Decimals are written with simplejson's ``use_decimal`` so cents never pass through a
binary float. Percentages are rounded to two decimals, as the report prints them.
The only field that changes between two runs on the same input is ``dibuat``.
Every string passes :func:`~lkjip_excel.text.output_text`, the rule the workbook follows
too: a file name that is not UTF-8 reads the same in both, and the file is always UTF-8.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import simplejson

from .atomic import atomic_path
from .engine.model import Hasil, Kolom, Tabel
from .text import texts

FORMAT = "lkjip-excel/hasil"
FORMAT_VERSION = 1
_FOUR = Decimal("0.0001")
_TWO = Decimal("0.01")


#: values written as they are (most of a result)
_AS_IS = frozenset({int, str, float, bool, type(None)})


def _value(value: Any, kind: str | None = None) -> Any:
    if type(value) in _AS_IS:
        return value
    if isinstance(value, Decimal):
        if kind == "percent":
            return value.quantize(_TWO, rounding=ROUND_HALF_UP)
        if value == value.to_integral_value():
            return int(value)
        exponent = value.as_tuple().exponent  # a letter for NaN and infinities
        if isinstance(exponent, int) and exponent < -4:
            return value.quantize(_FOUR, rounding=ROUND_HALF_UP)
        return value
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_value(v) for v in value]
    return value


def _row(values: dict, columns: list[Kolom]) -> dict:
    kinds = {c.key: c for c in columns}
    return {k: _column_value(v, kinds.get(k)) for k, v in values.items()}


def _column_value(value: Any, col: Kolom | None) -> Any:
    """Computed decimals are written as the workbook shows them (two places, or the column's)."""
    if type(value) in _AS_IS:
        return value
    if (
        col is not None
        and col.type == "decimal"
        and isinstance(value, Decimal)
        and value != value.to_integral_value()
    ):
        decimals = col.decimals if col.decimals is not None else 2
        places = Decimal(1).scaleb(-decimals)
        exponent = value.as_tuple().exponent  # a letter for NaN and infinities
        if isinstance(exponent, int) and exponent < -decimals:
            return value.quantize(places, rounding=ROUND_HALF_UP)
    return _value(value, col.type if col else None)


def table_to_dict(table: Tabel) -> dict:
    return {
        "nomor": table.nomor,
        "judul": table.title,
        "sumber": table.source,
        "catatan": table.notes,
        "kolom": [{"kunci": c.key, "label": c.label, "tipe": c.type, "grup": c.grup} for c in table.columns],
        "baris": [
            {**_row(r.values, table.columns), **({"tingkat": r.level} if r.level else {})} for r in table.rows
        ],
        "jumlah": _row(table.total.values, table.columns) if table.total else None,
    }


def summary_to_dict(hasil: Hasil) -> dict:
    """Who, when and the ringkasan: the part of the export a message or a cover page needs."""
    return {
        "format": FORMAT,
        "versi_format": FORMAT_VERSION,
        "kecamatan": hasil.kecamatan,
        "kabupaten": hasil.kabupaten,
        "provinsi": hasil.provinsi,
        "tahun": hasil.tahun,
        "dibuat": hasil.dibuat.isoformat(),
        "ringkasan": {
            k: _value(v, "percent" if k.startswith("serapan") or k == "perubahan_serapan_poin" else None)
            for k, v in hasil.ringkasan.to_dict().items()
        },
    }


def summary_json(hasil: Hasil, limit: int | None = None) -> str:
    """The summary as one line of JSON; ``limit`` cuts long texts (a cell holds 32,767)."""
    return simplejson.dumps(texts(summary_to_dict(hasil), limit), use_decimal=True, ensure_ascii=False)


def hasil_to_dict(hasil: Hasil) -> dict:
    return {
        **summary_to_dict(hasil),
        # the computed SKM figures stay where the JSON has always had them
        "pengaturan": _settings(hasil),
        "tabel": {key: table_to_dict(t) for key, t in hasil.tables.items()},
        "temuan": [f.to_dict() for f in hasil.findings],
        "sumber": _sources(hasil),
    }


def identity_to_dict(hasil: Hasil) -> dict:
    """The parts of :func:`hasil_to_dict` that say what went in (the archive knows a run by
    them): the year, the region, the settings and the source files."""
    return {
        "tahun": hasil.tahun,
        "provinsi": hasil.provinsi,
        "kabupaten": hasil.kabupaten,
        "kecamatan": hasil.kecamatan,
        "pengaturan": _settings(hasil),
        "sumber": _sources(hasil),
    }


def _settings(hasil: Hasil) -> Any:
    return _value({**hasil.settings, **({"skm": hasil.skm.as_dict()} if hasil.skm else {})})


def _sources(hasil: Hasil) -> list[dict]:
    return [
        {
            "nama": s.nama,
            "ukuran": s.ukuran,
            "sha256": s.sha256,
            "format": s.format,
            "jenis": s.jenis,
            "kode": s.kode,
            "unit": s.nama_unit,
            "diisi_oleh": s.diisi_oleh,
            "tanggal": _value(s.tanggal),
            "status": s.status,
            "dipakai": s.dipakai,
        }
        for s in hasil.sources
    ]


def dumps(hasil: Hasil) -> str:
    return simplejson.dumps(texts(hasil_to_dict(hasil)), use_decimal=True, ensure_ascii=False, indent=2)


def write_json(hasil: Hasil, path: Path) -> Path:
    with atomic_path(Path(path)) as tmp:
        tmp.write_text(dumps(hasil) + "\n", encoding="utf-8")
    return Path(path)
