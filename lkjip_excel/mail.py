"""Send the LKjIP workbook by e-mail over SMTP (``lkjip-excel kirim``, ``proses --kirim-ke``).

The message is a standard-library :class:`~email.message.EmailMessage`: an Indonesian
subject and body with the summary of the result, the workbook attached, and optionally the
JSON export. The summary comes from a :class:`~lkjip_excel.engine.model.Hasil` (right after
``proses``) or from a JSON export (``kirim --json``); without either the body only names
the file.

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
"""

from __future__ import annotations

import base64
import binascii
import hmac
import ipaddress
import json
import os
import smtplib
import socket
import ssl
import stat
import sys
import threading
import time
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from email import policy
from email.headerregistry import Address, HeaderRegistry
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from typing import Any, Literal

from . import __version__
from .atomic import atomic_path
from .errors import LkjipError, SettingsError, UsageError
from .export import FORMAT
from .settings import Kirim, find_settings, load_settings

XLSX_TYPE = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
JSON_TYPE = ("application", "json")
JSON_FORMAT = FORMAT  # the export this module reads

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
AUTH_MECHANISMS = ("CRAM-MD5", "PLAIN", "LOGIN")  # smtplib's, in its order of preference
_MB = 1024 * 1024
_PORT_HINT = 'keamanan "ssl" biasanya port 465, "starttls" port 587'

Security = Literal["starttls", "ssl", "tidak"]


class MailError(LkjipError):
    """The message could not be built or sent (exit code 1); the text says why, in one line."""


# --------------------------------------------------------------------------- text

#: characters that change the direction of the text around them (they can forge a console line)
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_SHOWN_MAX = 120


def _unencodable(char: str) -> bool:
    """A lone surrogate that is not a byte escaped by the file system (so not UTF-8 at all)."""
    return 0xD800 <= ord(char) <= 0xDFFF and not 0xDC80 <= ord(char) <= 0xDCFF


def _is_control(char: str) -> bool:
    """Control, line/paragraph separator, direction override, or a surrogate (not UTF-8 text)."""
    return unicodedata.category(char) in ("Cc", "Zl", "Zp", "Cs") or char in _BIDI


def shown(text: Any) -> str:
    """``text`` safe on one console line: control, direction and undecodable characters escaped.

    A byte of a file name that was not UTF-8 (a surrogate escape) is shown as ``\\xNN``.
    """
    out = []
    for char in str(text):
        code = ord(char)
        if 0xDC80 <= code <= 0xDCFF:
            out.append(f"\\x{code - 0xDC00:02x}")
        elif _is_control(char):
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(char)
    text = "".join(out)
    return text if len(text) <= _SHOWN_MAX else text[: _SHOWN_MAX - 3] + "..."


def check_line(value: str, what: str, hint: str) -> str:
    """``value`` when it is one line of UTF-8 text fit for a mail header; else a :class:`UsageError`.

    Line breaks (CR, LF and their Unicode kin), other control characters, direction
    overrides and bytes that are not UTF-8 are refused: in a header they could add headers
    or recipients, on the console they could forge lines.
    """
    bad = next((char for char in value if _is_control(char)), None)
    if bad is None:
        return value
    if unicodedata.category(bad) == "Cs":
        problem = "bukan teks UTF-8 yang sah"
    else:
        problem = "berisi karakter kendali (mis. baris baru atau tab)"
    raise UsageError(f"{what} '{shown(value)}' {problem}: {hint}")


def _clean_body(text: str) -> str:
    """The body as text a mail can carry: what is not UTF-8 becomes U+FFFD, a control character a space."""
    out = []
    for char in text.replace("\r\n", "\n").replace("\r", "\n"):
        if unicodedata.category(char) == "Cs":
            out.append("\ufffd")
        elif _is_control(char) and char not in "\n\t":
            out.append(" ")
        else:
            out.append(char)
    return "".join(out)


# --------------------------------------------------------------------------- configuration


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


def check_credentials(config: SmtpConfig) -> None:
    """User and password must be sendable as UTF-8; the password is never shown, even in part."""
    for value, what, where in (
        (config.user, "Nama pengguna", f"pengguna di bagian [kirim] lkjip.toml atau {ENV_USER}"),
        (config.password or "", "Kata sandi", f"{ENV_PASSWORD} atau kata sandi yang diketik"),
    ):
        # checked character by character: no exception object ever holds the password
        if "\0" in value or any(_unencodable(char) for char in value):
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


# --------------------------------------------------------------------------- the summary


@dataclass(frozen=True)
class SasaranLine:
    nomor: Any
    indikator: str
    capaian: Any
    kategori: str | None


@dataclass(frozen=True)
class Summary:
    """What the body says about the result: the figures a Camat reads first."""

    kecamatan: str
    tahun: int | str
    sasaran: tuple[SasaranLine, ...] = ()
    serapan: Any = None
    pagu: Any = None
    realisasi: Any = None
    galat: int = 0
    peringatan: int = 0


def _summary(kecamatan: Any, tahun: Any, ringkasan: Mapping[str, Any]) -> Summary:
    sasaran = tuple(
        SasaranLine(
            nomor=s.get("nomor"),
            indikator=str(s.get("indikator") or ""),
            capaian=s.get("capaian"),
            kategori=s.get("kategori"),
        )
        for s in ringkasan.get("sasaran") or []
        if isinstance(s, Mapping)
    )
    return Summary(
        kecamatan=str(kecamatan),
        tahun=tahun,
        sasaran=sasaran,
        serapan=ringkasan.get("serapan"),
        pagu=ringkasan.get("pagu"),
        realisasi=ringkasan.get("realisasi"),
        galat=_count(ringkasan.get("galat")),
        peringatan=_count(ringkasan.get("peringatan")),
    )


def _count(value: Any) -> int:
    """A count from an export; anything that is not a sane whole number counts as 0."""
    try:
        return max(int(value or 0), 0)
    except (TypeError, ValueError, OverflowError):
        return 0


def summary_from_hasil(hasil) -> Summary:
    """The summary of a freshly computed :class:`~lkjip_excel.engine.model.Hasil`."""
    return _summary(hasil.kecamatan, hasil.tahun, hasil.ringkasan)


def summary_from_json(path: Path) -> Summary:
    """The summary of a JSON export written by ``lkjip-excel proses --json``."""
    path = Path(path)
    if not path.is_file():
        raise UsageError(f"Berkas JSON {shown(path)} tidak ada.")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        raise MailError(
            f"Berkas {shown(path)} tidak bisa dibaca sebagai JSON hasil 'lkjip-excel proses --json'."
        ) from None
    summary = _summary_from_data(data)
    if summary is None:
        raise MailError(f"Berkas {shown(path)} bukan hasil 'lkjip-excel proses --json'.")
    return summary


def _summary_from_data(data: Any) -> Summary | None:
    if (
        not isinstance(data, dict)
        or data.get("format") != JSON_FORMAT
        or not isinstance(data.get("ringkasan"), dict)
        or "kecamatan" not in data
        or "tahun" not in data
    ):
        return None
    return _summary(data["kecamatan"], data["tahun"], data["ringkasan"])


def summary_from_workbook(path: Path) -> Summary | None:
    """The summary ``proses`` recorded in its workbook (hidden sheet), or None for other files."""
    import python_calamine

    from .schema import META_SHEET

    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
        if META_SHEET not in workbook.sheet_names:
            return None
        rows = workbook.get_sheet_by_name(META_SHEET).to_python()
        data = json.loads(next(str(r[1]) for r in rows if r and r[0] == "ringkasan"))
    except Exception:  # noqa: BLE001 - any other workbook simply has no summary
        return None
    return _summary_from_data(data)


def _number(value: Any, decimals: int) -> str:
    if value is None or isinstance(value, bool):
        return "-"
    try:
        text = f"{value:,.{decimals}f}"
    except (TypeError, ValueError, OverflowError):
        return str(value)
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def _plain(value: float) -> str:
    """A setting as written: 20 -> '20', 0.5 -> '0,5'."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _mb(size: int, decimals: int = 1) -> str:
    return _number(size / _MB, decimals)


def default_subject(summary: Summary | None, workbook: Path) -> str:
    if summary is not None:
        return f"LKjIP Kecamatan {summary.kecamatan} Tahun {summary.tahun}"
    return f"LKjIP: {Path(workbook).name}"


def compose_body(
    workbook_name: str,
    summary: Summary | None = None,
    *,
    json_name: str | None = None,
    pesan: str | None = None,
) -> str:
    """The plain-text body (Indonesian): opening, summary, list of attachments."""
    lines = ["Yth. Bapak/Ibu,", ""]
    if pesan and pesan.strip():
        lines += [pesan.strip(), ""]
    elif summary is not None:
        lines += [
            "Bersama surel ini kami kirimkan Laporan Kinerja Instansi Pemerintah (LKjIP) "
            f"Kecamatan {summary.kecamatan} tahun {summary.tahun}.",
            "",
        ]
    else:
        lines += [f"Bersama surel ini kami kirimkan buku kerja LKjIP {workbook_name}.", ""]
    if summary is not None:
        lines.append(f"Ringkasan LKjIP Kecamatan {summary.kecamatan} tahun {summary.tahun}:")
        for s in summary.sasaran:
            lines.append(
                f"- Sasaran {s.nomor}: {s.indikator}: capaian {_number(s.capaian, 2)}% ({s.kategori or '-'})"
            )
        money = ""
        if summary.pagu is not None and summary.realisasi is not None:
            money = f" (Rp {_number(summary.realisasi, 0)} dari pagu Rp {_number(summary.pagu, 0)})"
        lines.append(f"- Serapan anggaran: {_number(summary.serapan, 2)}%{money}")
        lines.append(f"- Hasil pemeriksaan data: {summary.galat} galat, {summary.peringatan} peringatan")
        if summary.galat:
            lines.append(
                "  Masih ada galat pada data; rinciannya ada di lembar 'Pemeriksaan' pada buku kerja."
            )
        lines.append("")
    lines.append("Lampiran:")
    lines.append(f"- {workbook_name} (buku kerja LKjIP)")
    if json_name:
        lines.append(f"- {json_name} (data hasil dalam format JSON)")
    lines += ["", "Surel ini dibuat otomatis oleh lkjip-excel.", ""]
    return "\n".join(lines)


# --------------------------------------------------------------------------- the message

_HEADERS = HeaderRegistry()
_ADDRESS_EXAMPLE = (
    'Contoh yang benar: camat@banjarnegarakab.go.id atau "Camat <camat@banjarnegarakab.go.id>".'
)


def _split(value: str) -> list[str]:
    """Split on commas and semicolons outside quotes and angle brackets."""
    items, current, quoted, angled, escaped = [], "", False, False, False
    for char in value:
        if escaped:
            escaped = False
        elif char == "\\" and quoted:
            escaped = True
        elif char == '"':
            quoted = not quoted
        elif char == "<" and not quoted:
            angled = True
        elif char == ">" and not quoted:
            angled = False
        if char in ",;" and not quoted and not angled:
            items.append(current)
            current = ""
        else:
            current += char
    items.append(current)
    return [item.strip() for item in items if item.strip()]


def _hostname(domain: str) -> bool:
    """A DNS host name with at least two labels (no address literal, no single label)."""
    labels = domain.split(".")
    return (
        domain.isascii()
        and len(domain) <= 253
        and len(labels) >= 2
        and all(
            0 < len(label) <= 63 and label.replace("-", "").isalnum() and label[0] != "-" and label[-1] != "-"
            for label in labels
        )
    )


def _parse_address(item: str) -> Address | None:
    """One address parsed by the e-mail library's own header parser; None when it is not one."""
    try:
        header: Any = _HEADERS("To", item)
    except Exception:  # noqa: BLE001 - the parser's own errors: not an address
        return None
    if header.defects or len(header.addresses) != 1 or any(g.display_name for g in header.groups):
        return None
    address = header.addresses[0]
    if not address.username or not address.username.isascii() or not _hostname(address.domain):
        return None
    return Address(display_name=address.display_name, username=address.username, domain=address.domain)


def is_address(text: str) -> bool:
    """Whether ``text`` is exactly one valid address."""
    if not text or any(_is_control(char) for char in text):
        return False
    items = _split(text)
    return len(items) == 1 and _parse_address(items[0]) is not None


def parse_addresses(values: Sequence[str], role: str = "penerima") -> list[Address]:
    """``camat@x.go.id``, ``Camat <camat@x.go.id>``, several separated by commas or semicolons.

    Each is parsed by :mod:`email.headerregistry`; a malformed address, or one with a line
    break or another control character, is a :class:`UsageError` naming it.
    """
    out: list[Address] = []
    for value in values:
        check_line(value, f"Alamat {role}", f"tulis alamat dalam satu baris. {_ADDRESS_EXAMPLE}")
        for item in _split(value):
            address = _parse_address(item)
            if address is None:
                raise UsageError(f"Alamat {role} '{shown(item)}' tidak sah. {_ADDRESS_EXAMPLE}")
            out.append(address)
    return out


def _file_name(path: Path, what: str) -> None:
    """A name that can be shown and put in a header: UTF-8 and without control characters."""
    check_line(
        path.name,
        f"Nama berkas {what}",
        "ganti nama berkasnya (huruf, angka, spasi, - dan _ saja) lalu ulangi.",
    )


def _attachment_size(path: Path, what: str) -> int:
    """The size on disk of a regular file, without opening it (a FIFO would block the open)."""
    _file_name(path, what)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise UsageError(f"Berkas {what} {shown(path)} tidak ada.") from None
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or "nama berkas tidak sah"
        raise UsageError(f"Berkas {what} {shown(path)} tidak bisa dibaca: {reason}.") from None
    if stat.S_ISDIR(info.st_mode):
        raise UsageError(f"{shown(path)} adalah folder, bukan berkas: tulis nama berkas {what}.")
    if not stat.S_ISREG(info.st_mode):
        raise UsageError(
            f"{shown(path)} bukan berkas biasa (mis. pipa atau perangkat): tulis nama berkas {what}."
        )
    return info.st_size


def _read_attachment(path: Path, what: str, limit: int) -> bytes:
    """At most ``limit`` bytes of a regular file (a file that grew since it was measured is refused)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise UsageError(f"{shown(path)} bukan berkas biasa: tulis nama berkas {what}.")
            data = handle.read(limit + 1)
    except OSError as exc:
        raise UsageError(f"Berkas {what} {shown(path)} tidak bisa dibaca: {exc.strerror or exc}.") from None
    if len(data) > limit:
        raise MailError(f"Berkas {what} {shown(path)} berubah (bertambah besar) saat dibaca; ulangi.")
    return data


def _too_big(total: int, limit_mb: float) -> MailError:
    return MailError(
        f"Lampiran terlalu besar: {_mb(total, 2)} MB, batas {_plain(limit_mb)} MB. "
        "Naikkan batas_lampiran_mb di bagian [kirim] lkjip.toml bila server surel mengizinkan, "
        "atau bagikan berkas lewat tautan unduhan."
    )


def build_message(
    workbook: Path,
    to: Sequence[str],
    *,
    cc: Sequence[str] = (),
    sender: str = "",
    subject: str | None = None,
    pesan: str | None = None,
    summary: Summary | None = None,
    json_file: Path | None = None,
    attachment_limit_mb: float = 20.0,
) -> EmailMessage:
    """The complete message; raises before anything is sent.

    Problems: no or malformed recipient or sender, a subject or file name that cannot be a
    header, a missing file or one that is not a regular file (:class:`UsageError`);
    attachments over ``attachment_limit_mb`` (:class:`MailError`), measured on disk before
    anything is read.
    """
    to_addresses = parse_addresses(to, "penerima")
    cc_addresses = parse_addresses(cc, "tembusan (--cc)")
    if not to_addresses:
        raise UsageError("Tulis minimal satu alamat penerima: --ke ALAMAT.")
    from_address = None
    if sender:
        senders = parse_addresses(
            [sender], f"pengirim (pengirim di bagian [kirim] lkjip.toml atau {ENV_SENDER})"
        )
        if len(senders) != 1:
            raise UsageError(
                f"Tulis satu alamat pengirim saja di bagian [kirim] lkjip.toml atau {ENV_SENDER}."
            )
        from_address = senders[0]
    if subject is not None:
        check_line(
            subject, "Subjek surel (--subjek)", "tulis subjek dalam satu baris tanpa karakter kendali."
        )
    if pesan is not None:
        check_line(
            pesan.replace("\r", " ").replace("\n", " ").replace("\t", " "),
            "Pesan surel (--pesan)",
            "tulis pesan tanpa karakter kendali.",
        )

    workbook = Path(workbook)
    _file_name(workbook, "buku kerja")
    if workbook.suffix.lower() != ".xlsx":
        raise UsageError(
            f"{shown(workbook.name)} bukan buku kerja .xlsx; kirim berkas hasil 'lkjip-excel proses'."
        )
    files = [(workbook, "buku kerja", XLSX_TYPE)]
    if json_file is not None:
        files.append((Path(json_file), "JSON", JSON_TYPE))
    sizes = [_attachment_size(path, what) for path, what, _ in files]
    limit = int(min(attachment_limit_mb * _MB, 2**62))
    if sum(sizes) > limit:
        raise _too_big(sum(sizes), attachment_limit_mb)
    contents = []
    for path, what, mime in files:
        data = _read_attachment(path, what, limit)
        contents.append((path, data, mime))
        limit -= len(data)
    if summary is None and json_file is not None:
        summary = summary_from_json(Path(json_file))
    if summary is None:
        summary = summary_from_workbook(Path(workbook))

    msg = EmailMessage()
    if subject and subject.strip():
        msg["Subject"] = subject.strip()
    else:
        msg["Subject"] = check_line(
            default_subject(summary, workbook),
            "Subjek bawaan (dari nama kecamatan dan tahun)",
            "perbaiki nama kecamatan di lkjip.toml, atau tulis subjek sendiri dengan --subjek.",
        )
    if from_address is not None:
        msg["From"] = from_address
    msg["To"] = to_addresses
    if cc_addresses:
        msg["Cc"] = cc_addresses
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = make_msgid(domain=from_address.domain if from_address else "localhost")
    msg["X-Mailer"] = f"lkjip-excel {__version__}"
    msg.set_content(
        _clean_body(
            compose_body(
                workbook.name,
                summary,
                json_name=Path(json_file).name if json_file is not None else None,
                pesan=pesan,
            )
        )
    )
    for path, data, (maintype, subtype) in contents:
        # a non-ASCII name is encoded by the e-mail library (RFC 2231), quotes are escaped
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=path.name)
    return msg


def message_bytes(msg: EmailMessage) -> bytes:
    """The message as sent on the wire (CRLF line ends), also what ``--coba`` writes."""
    return msg.as_bytes(policy=policy.SMTP)


def write_eml(msg: EmailMessage, path: Path) -> Path:
    """Write the message as an .eml file (atomically), to look at instead of sending it."""
    path = Path(path)
    with atomic_path(path) as tmp:
        tmp.write_bytes(message_bytes(msg))
    return path


def envelope_recipients(msg: EmailMessage) -> list[str]:
    """The addresses of To, Cc and Bcc, each once, in order."""
    seen: list[str] = []
    for header in ("To", "Cc", "Bcc"):
        for address in getattr(msg[header], "addresses", ()) if msg[header] else ():
            if address.addr_spec not in seen:
                seen.append(address.addr_spec)
    return seen


# --------------------------------------------------------------------------- sending


def _server_text(response: Any) -> str:
    if isinstance(response, bytes):
        response = response.decode("utf-8", "replace")
    return shown(" ".join(str(response).split()))


def _reply(code: int, response: Any) -> str:
    text = _server_text(response)
    return f"{code} {text}".strip()


def _transfer(smtp: smtplib.SMTP, config: SmtpConfig, sender: str, recipients: list[str], data: bytes):
    """MAIL, every RCPT, and DATA only when every recipient was accepted."""
    options = [f"SIZE={len(data)}"] if smtp.has_extn("size") else []
    code, response = smtp.mail(sender, options)
    if code != 250:
        _reset(smtp)
        if code == 552:
            raise MailError(
                f"Server {config.host} menolak surel karena terlalu besar ({_reply(code, response)})."
            )
        if code == 530:
            raise MailError(
                f"Server {config.host} meminta login ({_reply(code, response)}): isi pengguna di "
                f"bagian [kirim] lkjip.toml atau {ENV_USER}."
            )
        raise MailError(
            f"Alamat pengirim {sender} ditolak server {config.host} ({_reply(code, response)}). "
            "Periksa pengirim di bagian [kirim] lkjip.toml."
        )
    refused: list[str] = []
    for recipient in recipients:
        code, response = smtp.rcpt(recipient)
        if code not in (250, 251):
            refused.append(f"{recipient} ({_reply(code, response)})")
    if refused:
        _reset(smtp)
        raise MailError(
            f"Alamat penerima ditolak server {config.host}: {'; '.join(refused)}. "
            "Surel belum dikirim ke siapa pun; periksa alamatnya lalu ulangi."
        )
    smtp.data(data)


def _reset(smtp: smtplib.SMTP) -> None:
    try:
        smtp.rset()
    except (smtplib.SMTPException, OSError):
        pass


def _utf8(value: str | bytes) -> bytes:
    # surrogate escapes are the bytes of an environment variable that was not UTF-8: sent as they came
    return value if isinstance(value, bytes) else value.encode("utf-8", "surrogateescape")


class _Deadline:
    """One time limit for a whole SMTP conversation.

    Every socket operation has its own timeout, but a server that answers one byte at a
    time never trips it. When the time is up, a timer thread shuts the connection down
    (under ``lock``, so never a socket that is being closed); the blocked read or write
    wakes at once and the failure is reported as the deadline.
    """

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.end = time.monotonic() + seconds
        self.expired = False
        self.lock = threading.Lock()
        self._client: smtplib.SMTP | None = None
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def bound(self, timeout: float) -> float:
        """``timeout`` cut to the time left (never 0: that would make the socket non-blocking)."""
        return max(min(timeout, self.end - time.monotonic()), 0.001)

    def over(self) -> bool:
        """Whether the time is up (a socket timeout cut to the time left fires just at the end)."""
        return self.expired or time.monotonic() >= self.end - 0.05

    def watch(self, client: smtplib.SMTP) -> None:
        with self.lock:
            self._client = client

    def _expire(self) -> None:
        with self.lock:
            self.expired = True
            sock = self._client.sock if self._client is not None else None
            if sock is not None:
                try:
                    # the plain socket call: an SSL socket's own shutdown() would change its state
                    socket.socket.shutdown(sock, socket.SHUT_RDWR)
                except OSError:
                    pass

    def cancel(self) -> None:
        self._timer.cancel()


class _Client(smtplib.SMTP):
    """smtplib's client with a deadline for the whole conversation and UTF-8 login.

    smtplib encodes what an AUTH mechanism returns as ASCII, so a password such as
    ``pässwörd€`` fails with an error that names the character; here user and password go
    out as UTF-8 (RFC 4616 for PLAIN; what servers expect for LOGIN and CRAM-MD5 too).
    """

    _max_challenges = 5

    def __init__(self, host: str, port: int, *, deadline: _Deadline, timeout: float, **kwargs: Any):
        self._deadline = deadline
        deadline.watch(self)
        super().__init__(host, port, timeout=timeout, **kwargs)

    def _get_socket(self, host, port, timeout):
        # connecting (and the TLS handshake of SMTP_SSL) is bounded by the time left
        return super()._get_socket(host, port, self._deadline.bound(timeout))

    def starttls(self, *args: Any, **kwargs: Any):
        if self.sock is not None:  # the TLS handshake is bounded by the time left
            self.sock.settimeout(self._deadline.bound(self.timeout))
        return super().starttls(*args, **kwargs)

    def close(self) -> None:
        with self._deadline.lock:
            super().close()

    def auth(self, mechanism, authobject, *, initial_response_ok=True):
        """As :meth:`smtplib.SMTP.auth`, with the responses sent as UTF-8 instead of ASCII."""
        mechanism = mechanism.upper()
        initial = authobject() if initial_response_ok else None
        if initial is not None:
            code, resp = self.docmd("AUTH", f"{mechanism} {base64.b64encode(_utf8(initial)).decode('ascii')}")
            self._auth_challenge_count = 1
        else:
            code, resp = self.docmd("AUTH", mechanism)
            self._auth_challenge_count = 0
        while code == 334:
            self._auth_challenge_count += 1
            if self._auth_challenge_count > self._max_challenges:
                raise smtplib.SMTPException("Server AUTH mechanism infinite loop.")
            try:
                challenge = base64.b64decode(resp, validate=True)
            except (binascii.Error, ValueError):
                raise smtplib.SMTPResponseException(code, b"AUTH challenge is not base64") from None
            code, resp = self.docmd(base64.b64encode(_utf8(authobject(challenge))).decode("ascii"))
        if code in (235, 503):
            return code, resp
        raise smtplib.SMTPAuthenticationError(code, resp)

    def auth_cram_md5(self, challenge=None):
        if challenge is None:
            return None
        return self.user + " " + hmac.HMAC(_utf8(self.password), challenge, "md5").hexdigest()


class _ClientSSL(_Client, smtplib.SMTP_SSL):
    """The same over implicit TLS (port 465)."""


def _connect(config: SmtpConfig, context: ssl.SSLContext | None, deadline: _Deadline) -> _Client:
    if config.security == "ssl":
        return _ClientSSL(
            config.host, config.port, deadline=deadline, timeout=config.timeout, context=context
        )
    return _Client(config.host, config.port, deadline=deadline, timeout=config.timeout)


def _converse(
    smtp: _Client,
    config: SmtpConfig,
    context: ssl.SSLContext | None,
    sender: str,
    recipients: list[str],
    data: bytes,
) -> None:
    where = f"{config.host}:{config.port}"
    smtp.ehlo()
    if config.security == "starttls":
        if not smtp.has_extn("starttls"):
            raise MailError(
                f'Server {where} tidak mendukung STARTTLS. Pakai keamanan = "ssl" (biasanya '
                'port 465), atau keamanan = "tidak" hanya di jaringan yang tepercaya.'
            )
        smtp.starttls(context=context)
        smtp.ehlo()
    if config.user:
        if not smtp.has_extn("auth"):
            raise MailError(
                f"Server {where} tidak menawarkan login (AUTH)"
                + (' tanpa TLS: pakai keamanan "starttls" atau "ssl"' if config.security == "tidak" else "")
                + "; atau kosongkan pengguna bila server tidak memerlukan login."
            )
        offered = smtp.esmtp_features.get("auth", "").upper().split()
        if not set(offered) & set(AUTH_MECHANISMS):
            raise MailError(
                f"Server {where} hanya menawarkan cara login {shown(' '.join(offered))}; yang didukung: "
                f"{', '.join(AUTH_MECHANISMS)}. Tanyakan ke pengelola server surel."
            )
        smtp.login(config.user, config.password or "")
    _transfer(smtp, config, sender, recipients, data)


_QUIT_TIMEOUT = 2.0


def _quit(smtp: smtplib.SMTP) -> None:
    """Say goodbye after a sent message, briefly: the outcome is known whatever the server does now."""
    try:
        if smtp.sock is not None:
            smtp.sock.settimeout(min(smtp.timeout, _QUIT_TIMEOUT))
            smtp.quit()
    except (smtplib.SMTPException, OSError, ValueError):
        pass
    finally:
        smtp.close()


def send_message(
    msg: EmailMessage, config: SmtpConfig, *, context: ssl.SSLContext | None = None
) -> list[str]:
    """Send ``msg`` through the server of ``config``; returns the envelope recipients.

    ``context`` replaces the verifying TLS context built from ``config`` (``LKJIP_SMTP_CA``).
    The whole conversation ends within ``config.deadline`` seconds. Every failure is a
    one-line :class:`MailError`, and none shows any part of the password.
    """
    if not config.host:
        raise UsageError(f"Server surel belum diatur: isi host di bagian [kirim] lkjip.toml atau {ENV_HOST}.")
    sender = config.from_address or (msg["From"].addresses[0].addr_spec if msg["From"] else "")
    if not sender:
        raise UsageError(
            f"Alamat pengirim belum diatur: isi pengirim di bagian [kirim] lkjip.toml atau {ENV_SENDER}."
        )
    recipients = envelope_recipients(msg)
    if not recipients:
        raise UsageError("Tulis minimal satu alamat penerima: --ke ALAMAT.")
    check_credentials(config)
    data = message_bytes(msg)
    where = f"{config.host}:{config.port}"
    if config.security != "tidak" and context is None:
        context = make_ssl_context(config)
    deadline = _Deadline(config.deadline)
    smtp: _Client | None = None
    sent = False
    try:
        smtp = _connect(config, context, deadline)
        _converse(smtp, config, context, sender, recipients, data)
        sent = True
    except MailError as exc:
        raise MailError(_redact(str(exc), config)) from None
    except (smtplib.SMTPException, OSError, UnicodeError, ValueError) as exc:
        if deadline.over():
            raise MailError(_deadline_message(config, where)) from None
        raise MailError(_redact(_failure(exc, config, where), config)) from None
    finally:
        if smtp is not None:
            # after a failure no QUIT: a stuck server would only delay the message
            _quit(smtp) if sent else smtp.close()
        deadline.cancel()
    return recipients


def _redact(text: str, config: SmtpConfig) -> str:
    """A server may echo what it was sent: no message shows the password (nor its base64)."""
    password = config.password or ""
    if not password:
        return text
    secrets = {password, base64.b64encode(_utf8(password)).decode("ascii")}
    for secret in sorted(secrets, key=len, reverse=True):
        text = text.replace(secret, "***")
    return text


def _failure(exc: BaseException, config: SmtpConfig, where: str) -> str:
    """The one Indonesian line for what went wrong while talking to the server."""
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return (
            f"Server {config.host} menolak login '{shown(config.user)}': nama pengguna atau kata sandi salah "
            f"({_reply(exc.smtp_code, exc.smtp_error)}). Untuk Gmail dan sejenisnya pakai sandi aplikasi."
        )
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return f"Server {where} tidak mendukung perintah yang diperlukan ({shown(exc)})."
    if isinstance(exc, smtplib.SMTPDataError):
        return f"Server {config.host} menolak isi surel ({_reply(exc.smtp_code, exc.smtp_error)})."
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        if "timed out" in str(exc):  # smtplib reports a read timeout as a disconnection
            return _timeout_message(config, where)
        return f"Server surel {where} memutus sambungan. Periksa port dan keamanan ({_PORT_HINT})."
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"Server surel {where} menjawab galat ({_reply(exc.smtp_code, exc.smtp_error)})."
    if isinstance(exc, smtplib.SMTPException):
        return f"Pengiriman lewat {where} gagal: {shown(exc)}."
    if isinstance(exc, ssl.SSLCertVerificationError):
        return (
            f"Sertifikat TLS server {config.host} tidak bisa dipercaya ({exc.verify_message or exc.reason}). "
            f"Bila server memakai sertifikat sendiri, isi {ENV_CA} dengan berkas sertifikat CA-nya."
        )
    if isinstance(exc, ssl.SSLError):
        return (
            f"Sambungan TLS ke {where} gagal ({exc.reason or 'galat TLS'}). Periksa keamanan di bagian "
            f"[kirim]: {_PORT_HINT}."
        )
    if isinstance(exc, socket.gaierror):
        return (
            f"Server surel {config.host} tidak ditemukan: periksa nama host di bagian [kirim] "
            "dan sambungan internet."
        )
    if isinstance(exc, ConnectionRefusedError):
        return f"Server surel {where} menolak sambungan: port salah atau layanan surel tidak berjalan."
    if isinstance(exc, TimeoutError):
        return _timeout_message(config, where)
    if isinstance(exc, OSError):
        return f"Server surel {where} tidak bisa dihubungi ({exc.strerror or 'galat jaringan'}). Periksa sambungan internet."
    # UnicodeError (a host name that is not a valid IDNA name), ValueError
    return (
        f"Nama server surel '{shown(config.host)}' tidak sah: perbaiki host di bagian [kirim] "
        f"lkjip.toml atau {ENV_HOST}."
    )


def _timeout_message(config: SmtpConfig, where: str) -> str:
    return (
        f"Server surel {where} tidak menjawab dalam {_plain(config.timeout)} detik. "
        f"Periksa host, port dan keamanan ({_PORT_HINT})."
    )


def _deadline_message(config: SmtpConfig, where: str) -> str:
    return (
        f"Pengiriman lewat {where} dihentikan: belum selesai dalam {_plain(config.deadline)} detik "
        "(server menjawab terlalu lambat); surel mungkin belum terkirim. Periksa host, port dan "
        "keamanan, atau naikkan batas_waktu di bagian [kirim] lkjip.toml bila sambungan memang lambat."
    )


# --------------------------------------------------------------------------- all in one


@dataclass(frozen=True)
class SendReport:
    """What :func:`send_workbook` did."""

    message: EmailMessage
    recipients: list[str]
    attachments: list[tuple[str, int]]
    #: the .eml file written instead of sending (``--coba``), else None
    dry_run: Path | None = None
    #: ``host:port`` the message went through, else ''
    server: str = ""


def send_workbook(
    workbook: Path,
    to: Sequence[str],
    *,
    cc: Sequence[str] = (),
    kirim: Kirim | None = None,
    summary: Summary | None = None,
    json_file: Path | None = None,
    subject: str | None = None,
    pesan: str | None = None,
    dry_run: Path | None = None,
    env: Mapping[str, str] | None = None,
    interactive: bool | None = None,
    context: ssl.SSLContext | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    warn: Callable[[str], None] | None = None,
) -> SendReport:
    """Build the message for ``workbook`` and send it, or write it to ``dry_run`` (.eml).

    ``summary`` (e.g. :func:`summary_from_hasil`) feeds the body; without it the summary is
    read from ``json_file`` when given. ``json_file`` is attached too. ``kirim`` is the
    ``[kirim]`` settings section (:func:`load_kirim_settings`), overridden by ``env``
    (default ``os.environ``). The password is asked on the terminal only when needed.
    ``warn`` receives the Indonesian warnings (default: printed on stderr), e.g. that no
    sender is set.
    """
    warn = warn or _warn_on_stderr
    if not any(str(item).strip() for item in to):
        raise UsageError("Tulis minimal satu alamat penerima: --ke ALAMAT.")
    if dry_run is not None:
        _refuse_clobber(Path(dry_run), Path(workbook), json_file)
    config = smtp_config(kirim, env, timeout=timeout)
    msg = build_message(
        workbook,
        to,
        cc=cc,
        sender=config.from_address,
        subject=subject,
        pesan=pesan,
        summary=summary,
        json_file=json_file,
        attachment_limit_mb=config.attachment_limit_mb,
    )
    attachments = [(part.get_filename() or "", len(part.get_content())) for part in msg.iter_attachments()]
    recipients = envelope_recipients(msg)
    if not config.sender:
        if config.from_address:
            warn(
                f"pengirim belum diatur; alamat pengguna {config.from_address} dipakai sebagai pengirim. "
                f"Isi pengirim di bagian [kirim] lkjip.toml atau {ENV_SENDER}."
            )
        elif dry_run is not None:
            warn(
                "pengirim belum diatur; surel coba ini tanpa alamat pengirim (From), dan pengiriman "
                f"sungguhan akan ditolak. Isi pengirim di bagian [kirim] lkjip.toml atau {ENV_SENDER}."
            )
    if dry_run is not None:
        write_eml(msg, Path(dry_run))
        return SendReport(msg, recipients, attachments, dry_run=Path(dry_run))
    if not config.host:
        raise UsageError(
            f"Server surel belum diatur: isi host di bagian [kirim] lkjip.toml atau {ENV_HOST} "
            "(atau pakai --coba BERKAS.eml untuk melihat surelnya saja)."
        )
    if not config.from_address:
        raise UsageError(
            f"Alamat pengirim belum diatur: isi pengirim di bagian [kirim] lkjip.toml atau {ENV_SENDER}."
        )
    config = ensure_password(config, interactive=interactive)
    send_message(msg, config, context=context)
    return SendReport(msg, recipients, attachments, server=f"{config.host}:{config.port}")


def _warn_on_stderr(text: str) -> None:
    import click

    click.echo(f"Peringatan: {text}", err=True)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        try:
            return a.resolve() == b.resolve()
        except (OSError, RuntimeError, ValueError):
            return False


def _refuse_clobber(eml: Path, workbook: Path, json_file: Path | None) -> None:
    """``--coba`` must not overwrite what is being sent."""
    for path, what in ((workbook, "buku kerja"), (json_file, "JSON")):
        if path is not None and _same_file(eml, Path(path)):
            raise UsageError(
                f"--coba {shown(eml)} akan menimpa berkas {what} yang dikirim; tulis nama berkas .eml lain."
            )


def render_send_report(report: SendReport) -> str:
    """The Indonesian lines the command prints after :func:`send_workbook`."""
    files = ", ".join(f"{name} ({_size(size)})" for name, size in report.attachments)
    if report.dry_run is not None:
        head = (
            f"Surel TIDAK dikirim (--coba); ditulis ke {report.dry_run}. "
            "Buka berkas itu dengan program surel untuk memeriksanya."
        )
    else:
        head = f"Surel terkirim lewat server {report.server}."
    return "\n".join(
        [
            head,
            f"  Subjek  : {report.message['Subject']}",
            f"  Penerima: {', '.join(report.recipients)}",
            f"  Lampiran: {files}",
        ]
    )


def _size(size: int) -> str:
    if size >= _MB:
        return f"{_mb(size)} MB"
    return f"{_number(max(size, 1) / 1024, 0 if size >= 10 * 1024 else 1)} KB"
