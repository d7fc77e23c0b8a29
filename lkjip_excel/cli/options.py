"""Options shared by several commands, declared once, and the exit codes."""

from __future__ import annotations

from pathlib import Path

import click

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2

#: click's own metavars, in Indonesian (they are not gettext messages in click)
OPTIONS_METAVAR = "[PILIHAN]"
#: (the group runs without a command too: the help, so the command is optional)
SUBCOMMAND_METAVAR = "[PERINTAH] [ARGUMEN]..."


class Integer(click.types.IntParamType):
    """``int`` named in Indonesian: click writes "'abc' bukan bilangan bulat." with this name."""

    name = "bilangan bulat"


INTEGER = Integer()

help_option = click.help_option("-h", "--help", help="Tampilkan bantuan ini lalu keluar.")

settings_option = click.option(
    "--pengaturan",
    "settings_file",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="BERKAS",
    help="Berkas pengaturan (lkjip.toml). Bawaan: dicari di folder kerja.",
)


def batch_options(command):
    """The options of every command that reads a folder of submissions (periksa, proses)."""
    for option in reversed(
        (
            click.option("--rekursif", is_flag=True, help="Baca juga subfolder."),
            click.option(
                "--pakai-terbaru",
                is_flag=True,
                help="Bila satu desa/seksi mengirim beberapa berkas berbeda, pakai yang terbaru.",
            ),
            click.option("--senyap", is_flag=True, help="Jangan tampilkan bilah kemajuan."),
        )
    ):
        command = option(command)
    return command
