"""The computation rules of ``docs/domain``: capaian, bands, predikat, SKM, samples.

Pure functions over ``Decimal``; no I/O, no spreadsheet. Every band edge is tested.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

HUNDRED = Decimal(100)

#: how far a stated SAKIP score or IKM may be from the computed one (rounding to 2 places)
SCORE_TOLERANCE = Decimal("0.005")

#: capaian category (Permendagri 86/2017): lower bound included
CAPAIAN_BANDS = (
    (Decimal(91), "Sangat Tinggi"),
    (Decimal(76), "Tinggi"),
    (Decimal(66), "Sedang"),
    (Decimal(51), "Rendah"),
)

#: SAKIP predikat (PermenPAN-RB 88/2021): lower bound excluded, upper included
SAKIP_BANDS = (
    (Decimal(90), "AA", "Sangat Memuaskan"),
    (Decimal(80), "A", "Memuaskan"),
    (Decimal(70), "BB", "Sangat Baik"),
    (Decimal(60), "B", "Baik"),
    (Decimal(50), "CC", "Cukup"),
    (Decimal(30), "C", "Kurang"),
)

#: SKM mutu on the converted IKM (PermenPAN-RB 14/2017): inclusive lower bounds
IKM_BANDS = (
    (Decimal("88.31"), "A", "Sangat Baik"),
    (Decimal("76.61"), "B", "Baik"),
    (Decimal("65.00"), "C", "Kurang Baik"),
    (Decimal("25.00"), "D", "Tidak Baik"),
)
NRR_BANDS = (
    (Decimal("3.5324"), "A", "Sangat Baik"),
    (Decimal("3.0644"), "B", "Baik"),
    (Decimal("2.60"), "C", "Kurang Baik"),
    (Decimal("1.00"), "D", "Tidak Baik"),
)

#: Krejcie & Morgan (1970): population -> minimum sample
KREJCIE_MORGAN = (
    (10, 10), (15, 14), (20, 19), (25, 24), (30, 28), (35, 32), (40, 36), (45, 40), (50, 44),
    (55, 48), (60, 52), (65, 56), (70, 59), (75, 63), (80, 66), (85, 70), (90, 73), (95, 76),
    (100, 80), (110, 86), (120, 92), (130, 97), (140, 103), (150, 108), (160, 113), (170, 118),
    (180, 123), (190, 127), (200, 132), (210, 136), (220, 140), (230, 144), (240, 148),
    (250, 152), (260, 155), (270, 159), (280, 162), (290, 165), (300, 169), (320, 175),
    (340, 181), (360, 186), (380, 191), (400, 196), (420, 201), (440, 205), (460, 210),
    (480, 214), (500, 217), (550, 226), (600, 234), (650, 242), (700, 248), (750, 254),
    (800, 260), (850, 265), (900, 269), (950, 274), (1000, 278), (1100, 285), (1200, 291),
    (1300, 297), (1400, 302), (1500, 306), (1600, 310), (1700, 313), (1800, 317), (1900, 320),
    (2000, 322), (2200, 327), (2400, 331), (2600, 335), (2800, 338), (3000, 341), (3500, 346),
    (4000, 351), (4500, 354), (5000, 357), (6000, 361), (7000, 364), (8000, 367), (9000, 368),
    (10000, 370), (15000, 375), (20000, 377), (30000, 379), (40000, 380), (50000, 381),
    (75000, 382), (1000000, 384),
)  # fmt: skip


def ratio(part: Decimal | int | None, whole: Decimal | int | None) -> Decimal | None:
    """part / whole x 100, or None where whole is zero or missing (never divide by zero)."""
    if part is None or whole is None or whole == 0:
        return None
    return Decimal(part) * HUNDRED / Decimal(whole)


def capaian(
    target: Decimal | int | None,
    realisasi: Decimal | int | None,
    negatif: bool = False,
    batasi: bool = False,
) -> Decimal | None:
    """Achievement %: realisasi/target x 100, or (2 x target - realisasi)/target x 100 when
    lower is better. None where the target is zero or missing."""
    if target is None or realisasi is None or target == 0:
        return None
    target, realisasi = Decimal(target), Decimal(realisasi)
    value = (2 * target - realisasi) / target * HUNDRED if negatif else realisasi / target * HUNDRED
    return min(value, HUNDRED) if batasi else value


def kategori_capaian(value: Decimal | None) -> str | None:
    if value is None:
        return None
    for bound, name in CAPAIAN_BANDS:
        if value >= bound:
            return name
    return "Sangat Rendah"


def predikat_sakip(score: Decimal | None) -> tuple[str, str] | None:
    """(letter, meaning) of a SAKIP score; each band excludes its lower bound."""
    if score is None:
        return None
    for bound, letter, meaning in SAKIP_BANDS:
        if score > bound:
            return letter, meaning
    return "D", "Sangat Kurang"


def mutu_ikm(converted: Decimal | None) -> tuple[str, str] | None:
    """Mutu of a converted IKM (25-100), judged at two decimals as the bands are written."""
    if converted is None:
        return None
    value = converted.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    for bound, letter, meaning in IKM_BANDS:
        if value >= bound:
            return letter, meaning
    return "D", "Tidak Baik"


def mutu_nrr(nrr: Decimal | None) -> tuple[str, str] | None:
    if nrr is None:
        return None
    for bound, letter, meaning in NRR_BANDS:
        if nrr >= bound:
            return letter, meaning
    return "D", "Tidak Baik"


#: the converted IKM is the IKM (scale 1-4) times this (scale 25-100)
IKM_SCALE = 25


def ikm(nrr: list[Decimal], weight: Fraction) -> Decimal:
    """IKM = sum(NRR x weight); the weight is exact 1/9 by default (a setting)."""
    w = Decimal(weight.numerator) / Decimal(weight.denominator)
    return sum((n * w for n in nrr), Decimal(0))


def ikm_converted(nrr: list[Decimal], weight: Fraction) -> Decimal:
    """The converted IKM (25-100) that the report and the mutu bands use."""
    return ikm(nrr, weight) * IKM_SCALE


def minimum_sample(population: int | None) -> int | None:
    """Krejcie-Morgan minimum sample for a population (the next table row up)."""
    if not population or population <= 0:
        return None
    sizes = [p for p, _ in KREJCIE_MORGAN]
    i = bisect_left(sizes, population)
    if i >= len(KREJCIE_MORGAN):
        return KREJCIE_MORGAN[-1][1]
    return min(KREJCIE_MORGAN[i][1], population)


def trend(previous: Decimal | None, current: Decimal | None) -> str | None:
    if previous is None or current is None:
        return None
    if current > previous:
        return "Meningkat"
    if current < previous:
        return "Menurun"
    return "Tetap"


def mean(values: Sequence[Decimal | None]) -> Decimal | None:
    present = [v for v in values if v is not None]
    return sum(present, Decimal(0)) / len(present) if present else None


def round2(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
