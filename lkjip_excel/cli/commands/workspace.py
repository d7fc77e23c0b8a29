"""The workspace commands: ``init`` (a new workspace), ``templat`` (its blank forms) and
``skema`` (the standard the forms follow)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..console import echo
from ..options import INTEGER, help_option, settings_option


@click.command("init")
@help_option
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--kecamatan", metavar="NAMA", help="Nama kecamatan (wajib, kecuali dengan --dari).")
@click.option(
    "--tahun",
    type=INTEGER,
    metavar="TAHUN",
    help="Tahun laporan, misalnya 2025 (wajib, kecuali dengan --dari).",
)
@click.option(
    "--desa",
    "desa",
    multiple=True,
    metavar="KODE=NAMA",
    help='Desa, boleh diulang: --desa "001=Purwareja" atau --desa Purwareja (kode otomatis).',
)
@click.option("--kabupaten", default="", metavar="NAMA", help="Nama kabupaten.")
@click.option("--provinsi", default="", metavar="NAMA", help="Nama provinsi.")
@click.option(
    "--dari",
    "dari",
    type=click.Path(file_okay=False, path_type=Path),
    metavar="FOLDER",
    help="Mulai dari folder kerja tahun lalu: pengaturan, desa, penandatangan dan arsipnya dibawa; tahun +1.",
)
@click.pass_context
def init_command(
    ctx,
    folder: Path,
    kecamatan: str | None,
    tahun: int | None,
    desa: tuple[str, ...],
    kabupaten: str,
    provinsi: str,
    dari: Path | None,
):
    """Buat folder kerja kecamatan: berkas pengaturan lkjip.toml dan folder-foldernya."""
    from ...workspace import init_workspace, parse_desa_option

    if dari is not None:
        from ...archive.next_year import init_from

        ws, archived = init_from(dari, folder, tahun)
        echo(f"Folder kerja tahun {ws.settings.tahun} dibuat dari {dari}: {ws.root}")
        echo("  pengaturan, desa dan penandatangan dibawa; periksa tanggal penandatanganan di lkjip.toml.")
        if archived:
            echo("  arsip disalin: 'lkjip-excel templat' mengisi angka tahun-tahun sebelumnya dari arsip.")
    else:
        for name, value in (("kecamatan", kecamatan), ("tahun", tahun)):
            if value is None:
                raise click.MissingParameter(
                    ctx=ctx, param=next(p for p in ctx.command.params if p.name == name)
                )
        assert kecamatan is not None and tahun is not None
        ws = init_workspace(folder, kecamatan, tahun, parse_desa_option(desa), kabupaten, provinsi)
        echo(f"Folder kerja dibuat: {ws.root}")
    echo(f"  pengaturan : {ws.settings_path} ({len(ws.settings.desa)} desa)")
    echo(f"  formulir   : {ws.templates_dir}")
    echo(f"  masuk      : {ws.incoming_dir}  (taruh berkas kiriman desa/seksi di sini)")
    echo(f"  hasil      : {ws.output_dir}")
    echo(f"Langkah berikut: cd {ws.root} && lkjip-excel templat")


@click.command("templat")
@help_option
@settings_option
@click.option(
    "--keluar",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    metavar="FOLDER",
    help="Folder tujuan. Bawaan: formulir/ di folder kerja (input_templates/ bila folder kerja lama memakainya).",
)
def templat_command(settings_file: Path | None, out_dir: Path | None):
    """Buat formulir Excel kosong: satu per desa dan satu per seksi."""
    from ...template import generate_templates
    from ...workspace import open_workspace, template_outputs

    ws = open_workspace(settings_file)
    target = template_outputs(ws, out_dir)
    from ...archive import archive_path
    from ...archive.prefill import prefill_data

    prefill = prefill_data(archive_path(ws.root), ws.settings.tahun, ws.settings)
    paths = generate_templates(ws.settings, target, prefill)
    for path in paths:
        echo(f"  {path}")
    echo(f"{len(paths)} formulir ditulis untuk Kecamatan {ws.settings.kecamatan} tahun {ws.settings.tahun}.")
    if prefill:
        echo(
            f"Angka tahun-tahun sebelumnya di formulir {', '.join(sorted(prefill))} diisi dari arsip "
            "(sel bercatatan); periksa sebelum dikirim."
        )


@click.command("skema")
@help_option
@click.option("--json", "as_json", is_flag=True, help="Cetak sebagai JSON (untuk program).")
@click.option("--markdown", is_flag=True, help="Cetak sebagai Markdown (dokumentasi pengembang).")
def skema_command(as_json: bool, markdown: bool):
    """Tampilkan standar isian: jenis formulir, tabel dan kolomnya."""
    from ...schema import SCHEMA
    from ...schema.export import schema_to_dict, schema_to_markdown, schema_to_text

    if as_json:
        click.echo(json.dumps(schema_to_dict(SCHEMA), ensure_ascii=False, indent=2))
    elif markdown:
        click.echo(schema_to_markdown(SCHEMA))
    else:
        click.echo(schema_to_text(SCHEMA))


COMMANDS = (init_command, templat_command, skema_command)
