"""Click's own messages in Indonesian, through click's own mechanism: gettext.

Click marks every message it writes (usage errors, help headings, ``[required]``...) with
``gettext``: each of its modules does ``from gettext import gettext as _`` (and
``ngettext``) and calls ``_("Missing argument")`` when it writes one. We ship the ``click``
catalogue in Indonesian (``locale/id/LC_MESSAGES/click.po``, compiled to ``click.mo`` by
``python lkjip_excel/cli/catalog.py``) and :func:`install_click_translation` binds those
two names, in click's modules only, to the catalogue's methods.

Why not the global domain (``gettext.textdomain``): that would change every gettext user of
the process (argparse, other libraries), and gettext picks the language from ``LANGUAGE``/
``LANG``, while lkjip-excel speaks Indonesian whatever the machine's locale. Binding click's
own ``_`` keeps the change inside click and independent of the environment; a click whose
modules stop using ``gettext.gettext`` is caught by the tests (``tests/test_cli_text.py``).
"""

from __future__ import annotations

import gettext
import importlib
import re
import sys
from pathlib import Path

import click

from ..text import terminal_text

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "click"
LANGUAGE = "id"

#: click's modules imported only when needed (the progress bar, shell completion): imported
#: here so that their messages are translated too
LATE_MODULES = ("click._termui_impl", "click.shell_completion")

#: a value quoted in a message is cut to this many characters (a 5,000-digit --tahun)
MAX_QUOTED = 60

#: "Missing argument 'X'." is assembled by click from pieces whose order Indonesian cannot
#: keep; these are the whole sentences, by the kind of parameter
MISSING = {
    "argument": "Argumen {hint} belum diberikan.",
    "option": "Pilihan {hint} wajib diberikan.",
}


def catalogue() -> gettext.GNUTranslations:
    """The Indonesian catalogue of click's messages."""
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[LANGUAGE])


def install_click_translation() -> None:
    """Make click write its messages in Indonesian (every click module imported so far and
    the ones click imports late); idempotent."""
    translation = catalogue()
    for name in LATE_MODULES:
        importlib.import_module(name)
    for name, module in list(sys.modules.items()):
        if name != "click" and not name.startswith("click."):
            continue
        if getattr(module, "_", None) is gettext.gettext:
            module._ = translation.gettext  # type: ignore[attr-defined]
        if getattr(module, "ngettext", None) is gettext.ngettext:
            module.ngettext = translation.ngettext  # type: ignore[attr-defined]


def _shorten(message: str) -> str:
    return re.sub(rf"'([^'\n]{{{MAX_QUOTED}}})[^'\n]+'", r"'\1...'", message)


def _message(error: click.UsageError) -> str:
    """Click's message (translated by the catalogue), but a missing parameter as one sentence."""
    if isinstance(error, click.MissingParameter) and error.param is not None and not error.message:
        param = error.param
        sentence = MISSING.get(error.param_type or param.param_type_name)
        if sentence:
            hint = error.param_hint or param.get_error_hint(error.ctx)
            if not isinstance(hint, str):
                hint = " / ".join(repr(x) for x in hint)
            extra = param.type.get_missing_message(param=param, ctx=error.ctx)
            return sentence.format(hint=hint) + (f" {extra}" if extra else "")
    return error.format_message()


def usage_error_text(error: click.UsageError) -> str:
    """Two lines: what is wrong, and where to read how to use the command."""
    ctx = error.ctx
    command = ctx.command_path if ctx else "lkjip-excel"
    message = terminal_text(_shorten(_message(error)))  # it may quote what was typed
    return f"Galat pemakaian: {message}\nLihat '{command} --help'."
