"""What one submitted file may cost, and the problem raised for a file that cannot be read
as a workbook (each one a finding code, never an exception that escapes to the user)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Limits:
    """What one file may cost; a zip bomb ends as a finding, not an exhausted machine."""

    max_file_bytes: int = 50 * 1024 * 1024
    max_uncompressed_bytes: int = 200 * 1024 * 1024
    max_zip_members: int = 5_000
    max_compression_ratio: int = 200
    max_cells: int = 2_000_000


DEFAULT_LIMITS = Limits()


class ContainerProblem(Exception):
    """A file that cannot be read as a workbook; ``code`` is a finding code."""

    def __init__(self, code: str, sheet: str | None = None, cell: str | None = None, **values: Any):
        super().__init__(code)
        self.code = code
        self.sheet, self.cell = sheet, cell
        self.values = {**values, "cell": cell} if cell else values
