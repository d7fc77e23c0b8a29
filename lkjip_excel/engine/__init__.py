"""The consolidation engine: from checked submissions to the result model (``Hasil``).

Everything is computed from the leaves (sub kegiatan, desa rows, unsur scores), never from
stated totals; each stated figure that disagrees with its parts, and each fact that two
sources give differently, becomes a finding.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..findings import sort_findings
from ..reading import CheckReport
from . import anggaran as budget
from . import desa_data, kinerja, layanan, wilayah
from .inputs import Inputs
from .model import Baris, Hasil, Kolom, Sumber, Tabel
from .ringkasan import ringkasan

__all__ = ["Baris", "Hasil", "Kolom", "Sumber", "Tabel", "compute"]


def compute(report: CheckReport, now: dt.datetime | None = None) -> Hasil:
    """Compute every table of the LKjIP from a checked batch."""
    inputs = Inputs.from_report(report)
    tables: list[Tabel] = [wilayah.wilayah(inputs), *wilayah.potensi(inputs)]
    pegawai_table, pegawai = desa_data.kepegawaian(inputs)
    tables.append(pegawai_table)
    anggaran = budget.anggaran(inputs)
    sakip_tables, scores = kinerja.sakip(inputs)
    skm_tables, ikm_year, skm_meta = kinerja.skm(inputs)
    sasaran_tables = kinerja.sasaran(inputs, scores, ikm_year)
    pk = sasaran_tables[1]
    tables += [
        *sasaran_tables,
        *sakip_tables,
        *skm_tables,
        kinerja.efisiensi(inputs, anggaran, pk, pegawai),
        kinerja.indikator_keluaran(inputs, anggaran),
        kinerja.indikator_kesra(inputs, anggaran),
        layanan.layanan(inputs),
        layanan.sppt(inputs),
        desa_data.dokumen(inputs),
        desa_data.musrenbang(inputs),
        desa_data.pilkades(inputs),
        desa_data.apbdes(inputs),
        anggaran,
        budget.perbandingan(inputs, anggaran.total),
    ]
    for table in tables:
        table.cap = report.settings.hitung.batasi_capaian
    by_key = {t.key: t for t in tables}
    findings = sort_findings(report.findings + inputs.findings)
    s = report.settings
    return Hasil(
        kecamatan=s.kecamatan,
        kabupaten=s.kabupaten,
        provinsi=s.provinsi,
        tahun=s.tahun,
        dibuat=now or dt.datetime.now().replace(microsecond=0),
        tables=by_key,
        findings=findings,
        sources=[_source(sub) for sub in report.submissions],
        ringkasan=ringkasan(report, by_key, skm_meta, findings, inputs),
        settings={**s.hitung.model_dump(), "skm": skm_meta},
        consumed=frozenset(inputs.consumed),
    )


def _source(sub) -> Sumber:
    ident = sub.identity
    return Sumber(
        nama=sub.name,
        ukuran=sub.size,
        sha256=sub.sha256,
        format=sub.format,
        jenis=ident.jenis if ident else None,
        kode=ident.kode if ident else None,
        nama_unit=ident.nama if ident else None,
        diisi_oleh=sub.diisi_oleh,
        tanggal=sub.tanggal,
        status=sub.status,
        dipakai=sub.used and sub.readable,
    )


def proses(folder: Path, settings_file: Path | None = None, **options) -> Hasil:
    """Check every file of ``folder`` and compute the result: ``pipeline.check(...).hasil``."""
    from ..pipeline import Options, check

    return check(folder, Options(settings_file=settings_file, **options)).hasil
