"""Facts that arrive from the desa and from a section: documents, musrenbang, staff counts."""

from __future__ import annotations

from ..schema.desa import DOKUMEN
from ..schema.sections import ESELON, PENDIDIKAN, STATUS_PEGAWAI
from .inputs import ZERO, At, Inputs, num
from .model import Baris, Kolom, Tabel

TAPEM, PMD, UMUM, PK = "tata-pemerintahan", "pmd", "umum-kepegawaian", "perencanaan-keuangan"

#: words in an output indicator that say it counts a kind of desa document
DOCUMENT_WORDS = {
    "perdes_perkades": "peraturan desa",
    "administrasi": "administrasi tata pemerintahan desa",
    "keuangan_aset": "keuangan desa",
    "sinkronisasi_perencanaan": "sinkronisasi perencanaan",
    "trantibum": "ketenteraman dan ketertiban",
    "pemberdayaan": "pemberdayaan masyarakat desa",
    "pendampingan": "pendampingan desa",
}


def dokumen(inputs: Inputs) -> Tabel:
    """Documents per desa as the desa reports them, checked against what the section facilitated."""
    sub = inputs.section(TAPEM)
    data = inputs.table(TAPEM, "dokumen_fasilitasi")
    facilitated = data.by_key()
    rows = []
    for kode, nama, desa_sub in inputs.desa_rows():
        desa_table = desa_sub.table("dokumen") if desa_sub else None
        own = desa_table.by_key() if desa_table else {}
        values = {"desa": nama}
        row = Baris(values)
        for doc in DOKUMEN:
            rec = own.get(doc.key)
            count = None
            if rec is not None:
                count = rec.values.get("jumlah")
                if count is None and rec.values.get("disampaikan") is not None:
                    count = 1 if rec.values.get("disampaikan") else 0
            values[doc.key] = count
            fac = facilitated.get(kode)
            fac_count = fac.values.get(doc.key) if fac else None
            if desa_sub and sub:
                inputs.compare_sources(
                    At(sub, data, fac, doc.key), f"Dokumen '{doc.label}' Desa {nama}",
                    fac_count, "tata-pemerintahan", count, f"formulir Desa {nama}", row.flags,
                )  # fmt: skip
        rows.append(row)
    columns = [Kolom("desa", "Desa", "text"), *(Kolom(d.key, d.label, total="sum") for d in DOKUMEN)]
    total = Baris({d.key: sum((num(r.values.get(d.key)) for r in rows), ZERO) for d in DOKUMEN})
    _check_document_indicators(inputs, total)
    return Tabel(
        "dokumen", "Dokumen Desa yang Disampaikan ke Kecamatan", columns, rows, total, source="formulir desa"
    )


def _check_document_indicators(inputs: Inputs, total: Baris) -> None:
    """An output indicator that counts desa documents must equal what the desa report."""
    data = inputs.table(PK, "indikator_keluaran")
    sub = inputs.section(PK)
    for rec in data.records:
        text = (rec.values.get("indikator") or "").casefold()
        realisasi = rec.values.get("realisasi")
        if "dokumen" not in text or realisasi is None:
            continue
        for key, words in DOCUMENT_WORDS.items():
            if words in text:
                inputs.compare_sources(
                    At(sub, data, rec, "realisasi"), rec.values.get("indikator"),
                    realisasi, "indikator keluaran", total.values[key], "formulir desa",
                )  # fmt: skip
                break


def musrenbang(inputs: Inputs) -> Tabel:
    sub = inputs.section(PMD)
    data = inputs.table(PMD, "musrenbang_desa")
    pmd_rows = data.by_key()
    rows = []
    for kode, nama, desa_sub in inputs.desa_rows():
        form = desa_sub.table("musrenbang").form if desa_sub else None
        values = {"desa": nama}
        for c in ("tanggal", "lembaga", "peserta_l", "peserta_p"):
            values[c] = form.values.get(c) if form else None
        values["peserta"] = num(values["peserta_l"]) + num(values["peserta_p"])
        row = Baris(values)
        rec = pmd_rows.get(kode)
        for c, label in (
            ("lembaga", "lembaga"),
            ("peserta_l", "peserta laki-laki"),
            ("peserta_p", "peserta perempuan"),
        ):
            other = rec.values.get(c) if rec else None
            if desa_sub:
                inputs.compare_sources(
                    At(sub, data, rec, c), f"Musrenbang Desa {nama}: {label}",
                    other, "pmd", values[c], f"formulir Desa {nama}", row.flags,
                )  # fmt: skip
        rows.append(row)
    columns = [
        Kolom("desa", "Desa", "text"),
        Kolom("tanggal", "Tanggal", "date"),
        Kolom("lembaga", "Lembaga hadir", total="sum"),
        Kolom("peserta_l", "Peserta laki-laki", total="sum"),
        Kolom("peserta_p", "Peserta perempuan", total="sum"),
        Kolom("peserta", "Jumlah peserta", total="sum", sum_of=("peserta_l", "peserta_p")),
    ]
    total = Baris({c.key: sum((num(r.values.get(c.key)) for r in rows), ZERO) for c in columns if c.total})
    return Tabel("musrenbang", "Musrenbang Desa", columns, rows, total, source="formulir desa, pmd")


def kepegawaian(inputs: Inputs) -> tuple[Tabel, dict]:
    """Counts by eselon, status, education and sex; the ASN count checked against indicators."""
    records = inputs.table(UMUM, "pegawai").records
    target = inputs.form(UMUM, "target_pegawai")
    groups = (
        ("Eselon", "eselon", ESELON),
        ("Status", "status", STATUS_PEGAWAI),
        ("Pendidikan", "pendidikan", PENDIDIKAN),
    )
    rows = []
    for group, key, choices in groups:
        for choice in choices:
            members = [r for r in records if r.values.get(key) == choice]
            if not members:
                continue
            l_count = sum(1 for r in members if r.values.get("jenis_kelamin") == "L")
            p_count = sum(1 for r in members if r.values.get("jenis_kelamin") == "P")
            rows.append(
                Baris(
                    {
                        "kelompok": group,
                        "uraian": choice,
                        "l": l_count,
                        "p": p_count,
                        "jumlah": l_count + p_count,
                    }
                )
            )
    asn = sum(1 for r in records if r.values.get("status") in ("PNS", "PPPK"))
    thl = sum(1 for r in records if r.values.get("status") == "THL")
    counts = {
        "asn": asn,
        "thl": thl,
        "target_asn": target.values.get("asn") if target else None,
        "target_thl": target.values.get("thl") if target else None,
    }
    if inputs.section(UMUM):
        _check_staff_indicators(inputs, asn)
    table = Tabel(
        "kepegawaian",
        "Pegawai menurut Eselon, Status dan Pendidikan",
        [
            Kolom("kelompok", "Kelompok", "text"),
            Kolom("uraian", "Uraian", "text"),
            Kolom("l", "Laki-laki"),
            Kolom("p", "Perempuan"),
            Kolom("jumlah", "Jumlah", sum_of=("l", "p")),
        ],
        rows,
        source=UMUM,
        notes=[
            f"ASN (PNS dan PPPK): {asn} orang, target {counts['target_asn']}; THL: {thl} orang, target {counts['target_thl']}."
        ],
    )
    return table, counts


def _check_staff_indicators(inputs: Inputs, asn: int) -> None:
    """An indicator counting people paid as ASN must equal the staff list."""
    data = inputs.table(PK, "indikator_keluaran")
    sub = inputs.section(PK)
    for rec in data.records:
        text = (rec.values.get("indikator") or "").casefold()
        if rec.values.get("satuan") == "orang" and ("gaji" in text or "asn" in text):
            inputs.compare(
                "JUMLAH_PEGAWAI_TIDAK_SAMA", At(sub, data, rec, "realisasi"), rec.values.get("realisasi"), asn,
                indikator=rec.values.get("indikator"),
            )  # fmt: skip
