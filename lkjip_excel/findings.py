"""Findings: every problem the tool finds is data, not a print statement.

A finding has a stable ``code`` (tests and programs match on it, never on the
wording), a severity, a location (file, sheet, cell, table, column), the values
involved, and an Indonesian message built from the code's template that says what to
do. The catalogue below is the single list of codes.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any


class Severity(enum.StrEnum):
    GALAT = "galat"  # an error: the figure cannot be used as it is
    PERINGATAN = "peringatan"  # a warning: probably wrong, check it
    INFO = "info"  # for the record

    @property
    def rank(self) -> int:
        return {"galat": 0, "peringatan": 1, "info": 2}[self.value]


G, P, N = Severity.GALAT, Severity.PERINGATAN, Severity.INFO  # galat, peringatan, info (notice)


@dataclass(frozen=True)
class Code:
    severity: Severity
    template: str


#: code -> default severity and message template (fields come from ``Finding.values``)
CATALOG: dict[str, Code] = {
    # --- cell ---
    "NILAI_BUKAN_ANGKA": Code(
        G, "'{raw}' bukan angka. Ketik angkanya saja, misalnya 1500000 atau 1.500.000."
    ),
    "NILAI_BUKAN_BILANGAN_BULAT": Code(G, "'{raw}' harus bilangan bulat (tanpa koma/desimal)."),
    "NILAI_BUKAN_TANGGAL": Code(G, "'{raw}' bukan tanggal. Ketik tanggal seperti 15/03/2024."),
    "NILAI_DI_LUAR_RENTANG": Code(
        G, "Nilai {value} di luar batas yang wajar ({minimum} s.d. {maximum}). Periksa salah ketik."
    ),
    "NILAI_TIDAK_DALAM_DAFTAR": Code(
        G, "'{raw}' tidak ada dalam daftar pilihan ({choices}). Pilih dari daftar."
    ),
    "NILAI_WAJIB_KOSONG": Code(G, "Kolom '{label}' wajib diisi."),
    "NILAI_AMBIGU": Code(
        P, "'{raw}' bisa dibaca {readings}; dipakai {value}. Periksa dan ketik ulang tanpa titik/koma ribuan."
    ),
    "NILAI_TERLALU_PANJANG": Code(
        G, "Teks terlalu panjang ({length} huruf, paling banyak {max_length}). Persingkat."
    ),
    "NILAI_POLA_SALAH": Code(G, "'{raw}' tidak sesuai bentuk yang diminta ({hint})."),
    "NILAI_NEGATIF": Code(G, "Nilai {value} negatif; jumlah tidak mungkin kurang dari nol."),
    "ANGKA_SEBAGAI_TEKS": Code(N, "Angka diketik sebagai teks '{raw}', dibaca {value}."),
    "TANGGAL_SEBAGAI_TEKS": Code(N, "Tanggal diketik sebagai teks '{raw}', dibaca {value}."),
    "TEKS_SEPERTI_RUMUS": Code(N, "Teks '{raw}' diawali tanda rumus; dibaca sebagai teks biasa."),
    "RUMUS_DI_SEL_ISIAN": Code(
        P,
        "Sel isian berisi rumus {formula}; dipakai nilai tersimpannya {value}. Sebaiknya ketik angkanya langsung.",
    ),
    "RUMUS_TANPA_NILAI": Code(
        G,
        "Sel berisi rumus {formula} tanpa nilai tersimpan (berkas dibuat program). Buka dan simpan ulang di Excel/LibreOffice, atau ketik angkanya.",
    ),
    "SEL_DIGABUNG": Code(G, "Sel {range} digabung (merge) menutupi sel isian. Batalkan penggabungan sel."),
}


@dataclass(frozen=True)
class Finding:
    code: str
    file: str | None = None
    sheet: str | None = None
    cell: str | None = None
    table: str | None = None
    column: str | None = None
    values: dict[str, Any] = field(default_factory=dict)
    severity: Severity | None = None

    def __post_init__(self) -> None:
        if self.code not in CATALOG:
            raise KeyError(f"unknown finding code {self.code}")
        if self.severity is None:
            object.__setattr__(self, "severity", CATALOG[self.code].severity)

    @property
    def message(self) -> str:
        try:
            return CATALOG[self.code].template.format(**self.values)
        except (KeyError, IndexError, ValueError):
            return CATALOG[self.code].template

    @property
    def where(self) -> str:
        """``Sheet!A1`` (or whatever part of it is known)."""
        if self.sheet and self.cell:
            return f"{self.sheet}!{self.cell}"
        return self.sheet or ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "kode": self.code,
            "tingkat": str(self.severity),
            "berkas": self.file,
            "lembar": self.sheet,
            "sel": self.cell,
            "tabel": self.table,
            "kolom": self.column,
            "nilai": {k: _jsonable(v) for k, v in self.values.items()},
            "pesan": self.message,
        }


def _jsonable(value: Any) -> Any:
    if isinstance(value, int | float | str | bool) or value is None:
        return value
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return str(value)


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Errors first, then by file, sheet and position."""
    return sorted(
        findings,
        key=lambda f: (f.severity.rank, f.file or "", f.sheet or "", f.cell or "", f.code),
    )
