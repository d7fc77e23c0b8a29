"""The ringkasan as a type: the JSON export's keys, a lossless round trip through the export,
tolerant reading of an export that was edited, and access by key."""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal
from pathlib import Path

import pytest

from lkjip_excel.engine.ringkasan import Ringkasan, SasaranRingkasan
from lkjip_excel.export import summary_json, summary_to_dict

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "purwareja-klampok-2024"

#: the export's ``ringkasan`` keys, in order: a contract for programs that read the JSON
KEYS = [
    "sasaran",
    "pagu",
    "realisasi",
    "serapan",
    "serapan_tahun_lalu",
    "perubahan_serapan_poin",
    "ikm",
    "mutu_ikm",
    "jumlah_desa",
    "desa_dipakai",
    "cakupan_desa",
    "kiriman_diharapkan",
    "kiriman_dipakai",
    "kiriman_lengkap",
    "galat",
    "peringatan",
    "info",
]
SASARAN_KEYS = [
    "nomor",
    "indikator",
    "target",
    "realisasi",
    "capaian",
    "capaian_tepat",
    "polaritas",
    "catatan",
    "kategori",
]


@pytest.fixture(scope="module")
def hasil(example_hasil):
    """The example's result, computed once per run (conftest); read only."""
    return example_hasil


def test_the_export_keys_are_the_fields(hasil):
    exported = json.loads(summary_json(hasil))["ringkasan"]
    assert list(exported) == KEYS == [f.name for f in dataclasses.fields(Ringkasan)]
    assert [list(s) for s in exported["sasaran"]] == [SASARAN_KEYS] * len(hasil.ringkasan.sasaran)
    assert SASARAN_KEYS == [f.name for f in dataclasses.fields(SasaranRingkasan)]
    assert len(exported["sasaran"]) == 2
    assert exported["serapan"] == 95.31 and exported["kiriman_lengkap"] is True


def test_round_trip_through_the_export(hasil):
    """What an export recorded (its numbers read exactly) reads back into a Ringkasan exported identically."""
    text = summary_json(hasil)
    again = Ringkasan.from_dict(json.loads(text, parse_float=Decimal)["ringkasan"])
    assert isinstance(again, Ringkasan) and all(isinstance(s, SasaranRingkasan) for s in again.sasaran)
    assert summary_json(dataclasses.replace(hasil, ringkasan=again)) == text
    assert again.peringatan == hasil.ringkasan.peringatan > 0
    assert again.sasaran[0].catatan == hasil.ringkasan.sasaran[0].catatan


def test_to_dict_gives_lists(hasil):
    data = hasil.ringkasan.to_dict()
    assert isinstance(data["sasaran"], list) and all(isinstance(s["catatan"], list) for s in data["sasaran"])
    assert summary_to_dict(hasil)["ringkasan"]["cakupan_desa"] == hasil.ringkasan.cakupan_desa


def test_from_dict_of_an_edited_export_is_tolerant():
    r = Ringkasan.from_dict(
        {
            "sasaran": [{"nomor": 1, "indikator": 5, "catatan": "not a list"}, "not an object", None],
            "galat": "banyak",
            "peringatan": [1],
            "info": -3,
            "kiriman_dipakai": 10**400,
            "kiriman_lengkap": "ya",
        }
    )
    assert [(s.nomor, s.indikator, s.catatan, s.capaian) for s in r.sasaran] == [(1, "5", (), None)]
    assert (r.galat, r.peringatan, r.info, r.kiriman_lengkap) == (0, 0, 0, False)
    assert r.kiriman_dipakai == 10**400 and r.pagu is None and r.cakupan_desa == ""
    assert Ringkasan.from_dict({"sasaran": {"nomor": 1}}).sasaran == ()


def test_read_by_key(hasil):
    r = hasil.ringkasan
    assert r["galat"] == r.galat and r["sasaran"][0]["capaian"] == r.sasaran[0].capaian
    for bad in ("tidak_ada", "to_dict", "__class__"):
        with pytest.raises(KeyError):
            r[bad]
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.galat = 0  # type: ignore[misc]
