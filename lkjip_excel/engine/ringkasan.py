"""The handful of figures a Camat reads first: :class:`Ringkasan`.

The workbook's Ringkasan sheet, the console, the JSON export (key ``ringkasan``) and the
e-mail body all render this one object. Its fields are the export's keys, in the export's
order; :meth:`Ringkasan.to_dict` gives that dict and :meth:`Ringkasan.from_dict` reads it
back (from a JSON export or the workbook's hidden sheet). Fields can also be read by their
key (``r["galat"]`` is ``r.galat``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any

from ..findings import Finding, Severity
from ..reading import CheckReport
from . import rules
from .inputs import Inputs
from .model import Tabel

#: a computed figure is a Decimal; read back from a JSON export it is an int or a float
Number = Decimal | int | float


class _ByKey:
    """Read access by the export's key, for code that renders the figures by name."""

    def __getitem__(self, key: str) -> Any:
        if key not in {f.name for f in fields(self)}:  # type: ignore[arg-type]
            raise KeyError(key)
        return getattr(self, key)


@dataclass(frozen=True)
class SasaranRingkasan(_ByKey):
    """One strategic target (sasaran) of the Perjanjian Kinerja and how far it was reached."""

    nomor: int | str | None
    indikator: str | None
    target: Number | None
    realisasi: Number | None
    #: capaian in percent, rounded to two places as the report prints it
    capaian: Number | None
    #: capaian unrounded (the workbook's cached formula value)
    capaian_tepat: Number | None
    polaritas: str | None
    #: why the capaian is doubtful (shown as a cell comment)
    catatan: tuple[str, ...]
    kategori: str | None

    def to_dict(self) -> dict[str, Any]:
        return {**{f.name: getattr(self, f.name) for f in fields(self)}, "catatan": list(self.catatan)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SasaranRingkasan:
        """Tolerant: a missing field is None, a non-text indikator becomes text."""
        indikator = data.get("indikator")
        catatan = data.get("catatan")
        return cls(
            nomor=data.get("nomor"),
            indikator=str(indikator or ""),
            target=data.get("target"),
            realisasi=data.get("realisasi"),
            capaian=data.get("capaian"),
            capaian_tepat=data.get("capaian_tepat"),
            polaritas=data.get("polaritas"),
            catatan=tuple(str(c) for c in catatan) if isinstance(catatan, list) else (),
            kategori=data.get("kategori"),
        )


@dataclass(frozen=True)
class Ringkasan(_ByKey):
    """The summary of one run: targets, budget absorption, SKM, submissions and findings."""

    sasaran: tuple[SasaranRingkasan, ...]
    #: pagu (perubahan) and realisasi of the whole budget, in Rupiah
    pagu: Number | None
    realisasi: Number | None
    #: serapan in percent, this year and last year, and the change in percentage points
    serapan: Number | None
    serapan_tahun_lalu: Number | None
    perubahan_serapan_poin: Number | None
    ikm: Number | None
    mutu_ikm: str | None
    jumlah_desa: int
    desa_dipakai: int
    #: "10 dari 12 desa"
    cakupan_desa: str
    kiriman_diharapkan: int
    kiriman_dipakai: int
    kiriman_lengkap: bool
    galat: int
    peringatan: int
    info: int

    def to_dict(self) -> dict[str, Any]:
        """The export's ``ringkasan``: every field by name, the sasaran as a list of dicts."""
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["sasaran"] = [s.to_dict() for s in self.sasaran]
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Ringkasan:
        """The summary as an export recorded it.

        Tolerant, since the file may be old, edited or hostile: a missing figure is None, a
        count that is not a sane whole number is 0, a sasaran that is not an object is left out.
        """
        sasaran = data.get("sasaran")
        return cls(
            sasaran=tuple(SasaranRingkasan.from_dict(s) for s in sasaran if isinstance(s, Mapping))
            if isinstance(sasaran, list)
            else (),
            pagu=data.get("pagu"),
            realisasi=data.get("realisasi"),
            serapan=data.get("serapan"),
            serapan_tahun_lalu=data.get("serapan_tahun_lalu"),
            perubahan_serapan_poin=data.get("perubahan_serapan_poin"),
            ikm=data.get("ikm"),
            mutu_ikm=data.get("mutu_ikm"),
            jumlah_desa=_count(data.get("jumlah_desa")),
            desa_dipakai=_count(data.get("desa_dipakai")),
            cakupan_desa=str(data.get("cakupan_desa") or ""),
            kiriman_diharapkan=_count(data.get("kiriman_diharapkan")),
            kiriman_dipakai=_count(data.get("kiriman_dipakai")),
            kiriman_lengkap=data.get("kiriman_lengkap") is True,
            galat=_count(data.get("galat")),
            peringatan=_count(data.get("peringatan")),
            info=_count(data.get("info")),
        )


def _count(value: Any) -> int:
    """A count from an export; anything that is not a sane whole number counts as 0."""
    try:
        return max(int(value or 0), 0)
    except (TypeError, ValueError, OverflowError):
        return 0


def ringkasan(
    report: CheckReport,
    tables: dict[str, Tabel],
    skm_meta: Mapping[str, Any],
    findings: list[Finding],
    inputs: Inputs,
) -> Ringkasan:
    total_row = tables["anggaran"].total
    assert total_row is not None, "the anggaran table always has a total row"
    total = total_row.values
    years = tables["anggaran_tahunan"].rows
    prev = years[0].values["serapan"] if len(years) == 2 else None
    sasaran = tuple(
        SasaranRingkasan(
            nomor=r.values.get("nomor"),
            indikator=r.values.get("indikator"),
            target=r.values.get("target"),
            realisasi=r.values.get("realisasi"),
            capaian=rules.round2(r.values.get("capaian")),
            capaian_tepat=r.values.get("capaian"),
            polaritas=r.values.get("polaritas"),
            catatan=tuple(r.flags),
            kategori=r.values.get("kategori"),
        )
        for r in tables["perjanjian_kinerja"].rows
    )
    expected = len(report.settings.desa) + len(report.settings.seksi)
    used = sum(1 for s in report.submissions if s.used and s.readable)
    return Ringkasan(
        sasaran=sasaran,
        pagu=total["pagu_perubahan"],
        realisasi=total["realisasi"],
        serapan=rules.round2(total["serapan"]),
        serapan_tahun_lalu=rules.round2(prev),
        perubahan_serapan_poin=rules.round2(total["serapan"] - prev)
        if prev is not None and total["serapan"] is not None
        else None,
        ikm=rules.round2(skm_meta.get("ikm")),
        mutu_ikm=skm_meta.get("mutu"),
        jumlah_desa=len(report.settings.desa),
        desa_dipakai=inputs.desa_count[0],
        cakupan_desa=f"{inputs.desa_count[0]} dari {inputs.desa_count[1]} desa",
        kiriman_diharapkan=expected,
        kiriman_dipakai=used,
        kiriman_lengkap=used == expected,
        galat=sum(1 for f in findings if f.severity is Severity.GALAT),
        peringatan=sum(1 for f in findings if f.severity is Severity.PERINGATAN),
        info=sum(1 for f in findings if f.severity is Severity.INFO),
    )
