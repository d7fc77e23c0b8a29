"""The archive: every ``proses`` result recorded in ``arsip.sqlite`` in the workspace.

``record`` writes a run (``pipeline.run`` calls it after the outputs are written, unless
``--tanpa-arsip``); ``runs`` and ``history`` read it (``riwayat``); ``run_dict`` gives a
recorded run in the shape of the JSON export (``rekap``). The database's tables and
versioning: ``docs/archive.md``.
"""

from .query import NAMED_FIGURES, RunInfo, current_run, history, run_dict, runs
from .schema import ARCHIVE_NAME, SCHEMA_VERSION, ArchiveError, archive_path, connect
from .store import Recorded, fingerprint, record

__all__ = [
    "ARCHIVE_NAME",
    "NAMED_FIGURES",
    "SCHEMA_VERSION",
    "ArchiveError",
    "Recorded",
    "RunInfo",
    "archive_path",
    "connect",
    "current_run",
    "fingerprint",
    "history",
    "record",
    "run_dict",
    "runs",
]
