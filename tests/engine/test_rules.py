"""Hand-computed cases for every rule, band edges included."""

from decimal import Decimal as D
from fractions import Fraction

import pytest

from lkjip_excel.engine import rules


@pytest.mark.parametrize(
    "value, category",
    [
        (D("91"), "Sangat Tinggi"),
        (D("90.99"), "Tinggi"),
        (D("76"), "Tinggi"),
        (D("75.99"), "Sedang"),
        (D("66"), "Sedang"),
        (D("65.99"), "Rendah"),
        (D("51"), "Rendah"),
        (D("50.99"), "Sangat Rendah"),
        (D("189.9"), "Sangat Tinggi"),
    ],
)
def test_capaian_categories(value, category):
    assert rules.kategori_capaian(value) == category


def test_capaian_positive_and_negative_polarity():
    assert rules.round2(rules.capaian(D("71.20"), D("72.10"))) == D("101.26")
    # lower is better: target 10, realisasi 8 -> (20 - 8) / 10 = 120 %
    assert rules.capaian(10, 8, negatif=True) == D(120)
    assert rules.capaian(10, 12, negatif=True) == D(80)


def test_capaian_cap_and_zero_target():
    assert rules.capaian(1000, 1899, batasi=True) == D(100)
    assert rules.capaian(1000, 1899) == D("189.9")
    assert rules.capaian(0, 5) is None
    assert rules.capaian(None, 5) is None
    assert rules.capaian(5, None) is None


@pytest.mark.parametrize(
    "score, letter",
    [
        (D("100"), "AA"),
        (D("90.01"), "AA"),
        (D("90"), "A"),
        (D("80.01"), "A"),
        (D("80"), "BB"),
        (D("70.01"), "BB"),
        (D("70.00"), "B"),
        (D("71.20"), "BB"),
        (D("60.59"), "B"),
        (D("60"), "CC"),
        (D("50"), "C"),
        (D("30.01"), "C"),
        (D("30"), "D"),
        (D("0"), "D"),
    ],
)
def test_sakip_predikat_excludes_lower_bound(score, letter):
    assert rules.predikat_sakip(score)[0] == letter


@pytest.mark.parametrize(
    "converted, letter",
    [
        (D("76.60"), "C"),
        (D("76.61"), "B"),
        (D("88.30"), "B"),
        (D("88.31"), "A"),
        (D("65.00"), "C"),
        (D("64.99"), "D"),
        (D("85.00"), "B"),
    ],
)
def test_ikm_mutu_edges(converted, letter):
    assert rules.mutu_ikm(converted)[0] == letter


@pytest.mark.parametrize(
    "nrr, letter",
    [
        (D("3.5324"), "A"),
        (D("3.5323"), "B"),
        (D("3.0644"), "B"),
        (D("3.0643"), "C"),
        (D("2.60"), "C"),
        (D("2.5996"), "D"),
    ],
)
def test_nrr_mutu_edges(nrr, letter):
    assert rules.mutu_nrr(nrr)[0] == letter


def test_ikm_of_the_seed_unsur_is_85():
    nrr = [D(x) for x in ("3.340", "3.380", "3.200", "3.970", "3.180", "3.390", "3.380", "3.380", "3.380")]
    value = rules.ikm(nrr, Fraction(1, 9))
    assert value * 25 == D("85.00")
    # the 0,111 convention gives a slightly different figure, which is why it is a setting
    assert rules.ikm(nrr, Fraction(111, 1000)) * 25 != value * 25


@pytest.mark.parametrize(
    "population, sample", [(1000, 278), (10, 10), (5, 5), (1050, 285), (10**7, 384), (0, None)]
)
def test_krejcie_morgan(population, sample):
    assert rules.minimum_sample(population) == sample


def test_trend_mean_and_ratio():
    assert rules.trend(D("85.39"), D("86.30")) == "Meningkat"
    assert rules.trend(D("86.30"), D("85.39")) == "Menurun"
    assert rules.trend(D(1), D(1)) == "Tetap"
    assert rules.round2(rules.mean([D("60.59"), D("71.20"), D("72.10")])) == D("67.96")
    assert rules.ratio(1, 0) is None
    assert rules.round2(rules.ratio(2110785470, 2219102223)) == D("95.12")
