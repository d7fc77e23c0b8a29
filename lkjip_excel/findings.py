"""Findings: every problem the tool finds is data, not a print statement.

A finding has a stable ``code`` (tests and programs match on it, never on the
wording), a severity, a location (file, sheet, cell, table, column), the values
involved, and an Indonesian message built from the code's template that says what to
do. The catalogue (``findings_catalog``, re-exported here) is the single list of codes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from . import fmt
from .findings_catalog import CATALOG, VALUE_LABELS, Code, Severity

__all__ = [
    "CATALOG",
    "VALUE_LABELS",
    "Code",
    "Finding",
    "Severity",
    "catalog_markdown",
    "sort_findings",
]


@dataclass(frozen=True)
class Finding:
    code: str
    file: str | None = None
    sheet: str | None = None
    cell: str | None = None
    table: str | None = None
    column: str | None = None
    values: dict[str, Any] = field(default_factory=dict)
    #: always the catalogue's severity for the code
    severity: Severity = field(init=False)

    def __post_init__(self) -> None:
        if self.code not in CATALOG:
            raise KeyError(f"unknown finding code {self.code}")
        object.__setattr__(self, "severity", CATALOG[self.code].severity)

    @property
    def message(self) -> str:
        try:
            return CATALOG[self.code].template.format(**{k: _show(v) for k, v in self.values.items()})
        except (KeyError, IndexError, ValueError):
            return CATALOG[self.code].template

    def values_text(self) -> str:
        """The values involved, in Indonesian words: 'tertulis: 1.611.182; hasil hitung: ...'."""
        v = self.values
        parts = []
        for key, value in v.items():
            if key in ("source_a", "source_b", "label", "indikator", "uraian", "title", "nama"):
                continue
            if key == "a":
                label = f"menurut {v.get('source_a', 'sumber 1')}"
            elif key == "b":
                label = f"menurut {v.get('source_b', 'sumber 2')}"
            else:
                label = VALUE_LABELS.get(key, key.replace("_", " "))
            shown = (
                ", ".join(str(_show(x)) for x in value) if isinstance(value, list | tuple) else _show(value)
            )
            parts.append(f"{label}: {shown}")
        return "; ".join(parts)

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


def _show(value: Any) -> Any:
    """Numbers in messages the Indonesian way: 1.611.891.182 and 95,12."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return value
    return fmt.number(value)


def _jsonable(value: Any) -> Any:
    if isinstance(value, int | float | str | bool) or value is None:
        return value
    if isinstance(value, Decimal):  # exact: written by simplejson with use_decimal
        return int(value) if value == value.to_integral_value() else value
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return str(value)


def _position(cell: str | None) -> tuple[int, int]:
    """B10 -> (9, 1), so that B9 sorts before B10."""
    if not cell:
        return (-1, -1)
    from .schema.layout import cell_position

    return cell_position(cell)


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Errors first, then by file, sheet and position."""
    return sorted(
        findings,
        key=lambda f: (f.severity.rank, f.file or "", f.sheet or "", _position(f.cell), f.code),
    )


def catalog_markdown() -> str:
    """The list of finding codes for ``docs/findings.md`` (``python -m lkjip_excel.findings``)."""
    lines = [
        "# Finding codes",
        "",
        "Generated from `lkjip_excel/findings.py` by `python -m lkjip_excel.findings > docs/findings.md`;",
        "a test fails when this file is stale. Codes are stable: programs and tests match on them,",
        "never on the wording. Severities: `galat` (error, exit code 1), `peringatan` (warning),",
        "`info`.",
        "",
        "| code | severity | message template (Indonesian) |",
        "| --- | --- | --- |",
    ]
    for code, entry in CATALOG.items():
        lines.append(f"| `{code}` | {entry.severity} | {entry.template} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # pragma: no cover
    print(catalog_markdown(), end="")
