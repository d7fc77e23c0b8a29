"""Settings and password (mail/settings.py, mail/password.py): the environment over lkjip.toml,
the password never from a file, the sender."""

from __future__ import annotations

import pytest
from aiosmtpd.smtp import AuthResult
from click.testing import CliRunner

from lkjip_excel import mail
from lkjip_excel.errors import UsageError
from lkjip_excel.settings import Kirim
from tests.mail.support import (
    HOST,
    PASSWORD,
    SENDER,
    USER,
    assert_fails,
    authenticator,
    free_port,
    kirim,
    no_injection,
    smtp_env,
)

# the plain AUTH server is deliberate: loopback only, to test login without TLS
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")

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
