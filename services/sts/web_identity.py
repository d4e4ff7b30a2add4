"""OpenID Connect tokens for AssumeRoleWithWebIdentity: the claims of a JWT.

The signature is NOT verified (no identity provider keys exist in a mock): the payload is
decoded as sent. The trust policy then sees the provider as the caller and the claims as
``<provider>:aud`` / ``<provider>:sub`` / ``<provider>:amr`` condition keys.
"""
from __future__ import annotations

import base64
import json

from iamulator.services.errors import AWSError

# Providers a trust policy names by host rather than by an IAM OIDC provider ARN.
WELL_KNOWN = frozenset({"accounts.google.com", "graph.facebook.com", "www.amazon.com",
                        "cognito-identity.amazonaws.com"})


def _not_jwt() -> AWSError:
    return AWSError("InvalidIdentityTokenException",
                    "The ID Token provided is not a valid JWT. (You may see this error if you sent "
                    "an Access Token)", 400)


def _b64(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def claims(token: str) -> dict:
    parts = token.split(".")
    if len(parts) != 3:
        raise _not_jwt()
    try:
        header = json.loads(_b64(parts[0]))
        payload = json.loads(_b64(parts[1]))
    except (ValueError, UnicodeDecodeError):
        raise _not_jwt() from None
    if not isinstance(header, dict) or not isinstance(payload, dict):
        raise _not_jwt()
    return payload


def provider_of(payload: dict, provider_id: str | None = None) -> str:
    """The provider as trust policies and condition keys name it: the issuer without scheme."""
    issuer = provider_id or payload.get("iss") or ""
    for scheme in ("https://", "http://"):
        if issuer.startswith(scheme):
            issuer = issuer[len(scheme):]
    return issuer.rstrip("/")


def principal_for(provider: str, account_id: str, partition: str = "aws") -> str:
    if provider in WELL_KNOWN:
        return provider
    return f"arn:{partition}:iam::{account_id}:oidc-provider/{provider}"


def audience(payload: dict) -> str | None:
    aud = payload.get("aud")
    if isinstance(aud, list):
        aud = aud[0] if aud else None
    return payload.get("azp") or aud


def condition_keys(provider: str, payload: dict) -> dict:
    keys = {}
    aud = payload.get("aud")
    if aud is not None:
        keys[f"{provider}:aud"] = aud if isinstance(aud, (str, list)) else str(aud)
    if payload.get("azp") and provider == "accounts.google.com":
        keys[f"{provider}:aud"] = payload["azp"]
        keys[f"{provider}:oaud"] = aud
    for claim in ("sub", "amr", "email", "id", "user_id", "app_id"):
        if payload.get(claim) is not None:
            value = payload[claim]
            keys[f"{provider}:{claim}"] = value if isinstance(value, (str, list)) else str(value)
    return keys
