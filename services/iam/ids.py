"""IAM's identifiers: unique ids (AIDA..., AROA..., ...) and access key pairs."""
from __future__ import annotations

import random
import secrets
import string

_UPPER_DIGITS = string.ascii_uppercase + string.digits
# Access key ids use the base32 alphabet; secrets are 40 characters of base64.
_KEY_ALPHABET = string.ascii_uppercase + "234567"
_SECRET_ALPHABET = string.ascii_letters + string.digits + "+/"

USER = "AIDA"
GROUP = "AGPA"
ROLE = "AROA"
POLICY = "ANPA"
INSTANCE_PROFILE = "AIPA"
ACCESS_KEY = "AKIA"


def unique_id(prefix: str) -> str:
    """21 characters: the 4-letter prefix naming the entity type, then 17 more."""
    return prefix + "".join(random.choices(_UPPER_DIGITS, k=17))


def access_key_id() -> str:
    return ACCESS_KEY + "".join(secrets.choice(_KEY_ALPHABET) for _ in range(16))


def secret_access_key() -> str:
    return "".join(secrets.choice(_SECRET_ALPHABET) for _ in range(40))
