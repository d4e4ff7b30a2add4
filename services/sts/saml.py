"""SAML 2.0 assertions for AssumeRoleWithSAML: the role/provider pairs, the session name and
the subject, read from the (base64) response.

The XML signature is NOT verified (a mock has no identity provider certificates): the
assertion is read as sent. The pair ``RoleArn,PrincipalArn`` must be one the assertion's
``https://aws.amazon.com/SAML/Attributes/Role`` attribute offers.
"""
from __future__ import annotations

import base64
import hashlib
import xml.etree.ElementTree as ET

from iamulator.services.errors import AWSError

ROLE_ATTRIBUTE = "https://aws.amazon.com/SAML/Attributes/Role"
SESSION_NAME_ATTRIBUTE = "https://aws.amazon.com/SAML/Attributes/RoleSessionName"
DURATION_ATTRIBUTE = "https://aws.amazon.com/SAML/Attributes/SessionDuration"
SOURCE_IDENTITY_ATTRIBUTE = "https://aws.amazon.com/SAML/Attributes/SourceIdentity"


def _invalid(detail: str) -> AWSError:
    return AWSError("InvalidIdentityTokenException", f"Invalid SAML response: {detail}", 400)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


class Assertion:
    __slots__ = ("roles", "session_name", "subject", "subject_type", "issuer", "audience",
                 "duration", "source_identity", "not_on_or_after")

    def __init__(self):
        self.roles: list[tuple[str, str]] = []     # (role ARN, provider ARN)
        self.session_name = None
        self.subject = None
        self.subject_type = None
        self.issuer = None
        self.audience = None
        self.duration = None
        self.source_identity = None
        self.not_on_or_after = None


def parse(encoded: str) -> Assertion:
    try:
        raw = base64.b64decode(encoded, validate=False)
        root = ET.fromstring(raw)
    except (ValueError, ET.ParseError):
        raise _invalid("the assertion is not base64-encoded SAML XML") from None
    found = Assertion()
    for el in root.iter():
        name = _local(el.tag)
        if name == "Issuer" and found.issuer is None:
            found.issuer = (el.text or "").strip()
        elif name == "NameID" and found.subject is None:
            found.subject = (el.text or "").strip()
            fmt = el.get("Format") or ""
            found.subject_type = fmt.rsplit(":", 1)[-1] if fmt else "unspecified"
        elif name == "Audience" and found.audience is None:
            found.audience = (el.text or "").strip()
        elif name in ("SubjectConfirmationData", "Conditions") and el.get("NotOnOrAfter"):
            found.not_on_or_after = found.not_on_or_after or el.get("NotOnOrAfter")
        elif name == "Attribute":
            values = [(v.text or "").strip() for v in el if _local(v.tag) == "AttributeValue"]
            attr = el.get("Name")
            if attr == ROLE_ATTRIBUTE:
                for value in values:
                    pair = [p.strip() for p in value.split(",")]
                    if len(pair) == 2:
                        role = next((p for p in pair if ":role/" in p), None)
                        provider = next((p for p in pair if ":saml-provider/" in p), None)
                        if role and provider:
                            found.roles.append((role, provider))
            elif attr == SESSION_NAME_ATTRIBUTE and values:
                found.session_name = values[0]
            elif attr == DURATION_ATTRIBUTE and values:
                try:
                    found.duration = int(values[0])
                except ValueError:
                    raise _invalid("SessionDuration is not a number") from None
            elif attr == SOURCE_IDENTITY_ATTRIBUTE and values:
                found.source_identity = values[0]
    if not found.roles:
        raise _invalid(f"no {ROLE_ATTRIBUTE} attribute names a role and a SAML provider")
    if not found.session_name:
        raise _invalid(f"no {SESSION_NAME_ATTRIBUTE} attribute")
    return found


def name_qualifier(issuer: str, account_id: str, provider_name: str) -> str:
    """AWS's NameQualifier: base64 of SHA-1 over issuer, account id and provider name."""
    digest = hashlib.sha1((issuer + account_id + provider_name).encode("utf-8")).digest()
    return base64.b64encode(digest).decode("ascii")
