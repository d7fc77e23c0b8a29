"""The input standard, declared once.

``SCHEMA`` lists every workbook kind with its tables and columns. Templates
(``lkjip_excel.template``), reading and validation, the developer docs and
``lkjip-excel skema`` are all derived from it: adding a field is one edit in the
module of its kind.
"""

from __future__ import annotations

from .desa import DESA
from .identity import IDENTITY, LISTS_SHEET, META_KEYS, META_SHEET
from .kinds import SectionKind
from .model import (
    Column,
    ColumnType,
    FixedRow,
    Kind,
    Layout,
    Schema,
    Table,
)
from .perencanaan_keuangan import PERENCANAAN_KEUANGAN
from .sections import KESRA, PMD, TATA_PEMERINTAHAN, TRANTIB_PELAYANAN, UMUM_KEPEGAWAIAN

#: bump the minor part for compatible additions, the major part when old files can't be read
SCHEMA_VERSION = "1.2"

SCHEMA = Schema(
    version=SCHEMA_VERSION,
    identity=IDENTITY,
    kinds=(
        DESA,
        PERENCANAAN_KEUANGAN,
        UMUM_KEPEGAWAIAN,
        TATA_PEMERINTAHAN,
        PMD,
        KESRA,
        TRANTIB_PELAYANAN,
    ),
)

__all__ = [
    "SCHEMA",
    "SCHEMA_VERSION",
    "IDENTITY",
    "META_SHEET",
    "META_KEYS",
    "LISTS_SHEET",
    "Column",
    "ColumnType",
    "FixedRow",
    "Kind",
    "Layout",
    "Schema",
    "SectionKind",
    "Table",
]
