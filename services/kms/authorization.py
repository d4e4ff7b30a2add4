"""What KMS requests are authorized for, beyond what the Service Authorization Reference says.

KMS authorizes on the key a request resolves to, whichever of the four forms names it (key ID,
key ARN, alias name, alias ARN), so the ``KeyId`` variable is filled by resolving aliases here;
Decrypt without a KeyId is authorized on the key its ciphertext blob names. ReEncrypt is two
actions (``kms:ReEncryptFrom`` on the source key, ``kms:ReEncryptTo`` on the destination), and
the alias operations need their alias and the key(s) it points to.

A name that resolves to nothing answers KMS's own NotFoundException, as KMS does before it
evaluates any policy. A predefined AWS alias (``alias/aws/<service>``) gets its AWS managed key
created here on first use, as KMS creates it.
"""
from __future__ import annotations

from iamulator.authz.declarations import Declarations, act
from iamulator.services.kms import ciphertext, errors, ids

_SYMMETRIC_DEFAULT = "SYMMETRIC_DEFAULT"


def _backend(r, account: str, region: str):
    return r.ctx.store.backend("kms", account, region)


def _resolve(r, value):
    """The ARN of the key ``value`` names (KeyId member forms), memoized per describe call."""
    if not isinstance(value, str) or not value:
        return None
    memo_key = ("key", value)
    if memo_key in r.memo:
        return r.memo[memo_key]
    ref = ids.parse(value)
    if ref is None:
        raise errors.invalid_arn(value)
    account = ref.account or r.ctx.account_id
    region = ref.region or r.ctx.region
    if ref.kind == "key":
        arn = value if ref.account else ids.key_arn(region, account, ref.name)
    else:
        backend = _backend(r, account, region)
        alias = backend.aliases.get(ref.name)
        if alias is not None:
            arn = ids.key_arn(region, account, alias.target)
        elif ids.is_predefined_alias(ref.name) and account == r.ctx.account_id and region == r.ctx.region:
            with backend.lock:
                arn = backend.managed_key(ref.name[len(ids.RESERVED_ALIAS_PREFIX):]).arn
        else:
            raise errors.alias_not_found(ids.alias_arn(region, account, ref.name))
    r.memo[memo_key] = arn
    return arn


def _member_key(member: str):
    return lambda r: _resolve(r, r.params.get(member))


def _blob_key(r):
    blob = r.params.get("CiphertextBlob")
    if not isinstance(blob, (bytes, bytearray)):
        return None
    return ciphertext.parse(bytes(blob)).key_arn


def _decrypt_key(r):
    return _resolve(r, r.params.get("KeyId")) or _blob_key(r)


def _reencrypt_source(r):
    return _resolve(r, r.params.get("SourceKeyId")) or _blob_key(r)


def _retire_key(r):
    from iamulator.services.kms import grants

    token = r.params.get("GrantToken")
    if token:
        return grants.parse_token(token)[1]
    return _resolve(r, r.params.get("KeyId"))


def _alias_name(r):
    name = r.params.get("AliasName")
    if not isinstance(name, str):
        return None
    return name[len(ids.ALIAS_PREFIX):] if name.startswith(ids.ALIAS_PREFIX) else name


def _alias_target(r):
    """The key the request's alias points to now (UpdateAlias, DeleteAlias)."""
    name = r.params.get("AliasName")
    if not isinstance(name, str) or not name.startswith(ids.ALIAS_PREFIX):
        return None
    alias = _backend(r, r.ctx.account_id, r.ctx.region).aliases.get(name)
    if alias is None:
        raise errors.alias_not_found(ids.alias_arn(r.ctx.region, r.ctx.account_id, name))
    return ids.key_arn(r.ctx.region, r.ctx.account_id, alias.target)


def _request_alias(r):
    value = r.params.get("KeyId")
    if not isinstance(value, str):
        return None
    ref = ids.parse(value)
    return ref.name if ref is not None and ref.kind == "alias" else None


def _context_keys(member: str):
    return lambda r: sorted(r.params[member]) if r.params.get(member) else None


def _context_pairs(member: str):
    return lambda r: r.params.get(member) or None


def _flag(member: str):
    return lambda r: None if r.params.get(member) is None else bool(r.params[member])


def _number(member: str, default=None):
    def read(r):
        value = r.params.get(member, default)
        return None if value is None else str(value)
    return read


def _grant_context(r):
    constraints = r.params.get("Constraints") or {}
    return constraints.get("EncryptionContextEquals") or constraints.get("EncryptionContextSubset") or None


def _grant_constraint_type(r):
    constraints = r.params.get("Constraints") or {}
    kinds = [k for k in ("EncryptionContextEquals", "EncryptionContextSubset") if constraints.get(k)]
    return kinds or None


def _same_key(r):
    source, destination = _reencrypt_source(r), _resolve(r, r.params.get("DestinationKeyId"))
    return None if source is None or destination is None else source == destination


def _stored_key(r):
    vars_ = r.vars or {}
    key_id, account, region = vars_.get("KeyId"), vars_.get("Account"), vars_.get("Region")
    if not key_id or not account or not region:
        return None, None
    backend = _backend(r, account, region)
    return backend, backend.keys.get(key_id)


def _resource_context(r, resource_type: str) -> dict | None:
    if resource_type != "key":
        return None
    backend, key = _stored_key(r)
    if key is None:
        return None
    out = {"aws:ResourceTag/" + k: v for k, v in key.tags.items()}
    out.update({"kms:KeySpec": key.spec, "kms:KeyUsage": key.usage, "kms:KeyOrigin": key.origin,
                "kms:MultiRegion": "true" if key.multi_region else "false"})
    if key.multi_region:
        out["kms:MultiRegionKeyType"] = "PRIMARY"
    aliases = [a.name for a in list(backend.aliases.values()) if a.target == key.key_id]
    if aliases:
        out["kms:ResourceAliases"] = aliases
    return out


def _request_tags(r, resource_type) -> dict | None:
    tags = r.params.get("Tags")
    if not isinstance(tags, list):
        return None
    return {t["TagKey"]: t.get("TagValue", "") for t in tags if isinstance(t, dict) and "TagKey" in t}


auth = Declarations(
    "kms",
    variables={"KeyId": _member_key("KeyId")},
    keys={
        "kms:CallerAccount": lambda r: r.ctx.account_id,
        "kms:RequestAlias": _request_alias,
        "kms:EncryptionAlgorithm": lambda r: r.params.get("EncryptionAlgorithm") or _SYMMETRIC_DEFAULT,
        "kms:EncryptionContext:<key>": _context_pairs("EncryptionContext"),
        "kms:EncryptionContextKeys": _context_keys("EncryptionContext"),
        "kms:SigningAlgorithm": "SigningAlgorithm",
        "kms:MessageType": lambda r: r.params.get("MessageType") or "RAW",
        "kms:MacAlgorithm": "MacAlgorithm",
        "kms:DataKeyPairSpec": "KeyPairSpec",
        "kms:KeyAgreementAlgorithm": "KeyAgreementAlgorithm",
        "kms:BypassPolicyLockoutSafetyCheck": _flag("BypassPolicyLockoutSafetyCheck"),
        "kms:RotationPeriodInDays": _number("RotationPeriodInDays"),
        "kms:ScheduleKeyDeletionPendingWindowInDays": _number("PendingWindowInDays", 30),
    },
    resource_context=_resource_context,
    resource_keys=("aws:ResourceTag/${TagKey}", "kms:KeySpec", "kms:KeyUsage", "kms:KeyOrigin", "kms:MultiRegion",
                   "kms:MultiRegionKeyType", "kms:ResourceAliases"),
    request_tags=_request_tags,
)

auth.operation("CreateKey", act("CreateKey", keys={
    "kms:KeySpec": lambda r: r.params.get("KeySpec") or r.params.get("CustomerMasterKeySpec") or _SYMMETRIC_DEFAULT,
    "kms:KeyUsage": lambda r: r.params.get("KeyUsage") or "ENCRYPT_DECRYPT",
    "kms:KeyOrigin": lambda r: r.params.get("Origin") or "AWS_KMS",
    "kms:MultiRegion": lambda r: bool(r.params.get("MultiRegion")),
    "kms:MultiRegionKeyType": lambda r: "PRIMARY" if r.params.get("MultiRegion") else None,
}))
auth.operation("Decrypt", act("Decrypt", vars={"KeyId": _decrypt_key}))
auth.operation(
    "ReEncrypt",
    act("ReEncryptFrom", vars={"KeyId": _reencrypt_source}, keys={
        "kms:EncryptionAlgorithm": lambda r: r.params.get("SourceEncryptionAlgorithm") or _SYMMETRIC_DEFAULT,
        "kms:EncryptionContext:<key>": _context_pairs("SourceEncryptionContext"),
        "kms:EncryptionContextKeys": _context_keys("SourceEncryptionContext"),
        "kms:ReEncryptOnSameKey": _same_key}, note="the source key (SourceKeyId or the ciphertext's)"),
    act("ReEncryptTo", vars={"KeyId": _member_key("DestinationKeyId")}, keys={
        "kms:EncryptionAlgorithm": lambda r: r.params.get("DestinationEncryptionAlgorithm") or _SYMMETRIC_DEFAULT,
        "kms:EncryptionContext:<key>": _context_pairs("DestinationEncryptionContext"),
        "kms:EncryptionContextKeys": _context_keys("DestinationEncryptionContext"),
        "kms:ReEncryptOnSameKey": _same_key}, note="the destination key"),
)
auth.operation("CreateGrant", act("CreateGrant", keys={
    "kms:GrantOperations": "Operations",
    "kms:GranteePrincipal": "GranteePrincipal",
    "kms:RetiringPrincipal": "RetiringPrincipal",
    "kms:GrantIsForAWSResource": lambda r: False,
    "kms:GrantConstraintType": _grant_constraint_type,
    "kms:EncryptionContext:<key>": _grant_context,
    "kms:EncryptionContextKeys": lambda r: sorted(_grant_context(r) or ()) or None,
}))
auth.operation("RetireGrant", act("RetireGrant", vars={"KeyId": _retire_key}))
_alias = {"Alias": _alias_name}
auth.operation("CreateAlias", act("CreateAlias", on="alias", vars=_alias),
               act("CreateAlias", on="key", vars={"KeyId": _member_key("TargetKeyId")}, note="the target key"))
auth.operation("UpdateAlias", act("UpdateAlias", on="alias", vars=_alias),
               act("UpdateAlias", on="key", vars={"KeyId": _alias_target}, note="the key the alias points to now"),
               act("UpdateAlias", on="key", vars={"KeyId": _member_key("TargetKeyId")}, note="the new target key"))
auth.operation("DeleteAlias", act("DeleteAlias", on="alias", vars=_alias),
               act("DeleteAlias", on="key", vars={"KeyId": _alias_target}, note="the key the alias points to"))
