"""The ``lkjip-excel`` command line: a thin shell over the library.

Each command parses its options, calls one library function, prints, and maps the
outcome to an exit code: 0 ok, 1 the data has errors, 2 the command was used wrongly.
Command names are Indonesian; each has an English alias (hidden from the help).
"""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path

from . import interrupt

# Ctrl-C while the command line itself is still loading ends it quietly, too
with interrupt.while_importing():
    import click

    from . import __version__
    from .cli_options import batch_options, help_option, settings_option
    from .cli_text import IndonesianContext, usage_error_text
    from .console import echo
    from .errors import LkjipError

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = interrupt.EXIT_INTERRUPTED

ALIASES = {
    "templat": "templates",
    "skema": "schema",
    "periksa": "check",
    "proses": "run",
    "kirim": "send",
}


class LkjipGroup(click.Group):
    """Turns library exceptions into one-line Indonesian messages and exit codes."""

    context_class = IndonesianContext

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        """Click's own usage errors, in Indonesian; Ctrl-C and SIGTERM as ``Dibatalkan.``
        (exit 130); everything else as click does it."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        with interrupt.handled():
            try:
                rv = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
            except click.UsageError as exc:
                echo(usage_error_text(exc), err=True, keep_newlines=True)
                sys.exit(EXIT_USAGE)
            except (click.Abort, KeyboardInterrupt):
                interrupt.exit_interrupted()
            except click.ClickException as exc:
                echo(f"Galat: {exc.format_message()}", err=True)
                sys.exit(exc.exit_code)
            sys.exit(rv if isinstance(rv, int) else EXIT_OK)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except LkjipError as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            echo(f"Galat: {exc}", err=True, fg="red")
            ctx.exit(exc.exit_code)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except Exception as exc:  # noqa: BLE001 - the last net: never a traceback by default
            if ctx.obj and ctx.obj.get("debug"):
                raise
            echo(
                f"Galat internal: {type(exc).__name__}: {exc}. Jalankan ulang dengan "
                "'lkjip-excel --debug ...' dan kirim keluarannya ke pengembang.",
                err=True,
                fg="red",
            )
            ctx.exit(EXIT_DATA)

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        cmd.context_class = IndonesianContext
        super().add_command(cmd, name)
        alias = ALIASES.get(name or cmd.name or "")
        if alias:
            hidden = copy.copy(cmd)
            hidden.hidden = True
            super().add_command(hidden, alias)


@click.group(cls=LkjipGroup, invoke_without_command=True)
@help_option
@click.version_option(
    __version__, "--version", message="lkjip-excel %(version)s", help="Tampilkan versi lalu keluar."
)
@click.option("--debug", is_flag=True, help="Tampilkan rincian teknis (traceback) bila terjadi galat.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """lkjip-excel: kumpulkan, periksa dan olah data LKjIP kecamatan dari berkas Excel.

    Alur kerja: init -> templat -> (desa/seksi mengisi) -> periksa -> proses -> kirim.
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug
    if ctx.invoked_subcommand is None:  # no command: the help, and no error
        click.echo(ctx.get_help())
        ctx.exit(EXIT_OK)


@cli.command("init")
@help_option
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--kecamatan", required=True, metavar="NAMA", help="Nama kecamatan.")
@click.option("--tahun", required=True, type=int, metavar="TAHUN", help="Tahun laporan, misalnya 2025.")
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
    from .workspace import init_workspace, parse_desa_option

    ws = init_workspace(folder, kecamatan, tahun, parse_desa_option(desa), kabupaten, provinsi)
    echo(f"Folder kerja dibuat: {ws.root}")
    echo(f"  pengaturan : {ws.settings_path} ({len(ws.settings.desa)} desa)")
    echo(f"  formulir   : {ws.templates_dir}")
    echo(f"  masuk      : {ws.incoming_dir}  (taruh berkas kiriman desa/seksi di sini)")
    echo(f"  hasil      : {ws.output_dir}")
    echo(f"Langkah berikut: cd {ws.root} && lkjip-excel templat")


@cli.command("templat")
@help_option
@settings_option
@click.option(
    "--keluar",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    metavar="FOLDER",
    help="Folder tujuan. Bawaan: input_templates/ di folder kerja.",
)
def templat_command(settings_file: Path | None, out_dir: Path | None):
    """Buat formulir Excel kosong: satu per desa dan satu per seksi."""
    from .template import generate_templates
    from .workspace import open_workspace, template_outputs

    ws = open_workspace(settings_file)
    paths = generate_templates(ws.settings, template_outputs(ws, out_dir))
    for path in paths:
        echo(f"  {path}")
    echo(f"{len(paths)} formulir ditulis untuk Kecamatan {ws.settings.kecamatan} tahun {ws.settings.tahun}.")


@cli.command("skema")
@help_option
@click.option("--json", "as_json", is_flag=True, help="Cetak sebagai JSON (untuk program).")
@click.option("--markdown", is_flag=True, help="Cetak sebagai Markdown (dokumentasi pengembang).")
def skema_command(as_json: bool, markdown: bool):
    """Tampilkan standar isian: jenis formulir, tabel dan kolomnya."""
    from .schema import SCHEMA
    from .schema.export import schema_to_dict, schema_to_markdown, schema_to_text

    if as_json:
        click.echo(json.dumps(schema_to_dict(SCHEMA), ensure_ascii=False, indent=2))
    elif markdown:
        click.echo(schema_to_markdown(SCHEMA))
    else:
        click.echo(schema_to_text(SCHEMA))


def _progress(quiet: bool):
    """A progress bar on stderr for long batches, unless ``--senyap``."""

    def wrap(paths):
        if quiet or len(paths) < 20:
            yield from paths
            return
        with click.progressbar(paths, label="Membaca berkas", file=sys.stderr) as bar:
            yield from bar

    return wrap


@cli.command("periksa")
@help_option
@click.argument("folder", required=False, type=click.Path(path_type=Path))
@settings_option
@batch_options
@click.option("--json", "as_json", is_flag=True, help="Cetak temuan sebagai JSON.")
@click.pass_context
def periksa_command(
    ctx, folder: Path | None, settings_file, rekursif: bool, pakai_terbaru: bool, as_json: bool, senyap: bool
):
    """Periksa berkas kiriman di FOLDER: apa yang kurang atau salah, di lembar dan sel mana.

    FOLDER boleh folder kerja (berisi lkjip.toml; berkas dibaca dari masuk/) atau
    folder berisi berkas kiriman. Tanpa FOLDER: folder kerja tempat perintah dijalankan
    (lkjip.toml di folder ini atau di atasnya). Pemeriksaannya sama dengan 'proses'
    (termasuk pencocokan antarsumber), hanya tanpa menulis hasil.
    Kode keluar: 0 tanpa galat, 1 ada galat, 2 salah pakai.
    """
    from .console import render_check_report
    from .pipeline import Options, check

    checked = check(
        folder,
        Options(
            settings_file=settings_file,
            recursive=rekursif,
            pakai_terbaru=pakai_terbaru,
            debug=ctx.obj["debug"],
            progress=_progress(senyap or as_json),
        ),
    )
    if as_json:
        from .console import json_text

        echo(json_text(checked.to_dict()), keep_newlines=True)
    else:
        echo(render_check_report(checked.report, checked.findings), keep_newlines=True)
    ctx.exit(EXIT_DATA if checked.has_errors else EXIT_OK)


@cli.command("proses")
@help_option
@click.argument("folder", required=False, type=click.Path(path_type=Path))
@settings_option
@click.option(
    "--keluar",
    "out_file",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="BERKAS",
    help="Berkas hasil. Bawaan: output/LKjIP-<tahun>-<kecamatan>.xlsx.",
)
@click.option(
    "--json",
    "json_file",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="BERKAS",
    help="Tulis juga hasil sebagai JSON.",
)
@click.option("--ketat", is_flag=True, help="Jangan tulis hasil bila ada galat.")
@batch_options
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
    rekursif,
    pakai_terbaru,
    senyap,
    kirim_ke,
):
    """Olah semua kiriman di FOLDER menjadi buku kerja LKjIP (dan JSON bila diminta).

    FOLDER seperti pada 'periksa'; tanpa FOLDER: folder kerja tempat perintah dijalankan.
    Temuannya sama dengan 'periksa'.
    Kode keluar: 0 tanpa galat, 1 ada galat (hasil tetap ditulis kecuali --ketat), 2 salah pakai.
    """
    from .console import render_run
    from .pipeline import Options, run, send

    ran = run(
        folder,
        Options(
            settings_file=settings_file,
            recursive=rekursif,
            pakai_terbaru=pakai_terbaru,
            debug=ctx.obj["debug"],
            progress=_progress(senyap),
        ),
        out_file=out_file,
        json_file=json_file,
        ketat=ketat,
    )
    echo(render_run(ran.hasil, ran.written, refused=ran.refused), keep_newlines=True)
    if kirim_ke and ran.written:
        from .mail import render_send_report

        echo(render_send_report(send(ran, kirim_ke)), keep_newlines=True)
    ctx.exit(EXIT_DATA if ran.has_errors else EXIT_OK)


def _register_kirim() -> None:
    from .commands_kirim import kirim_command

    cli.add_command(kirim_command)


_register_kirim()
