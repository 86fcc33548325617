"""Errors that the command line turns into a clear message and an exit status."""


class InputError(ValueError):
    """Bad input: a manifest row, a raw file, a codebook entry, a parameter.

    The message is one paragraph naming the file (and line or key) and the fix.
    """

    exit_code = 2


class StepError(RuntimeError):
    """A notebook failed while executing; the message names the notebook and the cell."""

    exit_code = 1
