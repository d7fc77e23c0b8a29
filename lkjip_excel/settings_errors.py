"""The settings file's validation errors as one-line Indonesian messages.

msgspec reports a problem in English with a path (``Expected `int` >= 2000 - at
`$.tahun```); :func:`explain` turns it into ``tahun: tahun 3000 tidak masuk akal ...``.
:func:`prepare` does what the types cannot say before msgspec sees the data: texts
stripped, no control characters, no inf or nan.
"""

from __future__ import annotations

import math
import re
import unicodedata
from typing import Any

#: characters refused in any text: controls (Cc), surrogates (Cs), line and paragraph
#: separators (Zl, Zp) and the format characters that reorder or hide what is displayed
#: (bidi embeddings, overrides, isolates and marks); ordinary spaces such as U+00A0 stay
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_REFUSED_CATEGORIES = frozenset({"Cc", "Cs", "Zl", "Zp"})


def refused_char(text: str, display: bool = True) -> bool:
    """Whether ``text`` holds a control character; with ``display`` also one that changes
    what is displayed (see :data:`_BIDI`): the signature block is printed as it is typed."""
    if display:
        return any(ch in _BIDI or unicodedata.category(ch) in _REFUSED_CATEGORIES for ch in text)
    return any(unicodedata.category(ch) in ("Cc", "Cs") for ch in text)


#: the sections whose texts also refuse display controls (other texts are escaped on output)
SIGNED_SECTIONS = ("penandatangan",)


MESSAGES = {
    "missing": "wajib diisi (belum ada)",
    "unknown": "kunci tidak dikenal (salah ketik?)",
    "int": "harus bilangan bulat",
    "float": "harus angka",
    "str": "harus teks dalam tanda kutip",
    "bool": "harus true atau false",
    "array": "harus daftar",
    "object": "harus bagian [..] tersendiri",
    "short": "tidak boleh kosong",
    "long": "terlalu panjang",
    "pattern": "hanya boleh huruf, angka, titik dan tanda minus",
    "date": "harus tanggal, misalnya 2025-01-31 (tanpa tanda kutip)",
    "datetime": "harus tanggal saja, tanpa jam",
    "control": "tidak boleh berisi karakter kendali (NUL, baris baru, tab, pengatur arah teks)",
    "finite": "harus angka biasa (bukan inf atau nan)",
}


def show(value) -> str:
    """A value as the message shows it: short, and never a number too long to print."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 64:
        return "(angka terlalu panjang)"
    text = repr(value) if not isinstance(value, int | float) else str(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _where(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def prepare(data: Any, signed: bool = False) -> tuple[Any, str | None]:
    """The raw TOML data with every text stripped; the first text with a control character
    or number that is inf/nan, as an error message (walked without recursion: the data may
    be nested thousands deep). ``signed``: ``data`` is a signature block itself."""
    root: list[Any] = [None]
    stack: list[tuple[Any, list[Any] | dict[Any, Any], Any, tuple]] = [(data, root, 0, ())]
    while stack:
        value, parent, key, loc = stack.pop()
        if isinstance(value, str):
            if refused_char(value, signed or loc[:1] == SIGNED_SECTIONS):
                return None, f"{_where(loc)}: {MESSAGES['control']}"
            parent[key] = value.strip()
        elif isinstance(value, float) and not math.isfinite(value):
            return None, f"{_where(loc)}: {MESSAGES['finite']}"
        elif isinstance(value, dict):
            copy: dict[Any, Any] = {}
            parent[key] = copy
            for k, v in value.items():
                k = k.strip() if isinstance(k, str) else k
                copy[k] = None
                stack.append((v, copy, k, (*loc, k)))
        elif isinstance(value, list):
            items: list[Any] = [None] * len(value)
            parent[key] = items
            stack.extend((v, items, i, (*loc, i)) for i, v in enumerate(value))
        else:
            parent[key] = value
    return root[0], None


_PATH_PART = re.compile(r"\.([^.\[]+)|\[(\d+)\]|\[\.\.\.\]")


def _path(text: str) -> tuple:
    return tuple(
        m[1] if m[1] is not None else int(m[2]) if m[2] else "..." for m in _PATH_PART.finditer(text)
    )


def _value_at(data: Any, loc: tuple) -> Any:
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def explain(error: str, data: Any, choices: dict[str, tuple[str, ...]]) -> str:
    """One msgspec error (``Expected `int` >= 2000 - at `$.tahun```) in Indonesian."""
    text, _, at = error.partition(" - at `")
    loc = _path(at.rstrip("`")[1:]) if at else ()
    value = _value_at(data, loc)
    field = re.search(r"field `([^`]*)`", text)
    bound = re.match(r"Expected `(int|float)` ([<>]=?) ([-\d.e+]+)", text)
    expected = re.match(r"Expected `([a-z]+)(?: \| null)?`(?:, got `(\w+)`)?", text)
    if field:
        loc = (*loc, field[1])
        message = MESSAGES["missing" if text.startswith("Object missing") else "unknown"]
    elif bound:
        if loc == ("tahun",):
            message = f"tahun {show(value)} tidak masuk akal (harus 2000-2100)"
        else:
            limit = float(bound[3])
            message = (
                f"nilai {show(value)} di luar batas ({show(int(limit) if limit.is_integer() else limit)})"
            )
    elif " of length >= " in text:
        message = MESSAGES["short"]
    elif " of length <= " in text:
        message = MESSAGES["long"]
    elif "matching regex" in text:
        message = "hanya boleh angka dan spasi" if loc[-1:] == ("nip",) else MESSAGES["pattern"]
    elif text.startswith("Invalid enum value"):
        allowed = [f"'{c}'" for c in choices.get(str(loc[-1]) if loc else "", ())]
        listed = ", ".join(allowed[:-1]) + " atau " + allowed[-1] if len(allowed) > 1 else "".join(allowed)
        message = f"nilainya harus salah satu dari: {listed}"
    elif "date" in text:
        got_datetime = expected is not None and expected[2] == "datetime"
        message = MESSAGES["datetime" if got_datetime else "date"]
    elif expected and expected[1] in MESSAGES:
        message = MESSAGES[expected[1]]
    else:
        message = text
    where = _where(loc)
    return f"{where}: {message}" if where else message
