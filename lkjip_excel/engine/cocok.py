"""Which computed figure an indicator's realisasi is checked against.

The forms declare it (the *Dicocokkan dengan* column, choices in ``schema/cocok.py``).
Only when that column is empty does the wording suggest a check, and an info finding
says so; 'Tidak dicocokkan' silences the suggestion.
"""

from __future__ import annotations

from collections.abc import Callable

from ..reading import Record
from ..schema import SectionKind
from ..schema import cocok as c
from ..text import normal_label
from .inputs import At, Inputs

#: words of an output indicator that suggest it counts a kind of desa document
DOCUMENT_WORDS = {
    "perdes_perkades": "peraturan desa",
    "administrasi": "administrasi tata pemerintahan desa",
    "keuangan_aset": "keuangan desa",
    "sinkronisasi_perencanaan": "sinkronisasi perencanaan",
    "trantibum": "ketenteraman dan ketertiban",
    "pemberdayaan": "pemberdayaan masyarakat desa",
    "pendampingan": "pendampingan desa",
}


def _words(text: str | None) -> str:
    return normal_label((text or "").replace("-", " ")).replace("perijinan", "perizinan")


def guess(indikator: str | None, satuan: str | None, allowed: tuple[str, ...]) -> str | None:
    """The check the wording of an indicator suggests, among ``allowed``; None when none."""
    text = _words(indikator)
    found: str | None = None
    if "sakip" in text:
        found = c.SAKIP
    elif "kepuasan" in text or "ikm" in text.split() or "skm" in text.split():
        found = c.SKM
    elif (satuan or "").casefold() == "orang" and ("gaji" in text or "asn" in text.split()):
        found = c.ASN
    elif "perizinan non usaha" in text:
        found = c.LAYANAN_PERIZINAN
    elif "non perizinan" in text:
        found = c.LAYANAN_NON_PERIZINAN
    elif "dokumen" in text:
        found = next((c.DOKUMEN_PREFIX + k for k, w in DOCUMENT_WORDS.items() if w in text), None)
    return found if found in allowed else None


def declared(inputs: Inputs, jenis: str, table: str, allowed: tuple[str, ...]) -> list[tuple[Record, str]]:
    """(record, check key) for every row of an indicator table that is checked against a figure.

    Computed once per table (the guesses' info findings are raised once)."""
    cache_key = (jenis, table)
    if cache_key in inputs.cocok:
        return inputs.cocok[cache_key]
    data = inputs.table(jenis, table)
    sub = inputs.section(jenis)
    out: list[tuple[Record, str]] = []
    for rec in data.records:
        label = rec.values.get("dicocokkan")
        if label:
            key = c.BY_LABEL.get(label)
        else:
            key = guess(rec.values.get("indikator"), rec.values.get("satuan"), allowed)
            if key is not None:
                inputs.note(
                    "COCOK_DITEBAK", At(sub, data, rec, "dicocokkan"),
                    indikator=rec.values.get("indikator"), pilihan=c.CHECKS[key],
                )  # fmt: skip
        if key is not None and key != c.TIDAK:
            out.append((rec, key))
    inputs.cocok[cache_key] = out
    return out


def checked_against(inputs: Inputs, key_wanted: Callable[[str], bool]) -> list[tuple[str, Record, str]]:
    """(section, record, key) of every output indicator (both indicator tables) whose check
    satisfies ``key_wanted(key)``."""
    rows = []
    for jenis, table in INDICATOR_TABLES:
        rows += [
            (jenis, rec, key)
            for rec, key in declared(inputs, jenis, table, c.INDIKATOR_CHECKS)
            if key_wanted(key)
        ]
    return rows


#: the tables of output indicators: (section, table)
INDICATOR_TABLES: tuple[tuple[str, str], ...] = (
    (SectionKind.PERENCANAAN_KEUANGAN, "indikator_keluaran"),
    (SectionKind.KESRA, "kegiatan_kesra"),
)


def rec_table(jenis: str) -> str:
    """The indicator table of a section."""
    return dict(INDICATOR_TABLES)[jenis]
