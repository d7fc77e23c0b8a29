"""The summary in the body (mail/summary.py): the same from a Hasil, a JSON export and the
workbook ``proses`` wrote; an odd or hostile export."""

from __future__ import annotations

import json
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from lkjip_excel import mail
from lkjip_excel.cli import cli
from lkjip_excel.engine import proses
from lkjip_excel.engine.ringkasan import Ringkasan
from lkjip_excel.export import write_json
from tests.mail.support import (
    assert_fails,
    attachments,
    body,
    kirim,
    make_hasil,
    smtp_env,
)

# the plain AUTH server is deliberate: loopback only, to test login without TLS
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")

# --------------------------------------------------------------------------- the summary


def test_summary_from_json_matches_summary_from_hasil(json_export):
    from_hasil = mail.summary_from_hasil(make_hasil())
    from_json = mail.summary_from_json(json_export)
    assert mail.compose_body("a.xlsx", from_json) == mail.compose_body("a.xlsx", from_hasil)
    assert mail.default_subject(from_json, Path("a.xlsx")) == "LKjIP Kecamatan Suka Maju Tahun 2024"
    body = mail.compose_body("a.xlsx", from_hasil)
    assert "Masih ada galat pada data" in body


def test_proses_sends_after_a_successful_run(smtp_server, tmp_path):
    """``proses --kirim-ke`` writes the workbook, then sends it with the run's summary."""
    server = smtp_server()
    example = Path(__file__).resolve().parents[2] / "examples" / "purwareja-klampok-2024"
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
    example = Path(__file__).resolve().parents[2] / "examples" / "purwareja-klampok-2024"
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


# --------------------------------------------------------------------------- hostile exports


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
