"""The choices of a column: its own list, or one the settings give (``Column.choices_from``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .model import Column

if TYPE_CHECKING:
    from ..settings import Settings


def settings_choices(settings: Settings) -> dict[str, list[str]]:
    """The choice lists that come from the settings, by ``Column.choices_from``."""
    return {"desa": [d.kode for d in settings.desa], "seksi": list(settings.seksi.values())}


#: [settings, its desa list, its seksi dict, their lengths, choices]; holding the objects
#: keeps their identities from being reused by others
_CHOICES: list[Any] = [None, None, None, None, None]


def cached_settings_choices(settings: Settings) -> dict[str, list[str]]:
    """``settings_choices``, computed once per batch: one settings object, thousands of files."""
    cached, desa, seksi, sizes, choices = _CHOICES
    current = (len(settings.desa), len(settings.seksi))
    if cached is settings and desa is settings.desa and seksi is settings.seksi and sizes == current:
        known: dict[str, list[str]] = choices
        return known
    fresh = settings_choices(settings)
    _CHOICES[:] = [settings, settings.desa, settings.seksi, current, fresh]
    return fresh


def column_choices(col: Column, settings: Settings) -> list[str]:
    """The values a CHOICE (or YESNO) column accepts, for these settings."""
    if col.choices_from:
        return list(settings_choices(settings)[col.choices_from])
    return list(col.choices)
