"""The key sentences of the document, computed from the result (never typed in)."""

from __future__ import annotations

from lkjip_excel import fmt
from lkjip_excel.engine.model import Hasil


def key_phrases(hasil: Hasil) -> list[str]:
    """What the document must say, with the exact figures of ``hasil``."""
    r = hasil.ringkasan
    phrases = []
    for s in r.sasaran:
        phrases.append(
            f"Capaian sasaran {s.nomor} ({s.indikator}) tahun {hasil.tahun} sebesar "
            f"{fmt.percent(s.capaian)} dengan kategori {s.kategori}"
        )
    phrases.append(
        f"sebesar {fmt.rupiah(r.realisasi)} dari pagu {fmt.rupiah(r.pagu)} atau {fmt.percent(r.serapan)}, "
        f"{fmt.points(r.perubahan_serapan_poin)} dibanding tahun {hasil.tahun - 1}"
    )
    phrases.append(
        f"Indeks Kepuasan Masyarakat (IKM) tahun {hasil.tahun} sebesar {fmt.number(r.ikm, 2)} "
        f"dengan mutu pelayanan {r.mutu_ikm}"
    )
    sakip = next(row.values for row in hasil.tables["sakip_hasil"].rows if row.values["tahun"] == hasil.tahun)
    phrases.append(
        f"Nilai SAKIP Kecamatan {hasil.kecamatan} tahun {hasil.tahun} sebesar "
        f"{fmt.number(sakip['nilai'], 2)} dengan predikat {sakip['predikat']}"
    )
    return phrases


def table_captions(hasil: Hasil) -> list[str]:
    return [f"{t.nomor}. {t.title}" if t.nomor else t.title for t in hasil.tables.values()]


def flat(text: str) -> str:
    """Text with every run of white space as one space (PDF lines wrap anywhere)."""
    return " ".join(text.split())
