"""EC2's errors: plain codes (the model declares none), always HTTP 400 unless said otherwise."""
from __future__ import annotations

from iamulator.services.errors import AWSError


def invalid_value(message: str) -> AWSError:
    return AWSError("InvalidParameterValue", message)


def invalid_combination(message: str) -> AWSError:
    return AWSError("InvalidParameterCombination", message)


def missing(name: str) -> AWSError:
    return AWSError("MissingParameter", f"The request must contain the parameter {name}")


def dry_run() -> AWSError:
    return AWSError("DryRunOperation", "Request would have succeeded, but DryRun flag is set.", 412)


def not_found(code: str, noun: str, ids) -> AWSError:
    """``The instance ID 'i-1' does not exist`` / ``The instance IDs 'i-1, i-2' do not exist``."""
    ids = list(ids)
    if len(ids) == 1:
        return AWSError(code, f"The {noun} ID '{ids[0]}' does not exist")
    return AWSError(code, f"The {noun} IDs '{', '.join(ids)}' do not exist")
