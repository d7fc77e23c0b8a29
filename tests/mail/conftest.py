"""Fixtures of the mail tests: SMTP servers on loopback (aiosmtpd), a test CA, a clean
environment, a workbook and a JSON export to attach.

The servers are aiosmtpd controllers on 127.0.0.1 with a free port (bound to port 0): plain,
with AUTH, with STARTTLS and with implicit TLS, on a certificate made here with
``cryptography``. What arrives is parsed back and compared with what was sent.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import random
import ssl
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from lkjip_excel import mail
from lkjip_excel.export import write_json
from tests.mail.support import (
    ENV_NAMES,
    HOST,
    LoopbackController,
    Recorder,
    Server,
    make_hasil,
)


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


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch, tmp_path):
    """No LKJIP_SMTP_* from the developer's shell, no lkjip.toml found by accident."""
    for name in ENV_NAMES:
        monkeypatch.delenv(getattr(mail, name), raising=False)
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def workbook(tmp_path) -> Path:
    path = tmp_path / "LKjIP-2024-Suka-Maju.xlsx"
    path.write_bytes(b"PK\x03\x04" + random.Random(7).randbytes(60_000))
    return path


@pytest.fixture
def json_export(tmp_path) -> Path:
    return write_json(make_hasil(), tmp_path / "hasil.json")
