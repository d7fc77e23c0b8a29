"""The consolidation engine: from checked submissions to the result model (``Hasil``).

Everything is computed from the leaves (sub kegiatan, desa rows, unsur scores), never from
stated totals; each stated figure that disagrees with its parts, and each fact that two
sources give differently, becomes a finding.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..findings import sort_findings
from ..reading import CheckReport, Submission
from . import registry
from .inputs import Inputs
from .model import Baris, Hasil, Kolom, Penandatangan, SkmFigures, Sumber, Tabel
from .ringkasan import ringkasan

__all__ = ["Baris", "Hasil", "Kolom", "SkmFigures", "Sumber", "Tabel", "compute"]


def compute(
    report: CheckReport, now: dt.datetime | None = None, history: Mapping[int, Any] | None = None
) -> Hasil:
    """Compute every table of the LKjIP from a checked batch (the steps of ``engine.registry``);
    ``history``: earlier years' figures by year, from the archive (``engine.renstra``)."""
    inputs = Inputs.from_report(report)
    inputs.history = dict(history or {})
    results = registry.run(inputs)
    by_key = registry.collect(results)
    for table in by_key.values():
        table.cap = report.settings.hitung.batasi_capaian
    skm = results["skm"].figures
    findings = sort_findings(report.findings + inputs.findings)
    s = report.settings
    created = now or dt.datetime.now().replace(microsecond=0)
    signer = s.penandatangan
    return Hasil(
        kecamatan=s.kecamatan,
        kabupaten=s.kabupaten,
        provinsi=s.provinsi,
        tahun=s.tahun,
        dibuat=created,
        tables=by_key,
        findings=findings,
        sources=[_source(sub) for sub in report.submissions],
        ringkasan=ringkasan(report, by_key, skm.as_dict(), findings, inputs),
        settings=s.hitung.model_dump(),
        consumed=frozenset(inputs.consumed),
        skm=skm,
        penandatangan=Penandatangan(
            jabatan=signer.jabatan or f"Camat {s.kecamatan}",
            nama=signer.nama,
            pangkat=signer.pangkat,
            nip=signer.nip,
            tempat=signer.tempat or s.kecamatan,
            tanggal=signer.tanggal or created.date(),
        ),
    )


def _source(sub: Submission) -> Sumber:
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


def proses(folder: Path, settings_file: Path | None = None, **options: Any) -> Hasil:
    """Check every file of ``folder`` and compute the result: ``pipeline.check(...).hasil``."""
    from ..pipeline import Options, check

    return check(folder, Options(settings_file=settings_file, **options)).hasil
