"""Bucket policies and Block Public Access settings of a bucket.

PutBucketPolicy validates the document as a resource-based policy and answers S3's
``MalformedPolicy`` wording; ``BlockPublicPolicy`` refuses a public one. ``resource_policy``
hands the policy to authorization for bucket and object ARNs; under
``RestrictPublicBuckets`` a public policy grants nothing to callers outside the owner's
account (anonymous ones included), as S3 documents.
"""
from __future__ import annotations

import json

from iamulator.authz.policy.public import is_public
from iamulator.services.errors import AWSError
from iamulator.services.s3.bucket_index import find_bucket, require_bucket

_SETTINGS = ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets")
_MAX_SIZE = 20 * 1024


def _malformed(message: str) -> AWSError:
    return AWSError("MalformedPolicy", message, 400)


def _compile(text: str):
    from iamulator.authz import PolicyError, compile_policy

    if not text or not text.lstrip().startswith("{"):
        raise _malformed("Policies must be valid JSON and the first byte must be '{'")
    try:
        json.loads(text)
    except ValueError:
        raise _malformed("Policies must be valid JSON and the first byte must be '{'") from None
    if len(text.encode("utf-8")) > _MAX_SIZE:
        raise AWSError("PolicyTooLarge", "Policy exceeds the maximum allowed document size.", 400)
    try:
        return compile_policy(text, kind="resource", max_size=10 ** 9)
    except PolicyError as err:
        raise _malformed(_s3_wording(err.message)) from None


def _s3_wording(message: str) -> str:
    """S3 words the common faults its own way; the rest keep the validator's message."""
    low = message.lower()
    if low.startswith("missing required field"):
        return message
    if "invalid principal" in low:
        return "Invalid principal in policy"
    if "prefaced by a vendor" in low or "invalid action" in low:
        return "Policy has invalid action"
    if low.startswith("resource ") or "invalid resource" in low:
        return "Policy has invalid resource"
    return message


def _check_scope(policy, bucket_name: str) -> None:
    """Every statement names resources, each the bucket or its objects."""
    for statement in policy.statements:
        if statement.resources is None and "NotResource" not in statement.raw:
            raise _malformed("Missing required field Resource")
        for pattern in statement.resources or ():
            resource = pattern.text
            if resource == "*":
                continue
            if not (resource == f"arn:aws:s3:::{bucket_name}"
                    or resource.startswith(f"arn:aws:s3:::{bucket_name}/")):
                raise _malformed("Policy has invalid resource")


def _public_access_block(bucket) -> dict:
    return getattr(bucket, "public_access_block", None) or {}


def _denied_public_policy(ctx, bucket) -> AWSError:
    who = ctx.principal.arn if ctx.principal is not None and ctx.principal.arn else "anonymous"
    return AWSError("AccessDenied",
                    f"User: {who} is not authorized to perform: s3:PutBucketPolicy on resource: "
                    f"\"{bucket.arn}\" because public policies are blocked by the BlockPublicPolicy "
                    f"block public access setting.", 403)


class PolicyOperations:
    def put_bucket_policy(self, ctx, params):
        bucket = require_bucket(ctx, params)
        text = params.get("Policy")
        if isinstance(text, (bytes, bytearray)):
            text = text.decode("utf-8", "replace")
        policy = _compile(text or "")
        _check_scope(policy, bucket.name)
        if _public_access_block(bucket).get("BlockPublicPolicy") and is_public(policy):
            raise _denied_public_policy(ctx, bucket)
        bucket.policy = text
        ctx.status = 204
        return {}

    def get_bucket_policy(self, ctx, params):
        bucket = require_bucket(ctx, params)
        if not getattr(bucket, "policy", None):
            raise AWSError("NoSuchBucketPolicy", "The bucket policy does not exist", 404,
                           BucketName=bucket.name)
        return {"Policy": bucket.policy}

    def delete_bucket_policy(self, ctx, params):
        bucket = require_bucket(ctx, params)
        bucket.policy = None
        ctx.status = 204
        return {}

    def put_public_access_block(self, ctx, params):
        bucket = require_bucket(ctx, params)
        config = params.get("PublicAccessBlockConfiguration") or {}
        settings = {name: bool(config.get(name, False)) for name in _SETTINGS}
        bucket.public_access_block = settings
        return {}

    def get_public_access_block(self, ctx, params):
        bucket = require_bucket(ctx, params)
        settings = _public_access_block(bucket)
        if not settings:
            raise AWSError("NoSuchPublicAccessBlockConfiguration",
                           "The public access block configuration was not found", 404,
                           BucketName=bucket.name)
        return {"PublicAccessBlockConfiguration": dict(settings)}

    def delete_public_access_block(self, ctx, params):
        bucket = require_bucket(ctx, params)
        bucket.public_access_block = None
        ctx.status = 204
        return {}


def resource_policy(ctx, resource_arn: str):
    """(the bucket policy governing a bucket or object ARN, or None; the bucket's owner)."""
    if not resource_arn.startswith("arn:") or ":s3:::" not in resource_arn:
        return None, None
    name = resource_arn.split(":::", 1)[1].split("/", 1)[0]
    bucket = find_bucket(ctx, name) if name else None
    if bucket is None:
        return None, None
    text = getattr(bucket, "policy", None)
    if not text:
        return None, bucket.account_id
    if _public_access_block(bucket).get("RestrictPublicBuckets"):
        caller = ctx.principal
        outsider = caller is None or caller.anonymous or caller.account_id != bucket.account_id
        if outsider:
            from iamulator.authz.authorize import compiled

            if is_public(compiled(None, text, "resource")):
                return None, bucket.account_id
    return text, bucket.account_id
