"""``rekap``: the kabupaten's workbook from many kecamatan results (one call of :mod:`...rekap`)."""

from __future__ import annotations

from pathlib import Path

import click

from ..console import echo
from ..options import EXIT_DATA, EXIT_OK, INTEGER, help_option


def render(done) -> str:
    from ...text import terminal_text as t
    from ..console import LABELS

    r = done.rekap
    lines = [f"Rekap LKjIP tahun {r.tahun if r.tahun is not None else '-'}: {len(r.rows)} kecamatan"]
    for f in r.findings:
        where = f" [{t(f.file)}]" if f.file else ""
        lines.append(f"  {LABELS[f.severity]:<10}{where} {f.code}: {t(f.message)}")
    for path in done.written:
        lines.append(f"Ditulis: {t(path)}")
    if not done.written:
        lines.append("Rekap TIDAK ditulis: tidak ada hasil kecamatan yang bisa dipakai.")
    return "\n".join(lines)


@click.command("rekap")
@help_option
@click.argument("sumber", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--keluar",
    "out_file",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="BERKAS",
    help="Buku kerja rekap kabupaten (.xlsx).",
)
@click.option(
    "--json",
    "json_file",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="BERKAS",
    help="Tulis juga sebagai JSON.",
)
@click.option(
    "--tahun", type=INTEGER, metavar="TAHUN", help="Tahun rekap. Bawaan: tahun yang paling banyak di SUMBER."
)
@click.pass_context
def rekap_command(ctx, sumber: tuple[Path, ...], out_file: Path, json_file: Path | None, tahun: int | None):
    """Rekap LKjIP semua kecamatan untuk kabupaten dari SUMBER.

    SUMBER: JSON dari 'lkjip-excel proses --json', berkas arsip.sqlite kecamatan, atau folder
    berisi berkas-berkas itu. Sumber yang hilang, rusak, tahun lain atau kecamatan ganda
    disebut di temuan. Kode keluar: 0 tanpa galat, 1 ada galat, 2 salah pakai.
    """
    from ...rekap import rekap

    done = rekap(list(sumber), out_file, json_file, tahun)
    echo(render(done), keep_newlines=True)
    ctx.exit(EXIT_DATA if done.rekap.has_errors else EXIT_OK)


COMMANDS = (rekap_command,)
