"""E-mail addresses as users write them, parsed by the standard library's header parser."""

from __future__ import annotations

from collections.abc import Sequence
from email.headerregistry import Address, HeaderRegistry
from email.message import EmailMessage
from typing import Any

from ..errors import UsageError
from .text import check_line, is_control, shown

_HEADERS = HeaderRegistry()
ADDRESS_EXAMPLE = 'Contoh yang benar: camat@banjarnegarakab.go.id atau "Camat <camat@banjarnegarakab.go.id>".'


def _split(value: str) -> list[str]:
    """Split on commas and semicolons outside quotes and angle brackets."""
    items, current, quoted, angled, escaped = [], "", False, False, False
    for char in value:
        if escaped:
            escaped = False
        elif char == "\\" and quoted:
            escaped = True
        elif char == '"':
            quoted = not quoted
        elif char == "<" and not quoted:
            angled = True
        elif char == ">" and not quoted:
            angled = False
        if char in ",;" and not quoted and not angled:
            items.append(current)
            current = ""
        else:
            current += char
    items.append(current)
    return [item.strip() for item in items if item.strip()]


def _hostname(domain: str) -> bool:
    """A DNS host name with at least two labels (no address literal, no single label)."""
    labels = domain.split(".")
    return (
        domain.isascii()
        and len(domain) <= 253
        and len(labels) >= 2
        and all(
            0 < len(label) <= 63 and label.replace("-", "").isalnum() and label[0] != "-" and label[-1] != "-"
            for label in labels
        )
    )


def _parse_address(item: str) -> Address | None:
    """One address parsed by the e-mail library's own header parser; None when it is not one."""
    try:
        header: Any = _HEADERS("To", item)
    except Exception:  # noqa: BLE001 - the parser's own errors: not an address
        return None
    if header.defects or len(header.addresses) != 1 or any(g.display_name for g in header.groups):
        return None
    address = header.addresses[0]
    if not address.username or not address.username.isascii() or not _hostname(address.domain):
        return None
    return Address(display_name=address.display_name, username=address.username, domain=address.domain)


def is_address(text: str) -> bool:
    """Whether ``text`` is exactly one valid address."""
    if not text or any(is_control(char) for char in text):
        return False
    items = _split(text)
    return len(items) == 1 and _parse_address(items[0]) is not None


def parse_addresses(values: Sequence[str], role: str = "penerima") -> list[Address]:
    """``camat@x.go.id``, ``Camat <camat@x.go.id>``, several separated by commas or semicolons.

    Each is parsed by :mod:`email.headerregistry`; a malformed address, or one with a line
    break or another control character, is a :class:`UsageError` naming it.
    """
    out: list[Address] = []
    for value in values:
        check_line(value, f"Alamat {role}", f"tulis alamat dalam satu baris. {ADDRESS_EXAMPLE}")
        for item in _split(value):
            address = _parse_address(item)
            if address is None:
                raise UsageError(f"Alamat {role} '{shown(item)}' tidak sah. {ADDRESS_EXAMPLE}")
            out.append(address)
    return out


def envelope_recipients(msg: EmailMessage) -> list[str]:
    """The addresses of To, Cc and Bcc, each once, in order."""
    seen: list[str] = []
    for header in ("To", "Cc", "Bcc"):
        for address in getattr(msg[header], "addresses", ()) if msg[header] else ():
            if address.addr_spec not in seen:
                seen.append(address.addr_spec)
    return seen
