"""Stopping cleanly: Ctrl-C (SIGINT) and SIGTERM end a command with ``Dibatalkan.``, exit 130.

While a command runs, both signals raise :class:`KeyboardInterrupt` in the main process,
so every ``finally`` runs (temporary files removed, the reading processes shut down) and
the command line prints one line instead of a traceback. A second signal during that
cleanup exits at once. Forked reading processes inherit the handler and ignore SIGINT
(the terminal sends it to them too; the main process stops them) and end quietly on
SIGTERM. Only the standard library is imported here: the command line installs this
before it imports anything else.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Iterator

EXIT_INTERRUPTED = 130
MESSAGE = "Dibatalkan."
SIGNALS = tuple(s for s in (getattr(signal, "SIGINT", None), getattr(signal, "SIGTERM", None)) if s)


class _State:
    """The main process's PID, signals received, whether the line was printed, the phase."""

    pid = 0
    hits = 0
    said = False
    mode = "run"


_state = _State()


def say_interrupted(from_handler: bool = False) -> None:
    """Print the one line on stderr, once (inside a signal handler: straight to the fd)."""
    if _state.said:
        return
    _state.said = True
    with contextlib.suppress(OSError, ValueError):
        if from_handler:
            os.write(2, f"{MESSAGE}\n".encode())
        else:
            sys.stderr.write(f"{MESSAGE}\n")
            sys.stderr.flush()


def _handler(signum: int, frame) -> None:
    if os.getpid() != _state.pid:  # a forked worker: the main process stops the pool
        if signum != signal.SIGINT:
            os._exit(128 + signum)
        return
    _state.hits += 1
    if _state.mode == "import" or _state.hits > 1:
        say_interrupted(from_handler=True)
        os._exit(EXIT_INTERRUPTED)
    raise KeyboardInterrupt


def _install(mode: str) -> dict:
    """Install the handler for SIGINT and SIGTERM; return the previous handlers."""
    previous: dict = {}
    _state.pid, _state.hits, _state.said, _state.mode = os.getpid(), 0, False, mode
    for signum in SIGNALS:
        try:
            if signal.getsignal(signum) == signal.SIG_IGN:  # e.g. started with nohup: keep that
                continue
            previous[signum] = signal.signal(signum, _handler)
        except (ValueError, OSError):  # not the main thread: leave the signals alone
            break
    return previous


def _restore(previous: dict) -> None:
    for signum, handler in previous.items():
        with contextlib.suppress(ValueError, OSError, TypeError):
            signal.signal(signum, handler if handler is not None else signal.SIG_DFL)


@contextlib.contextmanager
def while_importing() -> Iterator[None]:
    """Around the command line's own imports: a signal ends the process at once (nothing
    has been opened or written yet)."""
    previous = _install("import")
    try:
        yield
    finally:
        _restore(previous)


@contextlib.contextmanager
def handled() -> Iterator[None]:
    """Around a command: SIGINT and SIGTERM raise KeyboardInterrupt (once)."""
    previous = _install("run")
    try:
        yield
    finally:
        _restore(previous)


def ignore_in_worker() -> None:
    """For a reading process: the main process decides when to stop; SIGTERM ends it."""
    with contextlib.suppress(ValueError, OSError):
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        if hasattr(signal, "SIGTERM"):
            signal.signal(signal.SIGTERM, signal.SIG_DFL)


def exit_interrupted() -> None:
    """Say ``Dibatalkan.`` and exit 130 (after a KeyboardInterrupt was caught)."""
    _state.hits = max(_state.hits, 1)  # a further signal now exits at once
    say_interrupted()
    sys.exit(EXIT_INTERRUPTED)
