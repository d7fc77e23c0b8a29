"""The template's context, built from a computed :class:`~lkjip_excel.engine.model.Hasil`
only: exactly the fields of :mod:`.fields` (a test compares them).

Tables are rendered generically from ``hasil.tables`` in their order: each goes to the part
of the report of the nearest known table before it (:data:`PART_OF`), so a table the engine
adds later appears without a change here.
"""

from __future__ import annotations

import io
from typing import Any

from .. import fmt
from ..engine.model import Hasil, Tabel
from ..text import output_text
from . import charts, sentences
from .sentences import Isian, Kalimat
from .tables import word_table

#: the report part that starts at each of these tables; the others follow the one before them
PART_OF = {
    "wilayah": "pendahuluan",
    "iku": "perencanaan",
    "perjanjian_kinerja": "perencanaan",
    "sasaran_riwayat": "akuntabilitas",
    "anggaran": "anggaran",
    "anggaran_tahunan": "anggaran",
}
PARTS = ("pendahuluan", "perencanaan", "akuntabilitas", "anggaran")
#: the highlight of a placeholder produced from data (the template's own are yellow too)
HIGHLIGHT = "FFFF00"
CHART_WIDTH_MM = 150


def rich(sentence: Kalimat) -> Any:
    """A sentence as docxtpl RichText: placeholders highlighted."""
    from docxtpl import RichText

    text = RichText()
    for piece in sentence:
        if isinstance(piece, Isian):
            text.add(output_text(piece), highlight=HIGHLIGHT)
        elif piece:
            text.add(output_text(piece))
    return text


def _safe(value: Any) -> Any:
    """Every plain string of the context XML-safe (control characters from a cell as ``\\xNN``);
    tables, images and rich text are made safe where they are built."""
    if isinstance(value, str):
        return output_text(value)
    if isinstance(value, dict):
        return {k: _safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_safe(v) for v in value]
    return value


def caption(table: Tabel) -> str:
    return f"{table.nomor}. {table.title}" if table.nomor else table.title


def _table(tpl: Any, table: Tabel) -> dict[str, Any]:
    subdoc = tpl.new_subdoc()
    word_table(subdoc, table)
    return {
        "kunci": table.key,
        "nomor": table.nomor,
        "judul": table.title,
        "judul_lengkap": caption(table),
        "isi": subdoc,
        "sumber": table.source,
        "catatan": list(table.notes),
    }


def parts(hasil: Hasil) -> dict[str, list[str]]:
    """The table keys of each part of the report, in the result's order."""
    out: dict[str, list[str]] = {p: [] for p in PARTS}
    part = PARTS[0]
    for key in hasil.tables:
        part = PART_OF.get(key, part)
        out[part].append(key)
    return out


def _image(tpl: Any, png: bytes) -> Any:
    from docx.shared import Mm
    from docxtpl import InlineImage

    return InlineImage(tpl, io.BytesIO(png), width=Mm(CHART_WIDTH_MM))


def _sasaran(tpl: Any, hasil: Hasil) -> list[dict[str, Any]]:
    years = sentences.year_labels(hasil)
    pk = hasil.tables.get("perjanjian_kinerja")
    out = []
    for i, s in enumerate(hasil.ringkasan.sasaran):
        row = sentences.history_row(hasil, i, s.indikator)
        pk_row = pk.rows[i].values if pk is not None and i < len(pk.rows) else {}
        values = [row.values.get(k) if row else None for k in ("y2", "y1", "y0")]
        if row is None:
            values[-1] = s.realisasi
        png = charts.sasaran_chart(
            f"Sasaran {s.nomor}: {s.indikator or '-'}",
            [years["y2"], years["y1"], years["y0"]],
            values,
            target=s.target,
            renstra=pk_row.get("target_renstra"),
            renstra_year=pk_row.get("tahun_renstra"),
        )
        out.append(
            {
                "nomor": s.nomor,
                "sasaran": pk_row.get("sasaran") or "",
                "indikator": s.indikator or "",
                "target": fmt.number(s.target, 2),
                "realisasi": fmt.number(s.realisasi, 2),
                "capaian": fmt.percent(s.capaian),
                "kategori": s.kategori or "-",
                "kalimat_capaian": rich(sentences.sasaran_capaian(hasil, s)),
                "kalimat_tahun_lalu": rich(sentences.sasaran_tahun_lalu(hasil, i, s)),
                "kalimat_renstra": rich(sentences.sasaran_renstra(hasil, i, s)),
                "grafik": _image(tpl, png),
            }
        )
    return out


def _signer(hasil: Hasil) -> dict[str, Any]:
    p = hasil.penandatangan
    known = {
        "jabatan": p.jabatan if p else "",
        "nama": p.nama if p else "",
        "pangkat": p.pangkat if p else "",
        "nip": p.nip if p else "",
        "tempat": p.tempat if p else "",
        "tanggal": fmt.long_date(p.tanggal) if p else "",
    }
    what = {
        "jabatan": "jabatan penanda tangan",
        "nama": "nama penanda tangan",
        "pangkat": "pangkat/golongan",
        "nip": "NIP",
        "tempat": "tempat",
        "tanggal": "tanggal",
    }
    return {
        k: rich([v] if v else [Isian(f"{what[k]} ([penandatangan] di lkjip.toml)")]) for k, v in known.items()
    }


def _budget_chart(tpl: Any, hasil: Hasil) -> Any:
    table = hasil.tables.get("anggaran_tahunan")
    rows = table.rows if table is not None else []
    if not rows:
        r = hasil.ringkasan
        return _image(tpl, charts.budget_chart([str(hasil.tahun)], [r.pagu], [r.realisasi]))
    return _image(
        tpl,
        charts.budget_chart(
            [str(row.values.get("tahun")) for row in rows],
            [row.values.get("pagu") for row in rows],
            [row.values.get("realisasi") for row in rows],
        ),
    )


def build_context(hasil: Hasil, tpl: Any) -> dict[str, Any]:
    """The fields of :data:`.fields.FIELDS` for ``hasil``; ``tpl`` is the DocxTemplate being
    rendered (tables and images belong to it)."""
    r = hasil.ringkasan
    sakip_now = sentences.sakip_row(hasil, hasil.tahun)
    tables = {key: _table(tpl, table) for key, table in hasil.tables.items()}
    change = r.perubahan_serapan_poin
    return _safe(
        {
            "kecamatan": hasil.kecamatan,
            "kecamatan_kapital": hasil.kecamatan.upper(),
            "kabupaten": hasil.kabupaten,
            "kabupaten_kapital": hasil.kabupaten.upper(),
            "provinsi": hasil.provinsi,
            "tahun": hasil.tahun,
            "tahun_lalu": hasil.tahun - 1,
            "pemberitahuan_galat": sentences.galat_notice(hasil),
            "penandatangan": _signer(hasil),
            "ringkasan": {
                "pagu": fmt.rupiah(r.pagu),
                "realisasi": fmt.rupiah(r.realisasi),
                "serapan": fmt.percent(r.serapan),
                "serapan_tahun_lalu": fmt.percent(r.serapan_tahun_lalu),
                "perubahan_serapan": fmt.points(change) if change is not None else fmt.MISSING,
                "ikm": fmt.number(r.ikm, 2),
                "mutu_ikm": r.mutu_ikm or fmt.MISSING,
                "nilai_sakip": fmt.number(sakip_now.values.get("nilai"), 2) if sakip_now else fmt.MISSING,
                "predikat_sakip": str(sakip_now.values.get("predikat") or fmt.MISSING)
                if sakip_now
                else fmt.MISSING,
                "cakupan_desa": r.cakupan_desa,
                "galat": r.galat,
                "peringatan": r.peringatan,
            },
            "kalimat": {
                "pembuka": rich(sentences.pembuka(hasil)),
                "wilayah": rich(sentences.wilayah(hasil)),
                "serapan": rich(sentences.serapan(hasil)),
                "ikm": rich(sentences.ikm(hasil)),
                "sakip": rich(sentences.sakip(hasil)),
                "kiriman": rich(sentences.kiriman(hasil)),
            },
            "sasaran": _sasaran(tpl, hasil),
            "bab": {part: [tables[k] for k in keys] for part, keys in parts(hasil).items()},
            "daftar_tabel": list(tables.values()),
            "tabel": tables,
            "grafik_anggaran": _budget_chart(tpl, hasil),
        }
    )
