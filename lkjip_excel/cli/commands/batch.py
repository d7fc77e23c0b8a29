"""The commands over a folder of submissions: ``periksa`` (check) and ``proses`` (check,
compute, write the outputs, and mail them when asked), each one call of :mod:`...pipeline`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..console import echo
from ..options import EXIT_DATA, EXIT_OK, EXIT_USAGE, batch_options, help_option, settings_option


def _progress(quiet: bool):
    """A progress bar on stderr for long batches, unless ``--senyap``."""

    def wrap(paths):
        if quiet or len(paths) < 20:
            yield from paths
            return
        with click.progressbar(paths, label="Membaca berkas", file=sys.stderr) as bar:
            yield from bar

    return wrap


def _options(ctx: click.Context, settings_file, rekursif: bool, pakai_terbaru: bool, quiet: bool):
    """The reading options the two commands share (``batch_options``), for the pipeline."""
    from ...pipeline import Options

    return Options(
        settings_file=settings_file,
        recursive=rekursif,
        pakai_terbaru=pakai_terbaru,
        debug=ctx.obj["debug"],
        progress=_progress(quiet),
        cache=not ctx.params.get("tanpa_cache", False),
    )


tanpa_cache_option = click.option(
    "--tanpa-cache",
    "tanpa_cache",
    is_flag=True,
    help="Baca ulang semua berkas; jangan pakai hasil baca yang disimpan di .lkjip-cache/.",
)


@click.command("periksa")
@help_option
@click.argument("folder", required=False, type=click.Path(path_type=Path))
@settings_option
@batch_options
@tanpa_cache_option
@click.option("--json", "as_json", is_flag=True, help="Cetak temuan sebagai JSON.")
@click.pass_context
def periksa_command(
    ctx,
    folder: Path | None,
    settings_file,
    rekursif: bool,
    pakai_terbaru: bool,
    as_json: bool,
    senyap: bool,
    tanpa_cache: bool,
):
    """Periksa berkas kiriman di FOLDER: apa yang kurang atau salah, di lembar dan sel mana.

    FOLDER boleh folder kerja (berisi lkjip.toml; berkas dibaca dari masuk/) atau
    folder berisi berkas kiriman. Tanpa FOLDER: folder kerja tempat perintah dijalankan
    (lkjip.toml di folder ini atau di atasnya). Pemeriksaannya sama dengan 'proses'
    (termasuk pencocokan antarsumber), hanya tanpa menulis hasil.
    Kode keluar: 0 tanpa galat, 1 ada galat, 2 salah pakai.
    """
    from ...pipeline import check
    from ..console import render_check_report

    checked = check(folder, _options(ctx, settings_file, rekursif, pakai_terbaru, senyap or as_json))
    if as_json:
        from ..console import json_text

        echo(json_text(checked.to_dict()), keep_newlines=True)
    else:
        echo(render_check_report(checked.report, checked.findings), keep_newlines=True)
    ctx.exit(EXIT_DATA if checked.has_errors else EXIT_OK)


@click.command("proses")
@help_option
@click.argument("folder", required=False, type=click.Path(path_type=Path))
@settings_option
@click.option(
    "--keluar",
    "out_file",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="BERKAS",
    help="Berkas hasil. Bawaan: hasil/LKjIP-<tahun>-<kecamatan>.xlsx.",
)
@click.option(
    "--json",
    "json_file",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="BERKAS",
    help="Tulis juga hasil sebagai JSON.",
)
@click.option("--ketat", is_flag=True, help="Jangan tulis hasil bila ada galat.")
@click.option(
    "--naskah", "naskah", is_flag=True, help="Tulis juga naskah LKjIP (.docx) di samping buku kerja."
)
@click.option(
    "--templat-naskah",
    "naskah_template",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="BERKAS.docx",
    help="Templat Word sendiri untuk --naskah (isiannya: docs/naskah.md).",
)
@click.option("--naskah-pdf", "naskah_pdf", is_flag=True, help="Buat juga PDF naskahnya (perlu LibreOffice).")
@click.option(
    "--tanpa-arsip",
    "tanpa_arsip",
    is_flag=True,
    help="Jangan catat hasilnya di arsip folder kerja (arsip.sqlite).",
)
@batch_options
@tanpa_cache_option
@click.option(
    "--kirim-ke",
    "kirim_ke",
    multiple=True,
    metavar="ALAMAT",
    help="Kirim hasilnya lewat surel ke alamat ini (boleh diulang) bila hasil ditulis.",
)
@click.pass_context
def proses_command(
    ctx,
    folder: Path | None,
    settings_file,
    out_file,
    json_file,
    ketat,
    naskah,
    naskah_template,
    naskah_pdf,
    tanpa_arsip,
    rekursif,
    pakai_terbaru,
    senyap,
    kirim_ke,
    tanpa_cache,
):
    """Olah semua kiriman di FOLDER menjadi buku kerja LKjIP (dan JSON bila diminta).

    FOLDER seperti pada 'periksa'; tanpa FOLDER: folder kerja tempat perintah dijalankan.
    Temuannya sama dengan 'periksa'.
    Kode keluar: 0 tanpa galat, 1 ada galat (hasil tetap ditulis kecuali --ketat), 2 salah pakai.
    """
    from ...pipeline import run, send
    from ..console import render_run

    naskah = naskah or naskah_pdf or naskah_template is not None
    no_pdf = False
    template = None
    if naskah_template is not None:  # checked before anything is read or written
        from ...naskah.render import read_template

        template = read_template(naskah_template)
    ran = run(
        folder,
        _options(ctx, settings_file, rekursif, pakai_terbaru, senyap),
        out_file=out_file,
        json_file=json_file,
        ketat=ketat,
        arsip=not tanpa_arsip,
        naskah=naskah,
        naskah_pdf=naskah_pdf,
        naskah_template=naskah_template,
    )
    echo(render_run(ran.hasil, ran.written, refused=ran.refused), keep_newlines=True)
    if naskah and ran.written:
        from ...naskah import write_for_run
        from .naskah import render_drafted

        drafted = write_for_run(
            ran.hasil, ran.written[0], naskah_pdf, template, str(naskah_template or "bawaan")
        )
        echo(render_drafted(drafted), keep_newlines=True)
        if drafted.pdf_error:
            echo(f"Galat: {drafted.pdf_error}", err=True, fg="red")
            no_pdf = True
    if ran.archived is not None or ran.archive_error is not None:
        from .riwayat import archived_line

        echo(archived_line(ran), err=ran.archive_error is not None)
    if ran.archive_skipped is not None:
        echo(ran.archive_skipped)
    sent = send(ran, kirim_ke)
    if sent is not None:
        from ...mail import render_send_report

        echo(render_send_report(sent), keep_newlines=True)
    if ran.archive_error is not None or no_pdf:  # the outputs were written, the archive (or PDF) not
        ctx.exit(EXIT_USAGE)
    ctx.exit(EXIT_DATA if ran.has_errors else EXIT_OK)


COMMANDS = (periksa_command, proses_command)
