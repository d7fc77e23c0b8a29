"""The archive's database: its tables, its version and the way an older file is brought up to it.

The archive is one SQLite file (``arsip.sqlite`` in the workspace), written with the standard
library's :mod:`sqlite3`. ``PRAGMA application_id`` marks it as ours, ``PRAGMA user_version``
holds :data:`SCHEMA_VERSION`. :func:`connect` checks both on every open: a file of a newer
version is refused (this tool would not understand it), an older one is migrated step by step
with :data:`MIGRATIONS`, all of it in one transaction, so a failed or killed migration leaves
the file as it was. The tables are documented in ``docs/archive.md``.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from ..errors import LkjipError

#: "LKJP": marks a SQLite file as an lkjip-excel archive
APPLICATION_ID = 0x4C4B4A50
SCHEMA_VERSION = 1
ARCHIVE_NAME = "arsip.sqlite"
#: how long a writer waits for another process's transaction (seconds)
BUSY_TIMEOUT_S = 30.0

#: the tables of the current version (an empty file gets these)
TABLES = (
    """CREATE TABLE proses (
        id INTEGER PRIMARY KEY,
        sidik TEXT NOT NULL UNIQUE,
        tahun INTEGER NOT NULL,
        provinsi TEXT NOT NULL,
        kabupaten TEXT NOT NULL,
        kecamatan TEXT NOT NULL,
        dibuat TEXT NOT NULL,
        dicatat TEXT NOT NULL,
        terakhir TEXT NOT NULL,
        giliran INTEGER NOT NULL,
        versi_alat TEXT NOT NULL,
        versi_skema TEXT NOT NULL,
        versi_format INTEGER NOT NULL,
        pengaturan TEXT NOT NULL,
        ringkasan TEXT NOT NULL,
        galat INTEGER NOT NULL,
        peringatan INTEGER NOT NULL,
        info INTEGER NOT NULL
    )""",
    "CREATE INDEX proses_tahun ON proses (tahun, giliran)",
    """CREATE TABLE tabel (
        proses_id INTEGER NOT NULL REFERENCES proses (id) ON DELETE CASCADE,
        kunci TEXT NOT NULL,
        urutan INTEGER NOT NULL,
        judul TEXT NOT NULL,
        sumber TEXT NOT NULL,
        catatan TEXT NOT NULL,
        kolom TEXT NOT NULL,
        PRIMARY KEY (proses_id, kunci)
    )""",
    """CREATE TABLE baris (
        proses_id INTEGER NOT NULL REFERENCES proses (id) ON DELETE CASCADE,
        tabel TEXT NOT NULL,
        urutan INTEGER NOT NULL,
        jumlah INTEGER NOT NULL,
        nilai TEXT NOT NULL,
        PRIMARY KEY (proses_id, tabel, urutan)
    )""",
    """CREATE TABLE temuan (
        proses_id INTEGER NOT NULL REFERENCES proses (id) ON DELETE CASCADE,
        urutan INTEGER NOT NULL,
        kode TEXT NOT NULL,
        tingkat TEXT NOT NULL,
        berkas TEXT,
        lembar TEXT,
        sel TEXT,
        tabel TEXT,
        kolom TEXT,
        nilai TEXT NOT NULL,
        pesan TEXT NOT NULL,
        PRIMARY KEY (proses_id, urutan)
    )""",
    """CREATE TABLE sumber (
        proses_id INTEGER NOT NULL REFERENCES proses (id) ON DELETE CASCADE,
        urutan INTEGER NOT NULL,
        nama TEXT NOT NULL,
        ukuran INTEGER NOT NULL,
        sha256 TEXT,
        format TEXT,
        jenis TEXT,
        kode TEXT,
        status TEXT NOT NULL,
        dipakai INTEGER NOT NULL,
        PRIMARY KEY (proses_id, urutan)
    )""",
)

#: version n -> the statements that turn a version-n file into version n + 1 (none yet: version
#: 1 is the first). A new version adds its step here and raises SCHEMA_VERSION; tests/archive
#: checks the mechanism with a step of its own.
MIGRATIONS: dict[int, tuple[str, ...]] = {}


class ArchiveError(LkjipError):
    """The archive cannot be opened or written (exit code 2); the message says what to do."""

    exit_code = 2

    def __init__(self, message: str, reason: str | None = None, version: int | None = None) -> None:
        super().__init__(message)
        #: what is wrong with the file, without the advice (another command advises otherwise)
        self.reason = reason
        #: the archive's version when it is newer than this tool knows
        self.version = version


def _refuse(path: Path, why: str) -> ArchiveError:
    return ArchiveError(
        f"Arsip {path} {why}. Pindahkan berkas itu ke tempat lain (arsip baru akan dibuat), "
        "atau jalankan dengan --tanpa-arsip.",
        reason=f"Arsip {path} {why}.",
    )


def connect(path: Path, *, create: bool = True, read_only: bool = False) -> sqlite3.Connection:
    """Open the archive at ``path``, created (``create``) or brought up to date when needed.

    ``read_only`` opens it without ever writing (no migration: an older file is read as it is
    only when it already has the current version). Raises :class:`ArchiveError`."""
    path = Path(path)
    if read_only or not create:
        if not path.is_file():
            raise ArchiveError(f"Arsip {path} tidak ada. Jalankan 'lkjip-excel proses' dulu.")
    try:
        if read_only:
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S)
        else:
            conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    except (sqlite3.Error, OSError, ValueError) as exc:
        raise _refuse(path, f"tidak bisa dibuka ({exc})") from None
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        _check_version(conn, path, read_only)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise _refuse(path, f"rusak atau bukan basis data SQLite ({exc})") from None
    except BaseException:
        conn.close()
        raise
    return conn


def _check_version(conn: sqlite3.Connection, path: Path, read_only: bool) -> None:
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    empty = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0
    if empty and app_id == 0 and version == 0:
        if read_only:
            raise ArchiveError(f"Arsip {path} masih kosong. Jalankan 'lkjip-excel proses' dulu.")
        _transaction(conn, [*TABLES, f"PRAGMA application_id = {APPLICATION_ID}"], path, fresh=True)
        return
    if app_id != APPLICATION_ID:
        raise _refuse(path, "bukan arsip lkjip-excel")
    if version > SCHEMA_VERSION:
        raise ArchiveError(
            f"Arsip {path} dibuat oleh lkjip-excel yang lebih baru (versi arsip {version}, yang "
            f"dikenal {SCHEMA_VERSION}). Perbarui lkjip-excel, lalu ulangi.",
            version=version,
        )
    if version < 1:
        raise _refuse(path, f"berversi {version} yang tidak dikenal")
    if version < SCHEMA_VERSION:
        if read_only:
            raise ArchiveError(
                f"Arsip {path} berversi {version}, lebih lama dari {SCHEMA_VERSION}. Jalankan "
                "'lkjip-excel proses' di folder kerjanya sekali agar arsipnya diperbarui."
            )
        steps = [sql for v in range(version, SCHEMA_VERSION) for sql in MIGRATIONS[v]]
        try:
            _transaction(conn, steps, path)
        except sqlite3.Error as exc:
            raise ArchiveError(
                f"Arsip {path} (versi {version}) tidak bisa diperbarui ke versi {SCHEMA_VERSION} ({exc}); "
                "arsip tidak diubah. Periksa disk dan izin folder, lalu ulangi."
            ) from None


def _transaction(conn: sqlite3.Connection, statements: list[str], path: Path, fresh: bool = False) -> None:
    """Run ``statements`` and set the version, all or nothing."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        if fresh:  # another process may have created it while we waited for the lock
            if conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                conn.execute("ROLLBACK")
                _check_version(conn, path, read_only=False)
                return
        for sql in statements:
            conn.execute(sql)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def archive_path(workspace_root: Path) -> Path:
    return Path(workspace_root) / ARCHIVE_NAME
