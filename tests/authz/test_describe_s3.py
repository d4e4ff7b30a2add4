"""S3's declarations: permission-named actions, several actions per operation, bucket owners and
the condition keys requests and stored objects supply."""
import pytest

from iamulator.authz.describe import describe
from iamulator.services.errors import AWSError
from iamulator.services.state import Store

from describe_helpers import ACCOUNT, OTHER, make_ctx

SIGNED = {"authorization": "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20300101/us-east-1/s3/aws4_request",
          "x-amz-content-sha256": "UNSIGNED-PAYLOAD"}
REQUEST_KEYS = {"s3:authType": "REST-HEADER", "s3:signatureversion": "AWS4-HMAC-SHA256",
                "s3:x-amz-content-sha256": "UNSIGNED-PAYLOAD"}


@pytest.fixture
def store():
    return Store()


def ctx(store, account=ACCOUNT, headers=None):
    return make_ctx("s3", account=account, store=store, headers=SIGNED if headers is None else headers)


def run(store, operation, params, account=ACCOUNT):
    c = ctx(store, account)
    backend = store.backend("s3", account, "us-east-1")
    return backend.handler(operation)(backend, c, params)


def checks(store, operation, params, account=ACCOUNT, headers=None):
    return [(c.action, c.resource) for c in describe("s3", operation, params, ctx(store, account, headers))]


def only(store, operation, params, **kw):
    [check] = describe("s3", operation, params, ctx(store, **kw))
    return check


def test_list_operations_are_list_bucket_with_the_listing_keys(store):
    check = only(store, "ListObjectsV2", {"Bucket": "b", "Prefix": "home/", "Delimiter": "/", "MaxKeys": 50})
    assert (check.action, check.resource) == ("s3:ListBucket", "arn:aws:s3:::b")
    assert dict(check.context) == {"s3:prefix": "home/", "s3:delimiter": "/", "s3:max-keys": "50",
                                   "s3:ResourceAccount": ACCOUNT, **REQUEST_KEYS}
    assert checks(store, "ListObjects", {"Bucket": "b"}) == [("s3:ListBucket", "arn:aws:s3:::b")]
    assert checks(store, "HeadBucket", {"Bucket": "b"}) == [("s3:ListBucket", "arn:aws:s3:::b")]


def test_list_buckets_is_list_all_my_buckets_on_star(store):
    check = only(store, "ListBuckets", {})
    assert (check.action, check.resource, check.resource_account) == ("s3:ListAllMyBuckets", "*", ACCOUNT)


def test_get_and_head_object_are_get_object_or_get_object_version(store):
    assert checks(store, "GetObject", {"Bucket": "b", "Key": "a/b c.txt"}) == \
        [("s3:GetObject", "arn:aws:s3:::b/a/b c.txt")]
    check = only(store, "HeadObject", {"Bucket": "b", "Key": "k", "VersionId": "v7"})
    assert (check.action, check.resource) == ("s3:GetObjectVersion", "arn:aws:s3:::b/k")
    assert check.context["s3:versionid"] == "v7"
    assert checks(store, "GetBucketLocation", {"Bucket": "b"}) == [("s3:GetBucketLocation", "arn:aws:s3:::b")]


def test_delete_object_and_its_version(store):
    assert checks(store, "DeleteObject", {"Bucket": "b", "Key": "k"}) == [("s3:DeleteObject", "arn:aws:s3:::b/k")]
    assert checks(store, "DeleteObject", {"Bucket": "b", "Key": "k", "VersionId": "1"}) == \
        [("s3:DeleteObjectVersion", "arn:aws:s3:::b/k")]


def test_delete_objects_is_one_check_per_key(store):
    found = describe("s3", "DeleteObjects", {"Bucket": "b", "Delete": {"Objects": [
        {"Key": "one"}, {"Key": "two", "VersionId": "v2"}, {"Key": "three"}]}}, ctx(store))
    assert [(c.action, c.resource) for c in found] == [
        ("s3:DeleteObject", "arn:aws:s3:::b/one"), ("s3:DeleteObject", "arn:aws:s3:::b/three"),
        ("s3:DeleteObjectVersion", "arn:aws:s3:::b/two")]
    assert found[2].context["s3:versionid"] == "v2"
    assert "s3:versionid" not in found[0].context


def test_put_object_keys_and_the_extra_actions_for_acl_and_tags(store):
    params = {"Bucket": "b", "Key": "k", "ServerSideEncryption": "aws:kms", "SSEKMSKeyId": "alias/x",
              "StorageClass": "STANDARD_IA", "ACL": "bucket-owner-full-control", "Tagging": "team=red&env=",
              "IfNoneMatch": "*"}
    found = describe("s3", "PutObject", params, ctx(store))
    # SSE-KMS: S3 also needs a data key from KMS on the caller's behalf.
    assert [c.action for c in found] == ["s3:PutObject", "s3:PutObjectAcl", "s3:PutObjectTagging",
                                         "kms:GenerateDataKey"]
    put, acl, tagging, data_key = found
    assert data_key.resource == "arn:aws:kms:us-east-1:%s:alias/x" % ACCOUNT     # no such key: its name's ARN
    assert data_key.context["kms:ViaService"] == "s3.us-east-1.amazonaws.com"
    assert dict(put.context) == {
        "s3:x-amz-acl": "bucket-owner-full-control", "s3:x-amz-server-side-encryption": "aws:kms",
        "s3:x-amz-server-side-encryption-aws-kms-key-id": "alias/x", "s3:x-amz-storage-class": "STANDARD_IA",
        "s3:if-none-match": "*", "s3:RequestObjectTag/team": "red", "s3:RequestObjectTag/env": "",
        "s3:RequestObjectTagKeys": ["team", "env"], "s3:ResourceAccount": ACCOUNT, **REQUEST_KEYS}
    assert acl.context["s3:x-amz-acl"] == "bucket-owner-full-control"
    assert "s3:x-amz-server-side-encryption" not in acl.context     # not a PutObjectAcl key
    assert tagging.context["s3:RequestObjectTagKeys"] == ["team", "env"]
    assert [c.action for c in describe("s3", "PutObject", {"Bucket": "b", "Key": "k"}, ctx(store))] == ["s3:PutObject"]
    grant = describe("s3", "PutObject", {"Bucket": "b", "Key": "k", "GrantRead": "id=abc"}, ctx(store))
    assert [c.action for c in grant] == ["s3:PutObject", "s3:PutObjectAcl"]
    assert grant[1].context["s3:x-amz-grant-read"] == "id=abc"


def test_copy_object_reads_the_source_and_writes_the_target(store):
    found = describe("s3", "CopyObject", {"Bucket": "dst", "Key": "new", "CopySource": "src/dir/old%20name.txt",
                                          "MetadataDirective": "REPLACE"}, ctx(store))
    assert [(c.action, c.resource) for c in found] == [
        ("s3:GetObject", "arn:aws:s3:::src/dir/old name.txt"), ("s3:PutObject", "arn:aws:s3:::dst/new")]
    assert found[1].context["s3:x-amz-copy-source"] == "src/dir/old%20name.txt"
    assert found[1].context["s3:x-amz-metadata-directive"] == "REPLACE"
    assert "s3:x-amz-copy-source" not in found[0].context
    versioned = describe("s3", "CopyObject", {"Bucket": "dst", "Key": "new", "CopySource": "/src/k?versionId=v1",
                                              "TaggingDirective": "REPLACE", "Tagging": "a=1"}, ctx(store))
    assert [(c.action, c.resource) for c in versioned] == [
        ("s3:GetObjectVersion", "arn:aws:s3:::src/k"), ("s3:PutObject", "arn:aws:s3:::dst/new"),
        ("s3:PutObjectTagging", "arn:aws:s3:::dst/new")]
    assert versioned[0].context["s3:versionid"] == "v1"


def test_a_copy_source_naming_no_object_is_s3s_own_error(store):
    with pytest.raises(AWSError) as err:
        describe("s3", "CopyObject", {"Bucket": "dst", "Key": "k", "CopySource": "just-a-bucket"}, ctx(store))
    assert err.value.code == "InvalidArgument"


def test_create_bucket_needs_more_actions_for_lock_ownership_and_tags(store):
    found = describe("s3", "CreateBucket", {
        "Bucket": "new-bucket", "ACL": "private", "ObjectLockEnabledForBucket": True,
        "ObjectOwnership": "BucketOwnerEnforced",
        "CreateBucketConfiguration": {"LocationConstraint": "eu-west-1", "Tags": [{"Key": "team", "Value": "red"}]},
    }, ctx(store))
    assert [c.action for c in found] == ["s3:CreateBucket", "s3:TagResource", "s3:PutBucketObjectLockConfiguration",
                                         "s3:PutBucketVersioning", "s3:PutBucketOwnershipControls"]
    assert {c.resource for c in found} == {"arn:aws:s3:::new-bucket"}
    create = found[0]
    assert create.context["s3:locationconstraint"] == "eu-west-1"
    assert create.context["s3:x-amz-acl"] == "private"
    assert create.context["s3:x-amz-object-ownership"] == "BucketOwnerEnforced"
    assert create.context["aws:RequestTag/team"] == "red" and create.context["aws:TagKeys"] == ["team"]
    assert [c.action for c in describe("s3", "CreateBucket", {"Bucket": "b"}, ctx(store))] == ["s3:CreateBucket"]


def test_a_bucket_of_another_account_is_evaluated_cross_account(store):
    run(store, "CreateBucket", {"Bucket": "theirs"}, account=OTHER)
    check = only(store, "GetObject", {"Bucket": "theirs", "Key": "k"})
    assert check.resource_account == OTHER
    assert check.context["s3:ResourceAccount"] == OTHER
    assert only(store, "GetObject", {"Bucket": "nobody-has-it", "Key": "k"}).resource_account == ACCOUNT


def test_existing_object_tags_come_from_the_stored_version(store):
    run(store, "CreateBucket", {"Bucket": "bucket-b"})
    run(store, "PutObject", {"Bucket": "bucket-b", "Key": "doc", "Body": b"x", "Tagging": "class=secret"})
    check = only(store, "GetObject", {"Bucket": "bucket-b", "Key": "doc"})
    assert check.context["s3:ExistingObjectTag/class"] == "secret"
    assert "s3:ExistingObjectTag/class" not in only(store, "GetObject", {"Bucket": "bucket-b", "Key": "other"}).context
    # ListBucket is on the bucket: no object tags there.
    assert not any(k.startswith("s3:ExistingObjectTag") for k in only(store, "ListObjectsV2", {"Bucket": "bucket-b"}).context)


def test_bucket_tags_count_only_once_abac_is_enabled(store):
    run(store, "CreateBucket", {"Bucket": "bucket-b"})
    bucket = store.backend("s3", ACCOUNT, "us-east-1").buckets["bucket-b"]
    bucket.tags["team"] = "red"
    assert "aws:ResourceTag/team" not in only(store, "ListObjectsV2", {"Bucket": "bucket-b"}).context
    bucket.abac_enabled = True
    context = only(store, "ListObjectsV2", {"Bucket": "bucket-b"}).context
    assert context["aws:ResourceTag/team"] == "red" and context["s3:BucketTag/team"] == "red"


def test_request_keys_follow_the_signature(store):
    presigned = make_ctx("s3", store=store, headers={},
                         url="https://b.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=ab")
    [check] = describe("s3", "GetObject", {"Bucket": "b", "Key": "k"}, presigned)
    assert check.context["s3:authType"] == "REST-QUERY-STRING"
    assert check.context["s3:signatureversion"] == "AWS4-HMAC-SHA256"
    unsigned = make_ctx("s3", store=store, headers={})
    [check] = describe("s3", "GetObject", {"Bucket": "b", "Key": "k"}, unsigned)
    assert "s3:authType" not in check.context and "s3:signatureversion" not in check.context
