"""The one error type backends raise; the codec renders it in the request's protocol.

``code`` is either an error shape name from the service model (then the codec takes the
wire code, HTTP status and fault from the shape's ``error`` trait) or a plain AWS error
code such as ``AccessDenied`` or ``ValidationException`` with the status given here.
"""
from __future__ import annotations


class AWSError(Exception):
    __slots__ = ("code", "message", "status", "sender_fault", "fields", "headers")

    def __init__(self, code: str, message: str = "", status: int = 400, *,
                 sender_fault: bool | None = None, headers: dict | None = None, **fields):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.status = status
        # AWS marks 4xx as the caller's fault and 5xx as the service's unless told otherwise.
        self.sender_fault = status < 500 if sender_fault is None else sender_fault
        self.fields = fields      # extra members of the error body, e.g. BucketName for S3
        self.headers = headers or {}


def not_implemented(service: str, operation: str) -> AWSError:
    return AWSError(
        "NotImplemented",
        f"The operation {operation} of service {service} is not implemented by iamulator.",
        501,
    )


def validation(message: str, code: str = "ValidationException") -> AWSError:
    return AWSError(code, message, 400)
