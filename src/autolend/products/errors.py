"""The one error the products app raises for bad input or a refused operation.

A ``ProductError`` is a ``ValueError`` carrying ``field`` (the offending setting or argument) and
``message`` (one line, English, for staff): the API turns it into a 400 naming the field.
"""

from __future__ import annotations


class ProductError(ValueError):
    """Bad settings or an operation the version's state does not allow; nothing was written."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
