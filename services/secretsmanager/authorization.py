"""What Secrets Manager requests are authorized for, beyond what the Service Authorization
Reference says.

A secret's ARN ends in its name plus a random suffix, so a request naming the secret by name
is authorized on the stored secret's full ARN; a name that matches no secret is authorized on
the ARN it would have without the suffix (a policy naming the real ARN cannot match it, as on
AWS). A full or partial ARN of another account is that account's secret. CreateSecret is
authorized on the name with ``-??????`` for the suffix it has not drawn yet.
BatchGetSecretValue also needs GetSecretValue on each secret of ``SecretIdList`` (and
ListSecrets when it selects by ``Filters``).
"""
from __future__ import annotations

from iamulator.authz.declarations import Declarations, act
from iamulator.services.secretsmanager.names import parse_arn


def _stored(r, secret_id: str | None):
    """The stored secret ``secret_id`` names (looked up once per describe call), or None."""
    if not secret_id:
        return None
    key = ("secret", secret_id)
    memo = r.memo
    if key not in memo:
        account, region = r.ctx.account_id, r.ctx.region
        if secret_id.startswith("arn:"):
            parsed = parse_arn(secret_id)
            if parsed is not None:
                region, account = parsed[0], parsed[1]
        try:
            backend = r.ctx.store.backend("secretsmanager", account, region)
            memo[key] = backend.lookup(secret_id)
        except (KeyError, AttributeError):
            memo[key] = None
    return memo[key]


def _resource_name(r, secret_id: str | None):
    """The ARN's resource part (``db/pass-AbCdEf``) for a secret, or what the request says."""
    secret = _stored(r, secret_id)
    if secret is not None:
        return secret.arn.split(":secret:", 1)[1]
    return secret_id


def _secret_arn(r, secret_id: str | None):
    secret = _stored(r, secret_id)
    if secret is not None:
        return secret.arn
    return secret_id if secret_id and secret_id.startswith("arn:") else None


def _account(r):
    secret_id = r.params.get("SecretId") if r.item is None else r.item
    if secret_id and secret_id.startswith("arn:"):
        parsed = parse_arn(secret_id)
        if parsed is not None:
            return parsed[1]
    return None


def _resource_context(r, resource_type: str) -> dict | None:
    secret = _stored(r, r.item if r.item is not None else r.params.get("SecretId"))
    if secret is None:
        return None
    out = {}
    for tag in secret.tags:
        out["aws:ResourceTag/" + tag["Key"]] = tag.get("Value", "")
        out["secretsmanager:ResourceTag/" + tag["Key"]] = tag.get("Value", "")
    if secret.rotation_lambda_arn:
        out["secretsmanager:resource/AllowRotationLambdaArn"] = secret.rotation_lambda_arn
    if secret.type:
        out["secretsmanager:resource/Type"] = secret.type
    return out


auth = Declarations(
    "secretsmanager",
    variables={"SecretId": lambda r: _resource_name(r, r.params.get("SecretId")), "Account": _account},
    keys={
        "secretsmanager:SecretId": lambda r: _secret_arn(r, r.params.get("SecretId")),
        "secretsmanager:Name": "Name",
        "secretsmanager:Description": "Description",
        "secretsmanager:KmsKeyId": "KmsKeyId",
        "secretsmanager:Type": "Type",
        "secretsmanager:VersionId": "VersionId",
        "secretsmanager:VersionStage": "VersionStage",
        "secretsmanager:RotationLambdaARN": "RotationLambdaARN",
        "secretsmanager:RotateImmediately": "RotateImmediately",
        "secretsmanager:ModifyRotationRules": lambda r: "RotationRules" in r.params,
        "secretsmanager:BlockPublicPolicy": "BlockPublicPolicy",
        "secretsmanager:RecoveryWindowInDays": "RecoveryWindowInDays",
        "secretsmanager:ForceDeleteWithoutRecovery": "ForceDeleteWithoutRecovery",
        "secretsmanager:ForceOverwriteReplicaSecret": "ForceOverwriteReplicaSecret",
    },
    resource_context=_resource_context,
    resource_keys=("aws:ResourceTag/${TagKey}", "secretsmanager:ResourceTag/tag-key",
                   "secretsmanager:resource/AllowRotationLambdaArn", "secretsmanager:resource/Type"),
)

auth.operation("CreateSecret", act("CreateSecret", vars={
    "SecretId": lambda r: f"{r.params['Name']}-??????" if r.params.get("Name") else None}))
auth.operation(
    "BatchGetSecretValue",
    act("BatchGetSecretValue"),
    act("ListSecrets", when=lambda r: r.params.get("Filters") is not None,
        note="when secrets are chosen by Filters"),
    act("GetSecretValue", each=lambda r: r.params.get("SecretIdList") or (),
        vars={"SecretId": lambda r: _resource_name(r, r.item)},
        keys={"secretsmanager:SecretId": lambda r: _secret_arn(r, r.item)},
        note="for each secret of SecretIdList"),
)
auth.operation("ValidateResourcePolicy", act("ValidateResourcePolicy", vars={
    "SecretId": lambda r: _resource_name(r, r.params.get("SecretId")) or "*"}))
