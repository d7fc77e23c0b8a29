"""The ``naskah`` command: the LKjIP document in Word, drafted from the computed result
(one call of :func:`lkjip_excel.naskah.draft`, or of ``write_default_template``)."""

from __future__ import annotations

from pathlib import Path

import click

from ...text import terminal_text as t
from ..console import echo
from ..options import EXIT_DATA, EXIT_OK, EXIT_USAGE, batch_options, help_option, settings_option


def render_drafted(drafted) -> str:
    """What ``naskah`` (and ``proses --naskah``) prints about the document."""
    hasil = drafted.hasil
    lines = [f"Naskah LKjIP Kecamatan {t(hasil.kecamatan)} tahun {hasil.tahun}"]
    if drafted.refused:
        lines.append(
            "Naskah TIDAK ditulis karena ada galat dan --ketat dipakai. Jalankan 'lkjip-excel periksa' "
            "untuk rinciannya."
        )
        return "\n".join(lines)
    for path in drafted.written:
        lines.append(f"Ditulis: {t(path)}")
    lines.append(
        f"Isian [Isi: …] yang masih harus dilengkapi: {drafted.placeholders} (bersorot kuning di naskah)."
    )
    galat = hasil.ringkasan.galat
    if galat:
        lines.append(
            f"Ada {galat} galat: halaman pertama naskah memuat pemberitahuannya. Perbaiki kiriman lalu "
            "buat naskah lagi sebelum ditandatangani."
        )
    return "\n".join(lines)


@click.command("naskah")
@help_option
@click.argument("folder", required=False, type=click.Path(path_type=Path))
@settings_option
@click.option(
    "--keluar",
    "out_file",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="BERKAS",
    help="Berkas naskah (.docx). Bawaan: di samping buku kerja, hasil/LKjIP-<tahun>-<kecamatan>.docx.",
)
@click.option(
    "--templat",
    "template_file",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="BERKAS.docx",
    help="Templat Word sendiri (isiannya: docs/naskah.md). Bawaan: templat lkjip-excel.",
)
@click.option(
    "--contoh-templat",
    "example_template",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="BERKAS.docx",
    help="Tulis templat bawaan ke BERKAS untuk diubah, lalu keluar (tanpa membaca kiriman).",
)
@click.option("--pdf", is_flag=True, help="Buat juga PDF-nya (perlu LibreOffice).")
@click.option("--ketat", is_flag=True, help="Jangan tulis naskah bila ada galat.")
@batch_options
@click.pass_context
def naskah_command(
    ctx,
    folder: Path | None,
    settings_file,
    out_file,
    template_file,
    example_template,
    pdf: bool,
    ketat: bool,
    rekursif: bool,
    pakai_terbaru: bool,
    senyap: bool,
):
    """Susun naskah LKjIP (Word .docx) dari data kiriman di FOLDER.

    Angka dan kalimatnya dihitung dari data yang sama dengan 'proses'; bagian yang perlu
    ditulis manusia ditandai [Isi: …] bersorot kuning, dan jumlahnya dicetak.
    FOLDER seperti pada 'periksa'; tanpa FOLDER: folder kerja tempat perintah dijalankan.
    Kode keluar: 0 tanpa galat, 1 ada galat (naskah tetap ditulis dengan pemberitahuan,
    kecuali --ketat), 2 salah pakai, templat rusak atau PDF tidak bisa dibuat.
    """
    if example_template is not None:
        from ...naskah import write_default_template

        written = write_default_template(example_template)
        echo(
            f"Ditulis: {t(written)}\nUbah teksnya di Word, lalu pakai dengan: lkjip-excel naskah --templat BERKAS.docx",
            keep_newlines=True,
        )
        ctx.exit(EXIT_OK)
    from ...naskah import draft
    from .batch import _options

    drafted = draft(
        folder,
        _options(ctx, settings_file, rekursif, pakai_terbaru, senyap),
        out_file=out_file,
        template_file=template_file,
        pdf=pdf,
        ketat=ketat,
    )
    echo(render_drafted(drafted), keep_newlines=True)
    if drafted.pdf_error:
        echo(f"Galat: {drafted.pdf_error}", err=True, fg="red")
        ctx.exit(EXIT_USAGE)
    ctx.exit(EXIT_DATA if drafted.has_errors else EXIT_OK)


COMMANDS = (naskah_command,)
