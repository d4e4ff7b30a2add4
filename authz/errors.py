"""The one exception the policy language raises, and AWS's wording for it.

Services turn a ``PolicyError`` into their own error response, so the exception carries
the error code AWS would return (``code``), AWS's message text (``message``) and a more
precise explanation for humans (``detail``), which AWS itself does not give.
"""
from __future__ import annotations

# Messages as IAM returns them. Where AWS is terse (``Syntax errors in policy.``), the
# precise reason goes into ``PolicyError.detail`` instead of changing AWS's text.
SYNTAX = "Syntax errors in policy."
LEGACY = "The policy failed legacy parsing"
PRINCIPAL_NOT_ALLOWED = "Policy document should not specify a principal."
MISSING_PRINCIPAL = "Missing required field Principal"
MISSING_EFFECT = "Missing required field Effect"
MISSING_RESOURCES = "Policy statement must contain resources."
MISSING_ACTIONS = "Policy statement must contain actions."
NEEDS_VENDOR = "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc."
ONE_COLON = "Actions/Condition can contain only one colon."
PROHIBITED_FIELD = "Has prohibited field {field}"
RESOURCE_NOT_ARN = 'Resource {value} must be in ARN format or "*".'
SID_NOT_ALNUM = (
    "Statement IDs (SID) must be alpha-numeric. "
    "Check that your input satisfies the regular expression [0-9A-Za-z]*"
)
SID_NOT_UNIQUE = "Statement IDs (SID) in a single policy must be unique."
INVALID_PRINCIPAL = 'Invalid principal in policy: "{type}":"{value}"'
ORG_REQUIREMENTS = (
    "The provided policy document does not meet the requirements of the specified policy type."
)

MALFORMED = "MalformedPolicyDocument"


class PolicyError(Exception):
    """A policy document AWS would refuse to accept.

    ``code`` is AWS's error code (``MalformedPolicyDocument`` for most documents,
    ``LimitExceeded`` for an IAM size quota), ``message`` is AWS's wording and ``detail``
    says exactly which element was wrong.
    """

    def __init__(self, message: str, code: str = MALFORMED, detail: str | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.detail = detail

    def __str__(self) -> str:
        if self.detail and self.detail != self.message:
            return f"{self.message} ({self.detail})"
        return self.message

    def __repr__(self) -> str:
        return f"PolicyError(code={self.code!r}, message={self.message!r}, detail={self.detail!r})"
