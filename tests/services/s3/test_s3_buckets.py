"""CreateBucket, ListBuckets, HeadBucket, GetBucketLocation, DeleteBucket through boto3."""
import re
from datetime import datetime, timezone

import boto3
import pytest
from s3_support import call_backend, raises

from iamulator import mock_aws
from iamulator.services.errors import AWSError

ILLEGAL = "IllegalLocationConstraintException"


def client(region):
    return boto3.client("s3", region_name=region)


# -- CreateBucket -----------------------------------------------------------------------------

def test_create_in_us_east_1_without_configuration(s3):
    response = s3.create_bucket(Bucket="plain-bucket")
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert response["Location"] == "/plain-bucket"
    assert response["ResponseMetadata"]["HTTPHeaders"]["location"] == "/plain-bucket"
    assert s3.get_bucket_location(Bucket="plain-bucket")["LocationConstraint"] is None


def test_recreating_your_own_bucket_in_us_east_1_is_the_legacy_200(s3):
    s3.create_bucket(Bucket="twice")
    response = s3.create_bucket(Bucket="twice")
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert [b["Name"] for b in s3.list_buckets()["Buckets"]] == ["twice"]


def test_create_in_another_region_with_its_constraint(aws):
    eu = client("eu-west-1")
    response = eu.create_bucket(Bucket="eu-bucket", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    assert response["Location"] == "http://eu-bucket.s3.amazonaws.com/"
    assert eu.get_bucket_location(Bucket="eu-bucket")["LocationConstraint"] == "eu-west-1"


def test_regional_endpoint_needs_a_constraint(aws):
    with raises(ILLEGAL, 400, "The unspecified location constraint is incompatible for the region "
                "specific endpoint this request was sent to."):
        client("eu-west-1").create_bucket(Bucket="no-constraint")


def test_regional_endpoint_refuses_another_regions_constraint(aws):
    with raises(ILLEGAL, 400, "The us-west-2 location constraint is incompatible for the region "
                "specific endpoint this request was sent to."):
        client("eu-west-1").create_bucket(Bucket="wrong-region",
                                          CreateBucketConfiguration={"LocationConstraint": "us-west-2"})


def test_us_east_1_is_not_a_valid_constraint(s3):
    with raises("InvalidLocationConstraint", 400, "The specified location-constraint is not valid") as err:
        s3.create_bucket(Bucket="explicit-east", CreateBucketConfiguration={"LocationConstraint": "us-east-1"})
    assert err["LocationConstraint"] == "us-east-1"


def test_unknown_constraint_is_invalid(s3):
    with raises("InvalidLocationConstraint", 400):
        s3.create_bucket(Bucket="nowhere", CreateBucketConfiguration={"LocationConstraint": "moon-base"})


def test_us_east_1_endpoint_creates_in_any_region(s3):
    s3.create_bucket(Bucket="far-away", CreateBucketConfiguration={"LocationConstraint": "af-south-1"})
    assert s3.get_bucket_location(Bucket="far-away")["LocationConstraint"] == "af-south-1"
    assert s3.head_bucket(Bucket="far-away")["BucketRegion"] == "af-south-1"


def test_eu_alias_creates_in_eu_west_1_and_reports_eu(s3):
    s3.create_bucket(Bucket="legacy-eu", CreateBucketConfiguration={"LocationConstraint": "EU"})
    assert s3.get_bucket_location(Bucket="legacy-eu")["LocationConstraint"] == "EU"
    assert s3.head_bucket(Bucket="legacy-eu")["BucketRegion"] == "eu-west-1"


def test_recreating_your_own_bucket_elsewhere_is_already_owned(aws):
    eu = client("eu-west-1")
    eu.create_bucket(Bucket="mine", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    message = "Your previous request to create the named bucket succeeded and you already own it."
    with raises("BucketAlreadyOwnedByYou", 409, message) as err:
        eu.create_bucket(Bucket="mine", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    assert err["BucketName"] == "mine"
    # From us-east-1 too: the legacy 200 is for buckets that live in us-east-1.
    with raises("BucketAlreadyOwnedByYou", 409):
        client("us-east-1").create_bucket(Bucket="mine")


def test_modeled_exception_classes_match(aws):
    eu = client("eu-west-1")
    eu.create_bucket(Bucket="mine", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    with pytest.raises(eu.exceptions.BucketAlreadyOwnedByYou):
        eu.create_bucket(Bucket="mine", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})


def test_name_owned_by_another_account_is_taken(s3):
    call_backend("CreateBucket", {"Bucket": "someone-elses"}, account="210987654321")
    message = ("The requested bucket name is not available. The bucket namespace is shared by all users "
               "of the system. Please select a different name and try again.")
    with raises("BucketAlreadyExists", 409, message) as err:
        s3.create_bucket(Bucket="someone-elses")
    assert err["BucketName"] == "someone-elses"
    # The other account's bucket is not ours to list.
    assert s3.list_buckets()["Buckets"] == []


def test_names_are_global_across_regions(aws):
    client("us-west-2").create_bucket(Bucket="global-name",
                                      CreateBucketConfiguration={"LocationConstraint": "us-west-2"})
    with pytest.raises(AWSError) as info:
        call_backend("CreateBucket", {"Bucket": "global-name",
                                      "CreateBucketConfiguration": {"LocationConstraint": "eu-west-1"}},
                     account="210987654321", region="eu-west-1")
    assert (info.value.code, info.value.status) == ("BucketAlreadyExists", 409)


@pytest.mark.parametrize("name", [
    "ab", "a" * 64, "UpperCase", "-leading-dash", "trailing-dash-", ".leading-dot", "double..dot",
    "192.168.5.4", "xn--punycode", "sthree-reserved", "amzn-s3-demo-bucket", "alias-s3alias",
    "lambda--ol-s3", "region.mrap", "express--x-s3", "under_score",
])
def test_invalid_bucket_names(s3, name):
    with raises("InvalidBucketName", 400, "The specified bucket is not valid.") as err:
        s3.create_bucket(Bucket=name)
    assert err["BucketName"] == name


@pytest.mark.parametrize("name", ["abc", "a" * 63, "my.dotted.bucket", "0-starts-with-digit", "1.2.3"])
def test_valid_bucket_names(s3, name):
    s3.create_bucket(Bucket=name)
    s3.head_bucket(Bucket=name)


def test_canned_acl_needs_an_ownership_that_allows_acls(s3):
    with raises("InvalidBucketAclWithObjectOwnership", 400,
                "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting"):
        s3.create_bucket(Bucket="public", ACL="public-read")
    s3.create_bucket(Bucket="private-acl", ACL="private")
    s3.create_bucket(Bucket="writer-owned", ACL="public-read", ObjectOwnership="ObjectWriter")


def test_unknown_object_ownership_is_invalid(s3):
    with raises("InvalidArgument", 400) as err:
        s3.create_bucket(Bucket="odd-ownership", ObjectOwnership="Nobody")
    assert err["ArgumentName"] == "x-amz-object-ownership"


def test_state_does_not_survive_the_mock(s3):
    s3.create_bucket(Bucket="ephemeral")
    with mock_aws():       # nested: shares state
        assert [b["Name"] for b in s3.list_buckets()["Buckets"]] == ["ephemeral"]


def test_a_new_mock_starts_empty():
    with mock_aws():
        client("us-east-1").create_bucket(Bucket="first-life")
    with mock_aws():
        s3 = client("us-east-1")
        assert s3.list_buckets()["Buckets"] == []
        s3.create_bucket(Bucket="first-life")      # the name is free again after a reset


# -- ListBuckets ------------------------------------------------------------------------------

def test_list_buckets_sorted_with_owner_dates_and_regions(s3):
    before = datetime.now(timezone.utc).replace(microsecond=0)
    for name in ("charlie", "alpha", "bravo"):
        s3.create_bucket(Bucket=name)
    s3.create_bucket(Bucket="delta", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    response = s3.list_buckets()
    assert [b["Name"] for b in response["Buckets"]] == ["alpha", "bravo", "charlie", "delta"]
    assert [b["BucketRegion"] for b in response["Buckets"]] == ["us-east-1"] * 3 + ["eu-west-1"]
    for b in response["Buckets"]:
        assert before <= b["CreationDate"] <= datetime.now(timezone.utc)
        assert b["CreationDate"].microsecond == 0
    assert re.fullmatch(r"[0-9a-f]{64}", response["Owner"]["ID"])
    assert "ContinuationToken" not in response


def test_list_buckets_from_any_region_lists_all_of_them(s3):
    s3.create_bucket(Bucket="east")
    s3.create_bucket(Bucket="west", CreateBucketConfiguration={"LocationConstraint": "us-west-2"})
    names = [b["Name"] for b in client("ap-southeast-2").list_buckets()["Buckets"]]
    assert names == ["east", "west"]


def test_list_buckets_pages(s3):
    names = [f"bucket-{i:02d}" for i in range(5)]
    for name in names:
        s3.create_bucket(Bucket=name)
    seen, token = [], None
    while True:
        kwargs = {"MaxBuckets": 2, **({"ContinuationToken": token} if token else {})}
        page = s3.list_buckets(**kwargs)
        seen += [b["Name"] for b in page["Buckets"]]
        assert len(page["Buckets"]) <= 2
        token = page.get("ContinuationToken")
        if not token:
            break
    assert seen == names
    paginated = [b["Name"] for p in s3.get_paginator("list_buckets").paginate(PaginationConfig={"PageSize": 3})
                 for b in p["Buckets"]]
    assert paginated == names


def test_list_buckets_prefix_and_region_filters(s3):
    s3.create_bucket(Bucket="logs-east")
    s3.create_bucket(Bucket="logs-west", CreateBucketConfiguration={"LocationConstraint": "us-west-2"})
    s3.create_bucket(Bucket="data-west", CreateBucketConfiguration={"LocationConstraint": "us-west-2"})
    by_prefix = s3.list_buckets(Prefix="logs-")
    assert [b["Name"] for b in by_prefix["Buckets"]] == ["logs-east", "logs-west"]
    assert by_prefix["Prefix"] == "logs-"
    by_region = s3.list_buckets(BucketRegion="us-west-2")
    assert [b["Name"] for b in by_region["Buckets"]] == ["data-west", "logs-west"]


def test_list_buckets_max_out_of_range(s3):
    with raises("InvalidArgument", 400) as err:
        s3.list_buckets(MaxBuckets=10001)
    assert err["ArgumentName"] == "max-buckets"


def test_list_buckets_bad_token(s3):
    with raises("InvalidArgument", 400, "The continuation token provided is incorrect"):
        s3.list_buckets(ContinuationToken="not-a-token")


# -- HeadBucket / GetBucketLocation -----------------------------------------------------------

def test_head_bucket_reports_region(s3):
    s3.create_bucket(Bucket="headed", CreateBucketConfiguration={"LocationConstraint": "ca-central-1"})
    response = s3.head_bucket(Bucket="headed")
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert response["ResponseMetadata"]["HTTPHeaders"]["x-amz-bucket-region"] == "ca-central-1"
    assert response["BucketRegion"] == "ca-central-1"


def test_head_missing_bucket_is_a_bodyless_404(s3):
    with raises("404", 404, "Not Found"):
        s3.head_bucket(Bucket="no-such-bucket")


def test_expected_bucket_owner_mismatch_is_denied(s3):
    s3.create_bucket(Bucket="owned")
    s3.head_bucket(Bucket="owned", ExpectedBucketOwner="123456789012")
    with raises("403", 403):
        s3.head_bucket(Bucket="owned", ExpectedBucketOwner="999999999999")
    with raises("AccessDenied", 403, "Access Denied"):
        s3.list_objects_v2(Bucket="owned", ExpectedBucketOwner="999999999999")


def test_get_location_of_missing_bucket(s3):
    with raises("NoSuchBucket", 404, "The specified bucket does not exist") as err:
        s3.get_bucket_location(Bucket="no-such-bucket")
    assert err["BucketName"] == "no-such-bucket"


# -- DeleteBucket -----------------------------------------------------------------------------

def test_delete_bucket(s3):
    s3.create_bucket(Bucket="doomed")
    response = s3.delete_bucket(Bucket="doomed")
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert s3.list_buckets()["Buckets"] == []
    with raises("NoSuchBucket", 404):
        s3.delete_bucket(Bucket="doomed")
    s3.create_bucket(Bucket="doomed")       # the name can be reused


def test_delete_non_empty_bucket(s3):
    s3.create_bucket(Bucket="full")
    s3.put_object(Bucket="full", Key="k", Body=b"x")
    with raises("BucketNotEmpty", 409, "The bucket you tried to delete is not empty") as err:
        s3.delete_bucket(Bucket="full")
    assert err["BucketName"] == "full"
    s3.delete_object(Bucket="full", Key="k")
    s3.delete_bucket(Bucket="full")


def test_delete_bucket_in_another_region_through_any_endpoint(s3):
    s3.create_bucket(Bucket="far", CreateBucketConfiguration={"LocationConstraint": "sa-east-1"})
    client("eu-central-1").delete_bucket(Bucket="far")
    assert s3.list_buckets()["Buckets"] == []


def test_resource_api_buckets(aws):
    resource = boto3.resource("s3", region_name="us-east-1")
    bucket = resource.create_bucket(Bucket="resourceful")
    assert bucket.name == "resourceful"
    assert [b.name for b in resource.buckets.all()] == ["resourceful"]
    assert isinstance(bucket.creation_date, datetime)
    bucket.delete()
    assert list(resource.buckets.all()) == []
