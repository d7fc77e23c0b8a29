"""Pemeriksaan and Sumber in people's words: the titles of tables and columns (never their
keys) wherever the sheet names one, in the values too; sizes and dates the Indonesian way;
wrapped text in rows tall enough (checked through LibreOffice)."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import openpyxl

from lkjip_excel import fmt
from lkjip_excel.findings import Finding
from lkjip_excel.output import write_output
from lkjip_excel.output.findings_sheet import PEMERIKSAAN_COLUMNS, SUMBER_COLUMNS
from lkjip_excel.schema import SCHEMA
from tests.template.test_print import MIN_BOX_HEIGHT, overlapping, word_boxes

FIRST_ROW = 5  # 1-based: title, kecamatan line, empty row, header
PEM = {name: i for i, (name, _) in enumerate(PEMERIKSAAN_COLUMNS)}
SUM = {name: i for i, (name, _) in enumerate(SUMBER_COLUMNS)}


def _schema_table(name: str):
    return next(t for k in SCHEMA.kinds for t in k.tables if t.name == name)


def _internal_keys(hasil) -> set[str]:
    """Every key a person should never read: tables and columns of the schema and the report."""
    keys = set()
    for kind in SCHEMA.kinds:
        for table in (SCHEMA.identity, *kind.tables):
            keys.add(table.name)
            keys |= {c.key for c in table.columns}
    for key, table in hasil.tables.items():
        keys.add(key)
        keys |= {c.key for c in table.columns}
    return {k for k in keys if "_" in k}  # a one-word key reads as a word


#: (table, column, values) of findings added to the example's, each naming keys
PLANTED = [
    ("pertanian_pangan", "komoditas", {"stated": 5, "computed": 6, "kolom": "komoditas"}),
    ("skm_nrr", "nrr_1", {"value": "x", "column": "nrr_1"}),
    ("anggaran", "pagu_murni", {"stated": 1, "computed": 2, "kolom": "pagu murni", "sheet": "Anggaran"}),
    ("sasaran", "predikat_target", {"range": "I6:J6", "table": "sasaran"}),
]


def planted_hasil(example_hasil):
    hasil = copy.deepcopy(example_hasil)
    for i, (table, column, values) in enumerate(PLANTED):
        hasil.findings.append(
            Finding("SEL_DIGABUNG", "f.xlsx", "Lembar", f"Z{100 + i}", table, column, dict(values))
        )
    return hasil


def _rows(path: Path, sheet: str) -> list[tuple]:
    wb = openpyxl.load_workbook(path)
    return list(wb[sheet].iter_rows(min_row=FIRST_ROW, values_only=True))


def test_pemeriksaan_names_tables_and_columns_by_their_titles(example_hasil, tmp_path: Path):
    hasil = planted_hasil(example_hasil)
    rows = _rows(write_output(hasil, tmp_path / "o.xlsx"), "Pemeriksaan")
    assert [r[PEM["Kode"]] for r in rows] == [f.code for f in hasil.findings]
    by_cell = {r[PEM["Lembar!Sel"]]: r for r in rows}
    for i, (table, column, _values) in enumerate(PLANTED):
        row = by_cell[f"Lembar!Z{100 + i}"]
        schema_table = _schema_table(table)
        assert row[PEM["Tabel"]] == schema_table.title
        assert row[PEM["Kolom"]] == schema_table.column(column).label
        assert schema_table.column(column).label in row[PEM["Nilai"]] or "kolom" not in _values
    keys = _internal_keys(hasil)
    pattern = re.compile(r"\b(" + "|".join(sorted(map(re.escape, keys), key=len, reverse=True)) + r")\b")
    for row in rows:
        for name in ("Tabel", "Kolom", "Nilai", "Pesan"):
            text = row[PEM[name]] or ""
            assert not pattern.search(text), (row[PEM["Kode"]], name, text)


def test_a_report_table_is_named_by_its_title(example_hasil, tmp_path: Path):
    hasil = copy.deepcopy(example_hasil)
    key, table = next((k, t) for k, t in hasil.tables.items() if "_" in k and not _known_input(k))
    col = table.columns[-1]
    hasil.findings.append(Finding("SEL_DIGABUNG", "f.xlsx", "Lembar", "Z1", key, col.key, {"kolom": col.key}))
    (row,) = [r for r in _rows(write_output(hasil, tmp_path / "o.xlsx"), "Pemeriksaan") if r[3] == "Lembar!Z1"]
    assert (row[PEM["Tabel"]], row[PEM["Kolom"]]) == (table.title, col.label)


def _known_input(name: str) -> bool:
    return any(t.name == name for k in SCHEMA.kinds for t in k.tables)


def test_sumber_shows_sizes_dates_and_kinds_for_people(example_book: Path, example_hasil):
    rows = _rows(example_book, "Sumber")
    assert len(rows) == len(example_hasil.sources)
    kinds = {k.key for k in SCHEMA.kinds}
    for row, source in zip(rows, example_hasil.sources, strict=True):
        assert row[SUM["Berkas"]] == source.nama
        assert row[SUM["Ukuran"]] == fmt.file_size(source.ukuran)
        assert row[SUM["Tanggal"]] == fmt.long_date(source.tanggal)
        assert row[SUM["Jenis"]] == SCHEMA.kind(str(source.jenis)).label
        assert row[SUM["Jenis"]] not in kinds


def test_every_row_has_room_for_its_wrapped_text(example_book: Path):
    wb = openpyxl.load_workbook(example_book)
    for sheet in ("Pemeriksaan", "Sumber"):
        ws = wb[sheet]
        for r in range(FIRST_ROW - 1, ws.max_row + 1):
            longest = max(len(str(c.value or "")) for c in ws[r])
            height = ws.row_dimensions[r].height
            assert height is not None and (longest < 20 or height > 15), (sheet, r)


def test_pemeriksaan_and_sumber_print_readable_without_overlap(libreoffice):
    pdf = libreoffice.get(libreoffice.original("findings", "pdf"), "pdf")
    ours = [  # the page header names the sheet at its right end
        (height, words)
        for _, height, words in word_boxes(pdf)
        if max((w for w in words if w[3] < 40), key=lambda w: w[2], default=(0, 0, 0, 0, ""))[4]
        in ("Pemeriksaan", "Sumber")
    ]
    assert len(ours) >= 2
    for height, words in ours:
        body = [w for w in words if 40 < w[1] and w[3] < height - 40]  # not the page header/footer
        small = [w for w in body if w[3] - w[1] < MIN_BOX_HEIGHT]
        assert body and not small, small[:5]
        assert not overlapping(words), overlapping(words)[:5]
