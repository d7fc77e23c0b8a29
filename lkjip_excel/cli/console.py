"""Plain-text renderings of results for the terminal (Indonesian).

Everything the commands print goes through here: every value that came from outside (a
file or sheet name, cell text, a setting, a finding's values) is shown with
:func:`~lkjip_excel.text.terminal_text`, so it can neither start a line of its own, move
the cursor, ring the bell nor reorder what follows; :func:`echo` applies the same rule to
whole texts as the last step before the terminal.
"""

from __future__ import annotations

from itertools import groupby
from typing import TYPE_CHECKING, Any

import click

from .. import fmt
from ..findings import Finding, Severity
from ..pipeline import file_lines
from ..text import json_escape_unsafe, texts
from ..text import terminal_text as t

if TYPE_CHECKING:
    from ..reading import CheckReport

LABELS = {Severity.GALAT: "GALAT", Severity.PERINGATAN: "PERINGATAN", Severity.INFO: "INFO"}


def render_check_report(report: CheckReport, findings: list[Finding] | None = None) -> str:
    """The check as a table of files and the findings by file; ``findings`` are every finding of
    the check (the engine's included, as ``pipeline.check`` gives them), the reading's by default."""
    s = report.settings
    findings = report.findings if findings is None else findings
    lines = [f"Pemeriksaan kiriman Kecamatan {t(s.kecamatan)} tahun {s.tahun}: {t(report.folder)}", ""]
    width = max([len(t(sub.name)) for sub in report.submissions] + [6])
    lines.append(f"{'BERKAS':<{width}}  {'JENIS':<20} {'KODE':<8} {'STATUS':<15} GALAT PERINGATAN INFO")
    for line in file_lines(report, findings):
        sub, n = line.submission, line.counts
        jenis = t(sub.identity.jenis) if sub.identity else "-"
        kode = t(sub.identity.kode) if sub.identity and sub.identity.jenis == "desa" else "-"
        lines.append(
            f"{t(sub.name):<{width}}  {jenis:<20} {kode:<8} {t(line.status):<15} "
            f"{n[Severity.GALAT]:>5} {n[Severity.PERINGATAN]:>10} {n[Severity.INFO]:>4}"
        )
    if findings:
        lines += ["", "Temuan:"]
        by_file = sorted(findings, key=lambda f: (f.file is not None, f.file or ""))
        for file, group in groupby(by_file, key=lambda f: f.file):
            lines.append(f"[{t(file) if file else 'seluruh kiriman'}]")
            for f in sorted(group, key=lambda f: f.severity.rank):
                where = f" {t(f.where)}" if f.where else ""
                lines.append(f"  {LABELS[f.severity]:<10}{where}  {f.code}: {t(f.message)}")
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


def _pct(value: Any) -> str:
    """Figures of the summary: two decimals, no thousands separator (as the console always had)."""
    return fmt.number(value, 2, grouping=False)


def render_run(hasil, written, refused: bool = False) -> str:
    r = hasil.ringkasan
    lines = [f"LKjIP Kecamatan {t(hasil.kecamatan)} tahun {hasil.tahun}"]
    for s in r["sasaran"]:
        lines.append(
            f"  Sasaran {t(s['nomor'])}: {t(s['indikator'])}: target {_pct(s['target'])}, realisasi "
            f"{_pct(s['realisasi'])}, capaian {fmt.percent(s['capaian'], grouping=False)} ({t(s['kategori'] or '-')})"
        )
    change = r["perubahan_serapan_poin"]
    change_text = "" if change is None else f" ({fmt.points(change, grouping=False)} dari tahun lalu)"
    lines.append(
        f"  Serapan anggaran: {fmt.rupiah(r['realisasi'])} dari {fmt.rupiah(r['pagu'])} = "
        f"{fmt.percent(r['serapan'], grouping=False)}{change_text}"
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
        lines.append(f"Ditulis: {t(path)}")
    if r["galat"] and not refused:
        lines.append(
            "Ada galat: lihat lembar 'Pemeriksaan' di buku kerja, perbaiki kiriman, lalu jalankan lagi."
        )
    return "\n".join(lines)


def echo(text: Any, err: bool = False, keep_newlines: bool = False, **style: Any) -> None:
    """Print ``text`` as one line, every character a terminal would act on shown escaped;
    with ``keep_newlines``, the line breaks of a text built here (whose values were escaped
    one by one) stay."""
    click.secho(t(text, keep_newlines=keep_newlines), err=err, **style)


def json_text(data: Any) -> str:
    """``data`` as indented JSON for the terminal: the strings as the outputs write them,
    and any character :func:`echo` would escape written as a JSON escape (same value)."""
    import simplejson

    return json_escape_unsafe(simplejson.dumps(texts(data), use_decimal=True, ensure_ascii=False, indent=2))
