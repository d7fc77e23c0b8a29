"""What the body says about the result: whose report, which year, and its :class:`Ringkasan`.

The ringkasan comes from a :class:`~lkjip_excel.engine.model.Hasil` (right after
``proses``), a JSON export (``kirim --json``) or the hidden sheet of the workbook that
``proses`` wrote; all three give the same :class:`Summary`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..engine.model import Hasil
from ..engine.ringkasan import Ringkasan
from ..errors import UsageError
from ..export import FORMAT
from .errors import MailError
from .text import shown

JSON_FORMAT = FORMAT  # the export this module reads


@dataclass(frozen=True)
class Summary:
    """The run a message is about: the engine's :class:`Ringkasan` with its kecamatan and year."""

    kecamatan: str
    tahun: int | str
    ringkasan: Ringkasan


def summary_from_hasil(hasil: Hasil) -> Summary:
    """The summary of a freshly computed :class:`~lkjip_excel.engine.model.Hasil`."""
    return Summary(kecamatan=hasil.kecamatan, tahun=hasil.tahun, ringkasan=hasil.ringkasan)


def summary_from_json(path: Path) -> Summary:
    """The summary of a JSON export written by ``lkjip-excel proses --json``."""
    path = Path(path)
    if not path.is_file():
        raise UsageError(f"Berkas JSON {shown(path)} tidak ada.")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        raise MailError(
            f"Berkas {shown(path)} tidak bisa dibaca sebagai JSON hasil 'lkjip-excel proses --json'."
        ) from None
    summary = _summary_from_data(data)
    if summary is None:
        raise MailError(f"Berkas {shown(path)} bukan hasil 'lkjip-excel proses --json'.")
    return summary


def _summary_from_data(data: Any) -> Summary | None:
    if (
        not isinstance(data, dict)
        or data.get("format") != JSON_FORMAT
        or not isinstance(data.get("ringkasan"), dict)
        or "kecamatan" not in data
        or "tahun" not in data
    ):
        return None
    return Summary(
        kecamatan=str(data["kecamatan"]),
        tahun=data["tahun"],
        ringkasan=Ringkasan.from_dict(data["ringkasan"]),
    )


def summary_from_workbook(path: Path) -> Summary | None:
    """The summary ``proses`` recorded in its workbook (hidden sheet), or None for other files.

    Called after the attachment's size on disk was checked against the attachment limit.
    The file is opened the way every submission is: its zip members inflated with the real
    byte limits, and the hidden sheet read within its bounds (a far cell or a lying zip in a
    file given to ``kirim`` costs nothing)."""
    import io

    import python_calamine

    from ..reading.bounds import SheetBounds
    from ..reading.container import DEFAULT_LIMITS, read_bytes, sniff
    from ..schema import META_SHEET

    try:
        raw = sniff(path, read_bytes(path, DEFAULT_LIMITS), DEFAULT_LIMITS)
        bounds = SheetBounds(raw, path.name, 0, DEFAULT_LIMITS)
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(raw.workbook_bytes))
        if META_SHEET not in workbook.sheet_names:
            return None
        rows, _, _ = bounds.read(workbook, META_SHEET)
        data = json.loads(next(str(r[1]) for r in rows if r and r[0] == "ringkasan"))
    except Exception:  # noqa: BLE001 - any other (or refused) workbook simply has no summary
        return None
    return _summary_from_data(data)
