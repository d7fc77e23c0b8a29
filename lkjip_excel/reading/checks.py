"""Checks over the tables of one workbook; each is a small function yielding findings."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from ..findings import Finding
from ..schema import Kind, Layout
from ..text import normal_label
from .model import Submission

WorkbookCheck = Callable[[Submission, Kind], Iterator[Finding]]


def duplicate_keys(sub: Submission, kind: Kind) -> Iterator[Finding]:
    """The same commodity, budget code, sasaran number... twice in one table."""
    for table in kind.tables:
        if table.layout is not Layout.LIST or not table.key:
            continue
        seen: dict[tuple[object, ...], str] = {}
        for record in sub.table(table.name).records:
            key = tuple(_norm_key(record.values.get(k)) for k in table.key)
            if all(part is None for part in key):
                continue
            first = record.cells[table.key[0]]
            if key in seen:
                label = " / ".join(str(record.values.get(k) or "-") for k in table.key)
                yield Finding(
                    "KUNCI_GANDA",
                    sub.name,
                    sub.table(table.name).sheet,
                    first,
                    table.name,
                    table.key[0],
                    {"key": label, "other": seen[key]},
                )
            else:
                seen[key] = first


def _norm_key(value: object) -> object:
    return normal_label(value) if isinstance(value, str) else value


def budget_codes(sub: Submission, kind: Kind) -> Iterator[Finding]:
    """Indicator and sasaran-mapping codes must exist in the budget table."""
    if kind.key != "perencanaan-keuangan":
        return
    codes = {code for r in sub.table("anggaran").records if (code := r.values.get("kode")) is not None}
    prefixes = {c for code in codes for c in _prefixes(code)}
    for table_name, column, known in (
        ("indikator_keluaran", "kode_sub_kegiatan", codes),
        ("peta_sasaran", "kode", prefixes),
    ):
        data = sub.table(table_name)
        for record in data.records:
            code = record.values.get(column)
            if code and code not in known:
                yield Finding(
                    "KODE_ANGGARAN_TIDAK_DIKENAL",
                    sub.name,
                    data.sheet,
                    record.cells[column],
                    table_name,
                    column,
                    {"kode": code},
                )


def _prefixes(code: str) -> list[str]:
    """7.01.01.2.01.0001 -> itself, its kegiatan 7.01.01.2.01 and program 7.01.01."""
    parts = code.split(".")
    return [".".join(parts[:n]) for n in (3, 5, 6) if n <= len(parts)]


def required_tables(sub: Submission, kind: Kind) -> Iterator[Finding]:
    """A required LIST table with no rows at all."""
    for table in kind.tables:
        data = sub.table(table.name)
        if table.layout is Layout.LIST and table.required and data.found and not data.records:
            yield Finding(
                "TABEL_WAJIB_KOSONG", sub.name, data.sheet, None, table.name, None, {"title": table.title}
            )


WORKBOOK_CHECKS: tuple[WorkbookCheck, ...] = (duplicate_keys, budget_codes, required_tables)
