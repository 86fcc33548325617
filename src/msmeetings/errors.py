"""Errors that the command line turns into a clear message and an exit status."""


class InputError(ValueError):
    """Bad input: a manifest row, a raw file, a codebook entry, a parameter, an output folder.

    The message is one paragraph naming the file (and line or key) and the fix.
    """

    exit_code = 2


class StepError(RuntimeError):
    """A notebook failed while executing; the message names the notebook and the cell."""

    exit_code = 1

    def __init__(self, message: str, *, exit_code: int = 1):
        """A failed step; exit_code 2 when the cell refused bad input."""
        super().__init__(message)
        # A cell that refused bad input (an InputError inside the kernel) is bad input, not a crash.
        self.exit_code = exit_code


class OutputError(RuntimeError):
    """Outputs could not be put in place; the message names the path, and nothing was published."""

    exit_code = 1


class BuildLocked(RuntimeError):
    """Another build is running in the same output folder; the message names it."""

    exit_code = 3
