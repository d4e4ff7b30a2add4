"""IAM's answer to input breaking the model's constraints: ``ValidationError`` (see
``services/constraints.py``)."""
from __future__ import annotations

from iamulator.services.constraints import Validator

VALIDATOR = Validator("ValidationError")
validate = VALIDATOR.validate
_for_operation = VALIDATOR.checker
