"""What reading and checking a file produced, kept in the workspace for the next run.

A planner runs ``periksa``, fixes a few files, runs ``periksa`` again, then ``proses``.
:class:`ReadCache` keeps each file's :class:`Submission` (as ``read_submission`` returned
it, before the batch checks) in ``<workspace>/.lkjip-cache/baca.sqlite``, keyed on the
SHA-256 of the file's bytes read now (a changed file has another key) and its name; the
cache format, tool version, code fingerprint and schema version; the settings and limits.

Never trusted: an entry is plain data (:mod:`.stored`: msgpack through msgspec, strictly
typed; never pickle), signed with a per-user key kept outside the workspace
(``$XDG_CACHE_HOME/lkjip-excel/cache.key``, mode 600), and checked on the way in
(signature, key, the file's digest, every finding code known). Anything that fails is
ignored and the file read again; a cache that cannot be opened or written is not used.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import os
import secrets
import stat
import time
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from .. import __version__
from ..schema import SCHEMA
from .container import Limits, read_to_limit
from .model import Submission
from .stored import STORED_FORMAT, EntryError, TwoPass, decode_head, encode, fill_now_or_later

if TYPE_CHECKING:
    import sqlite3

    from ..settings import Settings

CACHE_DIR = ".lkjip-cache"
CACHE_FILE = "baca.sqlite"
#: entries not used for this long are dropped
KEEP_DAYS = 60
#: an entry's last use is written again once it is this old (a re-run right after
#: another, the usual case, writes nothing)
USED_REFRESH_SECONDS = 86400
#: new entries written to the database this many at a time
FLUSH_ENTRIES = 256
_PACKAGE = Path(__file__).resolve().parent.parent


# --------------------------------------------------------------------------- keys


def _code_fingerprint() -> str:
    """The tool's code as it is now (a changed reader must not take the old results)."""
    h = hashlib.sha256(f"{STORED_FORMAT}|{__version__}|{SCHEMA.version}".encode())
    for path in sorted(_PACKAGE.rglob("*.py")):
        info = path.stat()
        h.update(f"{path.relative_to(_PACKAGE)}|{info.st_size}|{info.st_mtime_ns}\n".encode())
    return h.hexdigest()


def _context(settings: Settings, limits: Limits) -> bytes:
    h = hashlib.sha256(_code_fingerprint().encode())
    h.update(msgspec.json.encode(settings))
    h.update(repr(limits).encode())
    return h.digest()


def _file_digest(path: Path, limits: Limits) -> tuple[str, os.stat_result] | None:
    """The SHA-256 of a regular file's bytes (never blocking on a pipe or a device), or None
    when the file is not one the cache may stand for."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or not 0 < info.st_size <= limits.max_file_bytes:
            return None
        with os.fdopen(os.dup(fd), "rb") as fh:
            data = read_to_limit(fh, info.st_size, limits.max_file_bytes)
        return hashlib.sha256(data).hexdigest(), info
    except OSError:
        return None
    finally:
        os.close(fd)


def _signing_key() -> bytes | None:
    """The user's key for signing entries, outside any workspace; None when there is none
    and none can be made (the cache is then not used)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    path = Path(base) / "lkjip-excel" / "cache.key"
    try:
        key = path.read_bytes()
        if len(key) == 32:
            return key
    except OSError:
        pass
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        key = secrets.token_bytes(32)
        tmp = path.with_name(f".cache.key.{os.getpid()}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(key)
        os.replace(tmp, path)
        return key
    except OSError:
        return None


# --------------------------------------------------------------------------- the store


def cache_allowed(root: Path, inputs: Path) -> bool:
    """Whether the workspace may hold a cache: not when its cache folder would be among the
    submissions (settings beside the files, read with ``--rekursif``)."""
    try:
        return not (Path(root) / CACHE_DIR).resolve().is_relative_to(Path(inputs).resolve())
    except (OSError, RuntimeError):
        return False


class ReadCache:
    """The cache of one workspace for one run: :meth:`lookup` before reading, :meth:`store`
    for what was read, :meth:`save` at the end. Never raises for the cache's own sake."""

    def __init__(self, root: Path, settings: Settings, limits: Limits):
        self.folder = Path(root) / CACHE_DIR
        self._context = _context(settings, limits)
        self._limits = limits
        self._key = _signing_key()
        self._keys: dict[Path, str] = {}
        self._new: list[tuple[str, bytes, bytes]] = []
        #: entries used now whose last use, older than USED_REFRESH_SECONDS, is written again
        self._stale: list[str] = []
        #: the database could not be written: stop trying for this run
        self._broken = False
        #: files taken from the cache, and files read (for tests and the benchmark)
        self.hits = 0
        self.misses = 0

    def _connect(self, create: bool) -> sqlite3.Connection | None:
        import sqlite3

        db = self.folder / CACHE_FILE
        if not create and not db.is_file():
            return None
        try:
            if create:
                self.folder.mkdir(exist_ok=True)
                ignore = self.folder / ".gitignore"
                if not ignore.exists():
                    ignore.write_text("*\n", encoding="utf-8")
            con = sqlite3.connect(db, timeout=2)
            con.execute(
                "CREATE TABLE IF NOT EXISTS entry (key TEXT PRIMARY KEY, mac BLOB, data BLOB, used REAL)"
            )
            return con
        except (sqlite3.Error, OSError):
            return None

    def _mac(self, key: str, data: bytes) -> bytes:
        assert self._key is not None
        return hmac.new(self._key, key.encode() + b"\0" + data, hashlib.sha256).digest()

    def lookup(self, paths: list[Path], two_pass: TwoPass | None = None) -> dict[Path, Submission]:
        """The submissions of the unchanged files among ``paths`` (their tables left to
        ``two_pass``, when given)."""
        import sqlite3

        if self._key is None:
            return {}
        stats: dict[Path, tuple[str, os.stat_result]] = {}
        for path in paths:
            got = _file_digest(path, self._limits)
            if got is not None:
                h = hashlib.sha256(self._context)
                h.update(b"|" + os.fsencode(path.name) + b"|" + got[0].encode())
                self._keys[path] = h.hexdigest()
                stats[path] = got
        con = self._connect(create=False)
        if con is None:
            return {}
        hits: dict[Path, Submission] = {}
        now = time.time()
        try:
            with con:
                for path, key in self._keys.items():
                    row = con.execute("SELECT mac, data, used FROM entry WHERE key = ?", (key,)).fetchone()
                    if row is None or not isinstance(row[1], bytes) or not isinstance(row[0], bytes):
                        continue
                    mac, data, used = row
                    if not hmac.compare_digest(mac, self._mac(key, data)):
                        continue
                    try:
                        sub, tables = decode_head(data, path)
                        digest, info = stats[path]
                        if sub.sha256 != digest or sub.size != info.st_size:
                            continue
                        fill_now_or_later(sub, tables, two_pass)
                    except EntryError:
                        continue
                    sub.modified = dt.datetime.fromtimestamp(info.st_mtime)
                    hits[path] = sub
                    if not isinstance(used, int | float) or not used > now - USED_REFRESH_SECONDS:
                        self._stale.append(key)
        except sqlite3.Error:
            return {}
        finally:
            con.close()
        self.hits = len(hits)
        return hits

    def store(self, sub: Submission, data: bytes | None = None) -> None:
        """Keep what reading ``sub`` produced (call before the batch checks change it);
        ``data``: ``sub`` already encoded (as a reading process sends it)."""
        self.misses += 1
        key = self._keys.get(sub.path)
        if key is None or self._key is None or sub.sha256 is None:
            return
        if data is None:
            try:
                data = encode(sub)
            except (TypeError, ValueError):  # a value msgpack cannot keep, a name not in UTF-8
                return
        self._new.append((key, self._mac(key, data), data))
        if len(self._new) >= FLUSH_ENTRIES:
            self._write(final=False)

    def save(self) -> None:
        """Write the new entries, mark the used ones, drop the long unused."""
        self._write(final=True)

    def _write(self, final: bool) -> None:
        """The pending entries to the database (a few hundred at a time, so that a large
        batch does not hold them all in memory); at the end also the bookkeeping."""
        import sqlite3

        new, self._new = self._new, []
        if self._broken or (not new and not (final and self._stale)):
            return
        con = self._connect(create=True)
        if con is None:
            self._broken = True
            return
        now = time.time()
        try:
            with con:
                con.executemany(
                    "INSERT OR REPLACE INTO entry (key, mac, data, used) VALUES (?, ?, ?, ?)",
                    [(k, m, d, now) for k, m, d in new],
                )
                if final:
                    seen = [(now, k) for k in self._stale]
                    con.executemany("UPDATE entry SET used = ? WHERE key = ?", seen)
                    con.execute("DELETE FROM entry WHERE used < ?", (now - KEEP_DAYS * 86400,))
        except sqlite3.Error:
            self._broken = True
        finally:
            con.close()
