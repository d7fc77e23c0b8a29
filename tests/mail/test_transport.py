"""Sending over SMTP (mail/transport.py): plain, AUTH, STARTTLS and implicit TLS on loopback;
what fails and how it is said; the deadline against servers that answer too slowly."""

from __future__ import annotations

import socket
import threading
import time

import pytest

from lkjip_excel import mail
from lkjip_excel.settings import Kirim
from tests.mail.support import (
    HOST,
    PASSWORD,
    SENDER,
    USER,
    UTF8_PASSWORD,
    XLSX,
    assert_fails,
    assert_no_secret,
    attachments,
    authenticator,
    body,
    free_port,
    kirim,
    make_hasil,
    smtp_env,
)

# the plain AUTH server is deliberate: loopback only, to test login without TLS
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")

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


def test_only_unknown_login_mechanisms(workbook):
    with DripServer(
        [(None, b"220 ok\r\n"), (b"EHLO", b"250-halo\r\n250 AUTH XOAUTH2 GSSAPI\r\n")], drip=b""
    ) as server:
        env = smtp_env(server.port, user=USER, password=PASSWORD)
        result = kirim(workbook, "--ke", "a@b.id", env=env)
    assert_fails(result, 1, "XOAUTH2 GSSAPI", "CRAM-MD5, PLAIN, LOGIN")
