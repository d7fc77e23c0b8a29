"""The report's scales, made from the bands of ``rules`` (never typed here): capaian categories,
SAKIP predikat and the SKM interval / mutu table."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .. import fmt
from . import rules
from .inputs import Inputs
from .model import Baris, Kolom, Tabel

#: how a range is written between its two ends
DASH = " – "
RULES = "aturan perhitungan lkjip-excel"


@dataclass(frozen=True)
class Skala:
    capaian: Tabel
    sakip: Tabel
    skm: Tabel

    @property
    def tables(self) -> tuple[Tabel, ...]:
        return (self.capaian, self.sakip, self.skm)


def _n(value: Decimal | int) -> str:
    return fmt.number(value, trim=isinstance(value, int) or value == int(value))


def _step(value: Decimal) -> Decimal:
    """The smallest step at the precision a bound is written with (88.31 -> 0.01)."""
    return Decimal(1).scaleb(fmt.exponent(value))


def skala_capaian() -> Tabel:
    """Capaian categories: each band's lower bound included, the next band's excluded."""
    rows = []
    upper: Decimal | None = None
    for bound, name in rules.CAPAIAN_BANDS:
        rentang = f"≥ {_n(bound)}" if upper is None else f"{_n(bound)}{DASH}< {_n(upper)}"
        rows.append(Baris({"rentang": rentang, "kategori": name}))
        upper = bound
    assert upper is not None
    rows.append(Baris({"rentang": f"< {_n(upper)}", "kategori": rules.kategori_capaian(Decimal(0))}))
    for i, row in enumerate(rows, start=1):
        row.values["nomor"] = i
    return Tabel(
        "skala_capaian",
        [
            Kolom("nomor", "No"),
            Kolom("rentang", "Capaian (%)", "text"),
            Kolom("kategori", "Kategori capaian", "text"),
        ],
        rows,
        source=RULES,
        notes=["Kategori capaian indikator menurut Permendagri 86/2017; batas bawah termasuk."],
    )


def skala_sakip() -> Tabel:
    """SAKIP predikat: lower bound excluded, upper included; D from 0."""
    rows = []
    upper = rules.HUNDRED
    for bound, letter, meaning in rules.SAKIP_BANDS:
        rows.append(
            Baris({"predikat": letter, "rentang": f"> {_n(bound)}{DASH}{_n(upper)}", "keterangan": meaning})
        )
        upper = bound
    bottom = rules.predikat_sakip(Decimal(0))
    assert bottom is not None
    rows.append(Baris({"predikat": bottom[0], "rentang": f"0{DASH}{_n(upper)}", "keterangan": bottom[1]}))
    return Tabel(
        "skala_sakip",
        [
            Kolom("predikat", "Predikat", "text"),
            Kolom("rentang", "Rentang nilai", "text"),
            Kolom("keterangan", "Keterangan", "text"),
        ],
        rows,
        source=RULES,
        notes=[
            "Predikat nilai SAKIP menurut PermenPAN-RB 88/2021: batas bawah tidak termasuk, batas atas termasuk."
        ],
    )


def skala_skm() -> Tabel:
    """SKM: the converted-IKM bands, the same bands on the 1-4 scale (converted / 25), mutu."""
    rows = []
    upper = rules.HUNDRED.quantize(Decimal("0.01"))
    count = len(rules.IKM_BANDS)
    for i, (bound, letter, meaning) in enumerate(rules.IKM_BANDS):
        nrr_low, nrr_high = bound / rules.IKM_SCALE, upper / rules.IKM_SCALE
        rows.append(
            Baris(
                {
                    "persepsi": count - i,
                    "interval_nrr": f"{fmt.number(nrr_low)}{DASH}{fmt.number(nrr_high)}",
                    "interval_konversi": f"{fmt.number(bound)}{DASH}{fmt.number(upper)}",
                    "mutu": letter,
                    "kinerja": meaning,
                }
            )
        )
        upper = bound - _step(bound)
    return Tabel(
        "skala_skm",
        [
            Kolom("persepsi", "Nilai persepsi"),
            Kolom("interval_nrr", "Nilai interval IKM", "text"),
            Kolom("interval_konversi", "Nilai interval konversi IKM", "text"),
            Kolom("mutu", "Mutu pelayanan", "text"),
            Kolom("kinerja", "Kinerja unit pelayanan", "text"),
        ],
        rows,
        source=RULES,
        notes=[f"PermenPAN-RB 14/2017: IKM konversi = IKM x {rules.IKM_SCALE}."],
    )


def skala(inputs: Inputs) -> Skala:
    """The three scales; they depend on the rules only."""
    return Skala(capaian=skala_capaian(), sakip=skala_sakip(), skm=skala_skm())
