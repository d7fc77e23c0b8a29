"""Plain-text renderings of results for the terminal (Indonesian)."""

from __future__ import annotations

from itertools import groupby

from .findings import Severity
from .reading import CheckReport

LABELS = {Severity.GALAT: "GALAT", Severity.PERINGATAN: "PERINGATAN", Severity.INFO: "INFO"}


def render_check_report(report: CheckReport) -> str:
    s = report.settings
    lines = [f"Pemeriksaan kiriman Kecamatan {s.kecamatan} tahun {s.tahun}: {report.folder}", ""]
    width = max([len(sub.name) for sub in report.submissions] + [6])
    lines.append(f"{'BERKAS':<{width}}  {'JENIS':<20} {'KODE':<8} {'STATUS':<15} GALAT PERINGATAN INFO")
    for sub in report.submissions:
        jenis = sub.identity.jenis if sub.identity else "-"
        kode = sub.identity.kode if sub.identity and sub.identity.jenis == "desa" else "-"
        lines.append(
            f"{sub.name:<{width}}  {jenis:<20} {kode:<8} {sub.status:<15} "
            f"{sub.count(Severity.GALAT):>5} {sub.count(Severity.PERINGATAN):>10} {sub.count(Severity.INFO):>4}"
        )
    findings = report.findings
    if findings:
        lines += ["", "Temuan:"]
        by_file = sorted(findings, key=lambda f: (f.file is not None, f.file or ""))
        for file, group in groupby(by_file, key=lambda f: f.file):
            lines.append(f"[{file or 'seluruh kiriman'}]")
            for f in sorted(group, key=lambda f: f.severity.rank):
                where = f" {f.where}" if f.where else ""
                lines.append(f"  {LABELS[f.severity]:<10}{where}  {f.code}: {f.message}")
    g, p, i = (report.count(x) for x in (Severity.GALAT, Severity.PERINGATAN, Severity.INFO))
    lines += ["", f"Ringkasan: {len(report.submissions)} berkas, {g} galat, {p} peringatan, {i} info."]
    if g:
        lines.append("Perbaiki galat di atas (minta berkas perbaikan), lalu jalankan pemeriksaan lagi.")
    else:
        lines.append("Tidak ada galat: data siap diolah dengan 'lkjip-excel proses'.")
    return "\n".join(lines)
