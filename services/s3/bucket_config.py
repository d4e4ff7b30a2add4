"""Bucket configuration documents S3 stores: tagging, lifecycle, CORS and website (encryption and
ownership controls live beside their rules, in ``encryption`` and ``ownership``).

Each document is validated as S3 validates it, stored as given, and returned by its Get
operation; a bucket without one answers the document's own ``NoSuch...`` error (404).
"""
from __future__ import annotations

from iamulator.services.errors import AWSError
from iamulator.services.s3.bucket_index import require_bucket
from iamulator.services.s3.encryption import EncryptionConfigOperations
from iamulator.services.s3.errors import invalid_argument, invalid_request, malformed_xml
from iamulator.services.s3.lifecycle_rules import check_lifecycle
from iamulator.services.s3.ownership import OwnershipOperations

MAX_BUCKET_TAGS = 50
MAX_CORS_RULES = 100
CORS_METHODS = frozenset(("GET", "PUT", "POST", "DELETE", "HEAD"))


def _missing(bucket, code: str, message: str) -> AWSError:
    return AWSError(code, message, 404, BucketName=bucket.name)


def _deleted(ctx) -> dict:
    ctx.status = 204
    return {}


_TAG_PUNCTUATION = frozenset("_.:/=+-@")


def _tag_text_ok(text: str) -> bool:
    """Letters, digits and spaces of any script, and ``_ . : / = + - @``: what AWS tags allow."""
    return all(c.isalnum() or c.isspace() or c in _TAG_PUNCTUATION for c in text)


def check_bucket_tags(tag_set: list) -> dict[str, str]:
    """A bucket's TagSet as a dict, refused with ``InvalidTag`` as S3 words each fault (tag by
    tag, then the count)."""
    tags: dict[str, str] = {}
    for tag in tag_set:
        key, value = tag.get("Key") or "", tag.get("Value", "")
        if key in tags:
            raise AWSError("InvalidTag", "Cannot provide multiple Tags with the same key", 400, TagKey=key)
        if not key or len(key) > 128 or not _tag_text_ok(key):
            raise AWSError("InvalidTag", "The TagKey you have provided is invalid", 400, TagKey=key)
        if len(value) > 256 or not _tag_text_ok(value):
            raise AWSError("InvalidTag", "The TagValue you have provided is invalid", 400, TagKey=key, TagValue=value)
        if key.lower().startswith("aws:"):
            raise AWSError("InvalidTag", "Your TagKey cannot be prefixed with aws:", 400, TagKey=key)
        tags[key] = value
    if len(tags) > MAX_BUCKET_TAGS:
        raise AWSError("InvalidTag", f"Bucket tag count cannot be greater than {MAX_BUCKET_TAGS}", 400)
    return tags


def _check_cors(rules: list) -> None:
    if not rules:
        raise malformed_xml()
    if len(rules) > MAX_CORS_RULES:
        raise invalid_request(f"The number of CORS rules should not exceed allowed limit of {MAX_CORS_RULES} rules.")
    for rule in rules:
        methods = rule.get("AllowedMethods") or []
        origins = rule.get("AllowedOrigins") or []
        if not methods or not origins:
            raise malformed_xml()
        for method in methods:
            if method not in CORS_METHODS:
                raise invalid_request(f"Found unsupported HTTP method in CORS config. Unsupported method is {method}")
        for origin in origins:
            if origin.count("*") > 1:
                raise invalid_request(f'AllowedOrigin "{origin}" can not have more than one wildcard.')
        for header in rule.get("AllowedHeaders") or []:
            if header.count("*") > 1:
                raise invalid_request(f'AllowedHeader "{header}" can not have more than one wildcard.')
        if len(rule.get("ID") or "") > 255:
            raise invalid_argument("ID length should not exceed allowed limit of 255", "ID", rule["ID"])


def _check_website(config: dict) -> None:
    redirect_all = config.get("RedirectAllRequestsTo")
    index = config.get("IndexDocument")
    if redirect_all is not None:
        if index is not None or config.get("ErrorDocument") is not None or config.get("RoutingRules"):
            raise invalid_request("RedirectAllRequestsTo cannot be provided in conjunction with other "
                                  "Routing/Redirect configurations.")
        if not redirect_all.get("HostName"):
            raise malformed_xml()
        return
    if index is None:
        raise invalid_argument("A value for IndexDocument Suffix must be provided if RedirectAllRequestsTo "
                               "is empty", "IndexDocument", None)
    suffix = index.get("Suffix") or ""
    if not suffix or "/" in suffix:
        raise invalid_argument("The IndexDocument Suffix is not well formed", "IndexDocument", suffix)
    error = config.get("ErrorDocument")
    if error is not None and not error.get("Key"):
        raise invalid_argument("The ErrorDocument Key is not well formed", "ErrorDocument", "")
    for rule in config.get("RoutingRules") or []:
        redirect = rule.get("Redirect") or {}
        if not redirect:
            raise malformed_xml()
        if redirect.get("ReplaceKeyWith") is not None and redirect.get("ReplaceKeyPrefixWith") is not None:
            raise invalid_request("You can only define ReplaceKeyPrefix or ReplaceKey but not both.")


class BucketConfigOperations(EncryptionConfigOperations, OwnershipOperations):
    # -- tagging ----------------------------------------------------------------------------
    def put_bucket_tagging(self, ctx, params):
        bucket = require_bucket(ctx, params)
        tag_set = (params.get("Tagging") or {}).get("TagSet")
        if tag_set is None:
            raise malformed_xml()
        tags = check_bucket_tags(tag_set)
        bucket.tags = tags
        # S3 answers 204 to PutBucketTagging (boto3 accepts either).
        ctx.status = 204
        return {}

    def get_bucket_tagging(self, ctx, params):
        bucket = require_bucket(ctx, params)
        if not bucket.tags:
            raise _missing(bucket, "NoSuchTagSet", "The TagSet does not exist")
        return {"TagSet": [{"Key": k, "Value": v} for k, v in bucket.tags.items()]}

    def delete_bucket_tagging(self, ctx, params):
        bucket = require_bucket(ctx, params)
        bucket.tags = {}
        return _deleted(ctx)

    # -- lifecycle --------------------------------------------------------------------------
    def put_bucket_lifecycle_configuration(self, ctx, params):
        bucket = require_bucket(ctx, params)
        rules = (params.get("LifecycleConfiguration") or {}).get("Rules")
        check_lifecycle(rules)
        minimum = params.get("TransitionDefaultMinimumObjectSize") or "all_storage_classes_128K"
        if minimum not in ("varies_by_storage_class", "all_storage_classes_128K"):
            raise invalid_argument("Invalid TransitionDefaultMinimumObjectSize", "x-amz-transition-default-"
                                   "minimum-object-size", minimum)
        bucket.lifecycle = {"Rules": rules, "TransitionDefaultMinimumObjectSize": minimum}
        return {"TransitionDefaultMinimumObjectSize": minimum}

    def put_bucket_lifecycle(self, ctx, params):
        """The deprecated form, whose rules name a Prefix and no Filter."""
        bucket = require_bucket(ctx, params)
        rules = (params.get("LifecycleConfiguration") or {}).get("Rules")
        check_lifecycle(rules)
        bucket.lifecycle = {"Rules": rules, "TransitionDefaultMinimumObjectSize": "all_storage_classes_128K"}
        return {}

    def _lifecycle(self, ctx, params) -> dict:
        bucket = require_bucket(ctx, params)
        lifecycle = getattr(bucket, "lifecycle", None)
        if not lifecycle:
            raise _missing(bucket, "NoSuchLifecycleConfiguration", "The lifecycle configuration does not exist")
        return lifecycle

    def get_bucket_lifecycle_configuration(self, ctx, params):
        return dict(self._lifecycle(ctx, params))

    def get_bucket_lifecycle(self, ctx, params):
        return {"Rules": self._lifecycle(ctx, params)["Rules"]}

    def delete_bucket_lifecycle(self, ctx, params):
        bucket = require_bucket(ctx, params)
        bucket.lifecycle = None
        return _deleted(ctx)

    # -- CORS -------------------------------------------------------------------------------
    def put_bucket_cors(self, ctx, params):
        bucket = require_bucket(ctx, params)
        rules = (params.get("CORSConfiguration") or {}).get("CORSRules")
        _check_cors(rules)
        bucket.cors = rules
        return {}

    def get_bucket_cors(self, ctx, params):
        bucket = require_bucket(ctx, params)
        rules = getattr(bucket, "cors", None)
        if not rules:
            raise _missing(bucket, "NoSuchCORSConfiguration", "The CORS configuration does not exist")
        return {"CORSRules": rules}

    def delete_bucket_cors(self, ctx, params):
        bucket = require_bucket(ctx, params)
        bucket.cors = None
        return _deleted(ctx)

    # -- website ----------------------------------------------------------------------------
    def put_bucket_website(self, ctx, params):
        bucket = require_bucket(ctx, params)
        config = params.get("WebsiteConfiguration")
        if not config:
            raise malformed_xml()
        _check_website(config)
        bucket.website = config
        return {}

    def get_bucket_website(self, ctx, params):
        bucket = require_bucket(ctx, params)
        config = getattr(bucket, "website", None)
        if not config:
            raise _missing(bucket, "NoSuchWebsiteConfiguration",
                           "The specified bucket does not have a website configuration")
        return dict(config)

    def delete_bucket_website(self, ctx, params):
        bucket = require_bucket(ctx, params)
        bucket.website = None
        return _deleted(ctx)
