import codecs
import os
import time
from pathlib import Path

import pytest

from lkjip_excel.errors import SettingsError
from lkjip_excel.settings import (
    MAX_SETTINGS_BYTES,
    Penandatangan,
    find_settings,
    load_settings,
    settings_from_dict,
)
from lkjip_excel.workspace import render_settings

BASE = {"kecamatan": "K", "tahun": 2025, "desa": [{"kode": "001", "nama": "A"}]}


def test_valid_settings_have_defaults():
    s = settings_from_dict(BASE)
    assert s.hitung.bobot_ikm == "1/9"
    assert s.hitung.batasi_capaian is False
    assert "perencanaan-keuangan" in s.seksi


@pytest.mark.parametrize(
    "change, fragment",
    [
        ({"tahun": 20245}, "tahun"),
        ({"desa": []}, "desa"),
        ({"desa": [{"kode": "1", "nama": "A"}, {"kode": "1", "nama": "B"}]}, "kode desa '1'"),
        ({"desa": [{"kode": "1", "nama": "A"}, {"kode": "2", "nama": "a"}]}, "nama desa"),
        ({"kecamatn": "typo"}, "kecamatn: kunci tidak dikenal"),
        ({"seksi": {"keuangan": "x"}}, "seksi 'keuangan' tidak dikenal"),
        ({"hitung": {"bobot_ikm": "0.5"}}, "hitung.bobot_ikm"),
        ({"penandatangan": {"nip": "1970-01"}}, "penandatangan.nip: hanya boleh angka"),
        ({"penandatangan": {"tanggal": "kemarin"}}, "penandatangan.tanggal: harus tanggal"),
        ({"penandatangan": {"nama": "A\nB"}}, "penandatangan.nama"),
    ],
)
def test_bad_settings_give_one_line_indonesian_errors(change, fragment):
    with pytest.raises(SettingsError) as info:
        settings_from_dict({**BASE, **change})
    message = str(info.value)
    assert fragment in message
    assert "\n" not in message
    assert message.startswith("Pengaturan")


def test_signer_dates_are_toml_dates(tmp_path: Path):
    text = render_settings("Suka Maju", 2025, [("001", "A")]).replace("# tanggal = ", "tanggal = ")
    path = tmp_path / "lkjip.toml"
    path.write_text(text, encoding="utf-8")
    signer = load_settings(path).penandatangan
    assert (signer.jabatan, signer.tempat, signer.tanggal.isoformat()) == (
        "Camat Suka Maju",
        "Suka Maju",
        "2025-01-31",
    )


def test_missing_year():
    data = dict(BASE)
    del data["tahun"]
    with pytest.raises(SettingsError, match="tahun: wajib diisi"):
        settings_from_dict(data)


def test_rendered_settings_round_trip(tmp_path: Path):
    text = render_settings('Kec "Kutip"', 2025, [("001", "Desa Satu")], "Kab", "Prov")
    path = tmp_path / "lkjip.toml"
    path.write_text(text, encoding="utf-8")
    s = load_settings(path)
    assert s.kecamatan == 'Kec "Kutip"'
    assert [(d.kode, d.nama) for d in s.desa] == [("001", "Desa Satu")]


def test_broken_toml_is_a_settings_error(tmp_path: Path):
    path = tmp_path / "lkjip.toml"
    path.write_text('kecamatan = "tanpa tutup\n', encoding="utf-8")
    with pytest.raises(SettingsError, match="tidak bisa dibaca"):
        load_settings(path)


def test_find_settings_looks_in_parents(tmp_path: Path):
    (tmp_path / "lkjip.toml").write_text("x", encoding="utf-8")
    sub = tmp_path / "masuk" / "deep"
    sub.mkdir(parents=True)
    assert find_settings(sub) == tmp_path / "lkjip.toml"


# ---------------------------------------------------------------- settings as people save them

GOOD = 'kecamatan = "Suka Maju"\ntahun = 2025\n\n[[desa]]\nkode = "001"\nnama = "Purwareja"\n'


def _cli_on_settings(path: Path, tmp_path: Path) -> tuple[int, str]:
    from click.testing import CliRunner

    from lkjip_excel.cli import cli

    out = tmp_path / "formulir"
    result = CliRunner().invoke(cli, ["templat", "--pengaturan", str(path), "--keluar", str(out)])
    assert "Traceback" not in result.output and "Galat internal" not in result.output
    return result.exit_code, result.output


class TestEncodingsFromNotepad:
    @pytest.mark.parametrize(
        "encode",
        [
            pytest.param(lambda t: codecs.BOM_UTF8 + t.encode("utf-8"), id="utf-8-bom"),
            pytest.param(lambda t: t.encode("utf-16"), id="utf-16-bom"),
            pytest.param(lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"), id="utf-16-be-bom"),
            pytest.param(lambda t: t.replace("\n", "\r\n").encode("utf-8"), id="crlf"),
        ],
    )
    def test_read(self, tmp_path: Path, encode):
        path = tmp_path / "lkjip.toml"
        path.write_bytes(encode(GOOD.replace("Purwareja", "Purwarejä")))
        s = load_settings(path)
        assert s.kecamatan == "Suka Maju" and s.desa[0].nama == "Purwarejä"
        code, output = _cli_on_settings(path, tmp_path)
        assert code == 0, output

    @pytest.mark.parametrize(
        "data",
        [
            pytest.param(GOOD.replace("Suka Maju", "Suka Maju é").encode("latin-1"), id="ansi"),
            pytest.param(GOOD.encode("utf-16-le"), id="utf-16-without-bom"),
            pytest.param(b"\xff\xfe\x00", id="broken-utf-16"),
        ],
    )
    def test_unreadable_encoding_is_one_line(self, tmp_path: Path, data: bytes):
        path = tmp_path / "lkjip.toml"
        path.write_bytes(data)
        before = path.read_bytes()
        code, output = _cli_on_settings(path, tmp_path)
        assert code == 2, output
        assert len(output.strip().splitlines()) == 1
        assert path.read_bytes() == before


class TestHostileSettings:
    @pytest.mark.parametrize(
        "text",
        [
            pytest.param(GOOD.replace("2025", "9" * 5000), id="5000-digit-year"),
            pytest.param(GOOD.replace("2025", "0x" + "f" * 5000), id="5000-digit-hex-year"),
            pytest.param(GOOD.replace("2025", "9" * 4000), id="4000-digit-year"),
            pytest.param(GOOD.replace("Suka Maju", "Suka\x00Maju"), id="raw-nul"),
            pytest.param(GOOD.replace("Suka Maju", "Suka\\u0000Maju"), id="escaped-nul"),
            pytest.param(GOOD.replace("Purwareja", "Purwa\\nreja"), id="newline-in-name"),
            pytest.param(GOOD.replace("Purwareja", "Purwa\\u001b[31mreja"), id="escape-in-name"),
            pytest.param(GOOD + "x = " + "[" * 10000 + "]" * 10000 + "\n", id="deep-arrays"),
            pytest.param("x = " + "{a = " * 10000 + "1" + "}" * 10000 + "\n" + GOOD, id="deep-tables"),
            pytest.param(
                GOOD.replace("tahun = 2025", "tahun = 2025\nkabupaten = " + "[" * 900 + "]" * 900),
                id="900-deep",
            ),
            pytest.param(GOOD + "[hitung]\ntoleransi_rupiah = inf\n", id="inf"),
            pytest.param(GOOD + "[hitung]\ntoleransi_persen = nan\n", id="nan"),
            pytest.param(GOOD + "[kirim]\nport = 0x" + "f" * 5000 + "\n", id="huge-port"),
            pytest.param(GOOD.replace('"Suka Maju"', '"' + "x" * 100_000 + '"'), id="long-name"),
        ],
    )
    def test_one_line_error(self, tmp_path: Path, text: str):
        path = tmp_path / "lkjip.toml"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(SettingsError) as info:
            load_settings(path)
        assert "\n" not in str(info.value) and len(str(info.value)) < 400
        code, output = _cli_on_settings(path, tmp_path)
        assert code == 2, output
        assert len(output.strip().splitlines()) == 1
        assert not (tmp_path / "formulir").exists()

    def test_fifo_does_not_hang(self, tmp_path: Path):
        fifo = tmp_path / "lkjip.toml"
        os.mkfifo(fifo)
        start = time.monotonic()
        code, output = _cli_on_settings(fifo, tmp_path)
        assert code == 2, output
        assert time.monotonic() - start < 10

    @pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
    def test_device(self, tmp_path: Path, device: str):
        if not os.path.exists(device):
            pytest.skip(f"{device} is missing here")
        code, output = _cli_on_settings(Path(device), tmp_path)
        assert code == 2, output
        assert len(output.strip().splitlines()) == 1

    def test_huge_file_is_refused_without_reading_it(self, tmp_path: Path):
        path = tmp_path / "lkjip.toml"
        with path.open("wb") as fh:
            fh.write(GOOD.encode())
            fh.truncate(MAX_SETTINGS_BYTES + 1)  # sparse: no disk used
        code, output = _cli_on_settings(path, tmp_path)
        assert code == 2, output
        assert "terlalu besar" in output

    def test_a_folder_is_refused(self, tmp_path: Path):
        with pytest.raises(SettingsError):
            load_settings(tmp_path)

    @pytest.mark.skipif(os.geteuid() == 0, reason="root reads a chmod 000 file anyway")
    def test_unreadable(self, tmp_path: Path):
        path = tmp_path / "lkjip.toml"
        path.write_text(GOOD, encoding="utf-8")
        path.chmod(0)
        with pytest.raises(SettingsError):
            load_settings(path)

    def test_permission_denied(self, tmp_path: Path, monkeypatch):
        path = tmp_path / "lkjip.toml"
        path.write_text(GOOD, encoding="utf-8")

        def denied(*args, **kwargs):
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr("lkjip_excel.settings.os.open", denied)
        with pytest.raises(SettingsError, match="izin"):
            load_settings(path)


@pytest.mark.parametrize(
    "char",
    ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]
    + ["\u200e", "\u200f", "\u061c", "\u2028", "\u2029", "\x00", "\x1b"],
)
@pytest.mark.parametrize("field", ["nama", "jabatan", "pangkat", "tempat"])
def test_display_controls_are_refused_in_any_text(char, field):
    """Bidi embeddings, overrides, isolates, marks and line/paragraph separators change what a
    reader sees: refused like other control characters, with the field's place."""
    with pytest.raises(SettingsError) as info:
        settings_from_dict({**BASE, "penandatangan": {field: f"Budi{char}Santoso"}})
    assert f"penandatangan.{field}:" in str(info.value) and "\n" not in str(info.value)
    with pytest.raises(ValueError):
        Penandatangan(**{field: f"Budi{char}Santoso"})


def test_ordinary_text_with_non_breaking_spaces_is_kept():
    s = settings_from_dict(
        {**BASE, "penandatangan": {"nama": "Drs.\u00a0Budi Santoso, M.Si.", "jabatan": "Camat"}}
    )
    assert s.penandatangan.nama == "Drs.\u00a0Budi Santoso, M.Si."


@pytest.mark.parametrize(
    "nip, ok",
    [
        ("197001011990031001", True),
        ("19700101 199003 1 001", True),
        ("19700101\u00a0199003\u00a01\u00a0001", True),
        ("", True),
        ("1970010119900310", False),
        ("1970010119900310011", False),
        ("19700101 199003 1 0012", False),
    ],
)
def test_nip_is_eighteen_digits_when_given(nip, ok):
    data = {**BASE, "penandatangan": {"nip": nip}}
    if ok:
        assert settings_from_dict(data).penandatangan.nip == nip
    else:
        with pytest.raises(SettingsError, match="penandatangan\\.nip:"):
            settings_from_dict(data)


def test_signing_date_near_the_year_and_existing(tmp_path: Path):
    import datetime as dt

    for year, ok in ((2025 + 5, True), (2025 - 5, True), (2025 + 6, False), (2025 - 6, False), (1, False)):
        data = {**BASE, "penandatangan": {"tanggal": dt.date(year, 1, 31)}}
        if ok:
            assert settings_from_dict(data).penandatangan.tanggal.year == year
        else:
            with pytest.raises(SettingsError, match="penandatangan\\.tanggal:"):
                settings_from_dict(data)
    path = tmp_path / "lkjip.toml"
    text = render_settings("Suka Maju", 2025, [("001", "A")]).replace(
        "# tanggal = 2025-01-31", "tanggal = 2025-02-30"
    )
    assert "2025-02-30" in text
    path.write_text(text, encoding="utf-8")
    line = next(i for i, t in enumerate(text.splitlines(), start=1) if "2025-02-30" in t)
    with pytest.raises(SettingsError) as info:
        load_settings(path)
    assert f"baris {line}," in str(info.value) and "\n" not in str(info.value)
