"""The message (mail/message.py, mail/addresses.py): addresses, attachments and their limits,
and hostile headers and files refused before anything is read or sent."""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path

import pytest

from lkjip_excel import mail
from lkjip_excel.errors import UsageError
from lkjip_excel.export import write_json
from tests.mail.support import (
    XLSX,
    assert_fails,
    attachments,
    body,
    kirim,
    make_hasil,
    no_injection,
    smtp_env,
)

# the plain AUTH server is deliberate: loopback only, to test login without TLS
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")

# --------------------------------------------------------------------------- addresses and files


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
    if source == "environment":
        assert_fails(result, 2, "Alamat pengirim", "lkjip.toml", mail.ENV_SENDER)
    else:  # the settings themselves refuse control characters, before mail is involved
        assert_fails(result, 2, "kirim.pengirim", "lkjip.toml")
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
