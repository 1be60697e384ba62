"""Errors a user can cause, shared by the modules that raise them; the CLI turns each into one
line on stderr and an exit code."""


class DictionaryError(ValueError):
    """A dictionary file that cannot be used: missing, not text, or a malformed line (the
    message names the file, and the line when there is one)."""
