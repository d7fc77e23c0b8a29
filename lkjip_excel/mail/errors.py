"""The error of this package."""

from __future__ import annotations

from ..errors import LkjipError


class MailError(LkjipError):
    """The message could not be built or sent (exit code 1); the text says why, in one line."""
