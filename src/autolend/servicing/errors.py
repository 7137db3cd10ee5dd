"""The one error servicing raises for bad input or a refused operation.

A ``ServicingError`` is a ``ValueError`` carrying ``field`` (the offending input, e.g. "amount",
"status", "checker") and ``message`` (one line for a person): the API turns it into a 400 with the
field, the CLI into exit status 2. Services raise it before anything is written.
"""

from __future__ import annotations


class ServicingError(ValueError):
    """Bad input or an operation the loan's state does not allow; nothing was written."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
