"""The LKjIP document (``lkjip-excel naskah``): a Word document drafted from the computed result.

:func:`draft` is the command: check the outputs, read the template (the default one, built by
:mod:`.template`, or a kecamatan's), run the same check as ``proses`` (:func:`pipeline.check`,
same :class:`~lkjip_excel.pipeline.Options`), then write the document (and its PDF).
:func:`write_document` writes the document of a result already computed (``proses --naskah``).
Sentences come from :mod:`.sentences`, the template's fields from :mod:`.context` (declared
in :mod:`.fields`), tables from :mod:`.tables`, charts from :mod:`.charts`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .render import NaskahError

if TYPE_CHECKING:
    from ..engine.model import Hasil
    from ..pipeline import Checked, Options

__all__ = ["Drafted", "NaskahError", "default_path", "draft", "write_document", "write_default_template"]


@dataclass
class Drafted:
    """What :func:`draft` or :func:`write_document` did."""

    hasil: Hasil
    checked: Checked | None = None
    written: list[Path] = field(default_factory=list)
    #: ``[Isi: …]`` left for the planner
    placeholders: int = 0
    #: nothing was written: the run has errors and ``ketat`` was asked
    refused: bool = False
    #: why the PDF asked for was not made (None: made, or not asked)
    pdf_error: str | None = None

    @property
    def has_errors(self) -> bool:
        return self.hasil.has_errors


def default_path(kecamatan: str, tahun: int, workspace: Path | None) -> Path:
    """``LKjIP-<tahun>-<kecamatan>.docx`` beside the workbook ``proses`` writes."""
    from ..output import output_path_for

    return output_path_for(kecamatan, tahun, workspace).with_suffix(".docx")


def pdf_path(document: Path) -> Path:
    return Path(document).with_suffix(".pdf")


def _must_be_docx(what: str, path: Path) -> None:
    """A document output must be named ``.docx``: never a workbook, an archive or anything else."""
    if Path(path).suffix.lower() != ".docx":
        raise NaskahError(f"{what} {path} harus berakhiran .docx. Pilih nama berkas .docx.")


def write_default_template(path: Path) -> Path:
    """``naskah --contoh-templat FILE``: the default template for a kecamatan to edit."""
    from ..paths import check_outputs
    from .template import write_default_template as write

    _must_be_docx("--contoh-templat", Path(path))
    check_outputs([("--contoh-templat", Path(path))], [])
    return write(Path(path))


def _check_targets(
    target: Path, pdf: bool, template_file: Path | None, inputs: list[tuple[str, Path]], folders: list
) -> None:
    from ..paths import check_outputs

    _must_be_docx("Naskah", target)
    outputs = [("Naskah", target)] + ([("PDF", pdf_path(target))] if pdf else [])
    if template_file is not None:
        inputs = [*inputs, ("--templat", Path(template_file))]
    check_outputs(outputs, inputs, folders)


def write_document(
    hasil: Hasil,
    target: Path,
    *,
    template: bytes | None = None,
    template_name: str = "bawaan",
    pdf: bool = False,
) -> Drafted:
    """Render ``hasil`` into ``target`` (atomically) and, with ``pdf``, its PDF beside it."""
    from ..atomic import atomic_path
    from .render import render

    rendered = render(hasil, template, template_name)
    with atomic_path(Path(target)) as tmp:
        tmp.write_bytes(rendered.data)
    done = Drafted(hasil, written=[Path(target)], placeholders=rendered.placeholders)
    if pdf:
        from .pdf import convert

        done.pdf_error = convert(Path(target), pdf_path(target))
        if done.pdf_error is None:
            done.written.append(pdf_path(target))
    return done


def draft(
    folder: Path | str | None = None,
    options: Options | None = None,
    *,
    out_file: Path | None = None,
    template_file: Path | None = None,
    pdf: bool = False,
    ketat: bool = False,
) -> Drafted:
    """``lkjip-excel naskah``: check the folder as ``proses`` does and write the document
    (by default ``hasil/LKjIP-<tahun>-<kecamatan>.docx``, beside the workbook); with ``ketat`` nothing is written
    when the run has errors. The outputs and the template are checked before anything is read."""
    from ..pipeline import Options, check
    from ..reading import list_inputs
    from ..workspace import resolve_inputs
    from .render import read_template

    options = options or Options()
    ws, inputs = resolve_inputs(None if folder is None else Path(folder), options.settings_file)
    target = Path(out_file) if out_file else default_path(ws.settings.kecamatan, ws.settings.tahun, ws.root)
    submissions = list_inputs(inputs, options.recursive) if inputs.is_dir() else []
    _check_targets(
        target,
        pdf,
        template_file,
        [("berkas pengaturan", ws.settings_path)] + [("berkas kiriman", p) for p in submissions],
        [("folder kiriman", inputs, options.recursive)],
    )
    from ..pipeline import _archive_is_not_an_output

    _archive_is_not_an_output(ws, target, pdf_path(target) if pdf else None)
    template = read_template(Path(template_file)) if template_file is not None else None
    checked = check(folder, options)
    if ketat and checked.has_errors:
        return Drafted(checked.hasil, checked, refused=True)
    done = write_document(
        checked.hasil,
        target,
        template=template,
        template_name=str(template_file) if template_file else "bawaan",
        pdf=pdf,
    )
    done.checked = checked
    return done


def write_for_run(
    hasil: Hasil,
    workbook: Path,
    pdf: bool = False,
    template: bytes | None = None,
    template_name: str = "bawaan",
) -> Drafted:
    """``proses --naskah``: the document beside the workbook ``proses`` wrote, named like it
    (``.docx``), checked like any output."""
    from ..paths import check_outputs

    target = Path(workbook).with_suffix(".docx")
    _must_be_docx("Naskah", target)
    check_outputs([("Naskah", target)] + ([("PDF", pdf_path(target))] if pdf else []), [])
    return write_document(hasil, target, template=template, template_name=template_name, pdf=pdf)
