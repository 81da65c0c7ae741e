"""Errors a user can act on. The CLI prints their message, never a traceback."""


class NewslensError(Exception):
    """A problem with the user's input, stated with the file and what is wrong."""


class CorpusError(NewslensError):
    """The corpus as a whole cannot be read (missing path, no articles, no text column)."""
