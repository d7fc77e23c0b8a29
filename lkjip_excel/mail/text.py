"""Text that goes into a header or onto the console (numbers for people: :mod:`lkjip_excel.fmt`).

:func:`check_line` refuses what could add a header or forge a console line;
:func:`shown` makes any text safe to print on one line.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from ..errors import UsageError

#: characters that change the direction of the text around them (they can forge a console line)
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_SHOWN_MAX = 120


def unencodable(char: str) -> bool:
    """A lone surrogate that is not a byte escaped by the file system (so not UTF-8 at all)."""
    return 0xD800 <= ord(char) <= 0xDFFF and not 0xDC80 <= ord(char) <= 0xDCFF


def is_control(char: str) -> bool:
    """Control, line/paragraph separator, direction override, or a surrogate (not UTF-8 text)."""
    return unicodedata.category(char) in ("Cc", "Zl", "Zp", "Cs") or char in _BIDI


def shown(text: Any) -> str:
    """``text`` safe on one console line: control, direction and undecodable characters escaped.

    A byte of a file name that was not UTF-8 (a surrogate escape) is shown as ``\\xNN``.
    """
    out = []
    for char in str(text):
        code = ord(char)
        if 0xDC80 <= code <= 0xDCFF:
            out.append(f"\\x{code - 0xDC00:02x}")
        elif is_control(char):
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(char)
    text = "".join(out)
    return text if len(text) <= _SHOWN_MAX else text[: _SHOWN_MAX - 3] + "..."


def check_line(value: str, what: str, hint: str) -> str:
    """``value`` when it is one line of UTF-8 text fit for a mail header; else a :class:`UsageError`.

    Line breaks (CR, LF and their Unicode kin), other control characters, direction
    overrides and bytes that are not UTF-8 are refused: in a header they could add headers
    or recipients, on the console they could forge lines.
    """
    bad = next((char for char in value if is_control(char)), None)
    if bad is None:
        return value
    if unicodedata.category(bad) == "Cs":
        problem = "bukan teks UTF-8 yang sah"
    else:
        problem = "berisi karakter kendali (mis. baris baru atau tab)"
    raise UsageError(f"{what} '{shown(value)}' {problem}: {hint}")


def clean_body(text: str) -> str:
    """The body as text a mail can carry: what is not UTF-8 becomes U+FFFD, a control character a space."""
    out = []
    for char in text.replace("\r\n", "\n").replace("\r", "\n"):
        if unicodedata.category(char) == "Cs":
            out.append("\ufffd")
        elif is_control(char) and char not in "\n\t":
            out.append(" ")
        else:
            out.append(char)
    return "".join(out)
