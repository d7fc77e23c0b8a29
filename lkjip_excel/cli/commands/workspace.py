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
@click.option("--kecamatan", required=True, metavar="NAMA", help="Nama kecamatan.")
@click.option("--tahun", required=True, type=INTEGER, metavar="TAHUN", help="Tahun laporan, misalnya 2025.")
@click.option(
    "--desa",
    "desa",
    multiple=True,
    metavar="KODE=NAMA",
    help='Desa, boleh diulang: --desa "001=Purwareja" atau --desa Purwareja (kode otomatis).',
)
@click.option("--kabupaten", default="", metavar="NAMA", help="Nama kabupaten.")
@click.option("--provinsi", default="", metavar="NAMA", help="Nama provinsi.")
def init_command(
    folder: Path, kecamatan: str, tahun: int, desa: tuple[str, ...], kabupaten: str, provinsi: str
):
    """Buat folder kerja kecamatan: berkas pengaturan lkjip.toml dan folder-foldernya."""
    from ...workspace import init_workspace, parse_desa_option

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
    paths = generate_templates(ws.settings, template_outputs(ws, out_dir))
    for path in paths:
        echo(f"  {path}")
    echo(f"{len(paths)} formulir ditulis untuk Kecamatan {ws.settings.kecamatan} tahun {ws.settings.tahun}.")


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
