"""Sending over SMTP: one deadline for the whole conversation, login in UTF-8.

Nothing is sent to anyone unless every recipient is accepted. Every failure is one
Indonesian :class:`MailError` line, and none shows any part of the password.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import smtplib
import socket
import ssl
import threading
import time
from email.message import EmailMessage
from typing import Any

from .. import fmt
from ..errors import UsageError
from .addresses import envelope_recipients
from .errors import MailError
from .message import message_bytes
from .password import check_credentials, redact, utf8
from .settings import ENV_CA, ENV_HOST, ENV_SENDER, ENV_USER, SmtpConfig, make_ssl_context
from .text import shown

AUTH_MECHANISMS = ("CRAM-MD5", "PLAIN", "LOGIN")  # smtplib's, in its order of preference
_PORT_HINT = 'keamanan "ssl" biasanya port 465, "starttls" port 587'


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
            code, resp = self.docmd("AUTH", f"{mechanism} {base64.b64encode(utf8(initial)).decode('ascii')}")
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
            code, resp = self.docmd(base64.b64encode(utf8(authobject(challenge))).decode("ascii"))
        if code in (235, 503):
            return code, resp
        raise smtplib.SMTPAuthenticationError(code, resp)

    def auth_cram_md5(self, challenge=None):
        if challenge is None:
            return None
        return self.user + " " + hmac.HMAC(utf8(self.password), challenge, "md5").hexdigest()


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
        raise MailError(redact(str(exc), config)) from None
    except (smtplib.SMTPException, OSError, UnicodeError, ValueError) as exc:
        if deadline.over():
            raise MailError(_deadline_message(config, where)) from None
        raise MailError(redact(_failure(exc, config, where), config)) from None
    finally:
        if smtp is not None:
            # after a failure no QUIT: a stuck server would only delay the message
            _quit(smtp) if sent else smtp.close()
        deadline.cancel()
    return recipients


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
        f"Server surel {where} tidak menjawab dalam {fmt.setting(config.timeout)} detik. "
        f"Periksa host, port dan keamanan ({_PORT_HINT})."
    )


def _deadline_message(config: SmtpConfig, where: str) -> str:
    return (
        f"Pengiriman lewat {where} dihentikan: belum selesai dalam {fmt.setting(config.deadline)} detik "
        "(server menjawab terlalu lambat); surel mungkin belum terkirim. Periksa host, port dan "
        "keamanan, atau naikkan batas_waktu di bagian [kirim] lkjip.toml bila sambungan memang lambat."
    )
