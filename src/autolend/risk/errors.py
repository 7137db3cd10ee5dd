"""The one error the risk package raises for bad input."""

from __future__ import annotations


class RiskInputError(ValueError):
    """Input a model cannot use; ``field`` names the column, option or file at fault.

    Same shape as the kernel's input errors, so the API can turn it into a 400 naming the field.
    """

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
