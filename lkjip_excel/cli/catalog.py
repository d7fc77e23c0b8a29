"""The gettext catalogues of the command line: each ``.po`` compiled to ``.mo`` by Babel.

A maintenance tool, never imported when a command runs (gettext reads the ``.mo``), and
Babel is a test/development dependency only::

    python lkjip_excel/cli/catalog.py      # rewrite locale/*/LC_MESSAGES/*.mo from the .po

The compiled ``.mo`` files are committed (package data); a test compiles each ``.po`` again
and compares, so the two cannot drift.
"""

from __future__ import annotations

import io
from pathlib import Path

LOCALE_DIR = Path(__file__).parent / "locale"

#: a message's key: msgid, or msgid and msgid_plural; its value: msgstr, or msgstr[0], [1]...
Key = tuple[str, ...]


def _catalog(po: Path):
    from babel.messages.pofile import read_po as babel_read_po

    with po.open("rb") as fh:
        return babel_read_po(fh, locale=po.parents[1].name)


def read_po(po: Path) -> dict[Key, tuple[str, ...]]:
    """The translations of a ``.po`` file, fuzzy ones left out (as msgfmt does); the header
    is the entry with the empty msgid."""
    out: dict[Key, tuple[str, ...]] = {}
    for message in _catalog(po):
        if message.fuzzy and message.id:
            continue
        key = tuple(message.id) if isinstance(message.id, tuple | list) else (message.id,)
        value = tuple(message.string) if isinstance(message.string, tuple | list) else (message.string,)
        out[key] = value
    return out


def compile_po(po: Path) -> bytes:
    from babel.messages.mofile import write_mo

    buffer = io.BytesIO()
    write_mo(buffer, _catalog(po))
    return buffer.getvalue()


def po_files() -> list[Path]:
    return sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po"))


def main() -> None:
    for po in po_files():
        po.with_suffix(".mo").write_bytes(compile_po(po))
        print(po.with_suffix(".mo"))


if __name__ == "__main__":
    main()
