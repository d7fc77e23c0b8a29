"""The workbook kinds of the input standard, named once.

Each member is the kind's key (``Kind.key``, the ``jenis`` of a workbook's identity). It is a
``StrEnum``, so a member is its key wherever a string is expected (settings, JSON, messages).
"""

from __future__ import annotations

from enum import StrEnum


class SectionKind(StrEnum):
    """The desa form and the workbook of each section of the kecamatan office."""

    DESA = "desa"
    PERENCANAAN_KEUANGAN = "perencanaan-keuangan"
    UMUM_KEPEGAWAIAN = "umum-kepegawaian"
    TATA_PEMERINTAHAN = "tata-pemerintahan"
    PMD = "pmd"
    KESRA = "kesra"
    TRANTIB_PELAYANAN = "trantib-pelayanan"
