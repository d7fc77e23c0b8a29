"""Where and how to send: the ``[kirim]`` settings merged with the ``LKJIP_SMTP_*`` environment."""

from __future__ import annotations

import ipaddress
import os
import ssl
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from ..errors import SettingsError, UsageError
from ..settings import Kirim, find_settings, load_settings
from .addresses import is_address
from .text import check_line, shown

ENV_HOST = "LKJIP_SMTP_HOST"
ENV_PORT = "LKJIP_SMTP_PORT"
ENV_USER = "LKJIP_SMTP_PENGGUNA"
ENV_SENDER = "LKJIP_SMTP_PENGIRIM"
ENV_SECURITY = "LKJIP_SMTP_KEAMANAN"
ENV_PASSWORD = "LKJIP_SMTP_SANDI"
ENV_CA = "LKJIP_SMTP_CA"

SECURITY_CHOICES = ("starttls", "ssl", "tidak")
DEFAULT_TIMEOUT = 30.0  # one socket operation
DEFAULT_DEADLINE = 120.0  # the whole conversation: [kirim] batas_waktu
Security = Literal["starttls", "ssl", "tidak"]


@dataclass(frozen=True)
class SmtpConfig:
    """Where and how to send: the ``[kirim]`` settings with the environment applied."""

    host: str = ""
    port: int = 587
    user: str = ""
    sender: str = ""
    security: Security = "starttls"
    attachment_limit_mb: float = 20.0
    password: str | None = field(default=None, repr=False)
    cafile: str | None = None
    timeout: float = DEFAULT_TIMEOUT
    #: seconds for the whole sending (connect, TLS, login, message, QUIT)
    deadline: float = DEFAULT_DEADLINE

    @property
    def from_address(self) -> str:
        """The sender: ``pengirim``, else ``pengguna`` when it is an address, else ''."""
        if self.sender:
            return self.sender
        return self.user if is_address(self.user) else ""


def load_kirim_settings(settings_file: Path | None = None, *near: Path) -> Kirim:
    """The ``[kirim]`` section of the workspace settings.

    An explicit ``settings_file`` must exist and be valid (:class:`SettingsError` otherwise).
    Without it the settings are searched near the given folders and the current folder;
    when none is found the defaults apply (the environment can still configure everything).
    """
    if settings_file is not None:
        return load_settings(Path(settings_file)).kirim
    try:
        path = find_settings(*near, Path.cwd())
    except SettingsError:
        return Kirim()
    return load_settings(path).kirim


def smtp_config(
    kirim: Kirim | None = None,
    env: Mapping[str, str] | None = None,
    *,
    timeout: float = DEFAULT_TIMEOUT,
) -> SmtpConfig:
    """Merge the ``[kirim]`` settings with the ``LKJIP_SMTP_*`` environment (which wins).

    The password is read here from ``LKJIP_SMTP_SANDI`` only; see :func:`ensure_password`.
    """
    kirim = kirim or Kirim()
    env = os.environ if env is None else env

    def get(name: str) -> str:
        return (env.get(name) or "").strip()

    port = kirim.port
    if get(ENV_PORT):
        text = get(ENV_PORT)
        if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= 65535:
            raise UsageError(f"{ENV_PORT} harus bilangan 1-65535, bukan '{shown(text)}'.")
        port = int(text)
    security = get(ENV_SECURITY).lower() or kirim.keamanan
    if security not in SECURITY_CHOICES:
        raise UsageError(
            f"{ENV_SECURITY} harus salah satu dari: {', '.join(SECURITY_CHOICES)} "
            f"(bukan '{shown(security)}')."
        )
    config = SmtpConfig(
        host=get(ENV_HOST) or kirim.host,
        port=port,
        user=get(ENV_USER) or kirim.pengguna,
        sender=get(ENV_SENDER) or kirim.pengirim,
        security=security,  # type: ignore[arg-type]
        attachment_limit_mb=kirim.batas_lampiran_mb,
        password=env.get(ENV_PASSWORD) or None,
        cafile=get(ENV_CA) or None,
        timeout=timeout,
        deadline=kirim.batas_waktu,
    )
    for value, what, where in (
        (config.host, "Nama server surel", f"host di bagian [kirim] lkjip.toml atau {ENV_HOST}"),
        (config.user, "Nama pengguna surel", f"pengguna di bagian [kirim] lkjip.toml atau {ENV_USER}"),
        (config.cafile or "", "Nama berkas sertifikat CA", ENV_CA),
    ):
        check_line(value, what, f"perbaiki {where}.")
    if config.host and not _host_name_ok(config.host):
        raise UsageError(
            f"Nama server surel '{shown(config.host)}' tidak sah: perbaiki host di bagian [kirim] "
            f"lkjip.toml atau {ENV_HOST}."
        )
    return config


def _host_name_ok(host: str) -> bool:
    """An IP address, or a name the resolver accepts (IDNA: no empty or over-long label)."""
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        pass
    try:
        host.encode("idna")
    except UnicodeError:
        return False
    return True


def make_ssl_context(config: SmtpConfig) -> ssl.SSLContext:
    """A verifying client context; trusts ``config.cafile`` (``LKJIP_SMTP_CA``) when given."""
    if not config.cafile:
        return ssl.create_default_context()
    path = Path(config.cafile)
    if not path.is_file():
        raise UsageError(f"Berkas sertifikat CA {shown(path)} ({ENV_CA}) tidak ada.")
    try:
        return ssl.create_default_context(cafile=str(path))
    except (ssl.SSLError, OSError, ValueError):
        raise UsageError(
            f"Berkas {shown(path)} ({ENV_CA}) tidak bisa dibaca sebagai sertifikat PEM."
        ) from None
