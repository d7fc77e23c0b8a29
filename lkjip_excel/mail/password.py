"""The SMTP password: checked, asked for, and kept out of every message.

It is read only from ``LKJIP_SMTP_SANDI`` (:func:`~.settings.smtp_config`) or typed on the
terminal (:func:`ensure_password`); never from a file.
"""

from __future__ import annotations

import base64
import sys
from dataclasses import replace

from ..errors import UsageError
from .settings import ENV_PASSWORD, ENV_USER, SmtpConfig
from .text import unencodable


def check_credentials(config: SmtpConfig) -> None:
    """User and password must be sendable as UTF-8; the password is never shown, even in part."""
    for value, what, where in (
        (config.user, "Nama pengguna", f"pengguna di bagian [kirim] lkjip.toml atau {ENV_USER}"),
        (config.password or "", "Kata sandi", f"{ENV_PASSWORD} atau kata sandi yang diketik"),
    ):
        # checked character by character: no exception object ever holds the password
        if "\0" in value or any(unencodable(char) for char in value):
            raise UsageError(
                f"{what} surel berisi karakter yang tidak bisa dikirim (NUL atau teks yang bukan "
                f"UTF-8 sah); periksa {where}."
            )


def ensure_password(config: SmtpConfig, *, interactive: bool | None = None) -> SmtpConfig:
    """The config with a password when a user is set: as given, else asked on the terminal.

    ``interactive=None`` asks only when stdin is a terminal; otherwise a missing password is
    a :class:`UsageError` that names ``LKJIP_SMTP_SANDI``.
    """
    if not config.user or config.password:
        return config
    if interactive is None:
        interactive = sys.stdin is not None and sys.stdin.isatty()
    if not interactive:
        raise UsageError(
            f"Kata sandi surel untuk '{config.user}' belum ada: isi variabel lingkungan "
            f"{ENV_PASSWORD} (kata sandi tidak pernah dibaca dari berkas)."
        )
    import click

    password = click.prompt(
        f"Kata sandi surel untuk {config.user} (tidak tampil saat diketik)",
        hide_input=True,
        err=True,
    )
    return replace(config, password=password)


def utf8(value: str | bytes) -> bytes:
    # surrogate escapes are the bytes of an environment variable that was not UTF-8: sent as they came
    return value if isinstance(value, bytes) else value.encode("utf-8", "surrogateescape")


def redact(text: str, config: SmtpConfig) -> str:
    """A server may echo what it was sent: no message shows the password (nor its base64)."""
    password = config.password or ""
    if not password:
        return text
    secrets = {password, base64.b64encode(utf8(password)).decode("ascii")}
    for secret in sorted(secrets, key=len, reverse=True):
        text = text.replace(secret, "***")
    return text
