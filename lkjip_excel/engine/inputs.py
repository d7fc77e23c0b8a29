"""The engine's view of a checked batch: the used submission of each desa and section."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..findings import Finding
from ..reading import CheckReport, Record, Submission, TableData
from ..schema import SectionKind
from ..settings import Settings

ZERO = Decimal(0)


def num(value: Any) -> Decimal:
    """A missing number counts as zero in a sum."""
    return ZERO if value is None else Decimal(value)


def plain(value: Any) -> Any:
    """9.00 people are 9 people, Rp 11.00 is Rp 11: whole figures lose their decimals."""
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    return value


@dataclass(frozen=True)
class At:
    """Where a figure was written: the file, its table, the record and the column."""

    sub: Submission | None
    table: TableData | None
    record: Record | None
    column: str | None


def _as_is(value: Any) -> Any:
    return value


def differs(a: Any, b: Any, tolerance: Decimal = ZERO) -> bool:
    """Two figures disagree (beyond the tolerance); a missing one never disagrees."""
    if a is None or b is None:
        return False
    return abs(Decimal(a) - Decimal(b)) > tolerance


@dataclass
class Inputs:
    settings: Settings
    report: CheckReport
    desa: dict[str, Submission] = field(default_factory=dict)
    sections: dict[str, Submission] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    #: every (kind, table) of the schema the engine has read: each one feeds an output table
    #: or a check (a test runs the engine on a filled workspace and compares with the schema)
    consumed: set[tuple[str, str]] = field(default_factory=set)
    #: (section, table) -> the checks its indicator rows declare (engine/cocok.py)
    cocok: dict[tuple[str, str], list[tuple[Record, str]]] = field(default_factory=dict)
    #: earlier years' figures by year (from the workspace's archive; ``engine.renstra``)
    history: dict[int, Any] = field(default_factory=dict)

    @classmethod
    def from_report(cls, report: CheckReport) -> Inputs:
        inputs = cls(report.settings, report)
        for sub in report.submissions:
            if not (sub.used and sub.readable) or sub.identity is None:
                continue
            if sub.identity.jenis == SectionKind.DESA:
                inputs.desa[sub.identity.kode] = sub
            else:
                inputs.sections[sub.identity.jenis] = sub
        return inputs

    @property
    def tolerance_rp(self) -> Decimal:
        return Decimal(str(self.settings.hitung.toleransi_rupiah))

    @property
    def tolerance_pct(self) -> Decimal:
        return Decimal(str(self.settings.hitung.toleransi_persen))

    def desa_rows(self) -> Iterator[tuple[str, str, Submission | None]]:
        """(kode, nama, submission or None) for every desa of the settings, in order."""
        for d in self.settings.desa:
            yield d.kode, d.nama, self.desa.get(d.kode)

    def section(self, jenis: str) -> Submission | None:
        return self.sections.get(jenis)

    def table(self, jenis: str, name: str) -> TableData:
        """A section's table (empty when the section sent nothing usable)."""
        self.consumed.add((jenis, name))
        sub = self.sections.get(jenis)
        return sub.table(name) if sub else TableData(name, "", [], found=False)

    def desa_table(self, sub: Submission | None, name: str) -> TableData | None:
        """A desa workbook's table, None when the desa sent nothing usable."""
        self.consumed.add((SectionKind.DESA, name))
        return sub.table(name) if sub else None

    def desa_records(self, sub: Submission | None, name: str) -> list[Record]:
        data = self.desa_table(sub, name)
        return data.records if data else []

    @property
    def desa_count(self) -> tuple[int, int]:
        """(desa with a usable workbook, desa of the settings)."""
        return sum(1 for d in self.settings.desa if d.kode in self.desa), len(self.settings.desa)

    def coverage(self, n: int | None = None) -> str | None:
        """'10 dari 12 desa' when some desa are missing (``n`` desa covered), else None."""
        have, total = self.desa_count
        n = have if n is None else n
        return f"{n} dari {total} desa" if n < total else None

    def total_label(self, n: int | None = None) -> str:
        cover = self.coverage(n)
        return f"Jumlah ({cover})" if cover else "Jumlah"

    def missing_desa(self) -> list[str]:
        return [d.nama for d in self.settings.desa if d.kode not in self.desa]

    def form(self, jenis: str, name: str) -> Record | None:
        return self.table(jenis, name).form

    def add(
        self,
        code: str,
        sub: Submission | None,
        table: TableData | None,
        record: Record | None,
        column: str | None,
        **values: Any,
    ) -> Finding:
        finding = Finding(
            code,
            sub.name if sub else None,
            table.sheet if table else None,
            record.cells.get(column) if record and column else None,
            table.name if table else None,
            column,
            values,
        )
        self.findings.append(finding)
        return finding

    def note(self, code: str, at: At, flags: list[str] | None = None, **values: Any) -> Finding:
        """A finding at ``at``; its message also flags the output row when ``flags`` is given."""
        finding = self.add(code, at.sub, at.table, at.record, at.column, **values)
        if flags is not None:
            flags.append(finding.message)
        return finding

    def compare(
        self,
        code: str,
        at: At,
        stated: Any,
        computed: Any,
        *,
        tolerance: Decimal = ZERO,
        flags: list[str] | None = None,
        scores: bool = False,
        **values: Any,
    ) -> Finding | None:
        """A stated figure against the computed one: a finding when they disagree.

        ``scores`` keeps decimals (IKM 85,00); counts and Rupiah lose them when whole.
        """
        if not differs(stated, computed, tolerance):
            return None
        keep = _as_is if scores else plain
        difference = Decimal(stated) - Decimal(computed)
        return self.note(
            code,
            at,
            flags,
            stated=keep(stated),
            computed=keep(computed),
            difference=keep(difference),
            **values,
        )

    def compare_sources(
        self,
        at: At,
        label: str | None,
        a: Any,
        source_a: str,
        b: Any,
        source_b: str,
        flags: list[str] | None = None,
        **values: Any,
    ) -> Finding | None:
        """The same fact from two sources (``a`` is the one written at ``at``)."""
        if not differs(a, b):
            return None
        return self.note(
            "SUMBER_TIDAK_SAMA", at, flags, label=label, a=plain(a), source_a=source_a, b=plain(b),
            source_b=source_b, difference=plain(Decimal(a) - Decimal(b)), **values,
        )  # fmt: skip
