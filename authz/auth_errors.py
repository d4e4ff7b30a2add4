"""Authentication failures, and the error each AWS service family answers with.

Verification raises ``AuthError(kind, ...)`` without knowing which service asked; the
pipeline turns it into the service's own code, HTTP status and message with ``wire()``.
The families differ the way AWS's front ends do:

* ``query`` (IAM, STS, SNS, and json services that keep their query-era codes, e.g. SQS):
  ``InvalidClientTokenId``, ``SignatureDoesNotMatch``, ``MissingAuthenticationToken``,
  ``ExpiredToken``, ``IncompleteSignature``, all 403;
* ``json`` (DynamoDB, KMS, CloudWatch Logs...): ``UnrecognizedClientException``,
  ``InvalidSignatureException``, ``MissingAuthenticationTokenException``,
  ``ExpiredTokenException``, ``IncompleteSignatureException``, all 400;
* ``rest-json`` (Lambda, API Gateway-fronted services): the json codes with 403;
* ``ec2``: ``AuthFailure`` 401 for unknown keys and bad signatures, ``RequestExpired`` 400
  for skewed clocks and expired credentials;
* ``s3``: ``InvalidAccessKeyId``, ``SignatureDoesNotMatch`` (with the string to sign and
  the canonical request), ``RequestTimeTooSkewed``, ``AccessDenied`` "Request has
  expired", ``ExpiredToken``, ``InvalidToken``, ``AuthorizationHeaderMalformed``,
  ``XAmzContentSHA256Mismatch``.
"""
from __future__ import annotations

MISSING = "missing"                # no credentials at all
UNKNOWN_KEY = "unknown_key"        # access key id not in any account, or inactive
INVALID_TOKEN = "invalid_token"    # session token absent, extra or not the key's
EXPIRED_TOKEN = "expired_token"    # temporary credentials past their expiration
SIGNATURE = "signature"            # recomputed signature differs
INCOMPLETE = "incomplete"          # Authorization header / presigned query malformed
SKEW = "skew"                      # request time more than 15 minutes off
PRESIGN_EXPIRED = "presign_expired"
CONTENT_SHA = "content_sha"        # x-amz-content-sha256 does not match the body
BAD_CONTENT_SHA = "bad_content_sha"  # x-amz-content-sha256 is no valid value

SIGNATURE_MESSAGE = ("The request signature we calculated does not match the signature you "
                     "provided. Check your AWS Secret Access Key and signing method. Consult "
                     "the service documentation for details.")
S3_SIGNATURE_MESSAGE = ("The request signature we calculated does not match the signature you "
                        "provided. Check your key and signing method.")
INVALID_TOKEN_MESSAGE = "The security token included in the request is invalid."
EXPIRED_TOKEN_MESSAGE = "The security token included in the request is expired"
MISSING_MESSAGE = "Request is missing Authentication Token"
EC2_AUTH_FAILURE = "AWS was not able to validate the provided access credentials"
EC2_MISSING = "AWS was not able to authenticate the request: access credentials are missing"


class AuthError(Exception):
    """An authentication failure. ``detail`` is the family-neutral explanation (used as the
    message where AWS's wording depends on the case); ``fields`` are extra members (S3)."""

    def __init__(self, kind: str, detail: str = "", **fields):
        super().__init__(f"{kind}: {detail}")
        self.kind = kind
        self.detail = detail
        self.fields = fields


def family(service: str, protocol: str, query_compatible: bool = False) -> str:
    if service == "s3":
        return "s3"
    if protocol == "ec2":
        return "ec2"
    if protocol in ("query", "rest-xml"):
        return "query"
    if protocol == "rest-json":
        return "rest-json"
    return "query" if query_compatible else "json"


def wire(err: AuthError, fam: str) -> tuple[str, str, int, dict]:
    """(code, message, HTTP status, extra fields) as the family answers."""
    kind = err.kind
    if fam == "s3":
        return _s3(err)
    if fam == "ec2":
        return _ec2(err)
    json_like = fam in ("json", "rest-json")
    status = 400 if fam == "json" else 403
    if kind in (UNKNOWN_KEY, INVALID_TOKEN):
        code = "UnrecognizedClientException" if json_like else "InvalidClientTokenId"
        return code, INVALID_TOKEN_MESSAGE, status, {}
    if kind == EXPIRED_TOKEN:
        return ("ExpiredTokenException" if json_like else "ExpiredToken"), EXPIRED_TOKEN_MESSAGE, status, {}
    if kind == MISSING:
        code = "MissingAuthenticationTokenException" if json_like else "MissingAuthenticationToken"
        return code, MISSING_MESSAGE, status, {}
    if kind == INCOMPLETE:
        return ("IncompleteSignatureException" if json_like else "IncompleteSignature"), err.detail, status, {}
    if kind in (SKEW, PRESIGN_EXPIRED):
        return ("InvalidSignatureException" if json_like else "SignatureDoesNotMatch"), err.detail, status, {}
    return ("InvalidSignatureException" if json_like else "SignatureDoesNotMatch"), SIGNATURE_MESSAGE, status, {}


def _ec2(err: AuthError):
    kind = err.kind
    if kind in (UNKNOWN_KEY, INVALID_TOKEN, SIGNATURE, CONTENT_SHA, BAD_CONTENT_SHA):
        return "AuthFailure", EC2_AUTH_FAILURE, 401, {}
    if kind in (SKEW, EXPIRED_TOKEN, PRESIGN_EXPIRED):
        return "RequestExpired", "Request has expired.", 400, {}
    if kind == MISSING:
        return "MissingAuthenticationToken", EC2_MISSING, 401, {}
    return "IncompleteSignature", err.detail, 400, {}


def _s3(err: AuthError):
    kind, f = err.kind, err.fields
    if kind == UNKNOWN_KEY:
        return ("InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.",
                403, _pick(f, "AWSAccessKeyId"))
    if kind == INVALID_TOKEN:
        return "InvalidToken", "The provided token is malformed or otherwise invalid.", 400, _pick(f, "Token-0")
    if kind == EXPIRED_TOKEN:
        return "ExpiredToken", "The provided token has expired.", 400, _pick(f, "Token-0")
    if kind == SKEW:
        return ("RequestTimeTooSkewed", "The difference between the request time and the current time "
                "is too large.", 403, _pick(f, "RequestTime", "ServerTime", "MaxAllowedSkewMilliseconds"))
    if kind == PRESIGN_EXPIRED:
        return "AccessDenied", "Request has expired", 403, _pick(f, "X-Amz-Expires", "Expires", "ServerTime")
    if kind == INCOMPLETE:
        if f.get("query"):
            return "AuthorizationQueryParametersError", err.detail, 400, {}
        return "AuthorizationHeaderMalformed", f"The authorization header is malformed; {err.detail}", 400, {}
    if kind == CONTENT_SHA:
        return ("XAmzContentSHA256Mismatch", "The provided 'x-amz-content-sha256' header does not match "
                "what was computed.", 400, _pick(f, "ClientComputedContentSHA256", "S3ComputedContentSHA256"))
    if kind == BAD_CONTENT_SHA:
        return ("InvalidArgument", "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, "
                "STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, "
                "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD, "
                "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER or a valid sha256 value.", 400,
                {"ArgumentName": "x-amz-content-sha256", "ArgumentValue": f.get("value", "")})
    if kind == MISSING:
        return "AccessDenied", "Access Denied", 403, {}
    return "SignatureDoesNotMatch", S3_SIGNATURE_MESSAGE, 403, _pick(
        f, "AWSAccessKeyId", "StringToSign", "SignatureProvided", "StringToSignBytes",
        "CanonicalRequest", "CanonicalRequestBytes")


def _pick(fields: dict, *names) -> dict:
    return {n: fields[n] for n in names if fields.get(n) is not None}
