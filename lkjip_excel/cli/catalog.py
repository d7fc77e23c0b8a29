"""The gettext catalogues of the command line: read a ``.po`` file, compile it to ``.mo``.

A build/maintenance tool, never imported when a command runs (gettext reads the ``.mo``)::

    python lkjip_excel/cli/catalog.py      # rewrite locale/*/LC_MESSAGES/*.mo from the .po

The compiled ``.mo`` files are committed (package data); a test compiles each ``.po`` again
and compares, so the two cannot drift. The format is GNU gettext's, as Python's own
``Tools/i18n/msgfmt.py`` writes it (little-endian, keys sorted, no hash table).
"""

from __future__ import annotations

import ast
import struct
from pathlib import Path

LOCALE_DIR = Path(__file__).parent / "locale"

#: a message's key: msgid, or msgid and msgid_plural; its value: msgstr, or msgstr[0], [1]...
Key = tuple[str, ...]


def read_po(text: str) -> dict[Key, tuple[str, ...]]:
    """The translations of a ``.po`` text (the header is the entry with the empty msgid);
    fuzzy entries are left out, as msgfmt does."""
    messages: dict[Key, tuple[str, ...]] = {}
    entry: dict[str, str] = {}
    field = ""
    fuzzy = False

    def flush() -> None:
        nonlocal entry, fuzzy
        if "msgid" in entry and not fuzzy:
            key = (entry["msgid"], entry["msgid_plural"]) if "msgid_plural" in entry else (entry["msgid"],)
            if "msgstr" in entry:
                value: tuple[str, ...] = (entry["msgstr"],)
            else:
                value = tuple(entry[f"msgstr[{i}]"] for i in range(len(entry)) if f"msgstr[{i}]" in entry)
            messages[key] = value
        entry, fuzzy = {}, False

    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):  # comments come before their entry: the previous one ended
            if "msgid" in entry:
                flush()
            fuzzy = fuzzy or (line.startswith("#,") and "fuzzy" in line)
            continue
        if line.startswith('"'):
            if not field:
                raise ValueError(f"line {number}: a string outside an entry")
            entry[field] += ast.literal_eval(line)
            continue
        keyword, _, rest = line.partition(" ")
        if keyword == "msgid" and "msgid" in entry:
            flush()
        if keyword not in ("msgid", "msgid_plural", "msgstr") and not keyword.startswith("msgstr["):
            raise ValueError(f"line {number}: unknown keyword {keyword!r}")
        field = keyword
        entry[field] = ast.literal_eval(rest)
    flush()
    return messages


def write_mo(messages: dict[Key, tuple[str, ...]]) -> bytes:
    """The ``.mo`` bytes of ``messages`` (as :func:`read_po` gives them)."""
    encoded = sorted(
        ("\0".join(key).encode("utf-8"), "\0".join(value).encode("utf-8")) for key, value in messages.items()
    )
    ids = strs = b""
    offsets = []
    for msgid, msgstr in encoded:
        offsets.append((len(ids), len(msgid), len(strs), len(msgstr)))
        ids += msgid + b"\0"
        strs += msgstr + b"\0"
    count = len(encoded)
    key_start = 7 * 4 + 16 * count
    value_start = key_start + len(ids)
    table: list[int] = []
    for id_offset, id_length, _str_offset, _str_length in offsets:
        table += [id_length, id_offset + key_start]
    for _id_offset, _id_length, str_offset, str_length in offsets:
        table += [str_length, str_offset + value_start]
    header = struct.pack("<Iiiiiii", 0x950412DE, 0, count, 7 * 4, 7 * 4 + count * 8, 0, 0)
    return header + struct.pack(f"<{len(table)}i", *table) + ids + strs


def compile_po(po: Path) -> bytes:
    return write_mo(read_po(po.read_text(encoding="utf-8")))


def po_files() -> list[Path]:
    return sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po"))


def main() -> None:
    for po in po_files():
        po.with_suffix(".mo").write_bytes(compile_po(po))
        print(po.with_suffix(".mo"))


if __name__ == "__main__":
    main()
