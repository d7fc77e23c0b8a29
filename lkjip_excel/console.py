"""Plain-text renderings of results for the terminal (Indonesian)."""

from __future__ import annotations

from itertools import groupby

from .findings import Finding, Severity
from .pipeline import file_lines
from .reading import CheckReport

LABELS = {Severity.GALAT: "GALAT", Severity.PERINGATAN: "PERINGATAN", Severity.INFO: "INFO"}


def render_check_report(report: CheckReport, findings: list[Finding] | None = None) -> str:
    """The check as a table of files and the findings by file; ``findings`` are every finding of
    the check (the engine's included, as ``pipeline.check`` gives them), the reading's by default."""
    s = report.settings
    findings = report.findings if findings is None else findings
    lines = [f"Pemeriksaan kiriman Kecamatan {s.kecamatan} tahun {s.tahun}: {report.folder}", ""]
    width = max([len(sub.name) for sub in report.submissions] + [6])
    lines.append(f"{'BERKAS':<{width}}  {'JENIS':<20} {'KODE':<8} {'STATUS':<15} GALAT PERINGATAN INFO")
    for line in file_lines(report, findings):
        sub, n = line.submission, line.counts
        jenis = sub.identity.jenis if sub.identity else "-"
        kode = sub.identity.kode if sub.identity and sub.identity.jenis == "desa" else "-"
        lines.append(
            f"{sub.name:<{width}}  {jenis:<20} {kode:<8} {line.status:<15} "
            f"{n[Severity.GALAT]:>5} {n[Severity.PERINGATAN]:>10} {n[Severity.INFO]:>4}"
        )
    if findings:
        lines += ["", "Temuan:"]
        by_file = sorted(findings, key=lambda f: (f.file is not None, f.file or ""))
        for file, group in groupby(by_file, key=lambda f: f.file):
            lines.append(f"[{file or 'seluruh kiriman'}]")
            for f in sorted(group, key=lambda f: f.severity.rank):
                where = f" {f.where}" if f.where else ""
                lines.append(f"  {LABELS[f.severity]:<10}{where}  {f.code}: {f.message}")
    g, p, i = (
        sum(1 for f in findings if f.severity is x)
        for x in (Severity.GALAT, Severity.PERINGATAN, Severity.INFO)
    )
    lines += ["", f"Ringkasan: {len(report.submissions)} berkas, {g} galat, {p} peringatan, {i} info."]
    if g:
        lines.append("Perbaiki galat di atas (minta berkas perbaikan), lalu jalankan pemeriksaan lagi.")
    else:
        lines.append("Tidak ada galat: data siap diolah dengan 'lkjip-excel proses'.")
    return "\n".join(lines)


def _rp(value) -> str:
    return "-" if value is None else f"{value:,.0f}".replace(",", ".")


def _pct(value) -> str:
    return "-" if value is None else f"{value:.2f}".replace(".", ",")


def render_run(hasil, written, refused: bool = False) -> str:
    r = hasil.ringkasan
    lines = [f"LKjIP Kecamatan {hasil.kecamatan} tahun {hasil.tahun}"]
    for s in r["sasaran"]:
        lines.append(
            f"  Sasaran {s['nomor']}: {s['indikator']}: target {_pct(s['target'])}, realisasi "
            f"{_pct(s['realisasi'])}, capaian {_pct(s['capaian'])}% ({s['kategori'] or '-'})"
        )
    change = r["perubahan_serapan_poin"]
    change_text = (
        ""
        if change is None
        else f" ({'naik' if change >= 0 else 'turun'} {_pct(abs(change))} poin dari tahun lalu)"
    )
    lines.append(
        f"  Serapan anggaran: Rp {_rp(r['realisasi'])} dari Rp {_rp(r['pagu'])} = {_pct(r['serapan'])}%{change_text}"
    )
    lines.append(
        f"  Kiriman: {r['kiriman_dipakai']} dari {r['kiriman_diharapkan']} dipakai"
        f"{'' if r['kiriman_lengkap'] else ' (BELUM LENGKAP)'}"
    )
    lines.append(f"  Temuan: {r['galat']} galat, {r['peringatan']} peringatan, {r['info']} info")
    if refused:
        lines.append(
            "Hasil TIDAK ditulis karena ada galat dan --ketat dipakai. Jalankan 'lkjip-excel periksa' untuk rinciannya."
        )
    for path in written:
        lines.append(f"Ditulis: {path}")
    if r["galat"] and not refused:
        lines.append(
            "Ada galat: lihat lembar 'Pemeriksaan' di buku kerja, perbaiki kiriman, lalu jalankan lagi."
        )
    return "\n".join(lines)
