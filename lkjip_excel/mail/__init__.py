"""Send the LKjIP workbook by e-mail over SMTP (``lkjip-excel kirim``, ``proses --kirim-ke``).

The message is a standard-library :class:`~email.message.EmailMessage`: an Indonesian
subject and body with the summary of the result, the workbook attached, and optionally the
JSON export. The summary is the engine's :class:`~lkjip_excel.engine.ringkasan.Ringkasan`,
taken from a :class:`~lkjip_excel.engine.model.Hasil` (right after ``proses``), from a JSON
export (``kirim --json``) or from the workbook ``proses`` wrote; without any the body only
names the file.

SMTP settings come from the ``[kirim]`` section of ``lkjip.toml``; the environment variables
``LKJIP_SMTP_HOST``, ``LKJIP_SMTP_PORT``, ``LKJIP_SMTP_PENGGUNA``, ``LKJIP_SMTP_PENGIRIM`` and
``LKJIP_SMTP_KEAMANAN`` override it (when set and not empty). The password is read only from
``LKJIP_SMTP_SANDI`` or asked interactively; never from a file. ``LKJIP_SMTP_CA`` names a
PEM file of trusted CA certificates (for servers with their own certificate).

Every failure is one Indonesian line: :class:`MailError` (exit code 1) for what went wrong
while sending, :class:`~lkjip_excel.errors.UsageError` (exit code 2) for a wrong command or
incomplete configuration. Nothing is sent to anyone unless every recipient is accepted.

Hostile input is refused before anything is read or sent: a header value (subject,
addresses, attachment names, the kecamatan in the default subject) with a line break or
another control character is a :class:`UsageError`, so no header can be injected;
attachments are checked by their size on disk before they are read. The whole conversation
with the server has one deadline (``batas_waktu`` in ``[kirim]``), however slowly the server
answers. Login sends user and password as UTF-8, and the password never appears in a message.

The modules, each importing only those above it:

- :mod:`.errors`, :mod:`.text` -- :class:`MailError`; header-safe and console-safe text, numbers
- :mod:`.addresses` -- parsing the addresses users write
- :mod:`.settings` -- :class:`SmtpConfig` from ``[kirim]`` and the environment, TLS context
- :mod:`.password` -- checking, asking for and redacting the password
- :mod:`.summary` -- :class:`Summary` from a Hasil, a JSON export or a workbook
- :mod:`.message` -- subject, body and attachments
- :mod:`.transport` -- the SMTP conversation with its deadline and UTF-8 login
- :mod:`.report` -- :class:`SendReport` and the lines the command prints
- :mod:`.send` -- :func:`send_workbook`, all of the above in one call
"""

from __future__ import annotations

from .addresses import envelope_recipients, is_address, parse_addresses
from .errors import MailError
from .message import (
    JSON_TYPE,
    XLSX_TYPE,
    build_message,
    compose_body,
    default_subject,
    message_bytes,
    write_eml,
)
from .password import check_credentials, ensure_password
from .report import SendReport, render_send_report
from .send import send_workbook
from .settings import (
    DEFAULT_DEADLINE,
    DEFAULT_TIMEOUT,
    ENV_CA,
    ENV_HOST,
    ENV_PASSWORD,
    ENV_PORT,
    ENV_SECURITY,
    ENV_SENDER,
    ENV_USER,
    SECURITY_CHOICES,
    Security,
    SmtpConfig,
    load_kirim_settings,
    make_ssl_context,
    smtp_config,
)
from .summary import JSON_FORMAT, Summary, summary_from_hasil, summary_from_json, summary_from_workbook
from .text import check_line, shown
from .transport import AUTH_MECHANISMS, send_message

__all__ = [
    "AUTH_MECHANISMS",
    "DEFAULT_DEADLINE",
    "DEFAULT_TIMEOUT",
    "ENV_CA",
    "ENV_HOST",
    "ENV_PASSWORD",
    "ENV_PORT",
    "ENV_SECURITY",
    "ENV_SENDER",
    "ENV_USER",
    "JSON_FORMAT",
    "JSON_TYPE",
    "SECURITY_CHOICES",
    "XLSX_TYPE",
    "MailError",
    "Security",
    "SendReport",
    "SmtpConfig",
    "Summary",
    "build_message",
    "check_credentials",
    "check_line",
    "compose_body",
    "default_subject",
    "ensure_password",
    "envelope_recipients",
    "is_address",
    "load_kirim_settings",
    "make_ssl_context",
    "message_bytes",
    "parse_addresses",
    "render_send_report",
    "send_message",
    "send_workbook",
    "shown",
    "smtp_config",
    "summary_from_hasil",
    "summary_from_json",
    "summary_from_workbook",
    "write_eml",
]
