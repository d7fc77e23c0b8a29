"""The schema as JSON (the contract for programs that fill templates) and as text."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .. import fmt
from .model import TYPE_LABELS, Column, Kind, Layout, Schema, Table


def _number(value: Decimal | int | None) -> int | float | None:
    if value is None:
        return None
    if isinstance(value, Decimal) and value != value.to_integral_value():
        return float(value)
    return int(value)


def column_to_dict(col: Column) -> dict[str, Any]:
    out: dict[str, Any] = {
        "key": col.key,
        "label": col.label,
        "header": col.header(),
        "type": col.type.value,
        "unit": col.unit,
        "required": col.required,
        "minimum": _number(col.minimum),
        "maximum": _number(col.maximum),
        "precision": col.precision,
        "choices": list(col.choices) or None,
        "choices_from": col.choices_from,
        "max_length": col.max_length,
        "pattern": col.pattern,
        "stated": col.stated,
        "locked": col.locked,
        "since": col.since,
    }
    return out


def table_to_dict(table: Table) -> dict[str, Any]:
    return {
        "name": table.name,
        "sheet": table.sheet,
        "title": table.title,
        "layout": table.layout.value,
        "required": table.required,
        "since": table.since,
        "description": table.description,
        "key": list(table.key),
        "max_rows": table.max_rows if table.layout is Layout.LIST else None,
        "total_row": table.total_row,
        "fixed_rows": [
            {"key": r.key, "label": r.label, "group": r.group, "total": r.total} for r in table.rows
        ],
        "columns": [column_to_dict(c) for c in table.columns],
    }


def kind_to_dict(kind: Kind) -> dict[str, Any]:
    return {
        "key": kind.key,
        "label": kind.label,
        "description": kind.description,
        "one_per": "desa" if kind.per_desa else "seksi",
        "tables": [table_to_dict(t) for t in kind.tables],
    }


def schema_to_dict(schema: Schema) -> dict[str, Any]:
    from .identity import META_KEYS, META_SHEET

    return {
        "schema_version": schema.version,
        "meta_sheet": {"name": META_SHEET, "keys": list(META_KEYS)},
        "identity": table_to_dict(schema.identity),
        "kinds": [kind_to_dict(k) for k in schema.kinds],
    }


def describe_column(col: Column) -> str:
    """One Indonesian line about a column's constraints (templates and ``skema``)."""
    parts = [TYPE_LABELS[col.type]]
    if col.unit:
        parts.append(f"satuan {col.unit}")
    if col.minimum is not None and col.maximum is not None:
        parts.append(f"{_fmt(col.minimum)} s.d. {_fmt(col.maximum)}")
    if col.choices:
        parts.append("pilihan: " + ", ".join(col.choices))
    if col.choices_from == "desa":
        parts.append("pilihan: kode desa dari pengaturan")
    if col.choices_from == "seksi":
        parts.append("pilihan: seksi dari pengaturan")
    if col.pattern_hint:
        parts.append(col.pattern_hint)
    if col.required:
        parts.append("wajib")
    if col.stated:
        parts.append("angka tertulis, akan dicocokkan")
    return "; ".join(parts)


def _fmt(value: Decimal | int) -> str:
    """Indonesian grouping (10.000), but years and small numbers stay plain."""
    return fmt.number(value) if not -10_000 < value < 10_000 else str(value)


def schema_to_text(schema: Schema) -> str:
    lines = [f"Standar isian lkjip-excel, versi {schema.version}", ""]
    for kind in schema.kinds:
        per = "satu per desa" if kind.per_desa else "satu per seksi"
        lines.append(f"== {kind.key}: {kind.label} ({per})")
        lines.append(f"   {kind.description}")
        for table in kind.tables:
            opt = "" if table.required else " [opsional]"
            lines.append(f"   - tabel {table.name} (lembar '{table.sheet}'): {table.title}{opt}")
            if table.rows:
                labels = ", ".join(r.label for r in table.rows)
                lines.append(f"       baris tetap: {labels}")
            for col in table.columns:
                lines.append(f"       {col.key:<22} {col.header()}: {describe_column(col)}")
        lines.append("")
    return "\n".join(lines)


def schema_to_markdown(schema: Schema) -> str:
    """The developer documentation of the input standard (``docs/input-standard.md``)."""
    out = [
        "# The input standard",
        "",
        f"Schema version **{schema.version}**. Generated from `lkjip_excel/schema/` by",
        "`lkjip-excel skema --markdown > docs/input-standard.md`; do not edit by hand (a test",
        "fails when this file is stale). Labels are Indonesian, as the users see them.",
        "",
        "Every workbook starts with a *Petunjuk* sheet, then the identity form below, then one",
        "sheet per table. The header row is row 5; data start on row 6. The hidden sheet",
        "`_lkjip` records the kind, code, year and schema version, so files can be renamed.",
        "",
        "## The JSON contract (`lkjip-excel skema --json`)",
        "",
        "For programs that fill templates. Top level: `schema_version`, `meta_sheet` (`name`,",
        "`keys`), `identity` (a table) and `kinds` (each: `key`, `label`, `description`, `one_per`",
        "`desa`|`seksi`, `tables`). A table: `name` (the Excel table name), `sheet`, `title`,",
        "`layout` (`form`: one field per row, label in column A and value in column B; `fixed`:",
        "the rows in `fixed_rows`, labels in the first column; `per_desa`: one row per desa code",
        "of the settings, plus a `Jumlah` row when `total_row`; `list`: free rows up to",
        "`max_rows`), `required`, `key` (columns unique together), `columns`. A column: `key`,",
        "`label`, `header` (the text in the header row), `type` (`integer`, `decimal`, `rupiah`,",
        "`percent` — stored as a fraction in a %-formatted cell —, `text`, `choice`, `date`,",
        "`yesno`), `unit`, `required`, `minimum`, `maximum`, `precision`, `choices` or",
        "`choices_from` (`desa`, `seksi`: from the settings), `max_length`, `pattern`, `stated`",
        "(a total or percentage as written, checked against the computed one), `locked`, `since`",
        "(the schema version that added a table or column; older workbooks lack it and are read",
        "as if it were empty).",
        "Minor versions add optional things; a new major version cannot be read by older tools.",
        "",
    ]
    for kind in (None, *schema.kinds):
        tables = (schema.identity,) if kind is None else kind.tables
        if kind is None:
            out += ["## Identity (every workbook)", ""]
        else:
            per = "one per desa" if kind.per_desa else "one per section"
            out += [f"## `{kind.key}`: {kind.label} ({per})", "", kind.description, ""]
        for table in tables:
            opt = "" if table.required else " (optional)"
            opt += f" (since {table.since})" if table.since else ""
            out += [f"### `{table.name}`: {table.title}{opt}", ""]
            out.append(f"Sheet *{table.sheet}*, layout `{table.layout.value}`.")
            if table.key:
                out.append(f"Unique key: {', '.join(f'`{k}`' for k in table.key)}.")
            if table.rows:
                out.append("Fixed rows: " + ", ".join(f"`{r.key}` ({r.label})" for r in table.rows) + ".")
            out += ["", "| key | header | type | constraints |", "| --- | --- | --- | --- |"]
            for col in table.columns:
                out.append(f"| `{col.key}` | {col.header()} | {col.type.value} | {describe_column(col)} |")
            out.append("")
    return "\n".join(out)
