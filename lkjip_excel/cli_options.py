"""Options shared by several commands, declared once."""

from __future__ import annotations

from pathlib import Path

import click

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
