from pathlib import Path

import pytest

from lkjip_excel.errors import SettingsError
from lkjip_excel.settings import find_settings, load_settings, settings_from_dict
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
    ],
)
def test_bad_settings_give_one_line_indonesian_errors(change, fragment):
    with pytest.raises(SettingsError) as info:
        settings_from_dict({**BASE, **change})
    message = str(info.value)
    assert fragment in message
    assert "\n" not in message
    assert message.startswith("Pengaturan")


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
