"""Build the bundled example: the filled input workbooks of Purwareja Klampok 2024.

    python examples/build_example.py [--keluar DIR] [--pengaturan lkjip.toml] [--data data.yaml]

reads ``purwareja-klampok-2024/lkjip.toml`` and ``purwareja-klampok-2024/data.yaml`` and
writes one filled workbook per desa and per section into
``purwareja-klampok-2024/masuk/`` (or ``--keluar DIR``), with the project's own template
writer, exactly as a desa or a section would send them back.

The script is strict on purpose: every workbook of the settings must be in the data file
and nothing else; every table of the workbook's kind must be there (``{}``/``[]`` when
empty); an unknown table, column, fixed-row key or desa code, a column the template fills
itself, a value of the wrong type, outside the column's bounds or not among its choices,
and a duplicate key in the YAML are all errors. So data.yaml can never silently drift
from the schema. Exit code 0 when all workbooks were written, 1 on a data error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from lkjip_excel.errors import LkjipError
from lkjip_excel.schema import SCHEMA, Column, Kind, Layout, Table
from lkjip_excel.schema.layout import TOTAL_KEY
from lkjip_excel.schema.record import ValueProblem, check_value, fixed_keys, row_keys
from lkjip_excel.schema.record import known as _known
from lkjip_excel.schema.workbook import WorkbookIdentity, identities, template_filename
from lkjip_excel.settings import Settings, load_settings
from lkjip_excel.template import write_workbook

EXAMPLE_DIR = Path(__file__).resolve().parent / "purwareja-klampok-2024"
SETTINGS_PATH = EXAMPLE_DIR / "lkjip.toml"
DATA_PATH = EXAMPLE_DIR / "data.yaml"
OUT_DIR = EXAMPLE_DIR / "masuk"

#: the key of the per-desa workbooks in data.yaml (sections use their kind key)
DESA_KEY = "desa"


class DataError(Exception):
    """data.yaml does not match the schema or the settings."""


# --------------------------------------------------------------------------- loading


class _StrictLoader(yaml.SafeLoader):
    """A safe loader that refuses duplicate mapping keys (PyYAML keeps the last one)."""


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    loader.flatten_mapping(node)
    out: dict = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in out:
            line = key_node.start_mark.line + 1
            raise DataError(f"baris {line}: kunci {key!r} tertulis dua kali")
        out[key] = loader.construct_object(value_node, deep=deep)
    return out


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_data(path: Path) -> dict:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise DataError(f"{path}: tidak bisa dibaca ({exc.strerror})") from None
    try:
        data = yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except DataError as exc:
        raise DataError(f"{path}: {exc}") from None
    except yaml.YAMLError as exc:
        raise DataError(f"{path}: bukan YAML yang sah: {exc}") from None
    if not isinstance(data, dict):
        raise DataError(f"{path}: isinya harus pemetaan formulir -> tabel")
    return data


# ------------------------------------------------------------------------ converting


def _convert_value(col: Column, value: Any, where: str, settings: Settings) -> Any:
    """Check one YAML value against its column and return what the writer gets."""
    try:
        return check_value(col, value, settings)
    except ValueProblem as problem:
        raise DataError(f"{where}: {problem}") from None


def _convert_record(
    table: Table,
    record: Any,
    where: str,
    settings: Settings,
    *,
    fixed: frozenset[str] = frozenset(),
    check_required: bool = True,
) -> dict[str, Any]:
    """One row (or a FORM): known columns only, none the template fills itself."""
    if not isinstance(record, Mapping):
        raise DataError(f"{where}: harus pemetaan kolom -> nilai, bukan {type(record).__name__}")
    columns = {col.key: col for col in table.columns}
    out: dict[str, Any] = {}
    for key, value in record.items():
        col = columns.get(key)
        if col is None:
            raise DataError(f"{where}: kolom {key!r} tidak dikenal; kolom yang ada: {_known(columns)}")
        if key in fixed or col.locked:
            raise DataError(f"{where}: kolom {key!r} diisi oleh templat, jangan ditulis di data")
        out[key] = _convert_value(col, value, f"{where}.{key}", settings)
    if check_required:
        for col in table.columns:
            if col.required and col.key not in fixed and not col.locked and out.get(col.key) is None:
                raise DataError(f"{where}: kolom wajib {col.key!r} belum diisi")
    return out


def convert_table(table: Table, raw: Any, where: str, settings: Settings) -> Any:
    """The data of one table in the shape ``write_workbook`` expects."""
    if table.layout is Layout.FORM:
        if raw is None:
            raw = {}
        return _convert_record(table, raw, where, settings, check_required=bool(raw))
    if table.layout is Layout.LIST:
        if raw is None:
            raw = []
        if not isinstance(raw, list):
            raise DataError(f"{where}: tabel daftar harus ditulis sebagai daftar [...]")
        if len(raw) > table.max_rows:
            raise DataError(f"{where}: {len(raw)} baris, templat hanya menyediakan {table.max_rows}")
        rows = [_convert_record(table, rec, f"{where}[{i}]", settings) for i, rec in enumerate(raw, 1)]
        if table.key:
            seen: dict[tuple, int] = {}
            for i, row in enumerate(rows, 1):
                key = tuple(row.get(k) for k in table.key)
                if key in seen:
                    raise DataError(
                        f"{where}[{i}]: {', '.join(table.key)} = {key} sama dengan baris {seen[key]}"
                    )
                seen[key] = i
        return rows
    if raw is None:
        raw = {}
    if not isinstance(raw, Mapping):
        raise DataError(f"{where}: harus pemetaan kunci baris -> {{kolom: nilai}}")
    fixed = fixed_keys(table)
    allowed = row_keys(table, settings)
    what = "kunci baris" if table.layout is Layout.FIXED else "kode desa"
    out: dict[str, Any] = {}
    for key, record in raw.items():
        key = str(key)
        if key not in allowed:
            raise DataError(f"{where}: {what} {key!r} tidak dikenal; yang ada: {_known(allowed)}")
        is_total = key == TOTAL_KEY
        out[key] = _convert_record(
            table, record or {}, f"{where}.{key}", settings, fixed=fixed, check_required=not is_total
        )
    return out


def _workbook_data(data: dict, identity: WorkbookIdentity) -> tuple[str, Any]:
    if identity.jenis == "desa":
        return f"{DESA_KEY}.{identity.kode}", (data.get(DESA_KEY) or {}).get(identity.kode)
    return identity.jenis, data.get(identity.jenis)


def _check_workbook_keys(data: dict, settings: Settings, wanted: list[WorkbookIdentity]) -> None:
    sections = {i.jenis for i in wanted if i.jenis != "desa"}
    for key in data:
        if key != DESA_KEY and key not in sections:
            known = [DESA_KEY, *sorted(sections)]
            raise DataError(f"formulir {key!r} tidak dikenal; yang ada: {_known(known)}")
    desa = data.get(DESA_KEY) or {}
    if not isinstance(desa, Mapping):
        raise DataError(f"{DESA_KEY}: harus pemetaan kode desa -> formulir")
    codes = [d.kode for d in settings.desa]
    for code in desa:
        if str(code) not in codes or not isinstance(code, str):
            raise DataError(f"{DESA_KEY}: kode desa {code!r} tidak dikenal; yang ada: {_known(codes)}")


def convert_workbook(kind: Kind, raw: Any, where: str, settings: Settings) -> tuple[dict, dict]:
    """(identity fields filled by a person, table data) of one workbook."""
    if not isinstance(raw, Mapping):
        raise DataError(f"{where}: formulir tidak ada di data (atau bukan pemetaan tabel -> isian)")
    names = [SCHEMA.identity.name, *(t.name for t in kind.tables)]
    for key in raw:
        if key not in names:
            raise DataError(f"{where}: tabel {key!r} tidak dikenal; tabel yang ada: {_known(names)}")
    for name in names:
        if name not in raw:
            raise DataError(f"{where}: tabel {name!r} tidak ada; tulis {{}} atau [] bila kosong")
    filled = _convert_record(SCHEMA.identity, raw[SCHEMA.identity.name], f"{where}.identitas", settings)
    tables = {t.name: convert_table(t, raw[t.name], f"{where}.{t.name}", settings) for t in kind.tables}
    return filled, tables


# -------------------------------------------------------------------------- building


def build(
    settings_path: Path = SETTINGS_PATH,
    data_path: Path = DATA_PATH,
    out_dir: Path = OUT_DIR,
) -> list[Path]:
    """Check the whole data file first, then write every workbook; return their paths."""
    settings = load_settings(Path(settings_path))
    data = load_data(Path(data_path))
    wanted = identities(settings)
    _check_workbook_keys(data, settings, wanted)
    jobs = []
    for identity in wanted:
        where, raw = _workbook_data(data, identity)
        filled, tables = convert_workbook(SCHEMA.kind(identity.jenis), raw, where, settings)
        jobs.append((identity, filled, tables))
    out_dir = Path(out_dir)
    return [
        write_workbook(out_dir / template_filename(identity), identity, settings, tables, filled)
        for identity, filled, tables in jobs
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Buat formulir terisi contoh Purwareja Klampok 2024.")
    parser.add_argument("--keluar", type=Path, default=OUT_DIR, help=f"folder tujuan (bawaan: {OUT_DIR})")
    parser.add_argument("--pengaturan", type=Path, default=SETTINGS_PATH, help="berkas lkjip.toml")
    parser.add_argument("--data", type=Path, default=DATA_PATH, help="berkas data.yaml")
    args = parser.parse_args(argv)
    try:
        paths = build(args.pengaturan, args.data, args.keluar)
    except (DataError, LkjipError) as exc:
        print(f"Galat: {exc}", file=sys.stderr)
        return 1
    for path in paths:
        print(f"  {path}")
    print(f"{len(paths)} formulir ditulis ke {args.keluar}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
