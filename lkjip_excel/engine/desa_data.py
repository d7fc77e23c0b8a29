"""Facts that arrive from the desa and from a section: documents, musrenbang, staff counts."""

from __future__ import annotations

from ..schema import cocok
from ..schema.desa import DOKUMEN
from ..schema.sections import ESELON, PENDIDIKAN, STATUS_PEGAWAI
from . import rules
from .cocok import INDICATOR_TABLES, checked_against
from .inputs import ZERO, At, Inputs, num
from .model import Baris, Kolom, Tabel
from .wilayah import part_sum

TAPEM, PMD, UMUM, PK = "tata-pemerintahan", "pmd", "umum-kepegawaian", "perencanaan-keuangan"

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
    sub = inputs.section(TAPEM)
    data = inputs.table(TAPEM, "dokumen_fasilitasi")
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
                    fac_count, "tata-pemerintahan", count, f"formulir Desa {nama}", row.flags,
                )  # fmt: skip
        if desa_sub is not None:
            values["sumber"] = OWN
            covered.append(nama)
        elif fac is not None and any(fac.values.get(d.key) is not None for d in DOKUMEN):
            values.update({d.key: fac.values.get(d.key) for d in DOKUMEN})
            values["sumber"] = TAPEM
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
        "dokumen", "Dokumen Desa yang Disampaikan ke Kecamatan", columns, rows, total,
        total_label=inputs.total_label(len(covered)), source="formulir desa; tata-pemerintahan bila formulir desa tidak ada",
        notes=_section_note(inputs, filled, TAPEM),
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
    sub = inputs.section(PMD)
    data = inputs.table(PMD, "musrenbang_desa")
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
            values["sumber"] = PMD
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
        Kolom("sumber", "Sumber", "text"),
    ]
    total = Baris({c.key: sum((num(r.values.get(c.key)) for r in rows), ZERO) for c in columns if c.total})
    return Tabel(
        "musrenbang", "Musrenbang Desa", columns, rows, total, total_label=inputs.total_label(covered),
        source="formulir desa, pmd", notes=_section_note(inputs, filled, PMD),
    )  # fmt: skip


def pilkades(inputs: Inputs) -> Tabel:
    """The village head elections of the year, with turnout."""
    names = {d.kode: d.nama for d in inputs.settings.desa}
    rows = []
    for rec in inputs.table(TAPEM, "pilkades").records:
        v = rec.values
        rows.append(
            Baris({"desa": names.get(v.get("kode_desa"), v.get("kode_desa")), "tanggal": v.get("tanggal"),
                   "calon": v.get("calon"), "terdaftar": v.get("pemilih_terdaftar"), "hadir": v.get("pemilih_hadir"),
                   "partisipasi": rules.ratio(v.get("pemilih_hadir"), v.get("pemilih_terdaftar"))})
        )  # fmt: skip
    total = Baris(
        {k: sum((num(r.values.get(k)) for r in rows), ZERO) for k in ("calon", "terdaftar", "hadir")}
    )
    total.values["partisipasi"] = rules.ratio(total.values["hadir"], total.values["terdaftar"])
    return Tabel(
        "pilkades",
        "Pemilihan Kepala Desa",
        [
            Kolom("desa", "Desa", "text"),
            Kolom("tanggal", "Tanggal", "date"),
            Kolom("calon", "Calon", total="sum"),
            Kolom("terdaftar", "Pemilih terdaftar", total="sum"),
            Kolom("hadir", "Pemilih hadir", total="sum"),
            Kolom("partisipasi", "Partisipasi (%)", "percent", ratio=("hadir", "terdaftar")),
        ],
        rows,
        total if rows else None,
        source=TAPEM,
    )


def apbdes(inputs: Inputs) -> Tabel:
    """The evaluation of each desa's draft APBDes (pmd)."""
    by_desa = inputs.table(PMD, "apbdes").by_key()
    rows = []
    for kode, nama, _ in inputs.desa_rows():
        v = by_desa[kode].values if kode in by_desa else {}
        rows.append(
            Baris(
                {
                    "desa": nama,
                    "tanggal": v.get("tanggal"),
                    "nomor": v.get("nomor"),
                    "status": v.get("status"),
                }
            )
        )
    return Tabel(
        "apbdes",
        "Evaluasi Rancangan APBDes",
        [
            Kolom("desa", "Desa", "text"),
            Kolom("tanggal", "Tanggal evaluasi", "date"),
            Kolom("nomor", "Nomor hasil evaluasi", "text"),
            Kolom("status", "Status", "text"),
        ],
        rows,
        source=PMD,
    )


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


def rec_table(jenis: str) -> str:
    """The indicator table of a section."""
    return dict(INDICATOR_TABLES)[jenis]


def _check_staff_indicators(inputs: Inputs, asn: int) -> None:
    """An indicator declared to count the ASN paid must equal the staff list."""
    for jenis, rec, _ in checked_against(inputs, lambda k: k == cocok.ASN):
        data, sub = inputs.table(jenis, rec_table(jenis)), inputs.section(jenis)
        inputs.compare(
            "JUMLAH_PEGAWAI_TIDAK_SAMA", At(sub, data, rec, "realisasi"), rec.values.get("realisasi"), asn,
            indikator=rec.values.get("indikator"),
        )  # fmt: skip
