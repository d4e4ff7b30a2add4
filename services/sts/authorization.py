"""What STS requests are authorized for, beyond what the Service Authorization Reference says.

AssumeRole is also ``sts:TagSession`` on the role when session tags are passed and
``sts:SetSourceIdentity`` when a source identity is; the role's trust policy must allow each
(the pipeline reads it as the role's resource policy). GetCallerIdentity and GetSessionToken
cannot be denied by policy. GetFederationToken names the federated user it creates.
AssumeRoleWithWebIdentity and AssumeRoleWithSAML are unsigned; the backend evaluates their
trust policy with the identity provider as the caller.
"""
from __future__ import annotations

from iamulator.authz.declarations import ALWAYS_ALLOWED, Declarations, act

_ROLE_KEYS = {
    "sts:ExternalId": "ExternalId",
    "sts:RoleSessionName": "RoleSessionName",
    "sts:SourceIdentity": "SourceIdentity",
    "sts:TransitiveTagKeys": "TransitiveTagKeys",
}

auth = Declarations("sts")
auth.operation("GetCallerIdentity", ALWAYS_ALLOWED)
auth.operation("GetSessionToken", ALWAYS_ALLOWED)
auth.operation(
    "AssumeRole",
    act("AssumeRole", keys=_ROLE_KEYS),
    act("TagSession", keys=_ROLE_KEYS, when=lambda r: bool(r.params.get("Tags") or r.params.get("TransitiveTagKeys")),
        note="when session tags are passed"),
    act("SetSourceIdentity", keys=_ROLE_KEYS, when=lambda r: bool(r.params.get("SourceIdentity")),
        note="when a source identity is passed"),
)
auth.operation("GetFederationToken", act("GetFederationToken", vars={"FederatedUserName": "Name"}))
