"""AWS's AccessDenied wording.

From AWS's "Access denied error message examples": ``User: <principal> is not authorized
to perform: <action> on resource: <resource> <context>``, where the context is ``with an
explicit deny in a <policy type>`` (followed by ``: <policy ARN>`` when AWS can name it)
or ``because no <policy type> allows the <action> action``. The word is ``User`` for
every kind of principal; an unauthenticated caller is ``anonymous``. Requests for
actions that take no resource (``*``) omit the ``on resource:`` part, as in AWS's
examples.
"""
from __future__ import annotations

IDENTITY = "identity"
RESOURCE = "resource"
BOUNDARY = "boundary"
SESSION = "session"
SCP = "scp"
RCP = "rcp"
GRANT = "grant"          # a KMS grant (allows only; never named in a denial)

# policy type -> (with an explicit deny in ..., because no ... allows)
PHRASES = {
    IDENTITY: ("an identity-based policy", "identity-based policy"),
    RESOURCE: ("a resource-based policy", "resource-based policy"),
    BOUNDARY: ("a permissions boundary", "permissions boundary"),
    SESSION: ("a session policy", "session policy"),
    SCP: ("a service control policy", "service control policy"),
    RCP: ("a resource control policy", "resource control policy"),
    GRANT: ("a KMS grant", "KMS grant"),
}
# AWS's role trust policy variant
TRUST_PHRASES = ("the role trust policy", "role trust policy")


def access_denied(principal: str | None, action: str, resource: str | None, explicit: bool,
                  policy_type: str, policy_name: str | None = None, trust: bool = False) -> str:
    head = f"User: {principal or 'anonymous'} is not authorized to perform: {action}"
    if resource and resource != "*":
        head += f" on resource: {resource}"
    explicit_phrase, implicit_phrase = (
        TRUST_PHRASES if trust and policy_type == RESOURCE else PHRASES[policy_type])
    if explicit:
        tail = f" with an explicit deny in {explicit_phrase}"
        if policy_name and policy_name.startswith("arn:"):
            tail += f": {policy_name}"
        return head + tail
    return head + f" because no {implicit_phrase} allows the {action} action"
