"""The ``lkjip-excel`` command line: a thin shell over the library (:mod:`lkjip_excel.pipeline`).

Each command parses its options, calls one library function, prints, and maps the outcome
to an exit code: 0 ok, 1 the data has errors, 2 the command was used wrongly.

- :mod:`.main`: the group, the aliases, library errors and usage errors to exit codes;
- :mod:`.commands`: the commands, one module per family (workspace, batch, kirim);
- :mod:`.options`: options shared by several commands;
- :mod:`.text`: click's own messages in Indonesian (the ``click`` gettext catalogue in
  ``locale/``) and the usage-error text;
- :mod:`.console`: the terminal renderings and ``echo``, the one way the commands print.

Importing this package loads click and little else: each command imports what it needs.
"""

from .. import interrupt

# Ctrl-C while the command line itself is still loading ends it quietly, too
with interrupt.while_importing():
    from .main import EXIT_DATA, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, LkjipGroup, cli

__all__ = ["EXIT_DATA", "EXIT_INTERRUPTED", "EXIT_OK", "EXIT_USAGE", "LkjipGroup", "cli"]
