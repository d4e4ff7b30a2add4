"""Bucket and object ACLs: Get/PutBucketAcl, Get/PutObjectAcl (canned ACLs, ``x-amz-grant-*``
headers or an ``AccessControlPolicy`` body).

A stored ACL is either a canned name (expanded when read, as S3 expands it) or a tuple of
grants. Under ``BucketOwnerEnforced`` only ACLs that leave the bucket owner in sole full control
are accepted (``AccessControlListNotSupported``); ACL grants are recorded and reported, not
used by authorization.
"""
from __future__ import annotations

import re

from iamulator.services.errors import AWSError
from iamulator.services.s3.bucket_index import require_bucket
from iamulator.services.s3.errors import invalid_argument, invalid_request, no_such_bucket
from iamulator.services.s3.ownership import BUCKET_ACLS, ENFORCED, GRANT_MEMBERS, OBJECT_ACLS, _check_public
from iamulator.services.s3.notifications import object_event
from iamulator.services.s3.objects import readable
from iamulator.services.s3.records import canonical_user_id

_GROUPS = "http://acs.amazonaws.com/groups/"
ALL_USERS = _GROUPS + "global/AllUsers"
AUTHENTICATED_USERS = _GROUPS + "global/AuthenticatedUsers"
LOG_DELIVERY = _GROUPS + "s3/LogDelivery"
_KNOWN_GROUPS = (ALL_USERS, AUTHENTICATED_USERS, LOG_DELIVERY)
PERMISSIONS = ("FULL_CONTROL", "WRITE", "WRITE_ACP", "READ", "READ_ACP")
_HEADER_PERMISSIONS = dict(zip(GRANT_MEMBERS, ("FULL_CONTROL", "READ", "READ_ACP", "WRITE", "WRITE_ACP")))
_CANONICAL_ID = re.compile(r"[0-9a-f]{64}\Z")
_GRANTEE = re.compile(r'\s*(id|uri|emailAddress)\s*=\s*"?([^",]*)"?\s*(?:,|\Z)', re.IGNORECASE)
_MALFORMED_ACL = ("The XML you provided was not well-formed or did not validate against our published "
                  "schema")


def _user(canonical_id: str) -> dict:
    return {"Type": "CanonicalUser", "ID": canonical_id}


def _group(uri: str) -> dict:
    return {"Type": "Group", "URI": uri}


def _grant(grantee: dict, permission: str) -> dict:
    return {"Grantee": grantee, "Permission": permission}


def expand(acl: str | None, owner_id: str, bucket_owner_id: str) -> list[dict]:
    """The grants a canned ACL stands for, as GetBucketAcl/GetObjectAcl list them."""
    grants = [_grant(_user(owner_id), "FULL_CONTROL")]
    if acl == "public-read":
        grants.append(_grant(_group(ALL_USERS), "READ"))
    elif acl == "public-read-write":
        grants += [_grant(_group(ALL_USERS), "READ"), _grant(_group(ALL_USERS), "WRITE")]
    elif acl == "authenticated-read":
        grants.append(_grant(_group(AUTHENTICATED_USERS), "READ"))
    elif acl == "log-delivery-write":
        grants += [_grant(_group(LOG_DELIVERY), "WRITE"), _grant(_group(LOG_DELIVERY), "READ_ACP")]
    elif acl in ("bucket-owner-read", "bucket-owner-full-control") and bucket_owner_id != owner_id:
        grants.append(_grant(_user(bucket_owner_id), "READ" if acl == "bucket-owner-read" else "FULL_CONTROL"))
    return grants


def is_public(grants) -> bool:
    return any((g.get("Grantee") or {}).get("URI") in (ALL_USERS, AUTHENTICATED_USERS) for g in grants)


def only_owner(grants, account_id: str) -> bool:
    """True when every grant is to the owner (what BucketOwnerEnforced tolerates)."""
    owner = canonical_user_id(account_id)
    return all((g.get("Grantee") or {}).get("ID") == owner for g in grants)


def _grantee(kind: str, value: str) -> dict:
    kind = kind.lower()
    if kind == "id":
        if not _CANONICAL_ID.match(value):
            raise invalid_argument("Invalid id", "CanonicalUser/ID", value)
        return _user(value)
    if kind == "uri":
        if value not in _KNOWN_GROUPS:
            raise invalid_argument("Invalid group uri", "Group/URI", value)
        return _group(value)
    raise AWSError("UnresolvableGrantByEmailAddress",
                   "The e-mail address you provided does not match any account on record.", 400, EmailAddress=value)


def grants_from_headers(params: dict) -> tuple:
    grants = []
    for member, permission in _HEADER_PERMISSIONS.items():
        value = params.get(member)
        if not value:
            continue
        pos = 0
        while pos < len(value):
            m = _GRANTEE.match(value, pos)
            if m is None or m.end() == pos:
                raise invalid_argument("Invalid grant header", "x-amz-grant-" + member[5:].lower(), value)
            grants.append(_grant(_grantee(m.group(1), m.group(2)), permission))
            pos = m.end()
    return tuple(grants)


def _grants_from_policy(policy: dict) -> tuple:
    if not isinstance(policy.get("Owner"), dict) or not policy["Owner"].get("ID"):
        raise AWSError("MalformedACLError", _MALFORMED_ACL, 400)
    grants = []
    for grant in policy.get("Grants") or []:
        grantee = grant.get("Grantee") or {}
        permission = grant.get("Permission")
        if permission not in PERMISSIONS:
            raise AWSError("MalformedACLError", _MALFORMED_ACL, 400)
        kind = grantee.get("Type")
        if kind == "CanonicalUser" and grantee.get("ID"):
            grants.append(_grant(_grantee("id", grantee["ID"]), permission))
        elif kind == "Group" and grantee.get("URI"):
            grants.append(_grant(_grantee("uri", grantee["URI"]), permission))
        elif kind == "AmazonCustomerByEmail" and grantee.get("EmailAddress"):
            _grantee("emailAddress", grantee["EmailAddress"])
        else:
            raise AWSError("MalformedACLError", _MALFORMED_ACL, 400)
    return tuple(grants)


def _requested(params: dict, canned: tuple) -> tuple[str | None, tuple | None]:
    """(canned ACL, explicit grants) of a Put...Acl request, exactly one of them set."""
    acl = params.get("ACL")
    policy = params.get("AccessControlPolicy")
    headers = any(params.get(m) for m in GRANT_MEMBERS)
    if acl is not None and headers:
        raise invalid_request("Specifying both Canned ACLs and Header Grants is not allowed")
    if policy and (acl is not None or headers):
        raise AWSError("UnexpectedContent", "This request does not support content", 400)
    if acl is not None:
        if acl not in canned:
            raise invalid_argument("", "x-amz-acl", acl)
        return acl, None
    if headers:
        return None, grants_from_headers(params)
    if policy:
        return None, _grants_from_policy(policy)
    raise AWSError("MissingSecurityHeader", "Your request was missing a required header", 400,
                   MissingHeaderName="x-amz-acl")


def _check_enforced(bucket, acl: str | None, grants, owner_account: str) -> None:
    if bucket.object_ownership != ENFORCED:
        return
    if acl in ("private", "bucket-owner-full-control") or (grants is not None and only_owner(grants, owner_account)):
        return
    raise AWSError("AccessControlListNotSupported", "The bucket does not allow ACLs", 400)


def bucket_grants(bucket) -> list[dict]:
    owner = canonical_user_id(bucket.account_id)
    if bucket.object_ownership == ENFORCED:
        return expand(None, owner, owner)
    acl = bucket.acl
    return list(acl) if isinstance(acl, tuple) else expand(acl, owner, owner)


def object_owner(bucket, obj) -> str:
    """The account owning an object: its writer, unless the bucket owner's setting says otherwise."""
    if bucket.object_ownership == ENFORCED:
        return bucket.account_id
    if bucket.object_ownership == "BucketOwnerPreferred" and obj.acl == "bucket-owner-full-control":
        return bucket.account_id
    return obj.owner_account or bucket.account_id


def object_grants(bucket, obj) -> list[dict]:
    owner = canonical_user_id(object_owner(bucket, obj))
    if bucket.object_ownership == ENFORCED:
        return expand(None, owner, owner)
    acl = obj.acl
    return list(acl) if isinstance(acl, tuple) else expand(acl, owner, canonical_user_id(bucket.account_id))


class AclOperations:
    def get_bucket_acl(self, ctx, params):
        bucket = require_bucket(ctx, params)
        return {"Owner": {"ID": canonical_user_id(bucket.account_id)}, "Grants": bucket_grants(bucket)}

    def put_bucket_acl(self, ctx, params):
        bucket = require_bucket(ctx, params)
        acl, grants = _requested(params, BUCKET_ACLS + ("log-delivery-write",))
        _check_enforced(bucket, acl, grants, bucket.account_id)
        _check_public(bucket, acl, grants)
        bucket.acl = grants if grants is not None else acl
        return {}

    def get_object_acl(self, ctx, params):
        bucket = require_bucket(ctx, params)
        obj = readable(bucket, params["Key"], params.get("VersionId"))
        return {"Owner": {"ID": canonical_user_id(object_owner(bucket, obj))}, "Grants": object_grants(bucket, obj)}

    def put_object_acl(self, ctx, params):
        bucket = require_bucket(ctx, params)
        acl, grants = _requested(params, OBJECT_ACLS)
        with bucket.lock:
            if bucket.deleted:
                raise no_such_bucket(bucket.name)
            obj = readable(bucket, params["Key"], params.get("VersionId"))
            _check_enforced(bucket, acl, grants, object_owner(bucket, obj))
            _check_public(bucket, acl, grants)
            # The one field of a stored version that changes in place: a single reference
            # swap, so readers without the lock see the old ACL or the new one.
            obj.acl = grants if grants is not None else acl
        object_event(ctx, bucket, "ObjectAcl:Put", obj)
        return {}
