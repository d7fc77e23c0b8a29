"""Login (mail/password.py, mail/transport.py): UTF-8 user and password on the wire, and no
part of the password in any message."""

from __future__ import annotations

import base64
import hmac
import os
import traceback

import pytest
from aiosmtpd.smtp import AuthResult, LoginPassword
from click.testing import CliRunner

from lkjip_excel import mail
from lkjip_excel.cli import cli
from lkjip_excel.errors import UsageError
from tests.mail.support import (
    HOST,
    SENDER,
    USER,
    UTF8_PASSWORD,
    LoopbackController,
    Recorder,
    assert_fails,
    assert_no_secret,
    authenticator,
    free_port,
    kirim,
    smtp_env,
)

# the plain AUTH server is deliberate: loopback only, to test login without TLS
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")

# --------------------------------------------------------------------------- hostile input: login


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
