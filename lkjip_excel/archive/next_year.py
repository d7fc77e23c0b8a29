"""``init --dari FOLDER``: next year's workspace started from this year's.

The settings file is carried over as it is (desa, sections, rules, signature, comments) with
only its top-level ``tahun`` moved on; the archive is copied with SQLite's backup API (a
consistent copy even while another process writes it), so next year's ``templat`` pre-fills
the earlier-year fields and ``proses`` compares them. Submissions and outputs are not copied.
"""

from __future__ import annotations

import re
import sqlite3
import tomllib
from pathlib import Path

from ..atomic import atomic_path
from ..errors import UsageError
from ..workspace import Workspace, init_workspace, open_workspace
from .schema import ArchiveError, archive_path, connect

_TAHUN = re.compile(r"^(tahun\s*=\s*)(\d+)", re.MULTILINE)


def carried_settings(text: str, tahun: int) -> str:
    """The settings text with its top-level ``tahun`` set to ``tahun`` (everything else kept)."""
    head = text.split("\n[", 1)[0]  # the keys before the first table are the top level
    match = _TAHUN.search(head)
    if match is None:
        raise UsageError("Pengaturan folder asal tidak menulis 'tahun = ...'. Perbaiki lkjip.toml-nya dulu.")
    new = text[: match.start(2)] + str(tahun) + text[match.end(2) :]
    # last year's signing date is not this year's: the run's date until it is set again
    new = _SIGNED.sub(lambda m: f"# {m.group(0)}", new)
    if tomllib.loads(new).get("tahun") != tahun:  # pragma: no cover - the regex is the top-level key
        raise UsageError(
            "Tahun di pengaturan folder asal tidak bisa diganti. Buat folder kerja dengan 'init' biasa."
        )
    return new


_SIGNED = re.compile(r"^tanggal\s*=.*$", re.M)


def init_from(source: Path, folder: Path, tahun: int | None = None) -> tuple[Workspace, bool]:
    """Create the workspace ``folder`` for ``tahun`` (the source's year + 1 by default) from the
    workspace at ``source``; returns it and whether an archive was copied."""
    src = open_workspace(None, Path(source)) if (Path(source) / "lkjip.toml").is_file() else None
    if src is None:
        raise UsageError(
            f"{source} bukan folder kerja (tidak ada lkjip.toml). Tulis folder kerja tahun lalu."
        )
    tahun = src.settings.tahun + 1 if tahun is None else tahun
    if tahun <= src.settings.tahun:
        raise UsageError(f"Tahun baru {tahun} harus setelah tahun folder asal ({src.settings.tahun}).")
    text = carried_settings(src.settings_path.read_text(encoding="utf-8-sig"), tahun)
    archive = archive_path(src.root)
    source_conn = None
    if archive.is_file():  # checked before anything is created: a workspace or nothing
        try:
            source_conn = connect(archive, read_only=True)
        except ArchiveError as exc:
            raise UsageError(
                f"{exc.reason or exc} Folder kerja {folder} tidak dibuat: pindahkan atau perbaiki "
                "arsip di folder asal, lalu ulangi."
            ) from None
    s = src.settings
    try:
        ws = init_workspace(
            folder, s.kecamatan, tahun, [(d.kode, d.nama) for d in s.desa], s.kabupaten, s.provinsi
        )
        with atomic_path(ws.settings_path) as tmp:
            tmp.write_text(text, encoding="utf-8")
        ws = open_workspace(ws.settings_path)
    except BaseException:
        if source_conn is not None:
            source_conn.close()
        raise
    if source_conn is None:
        return ws, False
    try:
        with atomic_path(archive_path(ws.root)) as tmp:
            target = sqlite3.connect(tmp)
            try:
                source_conn.backup(target)
            finally:
                target.close()
    except sqlite3.Error as exc:
        raise UsageError(
            f"Arsip {archive} tidak bisa disalin ({exc}). Folder kerja baru dibuat tanpa arsip."
        ) from None
    finally:
        source_conn.close()
    return ws, True
