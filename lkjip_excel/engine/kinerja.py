"""Performance: output indicators, sasaran (IKU / PK), SAKIP, SKM and efisiensi."""

from __future__ import annotations

from decimal import Decimal

from ..schema import cocok
from ..schema.sections import UNSUR_SKM
from . import rules
from .cocok import INDICATOR_TABLES, declared
from .inputs import ZERO, At, Inputs, differs, num, plain
from .model import Baris, ColumnKind, Kolom, Tabel

SCORE_TOLERANCE = Decimal("0.005")

PK = "perencanaan-keuangan"
TAPEM = "tata-pemerintahan"
TRANTIB = "trantib-pelayanan"
KESRA = "kesra"


def _negatif(record_values: dict) -> bool:
    return record_values.get("polaritas") == "Negatif"


def sasaran_kinds(inputs: Inputs) -> dict[int, str]:
    """Which computed figure each sasaran's realisasi is (id of its record -> SAKIP / SKM),
    as its row declares (or, when it declares nothing, as its wording suggests)."""
    return {id(rec): key for rec, key in declared(inputs, PK, "sasaran", cocok.SASARAN_CHECKS)}


def _check_indicator(inputs: Inputs, at: At, v: dict, target, value, flags: list[str]) -> None:
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
    sub = inputs.section(KESRA)
    data = inputs.table(KESRA, "kegiatan_kesra")
    names = {r.values["kode"]: r.values["uraian"] for r in anggaran.rows}
    cap = inputs.settings.hitung.batasi_capaian
    rows = []
    for rec in data.records:
        v = rec.values
        value = rules.capaian(v.get("target"), v.get("realisasi"), _negatif(v), cap)
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
    return Tabel("indikator_kesra", "Indikator Keluaran Seksi Kesra", columns, rows, source=KESRA)


def indikator_keluaran(inputs: Inputs, anggaran: Tabel) -> Tabel:
    for jenis, table in INDICATOR_TABLES:  # the guesses' notices, whether or not a check runs
        declared(inputs, jenis, table, cocok.INDIKATOR_CHECKS)
    sub = inputs.section(PK)
    data = inputs.table(PK, "indikator_keluaran")
    names = {r.values["kode"]: r.values["uraian"] for r in anggaran.rows}
    cap = inputs.settings.hitung.batasi_capaian
    rows = []
    for rec in data.records:
        v = rec.values
        target = v.get("target_perubahan") if v.get("target_perubahan") is not None else v.get("target_murni")
        value = rules.capaian(target, v.get("realisasi"), _negatif(v), cap)
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
    return Tabel("indikator_keluaran", "Indikator Keluaran per Sub Kegiatan", columns, rows, source=PK)


def sasaran(inputs: Inputs, sakip_scores: dict[int, Decimal], ikm_year: Decimal | None) -> list[Tabel]:
    """IKU, Perjanjian Kinerja and the three-year table, with their reconciliations."""
    sub = inputs.section(PK)
    data = inputs.table(PK, "sasaran")
    year = inputs.settings.tahun
    cap = inputs.settings.hitung.batasi_capaian
    iku, pk, riwayat = [], [], []
    kinds = sasaran_kinds(inputs)
    riwayat_kind: list[str | None] = []
    for rec in sorted(data.records, key=lambda r: r.values.get("nomor") or 0):
        v = rec.values
        neg = _negatif(v)
        value = rules.capaian(v.get("target"), v.get("realisasi"), neg, cap)
        renstra = rules.capaian(v.get("target_renstra"), v.get("realisasi"), neg, cap)
        kind = kinds.get(id(rec))
        riwayat_kind.append(kind)
        flags = _check_sasaran(inputs, sub, data, rec, kind, value, sakip_scores, ikm_year)
        iku.append(
            Baris(
                {k: v.get(k) for k in ("nomor", "sasaran", "indikator", "formulasi", "sumber_data", "satuan")}
            )
        )
        pk.append(
            Baris(
                {
                    "nomor": v.get("nomor"),
                    "sasaran": v.get("sasaran"),
                    "indikator": v.get("indikator"),
                    "target": v.get("target"),
                    "realisasi": v.get("realisasi"),
                    "capaian": value,
                    "kategori": rules.kategori_capaian(value),
                    "polaritas": v.get("polaritas") or "Positif",
                    "target_renstra": v.get("target_renstra"),
                    "tahun_renstra": v.get("tahun_renstra"),
                    "capaian_renstra": renstra,
                },
                flags=flags,
            )
        )
        history = [v.get("realisasi_min2"), v.get("realisasi_min1"), v.get("realisasi")]
        riwayat.append(
            Baris(
                {
                    "indikator": v.get("indikator"),
                    "y2": history[0],
                    "y1": history[1],
                    "y0": history[2],
                    "rata_rata": rules.mean(history),
                    "tren": rules.trend(history[1], history[2]),
                    "target_renstra": v.get("target_renstra"),
                    "capaian_renstra": renstra,
                    "polaritas": v.get("polaritas") or "Positif",
                }
            )
        )
    text = "text"
    riwayat_columns = [
        Kolom("indikator", "Indikator kinerja", text),
        Kolom("y2", str(year - 2), "decimal"),
        Kolom("y1", str(year - 1), "decimal"),
        Kolom("y0", str(year), "decimal"),
        Kolom("rata_rata", "Rata-rata", "decimal"),
        Kolom("tren", "Keterangan", text),
        Kolom("target_renstra", "Target akhir Renstra", "decimal"),
        Kolom("capaian_renstra", "Capaian thd Renstra (%)", "percent", ratio=("y0", "target_renstra")),
    ]
    per_kind = [
        Tabel(
            f"riwayat_{kind}",
            f"{title}: Tiga Tahun Terakhir dan Target Renstra",
            riwayat_columns,
            [r for r, k in zip(riwayat, riwayat_kind, strict=True) if k == kind],
            source=PK,
        )
        for kind, title in ((cocok.SAKIP, "Nilai SAKIP"), (cocok.SKM, "Indeks Kepuasan Masyarakat"))
    ]
    return [
        Tabel(
            "iku",
            "Indikator Kinerja Utama (IKU)",
            [
                Kolom("nomor", "No", "integer"),
                Kolom("sasaran", "Sasaran strategis", text),
                Kolom("indikator", "Indikator kinerja", text),
                Kolom("formulasi", "Formulasi", text),
                Kolom("sumber_data", "Sumber data", text),
                Kolom("satuan", "Satuan", text),
            ],
            iku,
            source=PK,
        ),
        Tabel(
            "perjanjian_kinerja",
            "Perjanjian Kinerja dan Capaiannya",
            [
                Kolom("nomor", "No", "integer"),
                Kolom("sasaran", "Sasaran strategis", text),
                Kolom("indikator", "Indikator kinerja", text),
                Kolom("target", "Target", "decimal"),
                Kolom("realisasi", "Realisasi", "decimal"),
                Kolom("capaian", "Capaian (%)", "percent", ratio=("realisasi", "target")),
                Kolom("kategori", "Kategori", text),
                Kolom("target_renstra", "Target akhir Renstra", "decimal"),
                Kolom("tahun_renstra", "Tahun", "integer"),
                Kolom(
                    "capaian_renstra",
                    "Capaian thd Renstra (%)",
                    "percent",
                    ratio=("realisasi", "target_renstra"),
                ),
            ],
            pk,
            source=PK,
        ),
        Tabel("sasaran_riwayat", "Capaian Sasaran Tiga Tahun Terakhir", riwayat_columns, riwayat, source=PK),
        *per_kind,
    ]


#: how a realisasi column of the sasaran table is named in a message
REALISASI_YEARS = {
    "realisasi": "tahun ini",
    "realisasi_min1": "tahun lalu",
    "realisasi_min2": "dua tahun lalu",
}


def _check_sasaran(inputs, sub, data, rec, kind, value, sakip_scores, ikm_year) -> list[str]:
    v = rec.values
    flags: list[str] = []
    inputs.compare(
        "PERSEN_TIDAK_SAMA", At(sub, data, rec, "capaian"), v.get("capaian"), rules.round2(value),
        tolerance=inputs.tolerance_pct, flags=flags, scores=True, label=f"Capaian sasaran {v.get('nomor')}",
    )  # fmt: skip
    letter = v.get("predikat_target")
    band = rules.predikat_sakip(v.get("target")) if letter and kind == cocok.SAKIP else None
    if band and band[0] != letter:
        inputs.note(
            "PREDIKAT_TIDAK_SESUAI", At(sub, data, rec, "predikat_target"), flags,
            label=f"Target sasaran {v.get('nomor')}", score=v.get("target"), stated=letter, computed=band[0],
        )  # fmt: skip
    year = inputs.settings.tahun
    checks = []
    if kind == cocok.SAKIP:
        checks = [
            ("realisasi", sakip_scores.get(year), "SAKIP_TIDAK_SAMA"),
            ("realisasi_min1", sakip_scores.get(year - 1), "SAKIP_TIDAK_SAMA"),
            ("realisasi_min2", sakip_scores.get(year - 2), "SAKIP_TIDAK_SAMA"),
        ]
    elif kind == cocok.SKM:
        checks = [("realisasi", rules.round2(ikm_year), "IKM_TIDAK_SAMA")]
    for column, computed, code in checks:
        inputs.compare(
            code, At(sub, data, rec, column), v.get(column), computed, tolerance=SCORE_TOLERANCE, flags=flags,
            scores=True, label=f"Realisasi sasaran {v.get('nomor')} {REALISASI_YEARS[column]}",
        )  # fmt: skip
    return flags


def sakip(inputs: Inputs) -> tuple[list[Tabel], dict[int, Decimal]]:
    """Score per year = sum of that year's components; % per component against its weight."""
    sub = inputs.section(TAPEM)
    data = inputs.table(TAPEM, "sakip_komponen")
    year = inputs.settings.tahun
    years = [year - 2, year - 1, year]
    scores: dict[int, Decimal] = {}
    components: dict[str, dict] = {}
    for rec in data.records:
        t, name = rec.values.get("tahun"), rec.values.get("komponen")
        if t is None or name is None:
            continue
        scores[t] = scores.get(t, ZERO) + num(rec.values.get("nilai"))
        comp = components.setdefault(name, {"komponen": name, "bobot": None})
        comp[f"n{t}"] = rec.values.get("nilai")
        if t == year:  # the weights are those of this year's scheme
            comp["bobot"] = rec.values.get("bobot")
    rows = []
    for comp in components.values():
        values = {"komponen": comp["komponen"], "bobot": comp["bobot"]}
        for i, t in enumerate(years):
            values[f"y{2 - i}"] = comp.get(f"n{t}")
        values["persen"] = rules.ratio(values["y0"], values["bobot"])
        rows.append(Baris(values))
    total = Baris(
        {
            "bobot": sum((num(r.values["bobot"]) for r in rows), ZERO),
            **{f"y{2 - i}": scores.get(t) for i, t in enumerate(years)},
        }
    )
    total.values["persen"] = rules.ratio(total.values["y0"], total.values["bobot"])
    komponen = Tabel(
        "sakip_komponen",
        "Nilai SAKIP per Komponen",
        [
            Kolom("komponen", "Komponen", "text"),
            Kolom("bobot", f"Bobot {year}", "decimal", total="sum"),
            Kolom("y2", str(years[0]), "decimal", total="sum"),
            Kolom("y1", str(years[1]), "decimal", total="sum"),
            Kolom("y0", str(years[2]), "decimal", total="sum"),
            Kolom("persen", f"% {year} thd bobot", "percent", ratio=("y0", "bobot")),
        ],
        rows,
        total,
        total_label="Nilai SAKIP",
        source=TAPEM,
        notes=["Komponen mengikuti skema penilaian tahun masing-masing."],
    )
    stated = {r.values.get("tahun"): r for r in inputs.table(TAPEM, "sakip_hasil").records}
    hasil_data = inputs.table(TAPEM, "sakip_hasil")
    hasil_rows = []
    for t in sorted(set(scores) | set(stated)):
        score = scores.get(t)
        band = rules.predikat_sakip(score)
        row = Baris(
            {
                "tahun": t,
                "nilai": score,
                "predikat": band[0] if band else None,
                "keterangan": band[1] if band else None,
            }
        )
        rec = stated.get(t)
        if rec is not None:
            inputs.compare(
                "SAKIP_TIDAK_SAMA", At(sub, hasil_data, rec, "nilai"), rec.values.get("nilai"), score,
                tolerance=SCORE_TOLERANCE, flags=row.flags, scores=True, label=f"Nilai SAKIP {t}",
            )  # fmt: skip
            letter = rec.values.get("predikat")
            judged = rules.predikat_sakip(
                rec.values.get("nilai") if rec.values.get("nilai") is not None else score
            )
            if letter and judged and letter != judged[0]:
                inputs.note(
                    "PREDIKAT_TIDAK_SESUAI", At(sub, hasil_data, rec, "predikat"), row.flags,
                    label=f"SAKIP {t}", score=rec.values.get("nilai") or score, stated=letter, computed=judged[0],
                )  # fmt: skip
        hasil_rows.append(row)
    hasil = Tabel(
        "sakip_hasil",
        "Nilai dan Predikat SAKIP",
        [
            Kolom("tahun", "Tahun", "text"),
            Kolom("nilai", "Nilai", "decimal"),
            Kolom("predikat", "Predikat", "text"),
            Kolom("keterangan", "Keterangan", "text"),
        ],
        hasil_rows,
        source=TAPEM,
    )
    lhe = Tabel(
        "rekomendasi_lhe",
        "Rekomendasi LHE dan Tindak Lanjut",
        [
            Kolom("tahun", "Tahun", "text"),
            Kolom("komponen", "Komponen", "text"),
            Kolom("rekomendasi", "Rekomendasi", "text"),
            Kolom("tindak_lanjut", "Tindak lanjut", "text"),
        ],
        [Baris(dict(r.values)) for r in inputs.table(TAPEM, "rekomendasi_lhe").records],
        source=TAPEM,
    )
    return [komponen, hasil, lhe], scores


def skm(inputs: Inputs) -> tuple[list[Tabel], Decimal | None, dict]:
    """NRR per unsur and semester, IKM, converted IKM and mutu; the year's value."""
    from fractions import Fraction

    sub = inputs.section(TRANTIB)
    weight: Fraction = inputs.settings.hitung.ikm_weight
    nrr_data = inputs.table(TRANTIB, "skm_nrr")
    raw = inputs.table(TRANTIB, "skm_responden").records
    pooled = inputs.settings.hitung.skm_tahunan == "gabungan responden" and raw
    unsur_rows = []
    per_semester: dict[str, list[Decimal]] = {"1": [], "2": []}
    for rec in nrr_data.records:
        n1, n2 = rec.values.get("nrr_1"), rec.values.get("nrr_2")
        if pooled:
            scores = [num(r.values.get(rec.key)) for r in raw if r.values.get(rec.key) is not None]
            year_nrr = rules.mean(scores)
        else:
            year_nrr = rules.mean([n1, n2])
        for s, n in (("1", n1), ("2", n2)):
            if n is not None:
                per_semester[s].append(n)
        mutu = rules.mutu_nrr(year_nrr)
        unsur_rows.append(
            Baris({"unsur": _unsur_label(rec.key), "nrr_1": n1, "nrr_2": n2, "nrr": year_nrr, "mutu": mutu[0] if mutu else None,
                   "keterangan": mutu[1] if mutu else None})
        )  # fmt: skip
    sem_data = inputs.table(TRANTIB, "skm_semester")
    sem_rows = []
    ikm_values = []
    for rec in sem_data.records:
        nrr = per_semester.get(rec.key, [])
        value = rules.ikm_converted(nrr, weight) if len(nrr) == len(UNSUR_SKM) else None
        ikm_values.append(value)
        pop, resp = rec.values.get("populasi"), rec.values.get("responden")
        minimum = rules.minimum_sample(pop)
        mutu = rules.mutu_ikm(value)
        row = Baris(
            {"semester": f"Semester {rec.key}", "populasi": pop, "responden": resp, "sampel_minimum": minimum,
             "ikm": value, "mutu": mutu[0] if mutu else None}
        )  # fmt: skip
        if minimum is not None and resp is not None and resp < minimum:
            inputs.note(
                "SAMPEL_SKM_KURANG", At(sub, sem_data, rec, "responden"), row.flags,
                semester=rec.key, responden=resp, minimum=minimum, populasi=pop,
            )  # fmt: skip
        inputs.compare(
            "IKM_TIDAK_SAMA", At(sub, sem_data, rec, "ikm"), rec.values.get("ikm"), rules.round2(value),
            tolerance=inputs.tolerance_pct, flags=row.flags, scores=True, label=f"IKM semester {rec.key}",
        )  # fmt: skip
        sem_rows.append(row)
    if pooled:
        year_nrr = [r.values["nrr"] for r in unsur_rows]
        year_value = rules.ikm_converted(year_nrr, weight) if all(n is not None for n in year_nrr) else None
        method = "gabungan jawaban responden"
    else:
        year_value = rules.mean([v for v in ikm_values if v is not None]) if any(ikm_values) else None
        method = "rata-rata IKM semester 1 dan 2"
    mutu = rules.mutu_ikm(year_value)
    sem_rows.append(
        Baris(
            {
                "semester": f"Tahun {inputs.settings.tahun}",
                "ikm": year_value,
                "mutu": mutu[0] if mutu else None,
            }
        )
    )
    weight = inputs.settings.hitung.bobot_ikm
    weight_text = f"{weight} (tepat)" if weight == "1/9" else weight
    meta = {"bobot": inputs.settings.hitung.bobot_ikm, "metode_tahunan": method, "ikm": year_value,
            "mutu": mutu[0] if mutu else None, "keterangan_mutu": mutu[1] if mutu else None}  # fmt: skip
    notes = [
        f"Bobot tiap unsur: {weight_text}. IKM konversi = IKM x {rules.IKM_SCALE}.",
        f"Nilai tahunan: {method}.",
    ]
    tables = [
        Tabel(
            "skm_unsur",
            "Nilai Rata-rata per Unsur Pelayanan (NRR)",
            [
                Kolom("unsur", "Unsur pelayanan", "text"),
                Kolom("nrr_1", "Semester 1", "decimal", decimals=3),
                Kolom("nrr_2", "Semester 2", "decimal", decimals=3),
                Kolom("nrr", "Tahun", "decimal", decimals=3),
                Kolom("mutu", "Mutu", "text"),
                Kolom("keterangan", "Kinerja", "text"),
            ],
            unsur_rows,
            source=TRANTIB,
            notes=notes,
        ),
        Tabel(
            "skm_ikm",
            "Indeks Kepuasan Masyarakat (IKM)",
            [
                Kolom("semester", "Periode", "text"),
                Kolom("populasi", "Populasi", "integer"),
                Kolom("responden", "Responden", "integer"),
                Kolom("sampel_minimum", "Sampel minimum (Krejcie-Morgan)", "integer"),
                Kolom("ikm", "IKM (konversi)", "decimal"),
                Kolom("mutu", "Mutu", "text"),
            ],
            sem_rows,
            source=TRANTIB,
            notes=notes,
        ),
    ]
    return tables, year_value, meta


def _unsur_label(key: str | None) -> str:
    return next((r.label for r in UNSUR_SKM if r.key == key), key or "")


#: staff are counted in whole persons, whatever the column holds for the indicator rows
STAFF_COUNTS: dict[str, ColumnKind] = {"target": "integer", "realisasi": "integer"}


def efisiensi(inputs: Inputs, anggaran: Tabel, pk: Tabel, pegawai: dict) -> Tabel:
    """Per sasaran: indicator, funds and staff capaian side by side."""
    mapping = inputs.table(PK, "peta_sasaran").records
    by_code = {r.values["kode"]: r for r in anggaran.rows}
    rows = []
    for pk_row in pk.rows:
        nomor = pk_row.values.get("nomor")
        codes = [r.values.get("kode") for r in mapping if r.values.get("nomor_sasaran") == nomor]
        # a code and its own parent must not be counted twice
        codes = [
            c for c in codes if c in by_code and not any(c != o and c.startswith(o + ".") for o in codes)
        ]
        pagu = sum((num(by_code[c].values.get("pagu_perubahan")) for c in codes), ZERO) if codes else None
        real = sum((num(by_code[c].values.get("realisasi")) for c in codes), ZERO) if codes else None
        label = f"Sasaran {nomor}"
        rows += [
            Baris({"sasaran": label, "aspek": f"Indikator: {pk_row.values.get('indikator')}",
                   "target": pk_row.values.get("target"), "realisasi": pk_row.values.get("realisasi"),
                   "capaian": pk_row.values.get("capaian"), "polaritas": pk_row.values.get("polaritas")}),
            Baris({"sasaran": label, "aspek": "Dana (Rp): " + (", ".join(codes) or "belum dipetakan"),
                   "target": pagu, "realisasi": real, "capaian": rules.ratio(real, pagu)}),
            Baris({"sasaran": label, "aspek": "SDM: ASN (orang)", "target": pegawai.get("target_asn"),
                   "realisasi": pegawai.get("asn"), "capaian": rules.ratio(pegawai.get("asn"), pegawai.get("target_asn"))},
                  types=dict(STAFF_COUNTS)),
            Baris({"sasaran": label, "aspek": "SDM: THL (orang)", "target": pegawai.get("target_thl"),
                   "realisasi": pegawai.get("thl"), "capaian": rules.ratio(pegawai.get("thl"), pegawai.get("target_thl"))},
                  types=dict(STAFF_COUNTS)),
        ]  # fmt: skip
        indicator = rows[-4].values["capaian"]
        for row in rows[-3:]:
            c = row.values["capaian"]
            row.values["selisih"] = None if c is None or indicator is None else indicator - c
    return Tabel(
        "efisiensi",
        "Efisiensi Penggunaan Sumber Daya per Sasaran",
        [
            Kolom("sasaran", "Sasaran", "text"),
            Kolom("aspek", "Aspek", "text"),
            Kolom("target", "Target", "decimal"),
            Kolom("realisasi", "Realisasi", "decimal"),
            Kolom("capaian", "Capaian (%)", "percent", ratio=("realisasi", "target")),
            Kolom("selisih", "Capaian indikator dikurangi capaian ini (poin)", "decimal"),
        ],
        rows,
        source="perencanaan-keuangan, umum-kepegawaian",
        notes=[
            "Tidak ada rumus resmi efisiensi: bandingkan capaian indikator dengan capaian dana dan SDM. "
            "Indikator tercapai dengan dana terserap kurang dari 100% dibaca sebagai efisien "
            "(selisih positif: indikator lebih tinggi daripada penggunaan sumber dayanya)."
        ],
    )
