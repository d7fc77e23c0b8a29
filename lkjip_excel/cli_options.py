"""Options shared by several commands, declared once."""

from __future__ import annotations

from pathlib import Path

import click

help_option = click.help_option("-h", "--help", help="Tampilkan bantuan ini lalu keluar.")

settings_option = click.option(
    "--pengaturan",
    "settings_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Berkas pengaturan (lkjip.toml). Bawaan: dicari di folder kerja.",
)
