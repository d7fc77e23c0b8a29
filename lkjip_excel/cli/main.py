"""The command group: aliases, and every outcome mapped to a message and an exit code.

Command names are Indonesian; each has an English alias (hidden from the help).
"""

from __future__ import annotations

import copy
import sys

import click

from .. import __version__, interrupt
from ..errors import LkjipError
from .commands import batch, kirim, naskah, rekap, riwayat, workspace
from .console import echo
from .options import EXIT_DATA, EXIT_OK, EXIT_USAGE, OPTIONS_METAVAR, SUBCOMMAND_METAVAR, help_option
from .text import install_click_translation, usage_error_text

EXIT_INTERRUPTED = interrupt.EXIT_INTERRUPTED

__all__ = ["EXIT_DATA", "EXIT_INTERRUPTED", "EXIT_OK", "EXIT_USAGE", "LkjipGroup", "cli"]

install_click_translation()

ALIASES = {
    "templat": "templates",
    "skema": "schema",
    "periksa": "check",
    "proses": "run",
    "kirim": "send",
    "naskah": "document",
    "riwayat": "history",
    "rekap": "summary",
}


class LkjipGroup(click.Group):
    """Turns library exceptions into one-line Indonesian messages and exit codes."""

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
        cmd.options_metavar = OPTIONS_METAVAR
        super().add_command(cmd, name)
        alias = ALIASES.get(name or cmd.name or "")
        if alias:
            hidden = copy.copy(cmd)
            hidden.hidden = True
            super().add_command(hidden, alias)


@click.group(
    cls=LkjipGroup,
    invoke_without_command=True,
    options_metavar=OPTIONS_METAVAR,
    subcommand_metavar=SUBCOMMAND_METAVAR,
)
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


for command in (
    *workspace.COMMANDS,
    *batch.COMMANDS,
    *naskah.COMMANDS,
    kirim.kirim_command,
    *riwayat.COMMANDS,
    *rekap.COMMANDS,
):
    cli.add_command(command)
