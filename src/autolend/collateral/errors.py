"""The one error the collateral app raises for bad input or a refused transition.

A ``CollateralError`` is a ``ValueError`` carrying ``field`` (the offending input or "status")
and ``message`` (one line, English): the API turns it into a 400 naming the field, the CLI into
exit status 2. Services raise it before anything is written (or inside the transaction, which
then rolls back).
"""

from __future__ import annotations


class CollateralError(ValueError):
    """Bad input or a transition the object's state does not allow; nothing was written."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
