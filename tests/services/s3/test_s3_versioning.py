"""Versioning: the bucket setting, versions and delete markers on writes and deletes, reads by
version, ListObjectVersions and its paging, listings and bucket deletion with versions."""
import pytest
from s3_support import raises

DELETE_MARKER_405 = "The specified method is not allowed against this resource."


@pytest.fixture
def versioned(s3, bucket):
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    return bucket


def _versions(s3, bucket, **kw):
    page = s3.list_object_versions(Bucket=bucket, **kw)
    return ([(v["Key"], v["VersionId"], v["IsLatest"]) for v in page.get("Versions", [])],
            [(m["Key"], m["VersionId"], m["IsLatest"]) for m in page.get("DeleteMarkers", [])])


def test_a_new_bucket_reports_no_status(s3, bucket):
    response = s3.get_bucket_versioning(Bucket=bucket)
    assert "Status" not in response and "MFADelete" not in response


def test_enable_then_suspend(s3, versioned):
    assert s3.get_bucket_versioning(Bucket=versioned)["Status"] == "Enabled"
    s3.put_bucket_versioning(Bucket=versioned, VersioningConfiguration={"Status": "Suspended"})
    assert s3.get_bucket_versioning(Bucket=versioned)["Status"] == "Suspended"


def test_mfa_delete_disabled_is_reported_once_configured(s3, bucket):
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled", "MFADelete": "Disabled"})
    assert s3.get_bucket_versioning(Bucket=bucket) | {"ResponseMetadata": None} == \
        {"Status": "Enabled", "MFADelete": "Disabled", "ResponseMetadata": None}


def test_enabling_mfa_delete_needs_the_mfa_header(s3, bucket):
    with raises("AccessDenied", 403, "Mfa Authentication must be used for this request"):
        s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled", "MFADelete": "Enabled"})
    s3.put_bucket_versioning(Bucket=bucket, MFA="arn:aws:iam::123456789012:mfa/root 123456",
                             VersioningConfiguration={"Status": "Enabled", "MFADelete": "Enabled"})
    version = s3.put_object(Bucket=bucket, Key="k", Body=b"x")["VersionId"]
    with raises("AccessDenied", 403):
        s3.delete_object(Bucket=bucket, Key="k", VersionId=version)
    with raises("AccessDenied", 403):
        s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Suspended"})
    # A delete without a version only adds a marker, which MFA delete does not guard.
    assert s3.delete_object(Bucket=bucket, Key="k")["DeleteMarker"] is True


def test_unknown_status_is_malformed(s3, bucket):
    with raises("MalformedXML", 400):
        s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "On"})


def test_versioning_of_a_missing_bucket(s3):
    with raises("NoSuchBucket", 404):
        s3.get_bucket_versioning(Bucket="no-such-bucket-here")


def test_object_lock_bucket_cannot_be_suspended(s3):
    s3.create_bucket(Bucket="locked-bucket", ObjectLockEnabledForBucket=True)
    s3.put_bucket_versioning(Bucket="locked-bucket", VersioningConfiguration={"Status": "Enabled"})
    with raises("InvalidBucketState", 409):
        s3.put_bucket_versioning(Bucket="locked-bucket", VersioningConfiguration={"Status": "Suspended"})


def test_each_put_is_a_version_readable_by_id(s3, versioned):
    v1 = s3.put_object(Bucket=versioned, Key="k", Body=b"one")["VersionId"]
    v2 = s3.put_object(Bucket=versioned, Key="k", Body=b"two")["VersionId"]
    assert v1 != v2 and "null" not in (v1, v2)
    assert s3.get_object(Bucket=versioned, Key="k")["Body"].read() == b"two"
    old = s3.get_object(Bucket=versioned, Key="k", VersionId=v1)
    assert (old["Body"].read(), old["VersionId"]) == (b"one", v1)
    assert s3.head_object(Bucket=versioned, Key="k", VersionId=v1)["ContentLength"] == 3
    with raises("NoSuchVersion", 404, "The specified version does not exist.") as err:
        s3.get_object(Bucket=versioned, Key="k", VersionId="nope")
    assert (err["Key"], err["VersionId"]) == ("k", "nope")


def test_delete_adds_a_marker_and_hides_the_key(s3, versioned):
    v1 = s3.put_object(Bucket=versioned, Key="k", Body=b"one")["VersionId"]
    deleted = s3.delete_object(Bucket=versioned, Key="k")
    assert deleted["DeleteMarker"] is True
    marker = deleted["VersionId"]
    with raises("NoSuchKey", 404) as err:
        s3.get_object(Bucket=versioned, Key="k")
    assert err["headers"]["x-amz-delete-marker"] == "true"
    assert err["headers"]["x-amz-version-id"] == marker
    with raises("MethodNotAllowed", 405, DELETE_MARKER_405) as err:
        s3.get_object(Bucket=versioned, Key="k", VersionId=marker)
    assert err["headers"]["x-amz-delete-marker"] == "true"
    with raises("405", 405):
        s3.head_object(Bucket=versioned, Key="k", VersionId=marker)
    assert s3.get_object(Bucket=versioned, Key="k", VersionId=v1)["Body"].read() == b"one"
    assert "Contents" not in s3.list_objects_v2(Bucket=versioned)
    assert "Contents" not in s3.list_objects(Bucket=versioned)


def test_deleting_the_marker_restores_the_object(s3, versioned):
    s3.put_object(Bucket=versioned, Key="k", Body=b"one")
    marker = s3.delete_object(Bucket=versioned, Key="k")["VersionId"]
    removed = s3.delete_object(Bucket=versioned, Key="k", VersionId=marker)
    assert (removed["DeleteMarker"], removed["VersionId"]) == (True, marker)
    assert s3.get_object(Bucket=versioned, Key="k")["Body"].read() == b"one"


def test_deleting_a_version_for_good(s3, versioned):
    v1 = s3.put_object(Bucket=versioned, Key="k", Body=b"one")["VersionId"]
    v2 = s3.put_object(Bucket=versioned, Key="k", Body=b"two")["VersionId"]
    response = s3.delete_object(Bucket=versioned, Key="k", VersionId=v2)
    assert response["VersionId"] == v2 and "DeleteMarker" not in response
    assert s3.get_object(Bucket=versioned, Key="k")["VersionId"] == v1


def test_suspended_bucket_writes_and_deletes_the_null_version(s3, versioned):
    v1 = s3.put_object(Bucket=versioned, Key="k", Body=b"one")["VersionId"]
    s3.put_bucket_versioning(Bucket=versioned, VersioningConfiguration={"Status": "Suspended"})
    assert "VersionId" not in s3.put_object(Bucket=versioned, Key="k", Body=b"two")
    s3.put_object(Bucket=versioned, Key="k", Body=b"three")
    assert _versions(s3, versioned) == ([("k", "null", True), ("k", v1, False)], [])
    deleted = s3.delete_object(Bucket=versioned, Key="k")
    assert (deleted["DeleteMarker"], deleted["VersionId"]) == (True, "null")
    # The marker replaced the null version; the enabled-era version stays.
    assert _versions(s3, versioned) == ([("k", v1, False)], [("k", "null", True)])


def test_unversioned_objects_list_as_null_versions(s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    page = s3.list_object_versions(Bucket=bucket)
    [version] = page["Versions"]
    assert (version["VersionId"], version["IsLatest"], version["Size"]) == ("null", True, 1)
    assert version["ETag"] == '"9dd4e461268c8034f5c8564e155c67a6"'
    assert version["StorageClass"] == "STANDARD" and len(version["Owner"]["ID"]) == 64
    assert (page["Name"], page["KeyMarker"], page["VersionIdMarker"], page["MaxKeys"], page["IsTruncated"]) == \
        (bucket, "", "", 1000, False)


def test_list_object_versions_newest_first_with_markers(s3, versioned):
    a1 = s3.put_object(Bucket=versioned, Key="a", Body=b"1")["VersionId"]
    a2 = s3.put_object(Bucket=versioned, Key="a", Body=b"2")["VersionId"]
    bm = s3.delete_object(Bucket=versioned, Key="b")["VersionId"]
    c1 = s3.put_object(Bucket=versioned, Key="c", Body=b"1")["VersionId"]
    versions, markers = _versions(s3, versioned)
    assert versions == [("a", a2, True), ("a", a1, False), ("c", c1, True)]
    assert markers == [("b", bm, True)]


def test_list_object_versions_pages_through_versions(s3, versioned):
    ids = [s3.put_object(Bucket=versioned, Key="k", Body=str(i).encode())["VersionId"] for i in range(3)]
    ids += [s3.put_object(Bucket=versioned, Key="l", Body=b"x")["VersionId"]]
    page = s3.list_object_versions(Bucket=versioned, MaxKeys=2)
    assert page["IsTruncated"] is True
    assert [v["VersionId"] for v in page["Versions"]] == [ids[2], ids[1]]
    assert (page["NextKeyMarker"], page["NextVersionIdMarker"]) == ("k", ids[1])
    page = s3.list_object_versions(Bucket=versioned, MaxKeys=2, KeyMarker="k", VersionIdMarker=ids[1])
    assert [(v["Key"], v["VersionId"]) for v in page["Versions"]] == [("k", ids[0]), ("l", ids[3])]
    assert page["IsTruncated"] is False and "NextKeyMarker" not in page
    assert (page["KeyMarker"], page["VersionIdMarker"]) == ("k", ids[1])
    page = s3.list_object_versions(Bucket=versioned, KeyMarker="k")
    assert [v["Key"] for v in page["Versions"]] == ["l"]
    paginator = s3.get_paginator("list_object_versions")
    seen = [v["VersionId"] for p in paginator.paginate(Bucket=versioned, PaginationConfig={"PageSize": 1})
            for v in p.get("Versions", [])]
    assert seen == [ids[2], ids[1], ids[0], ids[3]]


def test_list_object_versions_prefix_and_delimiter(s3, versioned):
    for key in ("photos/2024/a.jpg", "photos/2024/b.jpg", "photos/2025/c.jpg", "photos/top.jpg", "docs/x"):
        s3.put_object(Bucket=versioned, Key=key, Body=b"x")
    s3.delete_object(Bucket=versioned, Key="photos/gone.jpg")
    page = s3.list_object_versions(Bucket=versioned, Prefix="photos/", Delimiter="/")
    assert [p["Prefix"] for p in page["CommonPrefixes"]] == ["photos/2024/", "photos/2025/"]
    assert [v["Key"] for v in page["Versions"]] == ["photos/top.jpg"]
    assert [m["Key"] for m in page["DeleteMarkers"]] == ["photos/gone.jpg"]
    assert (page["Prefix"], page["Delimiter"]) == ("photos/", "/")
    page = s3.list_object_versions(Bucket=versioned, Prefix="photos/", Delimiter="/", MaxKeys=1)
    assert [p["Prefix"] for p in page["CommonPrefixes"]] == ["photos/2024/"]
    assert page["NextKeyMarker"] == "photos/2024/" and "NextVersionIdMarker" not in page
    page = s3.list_object_versions(Bucket=versioned, Prefix="photos/", Delimiter="/", KeyMarker="photos/2024/")
    assert [p["Prefix"] for p in page["CommonPrefixes"]] == ["photos/2025/"]


def test_list_object_versions_max_keys_zero_and_bad_markers(s3, versioned):
    s3.put_object(Bucket=versioned, Key="k", Body=b"x")
    page = s3.list_object_versions(Bucket=versioned, MaxKeys=0)
    assert page["IsTruncated"] is False and "Versions" not in page
    with raises("InvalidArgument", 400, "A version-id marker cannot be specified without a key marker.") as err:
        s3.list_object_versions(Bucket=versioned, VersionIdMarker="abc")
    assert err["ArgumentName"] == "version-id-marker"
    with raises("InvalidArgument", 400):
        s3.list_object_versions(Bucket=versioned, MaxKeys=-1)


def test_delete_objects_creates_and_removes_markers(s3, versioned):
    v1 = s3.put_object(Bucket=versioned, Key="a", Body=b"1")["VersionId"]
    s3.put_object(Bucket=versioned, Key="b", Body=b"1")
    response = s3.delete_objects(Bucket=versioned, Delete={"Objects": [{"Key": "a", "VersionId": v1}, {"Key": "b"}]})
    by_key = {d["Key"]: d for d in response["Deleted"]}
    assert by_key["a"] == {"Key": "a", "VersionId": v1}
    assert by_key["b"]["DeleteMarker"] is True and "VersionId" not in by_key["b"]
    marker = by_key["b"]["DeleteMarkerVersionId"]
    response = s3.delete_objects(Bucket=versioned, Delete={"Objects": [{"Key": "b", "VersionId": marker}]})
    assert response["Deleted"] == [{"Key": "b", "VersionId": marker, "DeleteMarker": True,
                                    "DeleteMarkerVersionId": marker}]
    assert s3.get_object(Bucket=versioned, Key="b")["Body"].read() == b"1"


def test_copy_makes_a_version_and_copies_an_old_one(s3, versioned):
    v1 = s3.put_object(Bucket=versioned, Key="src", Body=b"old")["VersionId"]
    s3.put_object(Bucket=versioned, Key="src", Body=b"new")
    copied = s3.copy_object(Bucket=versioned, Key="dst", CopySource={"Bucket": versioned, "Key": "src",
                                                                      "VersionId": v1})
    assert copied["CopySourceVersionId"] == v1 and copied["VersionId"] not in (v1, "null")
    assert s3.get_object(Bucket=versioned, Key="dst")["Body"].read() == b"old"
    marker = s3.delete_object(Bucket=versioned, Key="src")["VersionId"]
    with raises("NoSuchKey", 404):
        s3.copy_object(Bucket=versioned, Key="x", CopySource={"Bucket": versioned, "Key": "src"})
    with raises("InvalidRequest", 400):
        s3.copy_object(Bucket=versioned, Key="x", CopySource={"Bucket": versioned, "Key": "src", "VersionId": marker})


def test_bucket_with_versions_is_not_empty_until_all_are_gone(s3, versioned):
    v1 = s3.put_object(Bucket=versioned, Key="k", Body=b"x")["VersionId"]
    marker = s3.delete_object(Bucket=versioned, Key="k")["VersionId"]
    with raises("BucketNotEmpty", 409):
        s3.delete_bucket(Bucket=versioned)
    s3.delete_object(Bucket=versioned, Key="k", VersionId=v1)
    with raises("BucketNotEmpty", 409):
        s3.delete_bucket(Bucket=versioned)
    s3.delete_object(Bucket=versioned, Key="k", VersionId=marker)
    s3.delete_bucket(Bucket=versioned)


def test_resource_api_object_versions(aws):
    import boto3
    s3 = boto3.resource("s3", region_name="us-east-1")
    bucket = s3.create_bucket(Bucket="resource-versions")
    bucket.Versioning().enable()
    for body in (b"1", b"2"):
        bucket.put_object(Key="k", Body=body)
    assert len(list(bucket.object_versions.all())) == 2
    bucket.object_versions.delete()
    assert list(bucket.object_versions.all()) == []
    bucket.delete()


def test_versioning_actions_are_authorized_on_the_named_bucket():
    from s3_authz_support import GUARDED, assert_allowed, assert_denied, checked_s3, user_s3

    with checked_s3() as admin:
        admin.create_bucket(Bucket="other-bucket")
        s3 = user_s3({"Action": ["s3:PutBucketVersioning", "s3:GetBucketVersioning", "s3:ListBucketVersions"],
                      "Resource": f"arn:aws:s3:::{GUARDED}"})
        enabled = {"Status": "Enabled"}
        assert_allowed(lambda: s3.put_bucket_versioning(Bucket=GUARDED, VersioningConfiguration=enabled))
        assert assert_allowed(lambda: s3.get_bucket_versioning(Bucket=GUARDED))["Status"] == "Enabled"
        assert_allowed(lambda: s3.list_object_versions(Bucket=GUARDED))
        assert_denied(lambda: s3.put_bucket_versioning(Bucket="other-bucket", VersioningConfiguration=enabled),
                      action="s3:PutBucketVersioning")
        assert_denied(lambda: s3.get_bucket_versioning(Bucket="other-bucket"), action="s3:GetBucketVersioning")
        assert_denied(lambda: s3.list_object_versions(Bucket="other-bucket"), action="s3:ListBucketVersions")
        # ListObjectVersions is not s3:ListBucket, and the other way round.
        assert_denied(lambda: s3.list_objects_v2(Bucket=GUARDED), action="s3:ListBucket")


def test_reading_and_deleting_versions_need_the_version_actions():
    from s3_authz_support import GUARDED, assert_allowed, assert_denied, checked_s3, user_s3

    with checked_s3() as admin:
        admin.put_bucket_versioning(Bucket=GUARDED, VersioningConfiguration={"Status": "Enabled"})
        v1 = admin.put_object(Bucket=GUARDED, Key="k", Body=b"1")["VersionId"]
        admin.put_object(Bucket=GUARDED, Key="k", Body=b"2")
        s3 = user_s3({"Action": ["s3:GetObject", "s3:DeleteObject"], "Resource": f"arn:aws:s3:::{GUARDED}/*"})
        assert assert_allowed(lambda: s3.get_object(Bucket=GUARDED, Key="k"))["Body"].read() == b"2"
        assert_denied(lambda: s3.get_object(Bucket=GUARDED, Key="k", VersionId=v1), action="s3:GetObjectVersion")
        assert_denied(lambda: s3.delete_object(Bucket=GUARDED, Key="k", VersionId=v1),
                      action="s3:DeleteObjectVersion")
        assert assert_allowed(lambda: s3.delete_object(Bucket=GUARDED, Key="k"))["DeleteMarker"] is True


def test_head_of_a_key_whose_current_version_is_a_marker(s3, versioned):
    s3.put_object(Bucket=versioned, Key="k", Body=b"x")
    marker = s3.delete_object(Bucket=versioned, Key="k")["VersionId"]
    with raises("404", 404) as err:
        s3.head_object(Bucket=versioned, Key="k")
    assert (err["headers"]["x-amz-delete-marker"], err["headers"]["x-amz-version-id"]) == ("true", marker)
    response = s3.delete_object(Bucket=versioned, Key="k", VersionId=marker)
    assert response["ResponseMetadata"]["HTTPHeaders"]["x-amz-delete-marker"] == "true"
    assert s3.head_object(Bucket=versioned, Key="k")["ContentLength"] == 1


def test_keys_and_markers_are_url_encoded_and_decoded(s3, versioned):
    for key in ("a b/c+d é", "a b/x", "z&y"):
        s3.put_object(Bucket=versioned, Key=key, Body=b"x")
    page = s3.list_object_versions(Bucket=versioned, MaxKeys=1, KeyMarker="a b/c+d é")
    assert [v["Key"] for v in page["Versions"]] == ["a b/x"]
    assert (page["KeyMarker"], page["NextKeyMarker"]) == ("a b/c+d é", "a b/x")
    page = s3.list_object_versions(Bucket=versioned, Prefix="a b/", Delimiter="/")
    assert [v["Key"] for v in page["Versions"]] == ["a b/c+d é", "a b/x"]
