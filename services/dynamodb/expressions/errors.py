"""The error an expression raises before the caller knows which parameter it came from."""
from __future__ import annotations


class ExpressionError(Exception):
    """``message`` is DynamoDB's text after ``Invalid <Parameter>: ``."""

    def __init__(self, message: str, prefixed: bool = True):
        super().__init__(message)
        self.message = message
        # Some errors (key-condition shape, unused placeholders) carry no "Invalid X:" prefix.
        self.prefixed = prefixed
