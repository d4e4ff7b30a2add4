"""KMS's answer to input breaking the model's constraints (see ``services/constraints.py``):
``ValidationException``; blobs are never echoed back, and a list of scalars is reported as a
whole ("Member must satisfy constraint: [...]")."""
from __future__ import annotations

from iamulator.services.constraints import Validator

VALIDATOR = Validator("ValidationException", hide_blobs=True, whole_scalar_lists=True)
