"""Text from outside (file names, cells, settings) as the outputs and the terminal show it.

Two rules, each in one function, so that a name reads the same everywhere:

* :func:`output_text` for the workbook and the JSON export: bytes of a file name that are
  not UTF-8 (Python keeps them as lone surrogates) become ``\\xNN``; control characters
  that XML cannot hold or that only disturb (C0 except tab and newline, DEL, C1,
  U+FFFE/U+FFFF) become ``\\xNN`` too; CR LF and CR become LF.
* :func:`terminal_text` for the console: the same ``\\xNN`` for those, and every other
  character a terminal would act on or draw invisibly (newline, tab, CR, bidirectional
  overrides and isolates, zero-width characters, line separators, …) written as ``\\n``,
  ``\\t``, ``\\r``, ``\\u202e`` and so on, so that a value can neither add a line nor
  reorder or hide text.

The rules only ever add visible characters; printable text passes unchanged.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

#: what output_text replaces (besides surrogates and CR)
_OUTPUT_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff\r]")
#: Unicode categories a terminal line must not carry raw: controls, format characters
#: (bidi overrides and isolates, zero-width ones), surrogates, private use, unassigned,
#: line and paragraph separators
_TERMINAL_UNSAFE = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
_NAMED = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _escape(ch: str) -> str:
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a file name that is not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    if ch in _NAMED:
        return _NAMED[ch]
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def _output_char(match: re.Match) -> str:
    ch = match.group()
    return "\n" if ch == "\r" else _escape(ch)


def output_text(value: object) -> str:
    """``value`` as text safe for the workbook and the JSON export (see the module notes)."""
    text = value if isinstance(value, str) else str(value)
    if _OUTPUT_UNSAFE.search(text) is None:
        return text
    return _OUTPUT_UNSAFE.sub(_output_char, text.replace("\r\n", "\n"))


def terminal_text(value: object, keep_newlines: bool = False) -> str:
    """``value`` as one line safe to print; with ``keep_newlines``, several such lines."""
    text = value if isinstance(value, str) else str(value)
    if text.isprintable():
        return text
    if keep_newlines:
        return "\n".join(terminal_text(line) for line in text.split("\n"))
    out = []
    for ch in text:
        if ch.isprintable():
            out.append(ch)
        elif unicodedata.category(ch) in _TERMINAL_UNSAFE:
            out.append(_escape(ch))
        else:  # spaces other than U+0020 (no-break space, ...): harmless, kept
            out.append(ch)
    return "".join(out)


#: values :func:`texts` returns as they are without looking further (the bulk of a result)
_NOT_TEXT = frozenset({int, float, bool, type(None)})


def texts(value: Any, limit: int | None = None) -> Any:
    """Every string in ``value`` (dict keys too, lists, tuples) through :func:`output_text`,
    cut to ``limit`` UTF-16 units when given; other values unchanged."""
    if type(value) in _NOT_TEXT:
        return value
    if isinstance(value, str):
        text = output_text(value)
        return text if limit is None else clip(text, limit)
    if isinstance(value, dict):
        return {
            _key_text(k) if type(k) is str and len(k) <= 64 else texts(k): texts(v, limit)
            for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return [texts(v, limit) for v in value]
    return value


@lru_cache(maxsize=4096)  # (a result's keys: a few hundred short names, each met thousands of times)
def _key_text(key: str) -> str:
    return output_text(key)


def json_escape_unsafe(text: str) -> str:
    """JSON text with every character :func:`terminal_text` would escape written as a JSON
    ``\\uXXXX`` escape instead: the same JSON value, safe to print. Line breaks stay."""
    if text.isprintable():
        return text
    out = []
    for line in text.split("\n"):
        if line.isprintable():
            out.append(line)
            continue
        chars = []
        for ch in line:
            if ch.isprintable() or unicodedata.category(ch) not in _TERMINAL_UNSAFE:
                chars.append(ch)
            elif ord(ch) > 0xFFFF:
                high, low = divmod(ord(ch) - 0x10000, 0x400)
                chars.append(f"\\u{0xD800 + high:04x}\\u{0xDC00 + low:04x}")
            else:
                chars.append(f"\\u{ord(ch):04x}")
        out.append("".join(chars))
    return "\n".join(out)


def utf16_length(text: str) -> int:
    """Length as Excel counts it (UTF-16 code units)."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def clip(text: str, limit: int, mark: str = "…") -> str:
    """``text`` cut to at most ``limit`` UTF-16 units, ending in ``mark`` when cut."""
    if len(text) <= limit // 2 or utf16_length(text) <= limit:
        return text
    room = limit - utf16_length(mark)
    out, used = [], 0
    for ch in text:
        size = 2 if ord(ch) > 0xFFFF else 1
        if used + size > room:
            break
        out.append(ch)
        used += size
    return "".join(out) + mark


def normal_label(text: str, *, compatibility: bool = False) -> str:
    """``text`` as labels, headers, choices and names are compared: case and white space
    (repeated, leading, trailing, tabs, newlines) do not count: ``' Jumlah  DESA'`` ->
    ``'jumlah desa'``.

    With ``compatibility`` (what the workbook identity uses), compatibility forms (NFKC:
    full-width letters, ligatures, no-break spaces) and invisible format characters
    (category Cf: zero-width spaces and joiners, direction marks, soft hyphens) do not
    count either.
    """
    if compatibility:
        text = unicodedata.normalize("NFKC", text)
        text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return " ".join(text.split()).casefold()
