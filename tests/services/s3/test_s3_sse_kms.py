"""SSE-KMS: the key must exist in KMS, responses report its ARN, and once checks are on the
caller needs kms:GenerateDataKey to write and kms:Decrypt to read, as on AWS."""
import json

import boto3
import pytest
from s3_authz_support import GUARDED, checked_s3, user_s3
from s3_support import raises

from iamulator.testing import make_principal

ACCOUNT = "123456789012"
PUT = {"Action": "s3:PutObject", "Resource": f"arn:aws:s3:::{GUARDED}/*"}
GET = {"Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{GUARDED}/*"}


@pytest.fixture
def checked():
    """(root S3 client, root KMS client, a customer managed key's ARN) on a mock checking every request."""
    with checked_s3() as s3:
        kms = boto3.client("kms", region_name="us-east-1")
        yield s3, kms, kms.create_key()["KeyMetadata"]["Arn"]


def test_key_named_by_id_alias_or_arn_is_reported_by_arn(s3, bucket):
    kms = boto3.client("kms", region_name="us-east-1")
    key = kms.create_key()["KeyMetadata"]
    kms.create_alias(AliasName="alias/data", TargetKeyId=key["KeyId"])
    for name in (key["KeyId"], key["Arn"], "alias/data", f"arn:aws:kms:us-east-1:{ACCOUNT}:alias/data"):
        put = s3.put_object(Bucket=bucket, Key="k", Body=b"x", ServerSideEncryption="aws:kms", SSEKMSKeyId=name)
        assert put["SSEKMSKeyId"] == key["Arn"], name
    got = s3.get_object(Bucket=bucket, Key="k")
    assert (got["ServerSideEncryption"], got["SSEKMSKeyId"]) == ("aws:kms", key["Arn"])


def test_without_a_key_the_aws_managed_key_is_used(s3, bucket):
    put = s3.put_object(Bucket=bucket, Key="k", Body=b"x", ServerSideEncryption="aws:kms")
    managed = boto3.client("kms", region_name="us-east-1").describe_key(KeyId="alias/aws/s3")["KeyMetadata"]
    assert put["SSEKMSKeyId"] == managed["Arn"]
    assert managed["KeyManager"] == "AWS"
    assert "BucketKeyEnabled" not in put


def test_missing_key_is_kms_not_found(s3, bucket):
    missing = "1234abcd-12ab-34cd-56ef-1234567890ab"
    with raises("KMS.NotFoundException", 400,
                f"Key 'arn:aws:kms:us-east-1:{ACCOUNT}:key/{missing}' does not exist"):
        s3.put_object(Bucket=bucket, Key="k", Body=b"x", ServerSideEncryption="aws:kms", SSEKMSKeyId=missing)
    with raises("KMS.NotFoundException", 400):
        s3.put_object(Bucket=bucket, Key="k", Body=b"x", ServerSideEncryption="aws:kms", SSEKMSKeyId="alias/none")
    with raises("404", 404):                # nothing was written
        s3.head_object(Bucket=bucket, Key="k")


def test_disabled_key_and_bucket_default_with_a_deleted_key(s3, bucket):
    kms = boto3.client("kms", region_name="us-east-1")
    key = kms.create_key()["KeyMetadata"]
    kms.disable_key(KeyId=key["KeyId"])
    with raises("KMS.DisabledException", 400, f"{key['Arn']} is disabled."):
        s3.put_object(Bucket=bucket, Key="k", Body=b"x", ServerSideEncryption="aws:kms", SSEKMSKeyId=key["KeyId"])
    s3.put_bucket_encryption(Bucket=bucket, ServerSideEncryptionConfiguration={"Rules": [
        {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": "alias/gone"}}]})
    with raises("KMS.NotFoundException", 400):
        s3.put_object(Bucket=bucket, Key="k", Body=b"x")


def test_copy_with_kms(s3, bucket):
    kms = boto3.client("kms", region_name="us-east-1")
    key = kms.create_key()["KeyMetadata"]
    s3.put_object(Bucket=bucket, Key="src", Body=b"x")
    copied = s3.copy_object(Bucket=bucket, Key="dst", CopySource=f"{bucket}/src", ServerSideEncryption="aws:kms",
                            SSEKMSKeyId=key["KeyId"], BucketKeyEnabled=True)
    assert (copied["ServerSideEncryption"], copied["SSEKMSKeyId"], copied["BucketKeyEnabled"]) == \
        ("aws:kms", key["Arn"], True)


def test_put_needs_generate_data_key_on_the_key(checked):
    _, _, key = checked
    writer = user_s3(PUT)
    with raises("AccessDenied", 403) as err:
        writer.put_object(Bucket=GUARDED, Key="k", Body=b"x", ServerSideEncryption="aws:kms", SSEKMSKeyId=key)
    assert "kms:GenerateDataKey" in err["Message"] and key in err["Message"]
    # Plain writes still need only s3:PutObject.
    assert writer.put_object(Bucket=GUARDED, Key="plain", Body=b"x")["ServerSideEncryption"] == "AES256"
    allowed = user_s3(PUT, {"Action": "kms:GenerateDataKey", "Resource": key})
    put = allowed.put_object(Bucket=GUARDED, Key="k", Body=b"x", ServerSideEncryption="aws:kms", SSEKMSKeyId=key)
    assert put["SSEKMSKeyId"] == key


def test_grant_on_another_key_does_not_help(checked):
    _, kms, key = checked
    other = kms.create_key()["KeyMetadata"]["Arn"]
    writer = user_s3(PUT, {"Action": "kms:GenerateDataKey", "Resource": other})
    with raises("AccessDenied", 403):
        writer.put_object(Bucket=GUARDED, Key="k", Body=b"x", ServerSideEncryption="aws:kms", SSEKMSKeyId=key)


def test_bucket_default_kms_key_is_checked_too(checked):
    s3, _, key = checked
    s3.put_bucket_encryption(Bucket=GUARDED, ServerSideEncryptionConfiguration={"Rules": [
        {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": key}}]})
    with raises("AccessDenied", 403):
        user_s3(PUT).put_object(Bucket=GUARDED, Key="k", Body=b"x")
    put = user_s3(PUT, {"Action": "kms:GenerateDataKey", "Resource": key}).put_object(Bucket=GUARDED, Key="k",
                                                                                       Body=b"x")
    assert (put["ServerSideEncryption"], put["SSEKMSKeyId"]) == ("aws:kms", key)


def test_get_needs_decrypt(checked):
    s3, _, key = checked
    s3.put_object(Bucket=GUARDED, Key="secret", Body=b"x", ServerSideEncryption="aws:kms", SSEKMSKeyId=key)
    s3.put_object(Bucket=GUARDED, Key="plain", Body=b"y")
    reader = user_s3(GET)
    with raises("AccessDenied", 403) as err:
        reader.get_object(Bucket=GUARDED, Key="secret")
    assert "kms:Decrypt" in err["Message"]
    assert reader.get_object(Bucket=GUARDED, Key="plain")["Body"].read() == b"y"
    # HEAD reads metadata only: no KMS call, no KMS permission.
    assert reader.head_object(Bucket=GUARDED, Key="secret")["SSEKMSKeyId"] == key
    decrypting = user_s3(GET, {"Action": "kms:Decrypt", "Resource": key})
    assert decrypting.get_object(Bucket=GUARDED, Key="secret")["Body"].read() == b"x"


def test_key_policy_denial_wins_over_an_iam_grant(checked):
    s3, kms, key = checked
    principal = make_principal({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["s3:PutObject", "kms:GenerateDataKey"], "Resource": "*"}]}, name="refused")
    user_arn = f"arn:aws:iam::{ACCOUNT}:user/refused"
    kms.put_key_policy(KeyId=key, PolicyName="default", Policy=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, "Action": "kms:*", "Resource": "*"},
        {"Effect": "Deny", "Principal": {"AWS": user_arn}, "Action": "kms:GenerateDataKey", "Resource": "*"}]}))
    with raises("AccessDenied", 403) as err:
        principal.client("s3", region_name="us-east-1").put_object(
            Bucket=GUARDED, Key="k", Body=b"x", ServerSideEncryption="aws:kms", SSEKMSKeyId=key)
    assert "explicit deny in a resource-based policy" in err["Message"]


def test_aws_managed_key_admits_the_account_through_s3(checked):
    # The aws/s3 key's policy grants every principal of the account when the call comes through
    # S3 (kms:ViaService), so no IAM grant on the key is needed.
    writer = user_s3(PUT, GET)
    put = writer.put_object(Bucket=GUARDED, Key="k", Body=b"x", ServerSideEncryption="aws:kms")
    assert put["SSEKMSKeyId"].startswith(f"arn:aws:kms:us-east-1:{ACCOUNT}:key/")
    assert writer.get_object(Bucket=GUARDED, Key="k")["Body"].read() == b"x"


def test_copy_of_a_kms_source_needs_decrypt(checked):
    s3, _, key = checked
    s3.put_object(Bucket=GUARDED, Key="src", Body=b"x", ServerSideEncryption="aws:kms", SSEKMSKeyId=key)
    copier = user_s3(PUT, GET)
    with raises("AccessDenied", 403) as err:
        copier.copy_object(Bucket=GUARDED, Key="dst", CopySource=f"{GUARDED}/src")
    assert "kms:Decrypt" in err["Message"]
    user_s3(PUT, GET, {"Action": "kms:Decrypt", "Resource": key}).copy_object(
        Bucket=GUARDED, Key="dst", CopySource=f"{GUARDED}/src")


def test_sse_kms_multipart_parts_need_decrypt(checked):
    _, _, key = checked
    generate = {"Action": "kms:GenerateDataKey", "Resource": key}
    writer = user_s3(PUT, generate)
    upload = writer.create_multipart_upload(Bucket=GUARDED, Key="big", ServerSideEncryption="aws:kms",
                                            SSEKMSKeyId=key)["UploadId"]
    with raises("AccessDenied", 403) as err:
        writer.upload_part(Bucket=GUARDED, Key="big", UploadId=upload, PartNumber=1, Body=b"x")
    assert f'kms:Decrypt on resource: "{key}"' in err["Message"]
    full = user_s3(PUT, generate, {"Action": "kms:Decrypt", "Resource": key})
    etag = full.upload_part(Bucket=GUARDED, Key="big", UploadId=upload, PartNumber=1, Body=b"x")["ETag"]
    parts = {"Parts": [{"PartNumber": 1, "ETag": etag}]}
    with raises("AccessDenied", 403):
        writer.complete_multipart_upload(Bucket=GUARDED, Key="big", UploadId=upload, MultipartUpload=parts)
    done = full.complete_multipart_upload(Bucket=GUARDED, Key="big", UploadId=upload, MultipartUpload=parts)
    assert done["SSEKMSKeyId"] == key
    # An upload without SSE-KMS needs no KMS permission for its parts.
    plain = writer.create_multipart_upload(Bucket=GUARDED, Key="plain")["UploadId"]
    assert writer.upload_part(Bucket=GUARDED, Key="plain", UploadId=plain, PartNumber=1, Body=b"x")["ETag"]
