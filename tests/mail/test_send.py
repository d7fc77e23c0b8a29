"""``send_workbook`` and ``kirim`` as a whole (mail/send.py, mail/report.py): ``--coba`` writes
the message that would be sent, and never over what is sent."""

from __future__ import annotations

from email import policy
from email.parser import BytesParser

import pytest

from tests.mail.support import (
    XLSX,
    assert_fails,
    attachments,
    body,
    kirim,
    smtp_env,
)

# the plain AUTH server is deliberate: loopback only, to test login without TLS
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")

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


def test_dry_run_never_overwrites_what_is_sent(workbook, json_export):
    before = (workbook.read_bytes(), json_export.read_bytes())
    for target in (workbook, json_export):
        result = kirim(workbook, "--ke", "a@b.id", "--json", json_export, "--coba", target)
        assert_fails(result, 2, "--coba", "akan menimpa")
    assert (workbook.read_bytes(), json_export.read_bytes()) == before
