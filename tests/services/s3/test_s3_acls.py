"""Bucket and object ACLs through boto3: canned ACLs, grant headers, AccessControlPolicy bodies,
and the ownership rules that refuse ACLs."""
import pytest
from s3_authz_support import GUARDED, assert_allowed, assert_denied, checked_s3, user_s3
from s3_support import call_backend, raises

from iamulator.services.s3.records import canonical_user_id

OWNER = canonical_user_id("123456789012")
OTHER_ACCOUNT = "210987654321"
ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"
AUTHENTICATED = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"
LOG_DELIVERY = "http://acs.amazonaws.com/groups/s3/LogDelivery"
NOT_SUPPORTED = "The bucket does not allow ACLs"


def owner_grant(canonical_id=OWNER, permission="FULL_CONTROL"):
    return {"Grantee": {"ID": canonical_id, "Type": "CanonicalUser"}, "Permission": permission}


def group_grant(uri, permission):
    return {"Grantee": {"Type": "Group", "URI": uri}, "Permission": permission}


@pytest.fixture
def writer_bucket(s3):
    """A bucket with ACLs enabled (ObjectWriter)."""
    s3.create_bucket(Bucket="acl-bucket", ObjectOwnership="ObjectWriter")
    return "acl-bucket"


def test_default_acls_are_the_owners_full_control(s3, bucket):
    acl = s3.get_bucket_acl(Bucket=bucket)
    assert acl["Owner"] == {"ID": OWNER}
    assert acl["Grants"] == [owner_grant()]
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    got = s3.get_object_acl(Bucket=bucket, Key="k")
    assert got["Owner"] == {"ID": OWNER}
    assert got["Grants"] == [owner_grant()]


@pytest.mark.parametrize("acl, extra", [
    ("private", []),
    ("public-read", [group_grant(ALL_USERS, "READ")]),
    ("public-read-write", [group_grant(ALL_USERS, "READ"), group_grant(ALL_USERS, "WRITE")]),
    ("authenticated-read", [group_grant(AUTHENTICATED, "READ")]),
    ("log-delivery-write", [group_grant(LOG_DELIVERY, "WRITE"), group_grant(LOG_DELIVERY, "READ_ACP")]),
])
def test_canned_bucket_acls(s3, writer_bucket, acl, extra):
    s3.put_bucket_acl(Bucket=writer_bucket, ACL=acl)
    assert s3.get_bucket_acl(Bucket=writer_bucket)["Grants"] == [owner_grant()] + extra


def test_bucket_acl_given_at_creation(s3):
    s3.create_bucket(Bucket="born-public", ObjectOwnership="BucketOwnerPreferred", ACL="public-read")
    assert s3.get_bucket_acl(Bucket="born-public")["Grants"] == [owner_grant(), group_grant(ALL_USERS, "READ")]


def test_grant_headers_replace_the_acl(s3, writer_bucket):
    other = canonical_user_id(OTHER_ACCOUNT)
    s3.put_bucket_acl(Bucket=writer_bucket, GrantFullControl=f'id="{OWNER}"',
                      GrantRead=f'id="{other}", uri="{ALL_USERS}"', GrantWriteACP=f"uri={LOG_DELIVERY}")
    assert s3.get_bucket_acl(Bucket=writer_bucket)["Grants"] == [
        owner_grant(), owner_grant(other, "READ"), group_grant(ALL_USERS, "READ"),
        group_grant(LOG_DELIVERY, "WRITE_ACP")]


def test_access_control_policy_body(s3, writer_bucket):
    policy = {"Owner": {"ID": OWNER}, "Grants": [owner_grant(), group_grant(AUTHENTICATED, "READ_ACP")]}
    s3.put_bucket_acl(Bucket=writer_bucket, AccessControlPolicy=policy)
    assert s3.get_bucket_acl(Bucket=writer_bucket)["Grants"] == policy["Grants"]
    s3.put_object(Bucket=writer_bucket, Key="k", Body=b"x")
    s3.put_object_acl(Bucket=writer_bucket, Key="k", AccessControlPolicy=policy)
    assert s3.get_object_acl(Bucket=writer_bucket, Key="k")["Grants"] == policy["Grants"]


@pytest.mark.parametrize("kwargs, code, message", [
    ({}, "MissingSecurityHeader", "Your request was missing a required header"),
    ({"ACL": "public-read", "GrantRead": f'uri="{ALL_USERS}"'}, "InvalidRequest",
     "Specifying both Canned ACLs and Header Grants is not allowed"),
    ({"ACL": "private", "AccessControlPolicy": {"Owner": {"ID": OWNER}, "Grants": []}}, "UnexpectedContent",
     "This request does not support content"),
    ({"ACL": "bucket-owner-read"}, "InvalidArgument", None),
    ({"GrantRead": 'id="not-a-canonical-id"'}, "InvalidArgument", "Invalid id"),
    ({"GrantRead": 'uri="http://acs.amazonaws.com/groups/global/Nobody"'}, "InvalidArgument", "Invalid group uri"),
    ({"GrantRead": 'emailAddress="someone@example.com"'}, "UnresolvableGrantByEmailAddress",
     "The e-mail address you provided does not match any account on record."),
    ({"AccessControlPolicy": {"Grants": [owner_grant()]}}, "MalformedACLError", None),
    ({"AccessControlPolicy": {"Owner": {"ID": OWNER},
                              "Grants": [{"Grantee": {"Type": "Group"}, "Permission": "READ"}]}},
     "MalformedACLError", None),
])
def test_invalid_bucket_acl_requests(s3, writer_bucket, kwargs, code, message):
    with raises(code, 400, message) as err:
        s3.put_bucket_acl(Bucket=writer_bucket, **kwargs)
    if code == "MissingSecurityHeader":
        assert err["MissingHeaderName"] == "x-amz-acl"
    assert s3.get_bucket_acl(Bucket=writer_bucket)["Grants"] == [owner_grant()]


def test_enforced_ownership_refuses_acls_but_owner_only_ones(s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    with raises("AccessControlListNotSupported", 400, NOT_SUPPORTED):
        s3.put_bucket_acl(Bucket=bucket, ACL="public-read")
    with raises("AccessControlListNotSupported", 400, NOT_SUPPORTED):
        s3.put_object_acl(Bucket=bucket, Key="k", ACL="authenticated-read")
    with raises("AccessControlListNotSupported", 400, NOT_SUPPORTED):
        s3.put_bucket_acl(Bucket=bucket, GrantRead=f'uri="{ALL_USERS}"')
    s3.put_bucket_acl(Bucket=bucket, ACL="private")
    s3.put_object_acl(Bucket=bucket, Key="k", ACL="bucket-owner-full-control")
    s3.put_bucket_acl(Bucket=bucket, GrantFullControl=f'id="{OWNER}"')
    assert s3.get_bucket_acl(Bucket=bucket)["Grants"] == [owner_grant()]


def test_enforced_ownership_takes_owner_only_grant_headers_on_writes(s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=b"x", GrantFullControl=f'id="{OWNER}"')
    assert s3.get_object_acl(Bucket=bucket, Key="k")["Grants"] == [owner_grant()]
    with raises("AccessControlListNotSupported", 400, NOT_SUPPORTED):
        s3.put_object(Bucket=bucket, Key="k", Body=b"x", GrantRead=f'id="{canonical_user_id(OTHER_ACCOUNT)}"')


def test_object_acls_canned_and_versioned(s3, writer_bucket):
    s3.put_object(Bucket=writer_bucket, Key="k", Body=b"x", ACL="public-read")
    assert s3.get_object_acl(Bucket=writer_bucket, Key="k")["Grants"] == [owner_grant(),
                                                                          group_grant(ALL_USERS, "READ")]
    s3.put_object_acl(Bucket=writer_bucket, Key="k", ACL="private")
    assert s3.get_object_acl(Bucket=writer_bucket, Key="k")["Grants"] == [owner_grant()]
    s3.put_bucket_versioning(Bucket=writer_bucket, VersioningConfiguration={"Status": "Enabled"})
    first = s3.put_object(Bucket=writer_bucket, Key="v", Body=b"1", ACL="authenticated-read")["VersionId"]
    s3.put_object(Bucket=writer_bucket, Key="v", Body=b"2")
    assert s3.get_object_acl(Bucket=writer_bucket, Key="v", VersionId=first)["Grants"] == [
        owner_grant(), group_grant(AUTHENTICATED, "READ")]
    assert s3.get_object_acl(Bucket=writer_bucket, Key="v")["Grants"] == [owner_grant()]
    s3.put_object_acl(Bucket=writer_bucket, Key="v", VersionId=first, ACL="private")
    assert s3.get_object_acl(Bucket=writer_bucket, Key="v", VersionId=first)["Grants"] == [owner_grant()]


def test_object_grant_headers_on_put_object(s3, writer_bucket):
    s3.put_object(Bucket=writer_bucket, Key="k", Body=b"x", GrantRead=f'uri="{ALL_USERS}"')
    assert s3.get_object_acl(Bucket=writer_bucket, Key="k")["Grants"] == [group_grant(ALL_USERS, "READ")]


def test_object_acl_errors(s3, writer_bucket):
    with raises("NoSuchKey", 404):
        s3.get_object_acl(Bucket=writer_bucket, Key="missing")
    with raises("NoSuchKey", 404):
        s3.put_object_acl(Bucket=writer_bucket, Key="missing", ACL="private")
    s3.put_object(Bucket=writer_bucket, Key="k", Body=b"x")
    with raises("NoSuchVersion", 404):
        s3.get_object_acl(Bucket=writer_bucket, Key="k", VersionId="nope")
    with raises("NoSuchBucket", 404):
        s3.get_object_acl(Bucket="no-such-bucket", Key="k")
    with raises("InvalidArgument", 400):
        s3.put_object_acl(Bucket=writer_bucket, Key="k", ACL="log-delivery-write")


def test_objects_written_by_another_account(s3, writer_bucket):
    s3.put_bucket_ownership_controls(Bucket=writer_bucket,
                                     OwnershipControls={"Rules": [{"ObjectOwnership": "BucketOwnerPreferred"}]})
    other = canonical_user_id(OTHER_ACCOUNT)
    call_backend("PutObject", {"Bucket": writer_bucket, "Key": "theirs", "Body": b"x"}, account=OTHER_ACCOUNT)
    call_backend("PutObject", {"Bucket": writer_bucket, "Key": "read", "Body": b"x", "ACL": "bucket-owner-read"},
                 account=OTHER_ACCOUNT)
    call_backend("PutObject", {"Bucket": writer_bucket, "Key": "given", "Body": b"x",
                               "ACL": "bucket-owner-full-control"}, account=OTHER_ACCOUNT)
    theirs = s3.get_object_acl(Bucket=writer_bucket, Key="theirs")
    assert theirs["Owner"] == {"ID": other} and theirs["Grants"] == [owner_grant(other)]
    assert s3.get_object_acl(Bucket=writer_bucket, Key="read")["Grants"] == [owner_grant(other),
                                                                             owner_grant(OWNER, "READ")]
    # BucketOwnerPreferred: bucket-owner-full-control hands the object to the bucket owner.
    given = s3.get_object_acl(Bucket=writer_bucket, Key="given")
    assert given["Owner"] == {"ID": OWNER}
    # Enforcing ownership makes the bucket owner the owner of everything.
    s3.put_bucket_ownership_controls(Bucket=writer_bucket,
                                     OwnershipControls={"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]})
    assert s3.get_object_acl(Bucket=writer_bucket, Key="theirs")["Grants"] == [owner_grant()]


def test_block_public_acls(s3, writer_bucket):
    s3.put_public_access_block(Bucket=writer_bucket, PublicAccessBlockConfiguration={"BlockPublicAcls": True})
    with raises("AccessDenied", 403):
        s3.put_bucket_acl(Bucket=writer_bucket, ACL="public-read")
    with raises("AccessDenied", 403):
        s3.put_bucket_acl(Bucket=writer_bucket, GrantRead=f'uri="{AUTHENTICATED}"')
    with raises("AccessDenied", 403):
        s3.put_object(Bucket=writer_bucket, Key="k", Body=b"x", ACL="public-read")
    s3.put_object(Bucket=writer_bucket, Key="k", Body=b"x", ACL="private")
    with raises("AccessDenied", 403):
        s3.put_object_acl(Bucket=writer_bucket, Key="k", ACL="public-read-write")
    s3.put_bucket_acl(Bucket=writer_bucket, ACL="private")


# -- authorization -------------------------------------------------------------------------------

@pytest.fixture
def checked():
    with checked_s3() as admin:
        admin.put_bucket_ownership_controls(Bucket=GUARDED, OwnershipControls={"Rules": [
            {"ObjectOwnership": "ObjectWriter"}]})
        admin.put_bucket_versioning(Bucket=GUARDED, VersioningConfiguration={"Status": "Enabled"})
        yield admin, admin.put_object(Bucket=GUARDED, Key="k", Body=b"x")["VersionId"]


def test_bucket_acl_actions(checked):
    bucket_arn = f"arn:aws:s3:::{GUARDED}"
    reader = user_s3({"Action": "s3:GetBucketAcl", "Resource": bucket_arn})
    assert assert_allowed(lambda: reader.get_bucket_acl(Bucket=GUARDED))["Grants"] == [owner_grant()]
    assert_denied(lambda: reader.put_bucket_acl(Bucket=GUARDED, ACL="private"), "s3:PutBucketAcl")
    writer = user_s3({"Action": "s3:PutBucketAcl", "Resource": bucket_arn})
    assert_allowed(lambda: writer.put_bucket_acl(Bucket=GUARDED, ACL="private"))
    assert_denied(lambda: writer.get_bucket_acl(Bucket=GUARDED), "s3:GetBucketAcl")


def test_object_acl_actions_and_their_version_variants(checked):
    _, version = checked
    objects = f"arn:aws:s3:::{GUARDED}/*"
    plain = user_s3({"Action": ["s3:GetObjectAcl", "s3:PutObjectAcl"], "Resource": objects})
    assert_allowed(lambda: plain.get_object_acl(Bucket=GUARDED, Key="k"))
    assert_allowed(lambda: plain.put_object_acl(Bucket=GUARDED, Key="k", ACL="private"))
    assert_denied(lambda: plain.get_object_acl(Bucket=GUARDED, Key="k", VersionId=version),
                  "s3:GetObjectVersionAcl")
    assert_denied(lambda: plain.put_object_acl(Bucket=GUARDED, Key="k", VersionId=version, ACL="private"),
                  "s3:PutObjectVersionAcl")
    versions = user_s3({"Action": ["s3:GetObjectVersionAcl", "s3:PutObjectVersionAcl"], "Resource": objects})
    assert_allowed(lambda: versions.get_object_acl(Bucket=GUARDED, Key="k", VersionId=version))
    assert_allowed(lambda: versions.put_object_acl(Bucket=GUARDED, Key="k", VersionId=version,
                                                   ACL="private"))
    assert_denied(lambda: versions.get_object_acl(Bucket=GUARDED, Key="k"), "s3:GetObjectAcl")
