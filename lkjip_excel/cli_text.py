"""Indonesian for the few texts click writes itself (help headings, usage errors)."""

from __future__ import annotations

import re

import click

from .text import terminal_text

HEADINGS = {"Options": "Pilihan", "Commands": "Perintah", "Arguments": "Argumen"}

#: click's usage-error messages and their Indonesian form
PATTERNS = (
    (r"Missing argument '(.+?)'\.", r"Argumen '\1' belum diberikan."),
    (r"Missing option '(.+?)'\.", r"Pilihan '\1' wajib diberikan."),
    (r"No such option: (\S+)", r"Pilihan \1 tidak dikenal."),
    (r"No such option '(.+?)'\.(.*)", r"Pilihan '\1' tidak dikenal.\2"),
    (r"No such command '(.+?)'\.", r"Perintah '\1' tidak dikenal."),
    (r"Option '(.+?)' requires an argument\.", r"Pilihan '\1' memerlukan nilai."),
    (r"Got unexpected extra arguments? \((.+?)\)", r"Ada argumen berlebih (\1)."),
    (r"Invalid value for '(.+?)': (.*)", r"Nilai untuk '\1' salah: \2"),
    (r"'(.+?)' is not a valid integer\.", r"'\1' bukan bilangan bulat."),
    (r"(File|Directory|Path) '(.+?)' does not exist\.", r"'\2' tidak ada."),
    (r"(File|Directory|Path) '(.+?)' is a directory\.", r"'\2' adalah folder, bukan berkas."),
    (r"(File|Directory|Path) '(.+?)' is a file\.", r"'\2' adalah berkas, bukan folder."),
    (r"Did you mean (.+?)\?", r"Maksud Anda \1?"),
    (r"\(Possible options: (.+?)\)", r"(pilihan yang mungkin: \1)"),
)


#: a value quoted in a message is cut to this many characters (a 5,000-digit --tahun)
MAX_QUOTED = 60


def _shorten(message: str) -> str:
    return re.sub(rf"'([^'\n]{{{MAX_QUOTED}}})[^'\n]+'", r"'\1...'", message)


def translate(message: str) -> str:
    for pattern, replacement in PATTERNS:
        message = re.sub(pattern, replacement, message)
    return _shorten(message)


class IndonesianFormatter(click.HelpFormatter):
    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(
            prog,
            args.replace("[OPTIONS]", "[PILIHAN]")
            .replace("COMMAND", "PERINTAH")
            .replace("[ARGS]", "[ARGUMEN]"),
            "Cara pakai: ",
        )

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        rows = [(term, text.replace("[required]", "[wajib]")) for term, text in rows]
        super().write_dl(rows, col_max, col_spacing)

    def write_heading(self, heading: str) -> None:
        super().write_heading(HEADINGS.get(heading, heading))


class IndonesianContext(click.Context):
    formatter_class = IndonesianFormatter


def usage_error_text(error: click.UsageError) -> str:
    """Two lines: what is wrong, and where to read how to use the command."""
    ctx = error.ctx
    command = ctx.command_path if ctx else "lkjip-excel"
    message = terminal_text(translate(error.format_message()))  # it may quote what was typed
    return f"Galat pemakaian: {message}\nLihat '{command} --help'."
