"""The exceptions the library raises; the CLI maps them to exit codes.

Problems *in the data* are not exceptions: they are findings (``lkjip_excel.findings``).
"""


class LkjipError(Exception):
    """Base class: a problem the user can fix; the message is Indonesian and says how."""

    #: the command line's exit code for this kind of problem
    exit_code = 1


class UsageError(LkjipError):
    """The command was used wrongly (exit code 2)."""

    exit_code = 2


class SettingsError(UsageError):
    """The workspace settings file is missing or invalid (exit code 2)."""


class OutputError(LkjipError):
    """An output file could not be written: full disk, no permission (exit code 2).

    Nothing was replaced: the previous output is kept as it was.
    """

    exit_code = 2
