"""What each desa reports and a section also records: documents and musrenbang.

The desa's own workbook is the source; a desa without one is filled from the section's
figures, marked so; where both exist they are compared."""

from __future__ import annotations

from ..schema import SectionKind, cocok
from ..schema.desa import DOKUMEN
from .cocok import checked_against, rec_table
from .inputs import ZERO, At, Inputs, num
from .model import Baris, Kolom, Tabel
from .wilayah import part_sum

#: what the "Sumber" column says when a desa row comes from the desa's own workbook
OWN = "formulir desa"


def _section_note(inputs: Inputs, filled: list[str], section: str) -> list[str]:
    if not filled:
        return []
    return [
        f"Desa {', '.join(filled)}: formulir desanya belum ada atau tidak bisa dipakai; angkanya "
        f"menurut formulir {section} (kolom Sumber)."
    ]


def dokumen(inputs: Inputs) -> Tabel:
    """Documents per desa as the desa reports them, checked against what the section facilitated.

    A desa without a usable workbook is filled from the section's figures, marked so."""
    sub = inputs.section(SectionKind.TATA_PEMERINTAHAN)
    data = inputs.table(SectionKind.TATA_PEMERINTAHAN, "dokumen_fasilitasi")
    facilitated = data.by_key()
    rows = []
    covered: list[str] = []
    filled: list[str] = []
    for kode, nama, desa_sub in inputs.desa_rows():
        desa_table = inputs.desa_table(desa_sub, "dokumen")
        own = desa_table.by_key() if desa_table else {}
        fac = facilitated.get(kode)
        values = {"desa": nama, "sumber": None}
        row = Baris(values)
        for doc in DOKUMEN:
            rec = own.get(doc.key)
            count = None
            if rec is not None:
                count = rec.values.get("jumlah")
                if count is None and rec.values.get("disampaikan") is not None:
                    count = 1 if rec.values.get("disampaikan") else 0
            values[doc.key] = count
            fac_count = fac.values.get(doc.key) if fac else None
            if desa_sub and sub:
                inputs.compare_sources(
                    At(sub, data, fac, doc.key), f"Dokumen '{doc.label}' Desa {nama}",
                    fac_count, SectionKind.TATA_PEMERINTAHAN, count, f"formulir Desa {nama}", row.flags,
                )  # fmt: skip
        if desa_sub is not None:
            values["sumber"] = OWN
            covered.append(nama)
        elif fac is not None and any(fac.values.get(d.key) is not None for d in DOKUMEN):
            values.update({d.key: fac.values.get(d.key) for d in DOKUMEN})
            values["sumber"] = SectionKind.TATA_PEMERINTAHAN
            covered.append(nama)
            filled.append(nama)
        rows.append(row)
    columns = [
        Kolom("desa", "Desa", "text"),
        *(Kolom(d.key, d.label, total="sum") for d in DOKUMEN),
        Kolom("sumber", "Sumber", "text"),
    ]
    total = Baris({d.key: sum((num(r.values.get(d.key)) for r in rows), ZERO) for d in DOKUMEN})
    _check_document_indicators(inputs, total, covered)
    return Tabel(
        "dokumen", columns, rows, total,
        total_label=inputs.total_label(len(covered)), source=f"formulir desa; {SectionKind.TATA_PEMERINTAHAN} bila formulir desa tidak ada",
        notes=_section_note(inputs, filled, SectionKind.TATA_PEMERINTAHAN),
    )  # fmt: skip


def _check_document_indicators(inputs: Inputs, total: Baris, covered: list[str]) -> None:
    """An output indicator declared to count desa documents must equal what the desa report.

    The indicator counts the whole kecamatan, so it is compared only when every desa is
    covered (by its own workbook or the section's figures); otherwise it is said why not."""
    names = [d.nama for d in inputs.settings.desa]
    for jenis, rec, key in checked_against(inputs, lambda k: k.startswith(cocok.DOKUMEN_PREFIX)):
        doc = key.removeprefix(cocok.DOKUMEN_PREFIX)
        data, sub = inputs.table(jenis, rec_table(jenis)), inputs.section(jenis)
        realisasi = rec.values.get("realisasi")
        if realisasi is None:
            continue
        at = At(sub, data, rec, "realisasi")
        if len(covered) < len(names):
            inputs.note(
                "SUMBER_TIDAK_SEBANDING", at, label=rec.values.get("indikator"), source_b="formulir desa",
                tidak_ada=", ".join(n for n in names if n not in covered), desa=list(covered),
            )  # fmt: skip
            continue
        inputs.compare_sources(
            at, rec.values.get("indikator"), realisasi, "indikator keluaran", total.values[doc], "formulir desa",
            desa=list(covered),
        )  # fmt: skip


def musrenbang(inputs: Inputs) -> Tabel:
    sub = inputs.section(SectionKind.PMD)
    data = inputs.table(SectionKind.PMD, "musrenbang_desa")
    pmd_rows = data.by_key()
    rows = []
    parts = ("tanggal", "lembaga", "peserta_l", "peserta_p")
    filled: list[str] = []
    covered = 0
    for kode, nama, desa_sub in inputs.desa_rows():
        own = inputs.desa_table(desa_sub, "musrenbang")
        form = own.form if own else None
        rec = pmd_rows.get(kode)
        values = {"desa": nama, **{c: form.values.get(c) if form else None for c in parts}, "sumber": None}
        if desa_sub is not None:
            values["sumber"] = OWN
            covered += 1
        elif rec is not None and any(rec.values.get(c) is not None for c in parts):
            values.update({c: rec.values.get(c) for c in parts})
            values["sumber"] = SectionKind.PMD
            filled.append(nama)
            covered += 1
        values["peserta"] = part_sum(values, ("peserta_l", "peserta_p"))
        row = Baris(values)
        for c, label in (
            ("lembaga", "lembaga"),
            ("peserta_l", "peserta laki-laki"),
            ("peserta_p", "peserta perempuan"),
        ):
            other = rec.values.get(c) if rec else None
            if desa_sub:
                inputs.compare_sources(
                    At(sub, data, rec, c), f"Musrenbang Desa {nama}: {label}",
                    other, SectionKind.PMD, values[c], f"formulir Desa {nama}", row.flags,
                )  # fmt: skip
        rows.append(row)
    columns = [
        Kolom("desa", "Desa", "text"),
        Kolom("tanggal", "Tanggal", "date"),
        Kolom("lembaga", "Lembaga hadir", total="sum"),
        Kolom("peserta_l", "Peserta laki-laki", total="sum"),
        Kolom("peserta_p", "Peserta perempuan", total="sum"),
        Kolom("peserta", "Jumlah peserta", total="sum", sum_of=("peserta_l", "peserta_p")),
        Kolom("sumber", "Sumber", "text"),
    ]
    total = Baris({c.key: sum((num(r.values.get(c.key)) for r in rows), ZERO) for c in columns if c.total})
    return Tabel(
        "musrenbang", columns, rows, total, total_label=inputs.total_label(covered),
        source=f"formulir desa, {SectionKind.PMD}", notes=_section_note(inputs, filled, SectionKind.PMD),
    )  # fmt: skip
