"""Write an output file all at once: into a temporary file beside it, then rename."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .errors import OutputError


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path in ``target``'s folder; rename it onto ``target`` on success.

    If the body raises (or the process dies), ``target`` keeps its previous content and
    the temporary file is removed.
    """
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(
            prefix=f".{target.stem}-", suffix=target.suffix + ".tmp", dir=target.parent
        )
    except OSError as exc:
        raise OutputError(f"Tidak bisa menulis ke folder {target.parent}: {exc.strerror}.") from None
    os.close(fd)
    tmp = Path(tmp_name)
    # mkstemp makes the file private (0600); give it the permissions a normal file gets
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    try:
        yield tmp
        os.replace(tmp, target)
    except PermissionError:
        raise OutputError(
            f"Berkas {target} tidak bisa ditimpa. Tutup berkas itu di Excel lalu ulangi."
        ) from None
    finally:
        tmp.unlink(missing_ok=True)
