"""What the mail tests share: loopback servers' handlers, a Hasil to summarise, running
``kirim`` and reading what arrived."""

from __future__ import annotations

import base64
import datetime as dt
import socket
from dataclasses import dataclass, field
from decimal import Decimal
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser

import click
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from click.testing import CliRunner

from lkjip_excel import mail
from lkjip_excel.cli import LkjipGroup, cli
from lkjip_excel.cli.commands.kirim import kirim_command
from lkjip_excel.engine.model import Hasil
from lkjip_excel.engine.ringkasan import Ringkasan, SasaranRingkasan

HOST = "127.0.0.1"
USER, PASSWORD = "camat", "rahasia-123"
SENDER = "kecamatan@sukamaju.go.id"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ENV_NAMES = [name for name in dir(mail) if name.startswith("ENV_")]


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    content: bytes
    authenticated: bool | None
    login: bytes | None
    tls: bool

    @property
    def message(self) -> EmailMessage:
        return BytesParser(policy=policy.default).parsebytes(self.content)


@dataclass
class Recorder:
    """An aiosmtpd handler that keeps the messages and refuses some recipients."""

    refuse: set[str] = field(default_factory=set)
    messages: list[Received] = field(default_factory=list)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 Mailbox tidak dikenal"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        login = session.auth_data.login if isinstance(session.auth_data, LoginPassword) else None
        self.messages.append(
            Received(
                envelope.mail_from,
                list(envelope.rcpt_tos),
                envelope.content,
                session.authenticated,
                login,
                session.ssl is not None,
            )
        )
        return "250 Message accepted for delivery"


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = (
        isinstance(auth_data, LoginPassword)
        and auth_data.login == USER.encode()
        and auth_data.password == PASSWORD.encode()
    )
    return AuthResult(success=True, auth_data=auth_data) if ok else AuthResult(success=False, handled=False)


class LoopbackController(Controller):
    """A controller on a port the system picks (port 0); ``port`` is the real one once started."""

    def _trigger_server(self):
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


@dataclass
class Server:
    port: int
    handler: Recorder


def free_port() -> int:
    """A port nobody listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def make_hasil() -> Hasil:
    return Hasil(
        kecamatan="Suka Maju",
        kabupaten="Contoh",
        provinsi="Jawa Tengah",
        tahun=2024,
        dibuat=dt.datetime(2025, 1, 15, 9, 30),
        tables={},
        findings=[],
        sources=[],
        ringkasan=Ringkasan(
            sasaran=(
                SasaranRingkasan(
                    nomor=1,
                    indikator="Nilai SAKIP Kecamatan",
                    target=Decimal("71.2"),
                    realisasi=Decimal("72.1"),
                    capaian=Decimal("101.26"),
                    capaian_tepat=Decimal("101.264"),
                    polaritas="Positif",
                    catatan=(),
                    kategori="Sangat Tinggi",
                ),
                SasaranRingkasan(
                    nomor=2,
                    indikator="Survey Kepuasan Masyarakat Kecamatan",
                    target=Decimal("85.5"),
                    realisasi=Decimal("86.3"),
                    capaian=Decimal("100.94"),
                    capaian_tepat=Decimal("100.936"),
                    polaritas="Positif",
                    catatan=(),
                    kategori="Sangat Tinggi",
                ),
            ),
            pagu=Decimal("2368755823"),
            realisasi=Decimal("2257682059"),
            serapan=Decimal("95.31"),
            serapan_tahun_lalu=Decimal("97.52"),
            perubahan_serapan_poin=Decimal("-2.21"),
            ikm=Decimal("85.00"),
            mutu_ikm="B",
            jumlah_desa=12,
            desa_dipakai=12,
            cakupan_desa="12 dari 12 desa",
            kiriman_diharapkan=14,
            kiriman_dipakai=14,
            kiriman_lengkap=True,
            galat=2,
            peringatan=19,
            info=0,
        ),
        settings={},
    )


def smtp_env(port: int, security: str = "tidak", **extra: str) -> dict[str, str]:
    env = {
        mail.ENV_HOST: HOST,
        mail.ENV_PORT: str(port),
        mail.ENV_SECURITY: security,
        mail.ENV_SENDER: SENDER,
    }
    env.update({getattr(mail, f"ENV_{key.upper()}"): value for key, value in extra.items()})
    return env


def app() -> click.Group:
    """The real ``cli`` once ``kirim`` is registered there; until then the same group class."""
    if "kirim" in cli.commands:
        return cli

    @click.group(cls=LkjipGroup)
    @click.pass_context
    def group(ctx: click.Context) -> None:
        ctx.ensure_object(dict)
        ctx.obj["debug"] = False

    group.add_command(kirim_command)
    return group


def kirim(*args, env: dict[str, str] | None = None):
    return CliRunner().invoke(app(), ["kirim", *map(str, args)], env=env)


def assert_fails(result, exit_code: int, *fragments: str) -> None:
    assert result.exit_code == exit_code, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output and "Galat internal" not in result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Galat: "), result.output
    for fragment in fragments:
        assert fragment in lines[0], result.output


def body(msg: EmailMessage) -> str:
    """The plain-text body; a message parsed from the wire keeps its CRLF line ends."""
    return msg.get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n")


def attachments(msg: EmailMessage) -> dict[str, tuple[str, bytes]]:
    return {
        part.get_filename(): (part.get_content_type(), part.get_content()) for part in msg.iter_attachments()
    }


def no_injection(server: Server) -> None:
    assert server.handler.messages == []


#: a password that is not ASCII: what smtplib alone cannot send
UTF8_PASSWORD = "pässwörd€"


def secret_fragments(password: str) -> list[str]:
    """What must never be printed: every non-ASCII character and every 3-character run."""
    return sorted(
        {c for c in password if not c.isascii()} | {password[i : i + 3] for i in range(len(password) - 2)}
    )


def assert_no_secret(text: str, password: str) -> None:
    assert password not in text
    for fragment in secret_fragments(password):
        assert fragment not in text, (fragment, text)
    assert base64.b64encode(password.encode()).decode() not in text
