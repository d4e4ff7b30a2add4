"""STS's answer to input breaking the model's constraints (see ``services/constraints.py``):
``ValidationError``, values shown as they are, sensitive or not. Missing members and list
minimums are left to botocore, which refuses them on the client; patterns with Unicode classes
or escapes go unchecked."""
from __future__ import annotations

from iamulator.services.constraints import Validator

VALIDATOR = Validator("ValidationError", required=False, list_minimum=False, hide_sensitive=False,
                      java_patterns=False, show=str)
validation_error = VALIDATOR.error


def validate(operation: str, params: dict) -> None:
    VALIDATOR.validate("sts", operation, params)
