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
"""

from __future__ import annotations

import json
import os
import re
import smtplib
import socket
import ssl
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from email import policy
from email.headerregistry import Address
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
DEFAULT_TIMEOUT = 30.0
_MB = 1024 * 1024
_PORT_HINT = 'keamanan "ssl" biasanya port 465, "starttls" port 587'

Security = Literal["starttls", "ssl", "tidak"]


class MailError(LkjipError):
    """The message could not be built or sent (exit code 1); the text says why, in one line."""


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

    @property
    def from_address(self) -> str:
        """The sender: ``pengirim``, else ``pengguna`` when it is an address, else ''."""
        if self.sender:
            return self.sender
        return self.user if "@" in self.user else ""


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
        if not text.isdigit() or not 1 <= int(text) <= 65535:
            raise UsageError(f"{ENV_PORT} harus bilangan 1-65535, bukan '{text}'.")
        port = int(text)
    security = get(ENV_SECURITY).lower() or kirim.keamanan
    if security not in SECURITY_CHOICES:
        raise UsageError(
            f"{ENV_SECURITY} harus salah satu dari: {', '.join(SECURITY_CHOICES)} (bukan '{security}')."
        )
    return SmtpConfig(
        host=get(ENV_HOST) or kirim.host,
        port=port,
        user=get(ENV_USER) or kirim.pengguna,
        sender=get(ENV_SENDER) or kirim.pengirim,
        security=security,  # type: ignore[arg-type]
        attachment_limit_mb=kirim.batas_lampiran_mb,
        password=env.get(ENV_PASSWORD) or None,
        cafile=get(ENV_CA) or None,
        timeout=timeout,
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
        raise UsageError(f"Berkas sertifikat CA {path} ({ENV_CA}) tidak ada.")
    try:
        return ssl.create_default_context(cafile=str(path))
    except (ssl.SSLError, OSError, ValueError):
        raise UsageError(f"Berkas {path} ({ENV_CA}) tidak bisa dibaca sebagai sertifikat PEM.") from None


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
        galat=int(ringkasan.get("galat") or 0),
        peringatan=int(ringkasan.get("peringatan") or 0),
    )


def summary_from_hasil(hasil) -> Summary:
    """The summary of a freshly computed :class:`~lkjip_excel.engine.model.Hasil`."""
    return _summary(hasil.kecamatan, hasil.tahun, hasil.ringkasan)


def summary_from_json(path: Path) -> Summary:
    """The summary of a JSON export written by ``lkjip-excel proses --json``."""
    path = Path(path)
    if not path.is_file():
        raise MailError(f"Berkas JSON {path} tidak ada.")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        raise MailError(
            f"Berkas {path} tidak bisa dibaca sebagai JSON hasil 'lkjip-excel proses --json'."
        ) from None
    summary = _summary_from_data(data)
    if summary is None:
        raise MailError(f"Berkas {path} bukan hasil 'lkjip-excel proses --json'.")
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
    except (TypeError, ValueError):
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

_LOCAL = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_ADDR = rf"{_LOCAL}@{_LABEL}(?:\.{_LABEL})+"
_PLAIN = re.compile(rf"(?P<addr>{_ADDR})")
_NAMED = re.compile(rf"(?P<name>.*?)\s*<(?P<addr>{_ADDR})>")


def _split(value: str) -> list[str]:
    """Split on commas and semicolons outside quotes and angle brackets."""
    items, current, quoted, angled = [], "", False, False
    for char in value:
        if char == '"':
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


def parse_addresses(values: Sequence[str], role: str = "penerima") -> list[Address]:
    """``camat@x.go.id``, ``Camat <camat@x.go.id>``, several separated by commas.

    A malformed address is a :class:`UsageError` naming it.
    """
    out: list[Address] = []
    for value in values:
        for item in _split(value):
            match = _PLAIN.fullmatch(item) or _NAMED.fullmatch(item)
            if match is None:
                raise UsageError(
                    f"Alamat {role} '{item}' tidak sah. Contoh yang benar: camat@banjarnegarakab.go.id "
                    'atau "Camat <camat@banjarnegarakab.go.id>".'
                )
            name = (match.groupdict().get("name") or "").strip().strip('"').strip()
            addr = match["addr"]
            try:
                out.append(Address(display_name=name, addr_spec=addr))
            except (ValueError, IndexError):
                raise UsageError(f"Alamat {role} '{item}' tidak sah.") from None
    return out


def _attachment(path: Path, what: str) -> tuple[bytes, int]:
    if not path.exists():
        raise MailError(f"Berkas {what} {path} tidak ada.")
    if not path.is_file():
        raise MailError(f"{path} bukan berkas: tulis nama berkas {what}.")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise MailError(f"Berkas {path} tidak bisa dibaca: {exc.strerror}.") from None
    return data, len(data)


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

    Problems: no or malformed recipient (:class:`UsageError`), a missing file or attachments
    over ``attachment_limit_mb`` (:class:`MailError`).
    """
    to_addresses = parse_addresses(to, "penerima")
    cc_addresses = parse_addresses(cc, "tembusan (--cc)")
    if not to_addresses:
        raise UsageError("Tulis minimal satu alamat penerima: --ke ALAMAT.")
    from_address = parse_addresses([sender], "pengirim")[0] if sender else None

    workbook = Path(workbook)
    if workbook.suffix.lower() != ".xlsx":
        raise UsageError(f"{workbook.name} bukan buku kerja .xlsx; kirim berkas hasil 'lkjip-excel proses'.")
    files = [(workbook, "buku kerja", XLSX_TYPE)]
    if json_file is not None:
        files.append((Path(json_file), "JSON", JSON_TYPE))
    contents = [(path, *_attachment(path, what), mime) for path, what, mime in files]
    total = sum(size for _, _, size, _ in contents)
    if total > attachment_limit_mb * _MB:
        raise MailError(
            f"Lampiran terlalu besar: {_mb(total, 2)} MB, batas {_plain(attachment_limit_mb)} MB. "
            "Naikkan batas_lampiran_mb di bagian [kirim] lkjip.toml bila server surel mengizinkan, "
            "atau bagikan berkas lewat tautan unduhan."
        )
    if summary is None and json_file is not None:
        summary = summary_from_json(Path(json_file))
    if summary is None:
        summary = summary_from_workbook(Path(workbook))

    msg = EmailMessage()
    msg["Subject"] = subject.strip() if subject and subject.strip() else default_subject(summary, workbook)
    if from_address is not None:
        msg["From"] = from_address
    msg["To"] = to_addresses
    if cc_addresses:
        msg["Cc"] = cc_addresses
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = make_msgid(domain=from_address.domain if from_address else "localhost")
    msg["X-Mailer"] = f"lkjip-excel {__version__}"
    msg.set_content(
        compose_body(
            workbook.name,
            summary,
            json_name=Path(json_file).name if json_file is not None else None,
            pesan=pesan,
        )
    )
    for path, data, _, (maintype, subtype) in contents:
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
    return " ".join(str(response).split())


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


def send_message(
    msg: EmailMessage, config: SmtpConfig, *, context: ssl.SSLContext | None = None
) -> list[str]:
    """Send ``msg`` through the server of ``config``; returns the envelope recipients.

    ``context`` replaces the verifying TLS context built from ``config`` (``LKJIP_SMTP_CA``).
    Every failure is a one-line :class:`MailError`.
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
    data = message_bytes(msg)
    where = f"{config.host}:{config.port}"
    if config.security != "tidak" and context is None:
        context = make_ssl_context(config)
    try:
        if config.security == "ssl":
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                config.host, config.port, timeout=config.timeout, context=context
            )
        else:
            smtp = smtplib.SMTP(config.host, config.port, timeout=config.timeout)
        with smtp:
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
                        + (
                            ' tanpa TLS: pakai keamanan "starttls" atau "ssl"'
                            if config.security == "tidak"
                            else ""
                        )
                        + "; atau kosongkan pengguna bila server tidak memerlukan login."
                    )
                smtp.login(config.user, config.password or "")
            _transfer(smtp, config, sender, recipients, data)
    except MailError:
        raise
    except smtplib.SMTPAuthenticationError as exc:
        raise MailError(
            f"Server {config.host} menolak login '{config.user}': nama pengguna atau kata sandi salah "
            f"({_reply(exc.smtp_code, exc.smtp_error)}). Untuk Gmail dan sejenisnya pakai sandi aplikasi."
        ) from None
    except smtplib.SMTPNotSupportedError as exc:
        raise MailError(f"Server {where} tidak mendukung perintah yang diperlukan ({exc}).") from None
    except smtplib.SMTPDataError as exc:
        raise MailError(
            f"Server {config.host} menolak isi surel ({_reply(exc.smtp_code, exc.smtp_error)})."
        ) from None
    except smtplib.SMTPServerDisconnected as exc:
        if "timed out" in str(exc):  # smtplib reports a read timeout as a disconnection
            raise MailError(_timeout_message(config, where)) from None
        raise MailError(
            f"Server surel {where} memutus sambungan. Periksa port dan keamanan ({_PORT_HINT})."
        ) from None
    except smtplib.SMTPResponseException as exc:
        raise MailError(
            f"Server surel {where} menjawab galat ({_reply(exc.smtp_code, exc.smtp_error)})."
        ) from None
    except smtplib.SMTPException as exc:
        raise MailError(f"Pengiriman lewat {where} gagal: {exc}.") from None
    except ssl.SSLCertVerificationError as exc:
        raise MailError(
            f"Sertifikat TLS server {config.host} tidak bisa dipercaya ({exc.verify_message or exc.reason}). "
            f"Bila server memakai sertifikat sendiri, isi {ENV_CA} dengan berkas sertifikat CA-nya."
        ) from None
    except ssl.SSLError as exc:
        raise MailError(
            f"Sambungan TLS ke {where} gagal ({exc.reason or exc}). Periksa keamanan di bagian [kirim]: "
            f"{_PORT_HINT}."
        ) from None
    except socket.gaierror:
        raise MailError(
            f"Server surel {config.host} tidak ditemukan: periksa nama host di bagian [kirim] "
            "dan sambungan internet."
        ) from None
    except ConnectionRefusedError:
        raise MailError(
            f"Server surel {where} menolak sambungan: port salah atau layanan surel tidak berjalan."
        ) from None
    except TimeoutError:
        raise MailError(_timeout_message(config, where)) from None
    except OSError as exc:
        raise MailError(
            f"Server surel {where} tidak bisa dihubungi ({exc.strerror or exc}). Periksa sambungan internet."
        ) from None
    return recipients


def _timeout_message(config: SmtpConfig, where: str) -> str:
    return (
        f"Server surel {where} tidak menjawab dalam {_plain(config.timeout)} detik. "
        f"Periksa host, port dan keamanan ({_PORT_HINT})."
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
) -> SendReport:
    """Build the message for ``workbook`` and send it, or write it to ``dry_run`` (.eml).

    ``summary`` (e.g. :func:`summary_from_hasil`) feeds the body; without it the summary is
    read from ``json_file`` when given. ``json_file`` is attached too. ``kirim`` is the
    ``[kirim]`` settings section (:func:`load_kirim_settings`), overridden by ``env``
    (default ``os.environ``). The password is asked on the terminal only when needed.
    """
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
    if dry_run is not None:
        write_eml(msg, Path(dry_run))
        return SendReport(msg, recipients, attachments, dry_run=Path(dry_run))
    if not config.host:
        raise UsageError(
            f"Server surel belum diatur: isi host di bagian [kirim] lkjip.toml atau {ENV_HOST} "
            "(atau pakai --coba BERKAS.eml untuk melihat surelnya saja)."
        )
    config = ensure_password(config, interactive=interactive)
    send_message(msg, config, context=context)
    return SendReport(msg, recipients, attachments, server=f"{config.host}:{config.port}")


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
