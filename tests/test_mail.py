"""Sending the workbook: ``lkjip-excel kirim`` through a real SMTP server on loopback.

The servers are aiosmtpd controllers on 127.0.0.1 with a free port (bound to port 0): plain,
with AUTH, with STARTTLS and with implicit TLS, on a certificate made here with
``cryptography``. What arrives is parsed back and compared with what was sent.
"""

from __future__ import annotations

import ast
import base64
import datetime as dt
import hmac
import ipaddress
import json
import os
import random
import socket
import ssl
import threading
import time
import traceback
from dataclasses import dataclass, field
from decimal import Decimal
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

import click
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from click.testing import CliRunner

from lkjip_excel import mail
from lkjip_excel.cli import LkjipGroup, cli
from lkjip_excel.commands_kirim import kirim_command
from lkjip_excel.engine import proses
from lkjip_excel.engine.model import Hasil
from lkjip_excel.engine.ringkasan import Ringkasan, SasaranRingkasan
from lkjip_excel.errors import UsageError
from lkjip_excel.export import write_json
from lkjip_excel.settings import Kirim

# the plain AUTH server is deliberate: loopback only, to test login without TLS
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")

HOST = "127.0.0.1"
USER, PASSWORD = "camat", "rahasia-123"
SENDER = "kecamatan@sukamaju.go.id"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ENV_NAMES = [name for name in dir(mail) if name.startswith("ENV_")]


# --------------------------------------------------------------------------- servers


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


@pytest.fixture
def smtp_server():
    """Start servers with given aiosmtpd options; all are stopped at the end of the test."""
    started: list[Controller] = []

    def start(refuse: set[str] = frozenset(), **options) -> Server:
        handler = Recorder(refuse=set(refuse))
        controller = LoopbackController(handler, hostname=HOST, port=0, ready_timeout=10, **options)
        controller.start()
        started.append(controller)
        return Server(controller.port, handler)

    yield start
    for controller in started:
        controller.stop()


@pytest.fixture(scope="session")
def certs(tmp_path_factory) -> dict[str, Path]:
    """A test CA and a server certificate for 127.0.0.1 and localhost, signed by it."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    folder = tmp_path_factory.mktemp("certs")
    now = dt.datetime.now(dt.UTC)

    def builder(subject: str, issuer: str, public_key):
        return (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
            .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer)]))
            .public_key(public_key)
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        )

    usage = dict.fromkeys(
        [
            "digital_signature",
            "content_commitment",
            "key_encipherment",
            "data_encipherment",
            "key_agreement",
            "key_cert_sign",
            "crl_sign",
            "encipher_only",
            "decipher_only",
        ],
        False,
    )
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (
        builder("lkjip-excel uji CA", "lkjip-excel uji CA", ca_key.public_key())
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(**{**usage, "digital_signature": True, "key_cert_sign": True, "crl_sign": True}),
            critical=True,
        )
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    leaf = (
        builder("localhost", "lkjip-excel uji CA", key.public_key())
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address(HOST))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(**{**usage, "digital_signature": True}), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    paths = {"ca": folder / "ca.pem", "cert": folder / "server.pem", "key": folder / "server.key"}
    paths["ca"].write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    paths["cert"].write_bytes(leaf.public_bytes(serialization.Encoding.PEM))
    paths["key"].write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return paths


@pytest.fixture
def server_tls(certs) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(certs["cert"], certs["key"])
    return context


def free_port() -> int:
    """A port nobody listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


# --------------------------------------------------------------------------- inputs


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch, tmp_path):
    """No LKJIP_SMTP_* from the developer's shell, no lkjip.toml found by accident."""
    for name in ENV_NAMES:
        monkeypatch.delenv(getattr(mail, name), raising=False)
    monkeypatch.chdir(tmp_path)


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


@pytest.fixture
def workbook(tmp_path) -> Path:
    path = tmp_path / "LKjIP-2024-Suka-Maju.xlsx"
    path.write_bytes(b"PK\x03\x04" + random.Random(7).randbytes(60_000))
    return path


@pytest.fixture
def json_export(tmp_path) -> Path:
    return write_json(make_hasil(), tmp_path / "hasil.json")


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


# --------------------------------------------------------------------------- sending


def test_send_without_auth(smtp_server, workbook, json_export):
    server = smtp_server()
    result = kirim(
        workbook,
        "--ke",
        "Camat Suka Maju <camat@sukamaju.go.id>",
        "--ke",
        "sekcam@sukamaju.go.id, kasubag@sukamaju.go.id",
        "--cc",
        "bappeda@banjarnegarakab.go.id",
        "--json",
        json_export,
        env=smtp_env(server.port),
    )
    assert result.exit_code == 0, result.output
    assert f"Surel terkirim lewat server {HOST}:{server.port}." in result.output
    [received] = server.handler.messages
    assert received.mail_from == SENDER
    assert received.rcpt_tos == [
        "camat@sukamaju.go.id",
        "sekcam@sukamaju.go.id",
        "kasubag@sukamaju.go.id",
        "bappeda@banjarnegarakab.go.id",
    ]
    assert received.authenticated is None and not received.tls
    msg = received.message
    assert msg["Subject"] == "LKjIP Kecamatan Suka Maju Tahun 2024"
    assert msg["From"] == SENDER
    assert msg["To"].addresses[0].display_name == "Camat Suka Maju"
    assert [a.addr_spec for a in msg["To"].addresses] == received.rcpt_tos[:3]
    assert msg["Cc"] == "bappeda@banjarnegarakab.go.id"
    text = body(msg)
    for line in (
        "Laporan Kinerja Instansi Pemerintah (LKjIP) Kecamatan Suka Maju tahun 2024",
        "- Sasaran 1: Nilai SAKIP Kecamatan: capaian 101,26% (Sangat Tinggi)",
        "- Sasaran 2: Survey Kepuasan Masyarakat Kecamatan: capaian 100,94% (Sangat Tinggi)",
        "- Serapan anggaran: 95,31% (Rp 2.257.682.059 dari pagu Rp 2.368.755.823)",
        "- Hasil pemeriksaan data: 2 galat, 19 peringatan",
        "- LKjIP-2024-Suka-Maju.xlsx (buku kerja LKjIP)",
        "- hasil.json (data hasil dalam format JSON)",
    ):
        assert line in text
    assert attachments(msg) == {
        workbook.name: (XLSX, workbook.read_bytes()),
        "hasil.json": ("application/json", json_export.read_bytes()),
    }


def test_send_with_auth(smtp_server, workbook):
    server = smtp_server(authenticator=authenticator, auth_required=True, auth_require_tls=False)
    env = smtp_env(server.port, user=USER, password=PASSWORD)
    result = kirim(workbook, "--ke", "camat@sukamaju.go.id", "--subjek", "LKjIP 2024", env=env)
    assert result.exit_code == 0, result.output
    [received] = server.handler.messages
    assert received.authenticated is True and received.login == USER.encode()
    msg = received.message
    assert msg["Subject"] == "LKjIP 2024"
    assert "buku kerja LKjIP LKjIP-2024-Suka-Maju.xlsx" in body(msg)
    assert attachments(msg) == {workbook.name: (XLSX, workbook.read_bytes())}


def test_send_with_starttls_on_own_certificate(smtp_server, server_tls, certs, workbook):
    server = smtp_server(
        tls_context=server_tls, require_starttls=True, authenticator=authenticator, auth_required=True
    )
    env = smtp_env(server.port, "starttls", user=USER, password=PASSWORD, ca=str(certs["ca"]))
    result = kirim(workbook, "--ke", "camat@sukamaju.go.id", "--pesan", "Mohon diperiksa.", env=env)
    assert result.exit_code == 0, result.output
    [received] = server.handler.messages
    assert received.tls and received.authenticated is True
    assert body(received.message).startswith("Yth. Bapak/Ibu,\n\nMohon diperiksa.\n\nLampiran:\n")
    assert attachments(received.message)[workbook.name][1] == workbook.read_bytes()


def test_send_with_implicit_tls(smtp_server, server_tls, certs, workbook):
    server = smtp_server(ssl_context=server_tls)
    env = smtp_env(server.port, "ssl", ca=str(certs["ca"]))
    result = kirim(workbook, "--ke", "camat@sukamaju.go.id", env=env)
    assert result.exit_code == 0, result.output
    [received] = server.handler.messages
    assert attachments(received.message)[workbook.name][1] == workbook.read_bytes()


def test_library_sends_the_summary_of_a_hasil(smtp_server, workbook):
    server = smtp_server()
    report = mail.send_workbook(
        workbook,
        ["camat@sukamaju.go.id"],
        kirim=Kirim(host=HOST, port=server.port, keamanan="tidak", pengirim=SENDER),
        summary=mail.summary_from_hasil(make_hasil()),
        env={},
        timeout=10,
    )
    assert report.recipients == ["camat@sukamaju.go.id"] and report.dry_run is None
    assert mail.render_send_report(report).startswith("Surel terkirim lewat server")
    [received] = server.handler.messages
    assert "capaian 101,26% (Sangat Tinggi)" in body(received.message)


# --------------------------------------------------------------------------- --coba


def test_dry_run_writes_the_message_that_would_be_sent(smtp_server, workbook, json_export, tmp_path):
    server = smtp_server()
    args = [workbook, "--ke", "camat@sukamaju.go.id", "--cc", "sekcam@sukamaju.go.id", "--json", json_export]
    eml = tmp_path / "keluar" / "surel.eml"
    dry = kirim(*args, "--coba", eml, env=smtp_env(server.port))
    assert dry.exit_code == 0, dry.output
    assert "Surel TIDAK dikirim (--coba)" in dry.output
    assert server.handler.messages == []
    assert [p.name for p in eml.parent.iterdir()] == ["surel.eml"]

    sent = kirim(*args, env=smtp_env(server.port))
    assert sent.exit_code == 0, sent.output
    written = BytesParser(policy=policy.default).parsebytes(eml.read_bytes())
    received = server.handler.messages[0].message

    def headers(msg):
        # Date, Message-ID and the MIME boundary differ from one message to the next
        return [(k, str(v)) for k, v in msg.items() if k not in ("Date", "Message-ID", "Content-Type")]

    assert headers(written) == headers(received)
    assert written["Date"] and written["Message-ID"]
    assert written.get_content_type() == received.get_content_type() == "multipart/mixed"
    assert body(written) == body(received)
    assert (
        attachments(written)
        == attachments(received)
        == {
            workbook.name: (XLSX, workbook.read_bytes()),
            "hasil.json": ("application/json", json_export.read_bytes()),
        }
    )


def test_dry_run_needs_no_server(workbook, tmp_path):
    eml = tmp_path / "surel.eml"
    result = kirim(workbook, "--ke", "camat@sukamaju.go.id", "--coba", eml)
    assert result.exit_code == 0, result.output
    msg = BytesParser(policy=policy.default).parsebytes(eml.read_bytes())
    assert msg["Subject"] == f"LKjIP: {workbook.name}" and msg["From"] is None
    assert attachments(msg) == {workbook.name: (XLSX, workbook.read_bytes())}


# --------------------------------------------------------------------------- failures


def test_refused_recipient_sends_to_nobody(smtp_server, workbook):
    server = smtp_server(refuse={"salah@sukamaju.go.id"})
    result = kirim(
        workbook, "--ke", "camat@sukamaju.go.id", "--cc", "salah@sukamaju.go.id", env=smtp_env(server.port)
    )
    assert_fails(result, 1, "Alamat penerima ditolak", "salah@sukamaju.go.id (550", "belum dikirim")
    assert server.handler.messages == []


def test_wrong_password(smtp_server, workbook):
    server = smtp_server(authenticator=authenticator, auth_required=True, auth_require_tls=False)
    env = smtp_env(server.port, user=USER, password="keliru")
    result = kirim(workbook, "--ke", "camat@sukamaju.go.id", env=env)
    assert_fails(result, 1, f"menolak login '{USER}'", "kata sandi salah", "535")
    assert "keliru" not in result.output
    assert server.handler.messages == []


def test_connection_refused(workbook):
    port = free_port()
    result = kirim(workbook, "--ke", "camat@sukamaju.go.id", env=smtp_env(port))
    assert_fails(result, 1, f"{HOST}:{port} menolak sambungan")


def test_starttls_not_supported(smtp_server, workbook):
    server = smtp_server()
    result = kirim(workbook, "--ke", "camat@sukamaju.go.id", env=smtp_env(server.port, "starttls"))
    assert_fails(result, 1, "tidak mendukung STARTTLS")
    assert server.handler.messages == []


def test_untrusted_certificate(smtp_server, server_tls, workbook):
    server = smtp_server(tls_context=server_tls, require_starttls=True)
    result = kirim(workbook, "--ke", "camat@sukamaju.go.id", env=smtp_env(server.port, "starttls"))
    assert_fails(result, 1, "Sertifikat TLS server", "LKJIP_SMTP_CA")
    assert server.handler.messages == []


def test_tls_to_a_plain_server(smtp_server, workbook, certs):
    server = smtp_server()
    result = kirim(
        workbook, "--ke", "camat@sukamaju.go.id", env=smtp_env(server.port, "ssl", ca=str(certs["ca"]))
    )
    assert_fails(result, 1, "Sambungan TLS", "port 465")


def test_silent_server_times_out(workbook):
    with socket.socket() as listener:
        listener.bind((HOST, 0))
        listener.listen(1)  # accepts the connection in the kernel, never greets
        config = mail.SmtpConfig(host=HOST, port=listener.getsockname()[1], security="tidak", timeout=0.3)
        msg = mail.build_message(workbook, ["camat@sukamaju.go.id"], sender=SENDER)
        with pytest.raises(mail.MailError, match="tidak menjawab dalam 0,3 detik"):
            mail.send_message(msg, config)


def test_unknown_host(monkeypatch, workbook):
    def no_such_host(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)
    env = smtp_env(25) | {mail.ENV_HOST: "smtp.tidak-ada.invalid"}
    result = kirim(workbook, "--ke", "camat@sukamaju.go.id", env=env)
    assert_fails(result, 1, "smtp.tidak-ada.invalid tidak ditemukan")


def test_attachment_over_the_limit(smtp_server, workbook, tmp_path):
    server = smtp_server()
    settings = tmp_path / "lkjip.toml"
    settings.write_text(
        'kecamatan = "Suka Maju"\ntahun = 2024\n[[desa]]\nkode = "001"\nnama = "Alpha"\n'
        "[kirim]\nbatas_lampiran_mb = 0.05\n",
        encoding="utf-8",
    )
    result = kirim(
        workbook, "--ke", "camat@sukamaju.go.id", "--pengaturan", settings, env=smtp_env(server.port)
    )
    assert_fails(result, 1, "Lampiran terlalu besar: 0,06 MB, batas 0,05 MB", "batas_lampiran_mb")
    assert server.handler.messages == []


def test_missing_files(tmp_path, workbook):
    """A file that is not there is a wrong command (exit 2); a JSON of another kind is not (1)."""
    result = kirim(tmp_path / "tidak-ada.xlsx", "--ke", "camat@sukamaju.go.id")
    assert_fails(result, 2, "tidak-ada.xlsx tidak ada")
    result = kirim(workbook, "--ke", "camat@sukamaju.go.id", "--json", tmp_path / "x.json")
    assert_fails(result, 2, "Berkas JSON", "x.json tidak ada")
    other = tmp_path / "lain.json"
    other.write_text('{"format": "lain"}', encoding="utf-8")
    result = kirim(workbook, "--ke", "camat@sukamaju.go.id", "--json", other, "--coba", tmp_path / "a.eml")
    assert_fails(result, 1, "bukan hasil 'lkjip-excel proses --json'")


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        ((), "minimal satu alamat penerima"),
        (("--ke", "camat@sukamaju.go.id lain"), "Alamat penerima 'camat@sukamaju.go.id lain' tidak sah"),
        (("--ke", "camat"), "Alamat penerima 'camat' tidak sah"),
        (("--ke", "a@b.id", "--cc", "@x.id"), "Alamat tembusan (--cc) '@x.id' tidak sah"),
        (("--ke", "a@b.id"), "Server surel belum diatur"),
    ],
)
def test_usage_errors(workbook, args, fragment):
    assert_fails(kirim(workbook, *args), 2, fragment)


def test_not_a_workbook(tmp_path):
    path = tmp_path / "hasil.json"
    path.write_text("{}", encoding="utf-8")
    assert_fails(kirim(path, "--ke", "a@b.id"), 2, "bukan buku kerja .xlsx")


# --------------------------------------------------------------------------- settings and password


def test_environment_overrides_settings():
    kirim_settings = Kirim(host="smtp.a.id", port=25, pengguna="u", pengirim="p@a.id", keamanan="ssl")
    config = mail.smtp_config(kirim_settings, {})
    assert (config.host, config.port, config.user, config.sender, config.security) == (
        "smtp.a.id",
        25,
        "u",
        "p@a.id",
        "ssl",
    )
    env = smtp_env(2525, "starttls", user="v", password="s", ca="/x/ca.pem")
    config = mail.smtp_config(kirim_settings, env)
    assert (config.host, config.port, config.user, config.sender, config.security) == (
        HOST,
        2525,
        "v",
        SENDER,
        "starttls",
    )
    assert (config.password, config.cafile) == ("s", "/x/ca.pem")
    assert "password" not in repr(config)
    with pytest.raises(UsageError, match="LKJIP_SMTP_PORT"):
        mail.smtp_config(None, {mail.ENV_PORT: "lima"})
    with pytest.raises(UsageError, match="LKJIP_SMTP_KEAMANAN"):
        mail.smtp_config(None, {mail.ENV_SECURITY: "tls"})


def test_password_never_from_the_settings_file(tmp_path, workbook):
    settings = tmp_path / "lkjip.toml"
    settings.write_text(
        'kecamatan = "Suka Maju"\ntahun = 2024\n[[desa]]\nkode = "001"\nnama = "Alpha"\n'
        '[kirim]\nsandi = "rahasia"\n',
        encoding="utf-8",
    )
    result = kirim(workbook, "--ke", "a@b.id", "--pengaturan", settings)
    assert_fails(result, 2, "kirim.sandi", "kunci tidak dikenal")


def test_password_from_environment_or_prompt(smtp_server, workbook):
    server = smtp_server(authenticator=authenticator, auth_required=True, auth_require_tls=False)
    result = kirim(workbook, "--ke", "a@b.id", env=smtp_env(server.port, user=USER))
    assert_fails(result, 2, "LKJIP_SMTP_SANDI")

    config = mail.smtp_config(None, smtp_env(server.port, user=USER))
    with CliRunner().isolation(input=f"{PASSWORD}\n") as (_, err, _):
        asked = mail.ensure_password(config, interactive=True)
    assert asked.password == PASSWORD
    assert b"Kata sandi surel untuk camat" in err.getvalue() and PASSWORD.encode() not in err.getvalue()
    msg = mail.build_message(workbook, ["a@b.id"], sender=SENDER)
    assert mail.send_message(msg, asked) == ["a@b.id"]
    assert server.handler.messages[0].authenticated is True


# --------------------------------------------------------------------------- the summary


def test_summary_from_json_matches_summary_from_hasil(json_export):
    from_hasil = mail.summary_from_hasil(make_hasil())
    from_json = mail.summary_from_json(json_export)
    assert mail.compose_body("a.xlsx", from_json) == mail.compose_body("a.xlsx", from_hasil)
    assert mail.default_subject(from_json, Path("a.xlsx")) == "LKjIP Kecamatan Suka Maju Tahun 2024"
    body = mail.compose_body("a.xlsx", from_hasil)
    assert "Masih ada galat pada data" in body


def test_addresses():
    parsed = mail.parse_addresses(['"Camat, Kec. Suka Maju" <camat@sukamaju.go.id>; b@c.id', " d@e.co.id "])
    assert [(a.display_name, a.addr_spec) for a in parsed] == [
        ("Camat, Kec. Suka Maju", "camat@sukamaju.go.id"),
        ("", "b@c.id"),
        ("", "d@e.co.id"),
    ]
    for bad in ("a@b", "a@@b.id", "a b@c.id", "<a@b.id", "a..b@c.id"):
        with pytest.raises(UsageError):
            mail.parse_addresses([bad])


def test_proses_sends_after_a_successful_run(smtp_server, tmp_path):
    """``proses --kirim-ke`` writes the workbook, then sends it with the run's summary."""
    server = smtp_server()
    example = Path(__file__).resolve().parents[1] / "examples" / "purwareja-klampok-2024"
    out = tmp_path / "hasil.xlsx"
    result = CliRunner().invoke(
        cli,
        ["proses", str(example), "--keluar", str(out), "--senyap", "--kirim-ke", "camat@sukamaju.go.id"],
        env=smtp_env(server.port),
    )
    assert result.exit_code == 0, result.output
    [received] = server.handler.messages
    assert received.rcpt_tos == ["camat@sukamaju.go.id"]
    files = attachments(received.message)
    assert files["hasil.xlsx"][1] == out.read_bytes()
    assert "capaian 101,26% (Sangat Tinggi)" in body(received.message)


def test_proses_never_sends_when_ketat_refused(smtp_server, tmp_path):
    server = smtp_server()
    folder = tmp_path / "kosong"
    folder.mkdir()
    (folder / "lkjip.toml").write_text(
        'kecamatan = "K"\ntahun = 2025\n[[desa]]\nkode = "1"\nnama = "A"\n', encoding="utf-8"
    )
    result = CliRunner().invoke(
        cli, ["proses", str(folder), "--ketat", "--senyap", "--kirim-ke", "x@y.id"], env=smtp_env(server.port)
    )
    assert result.exit_code == 1
    assert server.handler.messages == []


def test_kirim_reads_the_summary_recorded_in_a_proses_workbook(tmp_path):
    """Without --json, the summary comes from the workbook that proses wrote."""
    example = Path(__file__).resolve().parents[1] / "examples" / "purwareja-klampok-2024"
    out = tmp_path / "hasil.xlsx"
    assert CliRunner().invoke(cli, ["proses", str(example), "--keluar", str(out), "--senyap"]).exit_code == 0
    eml = tmp_path / "coba.eml"
    result = kirim(out, "--ke", "camat@sukamaju.go.id", "--coba", eml)
    assert result.exit_code == 0, result.output
    msg = BytesParser(policy=policy.default).parsebytes(eml.read_bytes())
    assert msg["Subject"] == "LKjIP Kecamatan Purwareja Klampok Tahun 2024"
    assert "Serapan anggaran: 95,31%" in body(msg)
    # the same type, and the same body, as the summary of the run itself
    from_workbook = mail.summary_from_workbook(out)
    from_run = mail.summary_from_hasil(proses(example))
    assert isinstance(from_workbook, mail.Summary) and isinstance(from_workbook.ringkasan, Ringkasan)
    assert mail.compose_body("a.xlsx", from_workbook) == mail.compose_body("a.xlsx", from_run)
    assert from_workbook.ringkasan.peringatan == from_run.ringkasan.peringatan > 0
    assert mail.summary_from_workbook(eml) is None


# --------------------------------------------------------------------------- hostile input: login

UTF8_PASSWORD = "pässwörd€"


def utf8_authenticator(server, session, envelope, mechanism, auth_data):
    """Accepts ``camat`` or ``çamat`` with the UTF-8 password, as the bytes on the wire."""
    ok = (
        isinstance(auth_data, LoginPassword)
        and auth_data.login in (b"camat", "çamat".encode())
        and auth_data.password == UTF8_PASSWORD.encode()
    )
    return AuthResult(success=True, auth_data=auth_data) if ok else AuthResult(success=False, handled=False)


class CramRecorder(Recorder):
    """Also offers CRAM-MD5 (preferred by smtplib) keyed with the UTF-8 password."""

    challenge = b"<1896.697170952@sukamaju.go.id>"

    async def auth_CRAM__MD5(self, server, args):
        response = await server.challenge_auth(self.challenge)
        if not isinstance(response, bytes):
            return AuthResult(success=False)
        user, _, digest = response.rpartition(b" ")
        expected = hmac.HMAC(UTF8_PASSWORD.encode(), self.challenge, "md5").hexdigest().encode()
        ok = user == USER.encode() and hmac.compare_digest(digest, expected)
        return AuthResult(success=ok, auth_data=LoginPassword(user, b""))


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


@pytest.mark.parametrize(
    ("user", "exclude"),
    [(USER, ["LOGIN"]), (USER, ["PLAIN"]), ("çamat", ["LOGIN"]), ("çamat", ["PLAIN"])],
    ids=["plain", "login", "plain-utf8-user", "login-utf8-user"],
)
def test_utf8_password_logs_in(smtp_server, workbook, user, exclude):
    server = smtp_server(
        authenticator=utf8_authenticator,
        auth_required=True,
        auth_require_tls=False,
        auth_exclude_mechanism=exclude,
    )
    env = smtp_env(server.port, user=user, password=UTF8_PASSWORD)
    result = kirim(workbook, "--ke", "camat@sukamaju.go.id", env=env)
    assert result.exit_code == 0, result.output
    [received] = server.handler.messages
    assert received.authenticated is True and received.login == user.encode()
    assert_no_secret(result.output, UTF8_PASSWORD)


def test_utf8_password_logs_in_with_cram_md5(workbook):
    handler = CramRecorder()
    controller = LoopbackController(
        handler, hostname=HOST, port=0, ready_timeout=10, auth_required=True, auth_require_tls=False
    )
    controller.start()
    try:
        env = smtp_env(controller.port, user=USER, password=UTF8_PASSWORD)
        result = kirim(workbook, "--ke", "camat@sukamaju.go.id", env=env)
    finally:
        controller.stop()
    assert result.exit_code == 0, result.output
    [received] = handler.messages
    assert received.authenticated is True


def test_password_that_was_not_utf8_is_sent_as_its_bytes(smtp_server, workbook):
    """An environment variable in Latin-1 arrives as surrogate escapes: its bytes go out unchanged."""
    latin1 = b"p\xe4ss"

    def accept_latin1(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and auth_data.password == latin1
        return AuthResult(success=ok, auth_data=auth_data, handled=False)

    server = smtp_server(authenticator=accept_latin1, auth_required=True, auth_require_tls=False)
    config = mail.smtp_config(
        None, smtp_env(server.port, user=USER) | {mail.ENV_PASSWORD: os.fsdecode(latin1)}
    )
    msg = mail.build_message(workbook, ["a@b.id"], sender=SENDER)
    assert mail.send_message(msg, config) == ["a@b.id"]
    assert server.handler.messages[0].authenticated is True


@pytest.mark.parametrize("password", ["a\ud800b", "a\x00b"], ids=["lone-surrogate", "nul"])
def test_unsendable_password_is_a_usage_error_that_shows_nothing_of_it(workbook, password):
    config = mail.SmtpConfig(
        host=HOST, port=free_port(), user=USER, sender=SENDER, security="tidak", password=password
    )
    msg = mail.build_message(workbook, ["a@b.id"], sender=SENDER)
    with pytest.raises(UsageError) as caught:
        mail.send_message(msg, config)
    text = "".join(traceback.format_exception(caught.value))
    assert "Kata sandi surel berisi karakter yang tidak bisa dikirim" in str(caught.value)
    assert password not in text and "\\ud800" not in text and "\\x00" not in text


@pytest.mark.parametrize("debug", [False, True], ids=["plain", "debug"])
def test_wrong_utf8_password_is_never_shown(smtp_server, workbook, debug):
    server = smtp_server(authenticator=authenticator, auth_required=True, auth_require_tls=False)
    env = smtp_env(server.port, user=USER, password=UTF8_PASSWORD)
    args = ["--debug"] * debug + ["kirim", str(workbook), "--ke", "camat@sukamaju.go.id"]
    result = CliRunner().invoke(cli, args, env=env)
    assert result.exit_code == 1
    if debug:  # --debug shows the traceback: of the MailError, with nothing of the password
        assert isinstance(result.exception, mail.MailError)
        text = "".join(traceback.format_exception(result.exception)) + str(result.exception)
        assert "menolak login" in text
    else:
        assert_fails(result, 1, "menolak login", "535")
        text = result.output
    assert "UnicodeEncodeError" not in text
    assert_no_secret(text, UTF8_PASSWORD)
    assert server.handler.messages == []


def test_server_that_echoes_the_password_is_redacted(smtp_server, workbook):
    """A server may repeat what it got (as text or base64): the message never shows it."""
    secret = "Xq7-Zv9-Kw2-Jp4"

    def echo(server, session, envelope, mechanism, auth_data):
        said = auth_data.password.decode("ascii", "replace") if isinstance(auth_data, LoginPassword) else ""
        encoded = base64.b64encode(said.encode()).decode()
        return AuthResult(success=False, handled=False, message=f"535 5.7.8 sandi {said} ({encoded}) salah")

    server = smtp_server(authenticator=echo, auth_required=True, auth_require_tls=False)
    result = kirim(workbook, "--ke", "a@b.id", env=smtp_env(server.port, user=USER, password=secret))
    assert_fails(result, 1, "menolak login", "sandi *** (***) salah")
    assert_no_secret(result.output, secret)


def test_only_unknown_login_mechanisms(workbook):
    with DripServer(
        [(None, b"220 ok\r\n"), (b"EHLO", b"250-halo\r\n250 AUTH XOAUTH2 GSSAPI\r\n")], drip=b""
    ) as server:
        env = smtp_env(server.port, user=USER, password=PASSWORD)
        result = kirim(workbook, "--ke", "a@b.id", env=env)
    assert_fails(result, 1, "XOAUTH2 GSSAPI", "CRAM-MD5, PLAIN, LOGIN")


# --------------------------------------------------------------------------- hostile servers: the deadline


class DripServer:
    """A loopback server that follows ``script``, then sends ``drip`` one byte at a time, forever.

    ``script`` is a list of ``(command, reply)``: ``command`` None for the greeting, b"." for
    the message after DATA (read up to the line with the dot), else one command line read.
    Every loop is bounded (``max_steps`` bytes, socket timeouts) and ``stop`` ends it.
    """

    def __init__(self, script, drip: bytes, interval: float = 0.05, max_steps: int = 1200):
        self.script, self.drip, self.interval, self.max_steps = script, drip, interval, max_steps
        self.stop = threading.Event()
        self.listener = socket.socket()
        self.listener.bind((HOST, 0))
        self.listener.listen(4)
        self.listener.settimeout(0.2)
        self.port = self.listener.getsockname()[1]
        self.thread = threading.Thread(target=self._serve, daemon=True)

    def __enter__(self) -> DripServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        self.thread.join(timeout=10)
        self.listener.close()
        assert not self.thread.is_alive()

    def _serve(self) -> None:
        for _ in range(100):  # wait for the one client, bounded
            if self.stop.is_set():
                return
            try:
                conn, _ = self.listener.accept()
                break
            except TimeoutError:
                continue
        else:
            return
        with conn:
            conn.settimeout(10)
            try:
                self._talk(conn)
            except OSError:
                pass

    def _talk(self, conn: socket.socket) -> None:
        reader = conn.makefile("rb")
        for command, reply in self.script:
            if command == b".":
                for _ in range(100_000):
                    if reader.readline() in (b".\r\n", b""):
                        break
            elif command is not None:
                line = reader.readline()
                assert line.upper().startswith(command), line
            conn.sendall(reply)
        for step in range(self.max_steps):
            if self.stop.wait(self.interval):
                return
            if self.drip:
                conn.sendall(self.drip[step % len(self.drip) : step % len(self.drip) + 1])


GREETING = (None, b"220 lambat.sukamaju.go.id ESMTP\r\n")
EHLO = (b"EHLO", b"250-lambat.sukamaju.go.id\r\n250 8BITMIME\r\n")
TLS_RECORD = b"\x16\x03\x03\x40\x00" + b"\x02" * 64  # a handshake record that never completes

DRIPS = {
    "never-answers": ([], b"", "tidak"),
    "greeting-one-byte-at-a-time": ([], b"220 " + b"x" * 64, "tidak"),
    "endless-greeting-lines": ([], b"220-sebentar lagi\r\n", "tidak"),
    "ehlo-lines": ([GREETING], b"250-SIZE 1000\r\n", "tidak"),
    "starttls-handshake": (
        [GREETING, (b"EHLO", b"250-x\r\n250 STARTTLS\r\n"), (b"STARTTLS", b"220 mulai\r\n")],
        TLS_RECORD,
        "starttls",
    ),
    "ssl-handshake": ([], TLS_RECORD, "ssl"),
    "login": ([GREETING, (b"EHLO", b"250-x\r\n250 AUTH PLAIN LOGIN\r\n")], b"235-", "tidak"),
    "data-reply": (
        [
            GREETING,
            EHLO,
            (b"MAIL", b"250 ok\r\n"),
            (b"RCPT", b"250 ok\r\n"),
            (b"DATA", b"354 kirim\r\n"),
            (b".", b""),
        ],
        b"250-antri\r\n",
        "tidak",
    ),
}


@pytest.mark.parametrize("case", list(DRIPS))
def test_slow_server_is_cut_off_by_the_deadline(workbook, tmp_path, case):
    """Whatever phase the server drags out, the whole send ends at ``batas_waktu``."""
    script, drip, security = DRIPS[case]
    settings = tmp_path / "lkjip.toml"
    settings.write_text(
        'kecamatan = "Suka Maju"\ntahun = 2024\n[[desa]]\nkode = "001"\nnama = "Alpha"\n'
        "[kirim]\nbatas_waktu = 1\n",
        encoding="utf-8",
    )
    with DripServer(script, drip) as server:
        env = smtp_env(server.port, security)
        if case == "login":
            env |= smtp_env(server.port, security, user=USER, password=UTF8_PASSWORD)
        started = time.monotonic()
        result = kirim(workbook, "--ke", "camat@sukamaju.go.id", "--pengaturan", settings, env=env)
        elapsed = time.monotonic() - started
    assert elapsed < 1 + 4, elapsed  # the per-operation timeout is 30 s: only the deadline ends it
    assert_fails(result, 1, "dihentikan", "1 detik", "batas_waktu")
    assert_no_secret(result.output, UTF8_PASSWORD)


def test_deadline_setting():
    assert Kirim().batas_waktu == mail.DEFAULT_DEADLINE
    assert mail.smtp_config(Kirim(batas_waktu=7.5), {}).deadline == 7.5
    for bad in (0, -1, 10_000):
        with pytest.raises(ValueError):
            Kirim(batas_waktu=bad)


# --------------------------------------------------------------------------- hostile input: headers

SETTINGS_HEAD = 'kecamatan = "Suka Maju"\ntahun = 2024\n[[desa]]\nkode = "001"\nnama = "Alpha"\n'
CONTROL_TEXTS = {
    "crlf-bcc": "LKjIP\r\nBcc: penyusup@jahat.id",
    "lf": "LKjIP\nX-Sisip: 1",
    "cr": "LKjIP\rX-Sisip: 1",
    "nul": "LKjIP\x00",
    "esc": "LKjIP \x1b[2J",
    "tab": "LKjIP\t2024",
    "nel": "LKjIP\x85Bcc: penyusup@jahat.id",
    "line-separator": "LKjIP\u2028Bcc: penyusup@jahat.id",
    "rtl-override": "LKjIP \u202e4202",
    "not-utf8": "LKjIP " + os.fsdecode(b"\xe4"),
}


def no_injection(server: Server) -> None:
    assert server.handler.messages == []


@pytest.mark.parametrize("case", list(CONTROL_TEXTS))
def test_control_characters_in_the_subject(smtp_server, workbook, case):
    server = smtp_server()
    result = kirim(workbook, "--ke", "a@b.id", "--subjek", CONTROL_TEXTS[case], env=smtp_env(server.port))
    assert_fails(result, 2, "Subjek surel (--subjek)")
    assert "penyusup" not in result.output.split("'")[0]
    no_injection(server)


@pytest.mark.parametrize("case", ["crlf-bcc", "lf", "nel", "line-separator", "esc", "nul", "not-utf8"])
@pytest.mark.parametrize("option", ["--ke", "--cc"])
def test_control_characters_in_addresses(smtp_server, workbook, case, option):
    server = smtp_server()
    value = "camat@sukamaju.go.id" + CONTROL_TEXTS[case].removeprefix("LKjIP")
    args = ["--ke", "a@b.id"] * (option == "--cc") + [option, value]
    result = kirim(workbook, *args, env=smtp_env(server.port))
    assert_fails(result, 2, "Alamat")
    no_injection(server)


@pytest.mark.parametrize("source", ["environment", "settings"])
def test_control_characters_in_the_sender(smtp_server, workbook, tmp_path, source):
    server = smtp_server()
    env = smtp_env(server.port)
    args = [workbook, "--ke", "a@b.id"]
    if source == "environment":
        env[mail.ENV_SENDER] = "kecamatan@sukamaju.go.id\nBcc: penyusup@jahat.id"
    else:
        del env[mail.ENV_SENDER]
        settings = tmp_path / "lkjip.toml"
        settings.write_text(
            SETTINGS_HEAD + '[kirim]\npengirim = "kecamatan@sukamaju.go.id\\r\\nBcc: penyusup@jahat.id"\n',
            encoding="utf-8",
        )
        args += ["--pengaturan", settings]
    result = kirim(*args, env=env)
    assert_fails(result, 2, "Alamat pengirim", "lkjip.toml", mail.ENV_SENDER)
    no_injection(server)


@pytest.mark.parametrize("field", ["kecamatan", "tahun"])
def test_kecamatan_cannot_inject_into_the_default_subject(smtp_server, workbook, tmp_path, field):
    """The default subject is built from data (the JSON export, the workbook): checked as well."""
    server = smtp_server()
    hasil = make_hasil()
    export = write_json(hasil, tmp_path / "hasil.json")
    data = json.loads(export.read_text(encoding="utf-8"))
    data[field] = "Suka Maju\r\nBcc: penyusup@jahat.id"
    export.write_text(json.dumps(data), encoding="utf-8")
    result = kirim(workbook, "--ke", "a@b.id", "--json", export, env=smtp_env(server.port))
    assert_fails(result, 2, "Subjek bawaan", "--subjek")
    no_injection(server)
    # with a subject of one's own it is sent; the data only reaches the body, on one line
    result = kirim(
        workbook, "--ke", "a@b.id", "--json", export, "--subjek", "LKjIP", env=smtp_env(server.port)
    )
    assert result.exit_code == 0, result.output
    msg = server.handler.messages[0].message
    assert msg["Bcc"] is None and [k for k in msg.keys() if k.lower() == "bcc"] == []
    assert server.handler.messages[0].rcpt_tos == ["a@b.id"]


def test_kecamatan_from_the_settings_cannot_inject(smtp_server, tmp_path):
    """``proses --kirim-ke``: the subject is the kecamatan of lkjip.toml."""
    msg_summary = mail.Summary(
        kecamatan="Suka Maju\nBcc: penyusup@jahat.id", tahun=2024, ringkasan=make_hasil().ringkasan
    )
    path = tmp_path / "LKjIP.xlsx"
    path.write_bytes(b"PK\x03\x04")
    with pytest.raises(UsageError, match="Subjek bawaan"):
        mail.build_message(path, ["a@b.id"], summary=msg_summary)


def test_message_in_the_body_may_have_lines_but_no_control_characters(smtp_server, workbook):
    server = smtp_server()
    ok = kirim(workbook, "--ke", "a@b.id", "--pesan", "Baris satu.\nBaris dua.", env=smtp_env(server.port))
    assert ok.exit_code == 0, ok.output
    assert "Baris satu.\nBaris dua." in body(server.handler.messages[0].message)
    bad = kirim(workbook, "--ke", "a@b.id", "--pesan", "Awas\x1b[2J", env=smtp_env(server.port))
    assert_fails(bad, 2, "Pesan surel (--pesan)")


@pytest.mark.parametrize(
    "name",
    [
        'LKjIP "Suka Maju" 2024.xlsx',
        "LKjIP Kecamatan Pürwareja € 2024.xlsx",
        "LKjIP; filename=x.xlsx",
        "ÄÖÜ" * 40 + ".xlsx",
    ],
    ids=["quotes", "non-ascii", "parameter-syntax", "long-non-ascii"],
)
def test_attachment_names_are_encoded_by_the_email_library(smtp_server, tmp_path, name):
    server = smtp_server()
    path = tmp_path / name
    path.write_bytes(b"PK\x03\x04 isi")
    result = kirim(path, "--ke", "a@b.id", env=smtp_env(server.port))
    assert result.exit_code == 0, result.output
    [received] = server.handler.messages
    assert attachments(received.message) == {name: (XLSX, b"PK\x03\x04 isi")}
    assert received.content.isascii()  # non-ASCII names as RFC 2231 (filename*=utf-8''...)
    [part] = received.message.iter_attachments()
    assert len(part.get_params(header="content-disposition")) == 2  # attachment + filename only


@pytest.mark.parametrize(
    "raw",
    [b"LKjIP\r\nBcc: penyusup@jahat.id.xlsx", b"LKjIP\n.xlsx", b"LKjIP\x1b[2J.xlsx", b"LKjIP-\xe4.xlsx"],
    ids=["crlf", "lf", "esc", "not-utf8"],
)
def test_unusable_attachment_names_are_usage_errors(smtp_server, tmp_path, raw):
    server = smtp_server()
    path = Path(os.fsdecode(bytes(tmp_path) + b"/" + raw))
    path.write_bytes(b"PK\x03\x04")
    result = kirim(path, "--ke", "a@b.id", env=smtp_env(server.port))
    assert_fails(result, 2, "Nama berkas buku kerja", "ganti nama berkasnya")
    no_injection(server)
    if raw.endswith(b"\xe4.xlsx"):
        assert "LKjIP-\\xe4.xlsx" in result.output


def test_addresses_are_parsed_by_the_email_library():
    parsed = mail.parse_addresses(['"Camat \\"Suka\\" Maju" <camat@sukamaju.go.id>', "Cämat <c@d.go.id>"])
    assert [(a.display_name, a.addr_spec) for a in parsed] == [
        ('Camat "Suka" Maju', "camat@sukamaju.go.id"),
        ("Cämat", "c@d.go.id"),
    ]
    for bad in (
        "x: a@b.id;",
        "ä@b.id",
        "a@[127.0.0.1]",
        "a@-b.id",
        "a@b..id",
        "a@b.id>",
        "a.@b.id",
        '"a@b.id',
    ):
        with pytest.raises(UsageError):
            mail.parse_addresses([bad])
    assert not mail.is_address("a@b.id, c@d.id") and mail.is_address("Camat <a@b.id>")


# --------------------------------------------------------------------------- hostile input: files


def test_attachment_limit_is_checked_before_reading(smtp_server, workbook, tmp_path, monkeypatch):
    """A 2 GB (sparse) attachment is refused from its size on disk, without reading a byte."""
    server = smtp_server()
    big = tmp_path / "besar.xlsx"
    with open(big, "wb") as handle:
        handle.truncate(2 * 1024**3)
    big_json = tmp_path / "besar.json"
    with open(big_json, "wb") as handle:
        handle.truncate(2 * 1024**3)
    opened: list[str] = []
    real_open = os.open

    def guarded_open(path, *args, **kwargs):
        if Path(os.fsdecode(path)).name.startswith("besar"):
            opened.append(str(path))
            raise AssertionError("the attachment was opened")
        return real_open(path, *args, **kwargs)

    def no_read(self, *args, **kwargs):
        if self.name.startswith("besar"):
            opened.append(str(self))
            raise AssertionError("the attachment was read")
        return real_read_bytes(self, *args, **kwargs)

    real_read_bytes = Path.read_bytes
    monkeypatch.setattr(os, "open", guarded_open)
    monkeypatch.setattr(Path, "read_bytes", no_read)
    monkeypatch.setattr(Path, "read_text", no_read)
    started = time.monotonic()
    result = kirim(big, "--ke", "a@b.id", env=smtp_env(server.port))
    assert_fails(result, 1, "Lampiran terlalu besar: 2.048,00 MB, batas 20 MB")
    result = kirim(workbook, "--ke", "a@b.id", "--json", big_json, env=smtp_env(server.port))
    assert_fails(result, 1, "Lampiran terlalu besar")
    assert time.monotonic() - started < 5
    assert opened == []
    no_injection(server)


def run_bounded(*args, env=None, seconds: float = 20):
    """``kirim`` in a thread that must end in time (an open FIFO would block forever)."""
    box: dict = {}
    thread = threading.Thread(target=lambda: box.setdefault("result", kirim(*args, env=env)), daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "kirim hangs"
    return box["result"]


@pytest.mark.parametrize("kind", ["missing", "directory", "fifo"])
@pytest.mark.parametrize("which", ["workbook", "json"])
def test_attachments_that_are_not_files(smtp_server, workbook, tmp_path, kind, which):
    server = smtp_server()
    path = tmp_path / ("lampiran.xlsx" if which == "workbook" else "lampiran.json")
    if kind == "directory":
        path.mkdir()
    elif kind == "fifo":
        if not hasattr(os, "mkfifo"):
            pytest.skip("no FIFOs on this system")
        os.mkfifo(path)
    args = [path, "--ke", "a@b.id"] if which == "workbook" else [workbook, "--ke", "a@b.id", "--json", path]
    result = run_bounded(*args, env=smtp_env(server.port))
    expected = {"missing": "tidak ada", "directory": "adalah folder", "fifo": "bukan berkas biasa"}[kind]
    if which == "json" and kind == "directory":  # refused by click's own option check (dir_okay=False)
        assert result.exit_code == 2 and expected in result.output
        assert "Traceback" not in result.output and "Galat internal" not in result.output
    else:
        assert_fails(result, 2, expected)
    no_injection(server)


def test_dry_run_never_overwrites_what_is_sent(workbook, json_export):
    before = (workbook.read_bytes(), json_export.read_bytes())
    for target in (workbook, json_export):
        result = kirim(workbook, "--ke", "a@b.id", "--json", json_export, "--coba", target)
        assert_fails(result, 2, "--coba", "akan menimpa")
    assert (workbook.read_bytes(), json_export.read_bytes()) == before


@pytest.mark.parametrize(
    "content",
    ["[" * 100_000 + "]" * 100_000, '{"format": 1}', "\ud800"],
    ids=["deep-nesting", "other-format", "surrogate"],
)
def test_hostile_json_export(workbook, tmp_path, content):
    path = tmp_path / "hasil.json"
    path.write_text(content, encoding="utf-8", errors="surrogatepass")
    result = kirim(workbook, "--ke", "a@b.id", "--json", path, "--coba", tmp_path / "x.eml")
    assert_fails(result, 1, "hasil.json")


def test_odd_values_in_a_json_export(workbook, tmp_path):
    data = json.loads(write_json(make_hasil(), tmp_path / "hasil.json").read_text(encoding="utf-8"))
    data["ringkasan"]["galat"] = "banyak"
    data["ringkasan"]["peringatan"] = [1]
    data["ringkasan"]["sasaran"][0]["capaian"] = 10**400
    data["ringkasan"]["sasaran"][0]["indikator"] = "Nilai\x1b[2J \ud800"
    path = tmp_path / "aneh.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    eml = tmp_path / "x.eml"
    result = kirim(workbook, "--ke", "a@b.id", "--json", path, "--coba", eml)
    assert result.exit_code == 0, result.output
    text = body(BytesParser(policy=policy.default).parsebytes(eml.read_bytes()))
    assert "\x1b" not in text and "Hasil pemeriksaan data: 0 galat, 0 peringatan" in text


# --------------------------------------------------------------------------- the sender


def test_warning_without_sender_in_a_dry_run(workbook, tmp_path):
    result = kirim(workbook, "--ke", "a@b.id", "--coba", tmp_path / "x.eml")
    assert result.exit_code == 0, result.output
    assert "Peringatan: pengirim belum diatur" in result.stderr
    assert mail.ENV_SENDER in result.stderr and "tanpa alamat pengirim" in result.stderr
    assert "Peringatan" not in result.stdout


def test_warning_when_the_user_name_is_used_as_sender(smtp_server, workbook):
    server = smtp_server(authenticator=authenticator, auth_required=True, auth_require_tls=False)
    env = smtp_env(server.port, user=USER, password=PASSWORD)
    del env[mail.ENV_SENDER]
    # a user name that is no address: nothing to send from
    result = kirim(workbook, "--ke", "a@b.id", env=env)
    assert_fails(result, 2, "Alamat pengirim belum diatur", mail.ENV_SENDER)
    no_injection(server)

    def accept_any(server, session, envelope, mechanism, auth_data):
        return AuthResult(success=True, auth_data=auth_data)

    server = smtp_server(authenticator=accept_any, auth_required=True, auth_require_tls=False)
    env = smtp_env(server.port, user="camat@sukamaju.go.id", password=PASSWORD)
    del env[mail.ENV_SENDER]
    result = kirim(workbook, "--ke", "a@b.id", env=env)
    assert result.exit_code == 0, result.output
    assert "Peringatan: pengirim belum diatur; alamat pengguna camat@sukamaju.go.id dipakai" in result.stderr
    assert server.handler.messages[0].mail_from == "camat@sukamaju.go.id"


@pytest.mark.parametrize(
    ("name", "value", "fragment"),
    [
        ("host", "smtp.sukamaju.go.id\r\nX: 1", "Nama server surel"),
        ("host", "smtp..sukamaju.go.id", "Nama server surel"),
        ("host", "a" * 300 + ".id", "Nama server surel"),
        ("user", "camat\nBcc: penyusup@jahat.id", "Nama pengguna surel"),
        ("security", "\x1b[2J", mail.ENV_SECURITY),
        ("port", "\u00b2", mail.ENV_PORT),
        ("ca", "/tmp/ca\n.pem", "sertifikat CA"),
        ("sender", "a@b.id, c@d.id", "satu alamat pengirim"),
    ],
)
def test_hostile_environment_settings(workbook, name, value, fragment):
    env = smtp_env(free_port(), password=PASSWORD) | {getattr(mail, f"ENV_{name.upper()}"): value}
    result = kirim(workbook, "--ke", "a@b.id", env=env)
    assert_fails(result, 2, fragment)
    assert "\x1b" not in result.output and "\n" not in result.output.rstrip("\n")


# --------------------------------------------------------------------------- the package


def test_the_package_has_small_modules_without_import_circles():
    """Each module of lkjip_excel.mail is under 400 lines and imports only modules above it."""
    folder = Path(mail.__file__).parent
    graph: dict[str, set[str]] = {}
    for path in folder.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert len(source.splitlines()) < 400, path.name
        tree = ast.parse(source)
        graph[path.stem] = {
            node.module
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module
        }
    assert graph["__init__"] >= {"settings", "password", "message", "transport", "report"}
    modules = set(graph) - {"__init__"}
    assert all(imported <= modules for imported in graph.values())
    done: list[str] = []
    while len(done) < len(modules):
        ready = [m for m in sorted(modules - set(done)) if graph[m] <= set(done)]
        assert ready, f"import circle among {sorted(modules - set(done))}"
        done += ready
