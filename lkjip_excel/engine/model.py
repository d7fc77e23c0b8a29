"""The result model: plain typed objects that the workbook writer and the JSON export render.

A :class:`Tabel` says what each column is and how its totals and percentages are made
(``total="sum"``, ``ratio=(num, den)``), so the writer can turn them into live formulas
while the values here stay the engine's results. Nothing here knows about spreadsheets.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ..findings import Finding, Severity

if TYPE_CHECKING:
    import pandas as pd

    from .ringkasan import Ringkasan

#: "year" is a whole number shown without a thousands mark (2024, never 2.024)
ColumnKind = Literal["text", "integer", "year", "decimal", "rupiah", "percent", "date"]
#: the one empty ``Baris.types`` (typed read-only: no row changes it, ~73,000 rows share it)
_NO_TYPES: Mapping[str, ColumnKind] = {}


@dataclass(frozen=True)
class Kolom:
    key: str
    label: str
    type: ColumnKind = "integer"
    #: the total row holds the sum of the leaf rows
    total: Literal["sum"] | None = None
    #: this column is num / den x 100, on every row and on the total row
    ratio: tuple[str, str] | None = None
    #: this column is the sum of other columns of the same row (e.g. L + P)
    sum_of: tuple[str, ...] = ()
    #: digits after the decimal mark shown for a decimal column (2 when None)
    decimals: int | None = None
    #: the label of a group of columns printed above this one's (the report's two-row headers:
    #: "Target" over Indikator / Dana / SDM); consecutive columns with the same group share it
    grup: str | None = None


@dataclass(slots=True)
class Baris:
    """One row of a result table (~73,000 at 5,000 desa, all held while the workbook is
    written: slots, and no empty list or dict of its own where none is needed)."""

    values: dict[str, Any]
    #: 0 for plain rows; 1 program, 2 kegiatan, 3 sub kegiatan in the budget
    level: int = 0
    #: indexes of the rows whose sum this row is (upper budget levels)
    children: Sequence[int] = ()
    #: messages of the findings about this row (the writer highlights and comments it)
    flags: list[str] = field(default_factory=list)
    #: the kind of this row's cells where it is not its column's (staff counts among indicator values)
    types: Mapping[str, ColumnKind] = field(default_factory=lambda: _NO_TYPES)


@dataclass
class Tabel:
    key: str
    columns: list[Kolom]
    rows: list[Baris] = field(default_factory=list)
    total: Baris | None = None
    #: set by the engine from the table's declaration (``engine.registry.TABLES``)
    title: str = ""
    #: the report's numbering ("Tabel 7"), set like ``title``
    nomor: str = ""
    total_label: str = "Jumlah"
    source: str = ""
    notes: list[str] = field(default_factory=list)
    #: capaian above 100 % are written as 100 % (the batasi_capaian setting)
    cap: bool = False

    def column(self, key: str) -> Kolom:
        return next(c for c in self.columns if c.key == key)

    def leaf_rows(self) -> list[Baris]:
        """The rows a total sums: all rows, or the top level where rows form a tree."""
        if any(r.children for r in self.rows):
            return [r for r in self.rows if r.level == 1]
        return self.rows


@dataclass(frozen=True)
class Sumber:
    """One input file, for the Sumber sheet and the export's provenance."""

    nama: str
    ukuran: int
    sha256: str | None
    format: str | None
    jenis: str | None
    kode: str | None
    nama_unit: str | None
    diisi_oleh: str | None
    tanggal: dt.date | None
    status: str
    dipakai: bool


@dataclass(frozen=True)
class SkmFigures:
    """The year's Survei Kepuasan Masyarakat figures the engine computed."""

    #: the weight of each unsur as the settings give it ("1/9" or a decimal)
    bobot: str
    #: how the year's value is made from the semesters (Indonesian, shown to people)
    metode_tahunan: str
    #: the year's converted IKM (None when an unsur or a semester is missing)
    ikm: Decimal | None
    mutu: str | None
    keterangan_mutu: str | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "bobot": self.bobot,
            "metode_tahunan": self.metode_tahunan,
            "ikm": self.ikm,
            "mutu": self.mutu,
            "keterangan_mutu": self.keterangan_mutu,
        }


@dataclass(frozen=True)
class Penandatangan:
    """The signature block: who signs, where and when (from ``[penandatangan]``)."""

    jabatan: str
    nama: str
    pangkat: str
    nip: str
    tempat: str
    tanggal: dt.date


@dataclass
class Hasil:
    """Everything ``proses`` computed for one kecamatan and year."""

    kecamatan: str
    kabupaten: str
    provinsi: str
    tahun: int
    dibuat: dt.datetime
    tables: dict[str, Tabel]
    findings: list[Finding]
    sources: list[Sumber]
    ringkasan: Ringkasan
    settings: dict[str, Any]
    #: the workspace folder (where lkjip.toml is), for default output paths
    workspace: Path | None = None
    #: every (kind, table) of the input standard the engine read into a table or a check
    consumed: frozenset[tuple[str, str]] = frozenset()
    #: the SKM figures of the year (None only for a result built by hand, e.g. in a test)
    skm: SkmFigures | None = None
    #: who signs (None only for a result built by hand, e.g. in a test)
    penandatangan: Penandatangan | None = None

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    @property
    def has_errors(self) -> bool:
        return self.count(Severity.GALAT) > 0

    def tabel(self, key: str) -> pd.DataFrame:
        """A computed table as a pandas DataFrame (pandas is imported only here)."""
        import pandas as pd

        table = self.tables[key]
        records = [r.values for r in table.rows]
        if table.total is not None:
            records.append({**table.total.values, table.columns[0].key: table.total_label})
        return pd.DataFrame.from_records(records, columns=[c.key for c in table.columns])
