"""Secrets Manager secrets read through Parameter Store: ``/aws/reference/secretsmanager/<id>``
with GetParameter(s) and ``WithDecryption``, optionally ``:<version id or staging label>``.

The secret is read from the Secrets Manager backend of the same account and region, under that
backend's lock (Secrets Manager never takes Parameter Store's, so holding ours meanwhile is safe).
"""
from __future__ import annotations

import base64
import json

from iamulator.services.ssm.errors import parameter_not_found, validation

PREFIX = "/aws/reference/secretsmanager/"


def is_reference(name: str) -> bool:
    return name.startswith(PREFIX)


def fetch(ctx, account: str, region: str, name: str, selector: str | None, with_decryption: bool) -> dict:
    if not with_decryption:
        raise validation("WithDecryption flag must be True for retrieving a Secret Manager secret.")
    from iamulator.services import registry

    secret_id = name[len(PREFIX):]
    if not secret_id or not registry.is_shipped("secretsmanager") or ctx is None or ctx.store is None:
        raise parameter_not_found()
    from iamulator.services.secretsmanager import clock as sm_clock

    backend = ctx.store.backend("secretsmanager", account, region)
    with backend.lock:
        secret = backend.lookup(secret_id)
        if secret is None or secret.deleted is not None:
            raise parameter_not_found()
        if selector and selector in secret.versions:
            version = secret.versions[selector]
        else:
            version = secret.holder(selector or "AWSCURRENT")
        if version is None or not version.has_value():
            raise parameter_not_found()
        secret.touch(version, sm_clock.now())
        source = {"ARN": secret.arn, "Name": secret.name, "VersionId": version.version_id}
        if version.binary is not None:
            value = base64.b64encode(version.binary).decode()
            source["SecretBinary"] = value
        else:
            value = version.string
            source["SecretString"] = value
        source["VersionStages"] = list(version.stages)
        source["CreatedDate"] = version.created
    out = {"Name": name, "Type": "SecureString", "Value": value, "Version": 0}
    if selector is not None:
        out["Selector"] = ":" + selector
    out["SourceResult"] = json.dumps(source, separators=(",", ":"))
    out["LastModifiedDate"] = version.created
    out["ARN"] = secret.arn
    out["DataType"] = "text"
    return out
