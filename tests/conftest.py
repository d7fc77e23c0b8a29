"""Fixtures built once per test run (once per pytest-xdist worker) and shared across modules.

- ``example_hasil``: the bundled example's computed result. It is shared: a test that changes
  it works on ``copy.deepcopy(example_hasil)``.
- ``example_book``: the consolidated workbook written from it, at a fixed creation time.
- ``libreoffice``: every LibreOffice conversion the suite needs, done lazily with one
  ``soffice`` start per target format (all inputs of that format in one call), once per run
  even with pytest-xdist (see :class:`LibreOffice`), instead of one start per test.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "purwareja-klampok-2024"
FIXED_TIME = dt.datetime(2025, 1, 15, 8, 0)


@pytest.fixture(scope="session")
def example_hasil():
    """The example's result, computed once; never change it in place (deepcopy it first)."""
    from lkjip_excel.engine import proses

    hasil = proses(EXAMPLE)
    hasil.dibuat = FIXED_TIME
    if hasil.penandatangan is not None:  # its date is the day of the run unless the settings give one
        hasil.penandatangan = dataclasses.replace(hasil.penandatangan, tanggal=FIXED_TIME.date())
    return hasil


@pytest.fixture(scope="session")
def example_book(example_hasil, tmp_path_factory) -> Path:
    """The example's consolidated workbook (read it, never change it)."""
    from lkjip_excel.output import write_output

    return write_output(copy.deepcopy(example_hasil), tmp_path_factory.mktemp("example-out") / "LKjIP.xlsx")


# --- LibreOffice, started once per target format ---------------------------------------------


@dataclass(frozen=True)
class Conversion:
    """Inputs of the batch: ``build(folder, shared)`` writes one file (or several, each then
    known as ``<key>-<stem>``); each is converted to every format of ``fmts``."""

    key: str
    build: Callable[[Path, dict], Path | list[Path]]
    fmts: tuple[str, ...]
    recalc: bool = False  # converted in a profile that recalculates every formula on load


def _templates(folder: Path, shared: dict) -> list[Path]:
    from lkjip_excel.template import generate_templates
    from tests.helpers import make_settings

    return generate_templates(make_settings(n_desa=1), folder)


#: a seksi name long enough to wrap on every form that shows it
LONG_SEKSI = "Sub Bagian Perencanaan dan Keuangan Kecamatan Purwareja Klampok Kabupaten Banjarnegara"


def _filled_forms(folder: Path, shared: dict) -> list[Path]:
    """The example's filled section forms and its first desa form, with a long seksi name."""
    from tests.test_example import build_example

    copies = []
    for name in ("lkjip.toml", "data.yaml"):  # the data names the seksi too
        text = (EXAMPLE / name).read_text(encoding="utf-8")
        copy_ = folder / name
        copy_.write_text(text.replace("Sub Bagian Perencanaan dan Keuangan", LONG_SEKSI), encoding="utf-8")
        copies.append(copy_)
    written = build_example.build(*copies, folder / "forms")
    return [p for p in written if "-desa-" not in p.name or p.name.endswith("-001-purwareja.xlsx")]


def _resave_desa(folder: Path, shared: dict) -> Path:
    from tests.reading.test_resave import build_originals

    return build_originals(folder)[0]


def _resave_keuangan(folder: Path, shared: dict) -> Path:
    from tests.reading.test_resave import build_originals

    return build_originals(folder)[1]


def _identity_desa(folder: Path, shared: dict) -> Path:
    from tests.reading.test_identity import desa_001

    return desa_001(folder)


def _attacked_book(folder: Path, shared: dict) -> Path:
    from tests.output.test_text_safety import libreoffice_input

    return libreoffice_input(copy.deepcopy(shared["example_hasil"]), folder)


def _findings_book(folder: Path, shared: dict) -> Path:
    from lkjip_excel.output import write_output
    from tests.output.test_findings_sheet import planted_hasil

    return write_output(planted_hasil(shared["example_hasil"]), folder / "findings.xlsx")


def _recalc_example(folder: Path, shared: dict) -> Path:
    return Path(shutil.copy(shared["example_book"], folder / "example.xlsx"))


def _recalc_negative(folder: Path, shared: dict) -> Path:
    from tests.output.test_recalc import negative_and_capped_book

    return negative_and_capped_book(folder)


def _print_example(folder: Path, shared: dict) -> Path:
    return Path(shutil.copy(shared["example_book"], folder / "example.xlsx"))


def _print_generated(folder: Path, shared: dict) -> Path:
    """The workbook of a generated 30-desa workspace (long tables, every input table filled)."""
    from lkjip_excel.engine import proses
    from lkjip_excel.output import write_output
    from tests.engine.generated import build_workspace, generated_data

    hasil = proses(build_workspace(folder / "workspace", generated_data(30), 30))
    hasil.dibuat = FIXED_TIME
    return write_output(hasil, folder / "generated.xlsx")


def _naskah(folder: Path, shared: dict) -> Path:
    from lkjip_excel.naskah import write_document

    return write_document(copy.deepcopy(shared["example_hasil"]), folder / "naskah.docx").written[0]


CONVERSIONS = [
    Conversion("template", _templates, ("pdf",)),
    Conversion("print-example", _print_example, ("pdf",)),
    Conversion("print-generated", _print_generated, ("pdf",)),
    Conversion("filled", _filled_forms, ("pdf",)),
    Conversion("resave-desa", _resave_desa, ("xlsx", "ods", "xls")),
    Conversion("resave-keuangan", _resave_keuangan, ("xlsx", "ods", "xls")),
    Conversion("identity-desa", _identity_desa, ("xlsx", "ods")),
    Conversion("attacked", _attacked_book, ("ods",)),
    Conversion("findings", _findings_book, ("pdf",)),
    Conversion("recalc-example", _recalc_example, ("xlsx",), recalc=True),
    Conversion("recalc-negative-and-capped", _recalc_negative, ("xlsx",), recalc=True),
    Conversion("naskah", _naskah, ("pdf",)),
]


class LibreOffice:
    """The suite's LibreOffice conversions, done lazily: the first ``get`` of a target format
    builds every input of that format and converts them all in one ``soffice`` start.

    Each batch is made once per run even with pytest-xdist: the first worker to need it
    creates its folder under the run's shared temp folder (``mkdir`` succeeds for exactly
    one process) and converts; another worker waits for its ``done`` marker and reads the
    same files. Each worker has its own LibreOffice profile (one profile cannot be used
    by two LibreOffice processes at once)."""

    def __init__(self, shared_root: Path, own_root: Path, shared: dict):
        self.root = shared_root
        self.own = own_root
        self.shared = shared

    def _batch(self, fmt: str, recalc: bool) -> Path:
        from tests.helpers import recalc_profile, soffice, soffice_convert_many

        folder = self.root / f"{fmt}{'-recalc' if recalc else ''}"
        done, failed = folder / "done", folder / "failed"
        if done.exists():
            return folder
        soffice()  # skips (or fails in CI) where LibreOffice is missing
        try:
            folder.mkdir(parents=True)
        except FileExistsError:  # another worker converts this batch: wait for it
            deadline = time.monotonic() + 900
            while not done.exists():
                if failed.exists():
                    pytest.fail(
                        f"LibreOffice batch {folder.name} failed in another worker: {failed.read_text()}"
                    )
                if time.monotonic() > deadline:
                    pytest.fail(f"LibreOffice batch {folder.name}: no result after 15 minutes")
                time.sleep(0.2)
            return folder
        try:
            sources = []
            for conv in CONVERSIONS:
                if fmt in conv.fmts and conv.recalc == recalc:
                    built = conv.build(_fresh(folder / "built" / conv.key), self.shared)
                    for path in built if isinstance(built, list) else [built]:
                        # a unique stem per input: LibreOffice names its output after it
                        name = conv.key if not isinstance(built, list) else f"{conv.key}-{path.stem}"
                        sources.append(
                            Path(shutil.copy(path, _fresh(folder / "in") / f"{name}{path.suffix}"))
                        )
            profile = self.own / f"profile{'-recalc' if recalc else ''}"
            if recalc:
                recalc_profile(profile)
            soffice_convert_many(sources, fmt, folder / "out", profile)
        except BaseException as exc:
            failed.write_text(repr(exc), encoding="utf-8")
            raise
        done.touch()
        return folder

    def originals(self, key: str, fmt: str) -> list[Path]:
        """The file(s) the conversion of ``key`` to ``fmt`` started from."""
        conv = next(c for c in CONVERSIONS if c.key == key)
        assert fmt in conv.fmts, (key, fmt)
        folder = self._batch(fmt, conv.recalc) / "in"
        return sorted(p for p in folder.iterdir() if p.stem == key or p.stem.startswith(key + "-"))

    def original(self, key: str, fmt: str) -> Path:
        (path,) = self.originals(key, fmt)
        return path

    def get(self, original: Path, fmt: str) -> Path:
        """What LibreOffice made of ``original`` (one of :meth:`originals`)."""
        produced = original.parent.parent / "out" / f"{original.stem}.{fmt}"
        assert produced.exists(), f"LibreOffice did not produce {produced.name}"
        return produced


def _fresh(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def libreoffice(tmp_path_factory, example_hasil, example_book) -> LibreOffice:
    """The suite's LibreOffice conversions (see :class:`LibreOffice`)."""
    run_root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        run_root = run_root.parent  # the run's folder, shared by its workers
    shared = {"example_hasil": example_hasil, "example_book": example_book}
    return LibreOffice(run_root / "libreoffice-batches", tmp_path_factory.mktemp("libreoffice"), shared)
