"""Bucket configuration documents through boto3: tagging, lifecycle, CORS, default encryption,
ownership controls and website, with S3's validation errors."""
from datetime import datetime, timezone

import boto3
import pytest
from s3_authz_support import GUARDED, assert_allowed, assert_denied, checked_s3, user_s3
from s3_support import raises

MALFORMED = "The XML you provided was not well-formed or did not validate against our published schema"


# -- tagging -------------------------------------------------------------------------------------

def test_bucket_tagging_round_trip_and_delete(s3, bucket):
    with raises("NoSuchTagSet", 404, "The TagSet does not exist") as err:
        s3.get_bucket_tagging(Bucket=bucket)
    assert err["BucketName"] == bucket
    put = s3.put_bucket_tagging(Bucket=bucket, Tagging={"TagSet": [{"Key": "team", "Value": "red"},
                                                                     {"Key": "env", "Value": ""}]})
    assert put["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert s3.get_bucket_tagging(Bucket=bucket)["TagSet"] == [{"Key": "team", "Value": "red"},
                                                              {"Key": "env", "Value": ""}]
    # A put replaces the whole set.
    s3.put_bucket_tagging(Bucket=bucket, Tagging={"TagSet": [{"Key": "only", "Value": "1"}]})
    assert s3.get_bucket_tagging(Bucket=bucket)["TagSet"] == [{"Key": "only", "Value": "1"}]
    assert s3.delete_bucket_tagging(Bucket=bucket)["ResponseMetadata"]["HTTPStatusCode"] == 204
    with raises("NoSuchTagSet", 404):
        s3.get_bucket_tagging(Bucket=bucket)


def test_tag_characters_of_any_script_are_allowed(s3, bucket):
    tags = [{"Key": "Kostenstelle äöü", "Value": "東京 + α_1.2:3/4=5-6@x"}]
    s3.put_bucket_tagging(Bucket=bucket, Tagging={"TagSet": tags})
    assert s3.get_bucket_tagging(Bucket=bucket)["TagSet"] == tags


def test_tags_given_at_creation_are_the_bucket_tags(s3):
    s3.create_bucket(Bucket="tagged-at-birth", CreateBucketConfiguration={"Tags": [{"Key": "k", "Value": "v"}]})
    assert s3.get_bucket_tagging(Bucket="tagged-at-birth")["TagSet"] == [{"Key": "k", "Value": "v"}]


@pytest.mark.parametrize("tags, message", [
    ([{"Key": "a", "Value": "1"}, {"Key": "a", "Value": "2"}], "Cannot provide multiple Tags with the same key"),
    ([{"Key": "k" * 129, "Value": "1"}], "The TagKey you have provided is invalid"),
    ([{"Key": "k", "Value": "v" * 257}], "The TagValue you have provided is invalid"),
    ([{"Key": "aws:reserved", "Value": "1"}], "Your TagKey cannot be prefixed with aws:"),
    ([{"Key": "key", "Value": "inv&alid"}], "The TagValue you have provided is invalid"),
    ([{"Key": "semi;colon", "Value": "v"}], "The TagKey you have provided is invalid"),
    ([{"Key": f"k{i}", "Value": "v"} for i in range(51)], "Bucket tag count cannot be greater than 50"),
])
def test_invalid_bucket_tags(s3, bucket, tags, message):
    with raises("InvalidTag", 400, message):
        s3.put_bucket_tagging(Bucket=bucket, Tagging={"TagSet": tags})
    with raises("NoSuchTagSet", 404):        # nothing was stored
        s3.get_bucket_tagging(Bucket=bucket)


def test_configuration_operations_on_a_missing_bucket(s3):
    for call in (lambda: s3.get_bucket_tagging(Bucket="no-such-bucket"),
                 lambda: s3.get_bucket_cors(Bucket="no-such-bucket"),
                 lambda: s3.delete_bucket_lifecycle(Bucket="no-such-bucket"),
                 lambda: s3.get_bucket_encryption(Bucket="no-such-bucket"),
                 lambda: s3.get_bucket_website(Bucket="no-such-bucket")):
        with raises("NoSuchBucket", 404):
            call()


# -- lifecycle -----------------------------------------------------------------------------------

RULE = {"ID": "expire-logs", "Status": "Enabled", "Filter": {"Prefix": "logs/"}, "Expiration": {"Days": 30}}


def test_lifecycle_round_trip_and_delete(s3, bucket):
    with raises("NoSuchLifecycleConfiguration", 404, "The lifecycle configuration does not exist") as err:
        s3.get_bucket_lifecycle_configuration(Bucket=bucket)
    assert err["BucketName"] == bucket
    rules = [RULE, {"ID": "archive", "Status": "Disabled",
                    "Filter": {"And": {"Prefix": "data/", "Tags": [{"Key": "tier", "Value": "cold"}]}},
                    "Transitions": [{"Days": 30, "StorageClass": "STANDARD_IA"},
                                    {"Days": 90, "StorageClass": "GLACIER"}],
                    "NoncurrentVersionExpiration": {"NoncurrentDays": 10}},
             {"ID": "uploads", "Status": "Enabled", "Filter": {},
              "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 7}}]
    put = s3.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration={"Rules": rules})
    assert put["TransitionDefaultMinimumObjectSize"] == "all_storage_classes_128K"
    got = s3.get_bucket_lifecycle_configuration(Bucket=bucket)
    assert got["Rules"] == rules
    assert got["TransitionDefaultMinimumObjectSize"] == "all_storage_classes_128K"
    assert s3.delete_bucket_lifecycle(Bucket=bucket)["ResponseMetadata"]["HTTPStatusCode"] == 204
    with raises("NoSuchLifecycleConfiguration", 404):
        s3.get_bucket_lifecycle_configuration(Bucket=bucket)


def test_lifecycle_expiration_date_and_transition_minimum(s3, bucket):
    midnight = datetime(2031, 1, 1, tzinfo=timezone.utc)
    s3.put_bucket_lifecycle_configuration(
        Bucket=bucket, TransitionDefaultMinimumObjectSize="varies_by_storage_class",
        LifecycleConfiguration={"Rules": [{"ID": "d", "Status": "Enabled", "Filter": {"Prefix": ""},
                                           "Expiration": {"Date": midnight}}]})
    got = s3.get_bucket_lifecycle_configuration(Bucket=bucket)
    assert got["Rules"][0]["Expiration"] == {"Date": midnight}
    assert got["TransitionDefaultMinimumObjectSize"] == "varies_by_storage_class"


@pytest.mark.parametrize("rule, code, message", [
    ({**RULE, "Status": "On"}, "MalformedXML", MALFORMED),
    ({"ID": "x", "Status": "Enabled", "Expiration": {"Days": 1}}, "MalformedXML", MALFORMED),       # no filter
    ({**RULE, "Prefix": "logs/"}, "MalformedXML", MALFORMED),                                       # both
    ({**RULE, "Filter": {"Prefix": "a", "Tag": {"Key": "k", "Value": "v"}}}, "MalformedXML", MALFORMED),
    ({**RULE, "Expiration": {"Days": 1, "ExpiredObjectDeleteMarker": True}}, "MalformedXML", MALFORMED),
    ({"ID": "x", "Status": "Enabled", "Filter": {}}, "InvalidRequest",
     "At least one action needs to be specified in a rule"),
    ({**RULE, "Expiration": {"Days": 0}}, "InvalidArgument", "'Days' for Expiration action must be a positive integer"),
    ({**RULE, "Expiration": {"Date": datetime(2031, 1, 1, 12, tzinfo=timezone.utc)}}, "InvalidArgument",
     "'Date' must be at midnight GMT"),
    ({**RULE, "ID": "i" * 256}, "InvalidArgument", "ID length should not exceed allowed limit of 255"),
    ({**RULE, "Transitions": [{"Days": 10, "StorageClass": "STANDARD_IA"}]}, "InvalidArgument",
     "'Days' in Transition action must be greater than or equal to 30 for storageClass 'STANDARD_IA'"),
    ({**RULE, "Filter": {"Tag": {"Key": "k", "Value": "v"}}, "Expiration": None,
      "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 1}}, "InvalidRequest",
     "AbortIncompleteMultipartUpload cannot be specified with Tags."),
    ({**RULE, "NoncurrentVersionExpiration": {"NoncurrentDays": 0}}, "InvalidArgument",
     "'NoncurrentDays' for NoncurrentVersionExpiration action must be a positive integer"),
])
def test_invalid_lifecycle_rules(s3, bucket, rule, code, message):
    rule = {k: v for k, v in rule.items() if v is not None}
    with raises(code, 400, message):
        s3.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration={"Rules": [rule]})
    with raises("NoSuchLifecycleConfiguration", 404):
        s3.get_bucket_lifecycle_configuration(Bucket=bucket)


def test_duplicate_lifecycle_rule_ids(s3, bucket):
    with raises("InvalidArgument", 400, "Rule ID must be unique. Found same ID for more than one rule"):
        s3.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration={"Rules": [RULE, RULE]})


def test_deprecated_lifecycle_operations_share_the_document(s3, bucket):
    s3.put_bucket_lifecycle(Bucket=bucket, LifecycleConfiguration={"Rules": [
        {"ID": "old", "Prefix": "tmp/", "Status": "Enabled", "Expiration": {"Days": 1}}]})
    assert s3.get_bucket_lifecycle(Bucket=bucket)["Rules"] == [
        {"ID": "old", "Prefix": "tmp/", "Status": "Enabled", "Expiration": {"Days": 1}}]
    assert s3.get_bucket_lifecycle_configuration(Bucket=bucket)["Rules"][0]["Prefix"] == "tmp/"


# -- CORS ----------------------------------------------------------------------------------------

def test_cors_round_trip_and_delete(s3, bucket):
    with raises("NoSuchCORSConfiguration", 404, "The CORS configuration does not exist"):
        s3.get_bucket_cors(Bucket=bucket)
    rules = [{"ID": "web", "AllowedHeaders": ["*"], "AllowedMethods": ["GET", "PUT"],
              "AllowedOrigins": ["https://*.example.com"], "ExposeHeaders": ["ETag"], "MaxAgeSeconds": 3000},
             {"AllowedMethods": ["HEAD"], "AllowedOrigins": ["*"]}]
    s3.put_bucket_cors(Bucket=bucket, CORSConfiguration={"CORSRules": rules})
    assert s3.get_bucket_cors(Bucket=bucket)["CORSRules"] == rules
    assert s3.delete_bucket_cors(Bucket=bucket)["ResponseMetadata"]["HTTPStatusCode"] == 204
    with raises("NoSuchCORSConfiguration", 404):
        s3.get_bucket_cors(Bucket=bucket)


@pytest.mark.parametrize("rules, code, message", [
    ([{"AllowedMethods": ["PATCH"], "AllowedOrigins": ["*"]}], "InvalidRequest",
     "Found unsupported HTTP method in CORS config. Unsupported method is PATCH"),
    ([{"AllowedMethods": ["GET"], "AllowedOrigins": ["https://*.*.com"]}], "InvalidRequest",
     'AllowedOrigin "https://*.*.com" can not have more than one wildcard.'),
    ([{"AllowedMethods": ["GET"], "AllowedOrigins": ["*"]}] * 101, "InvalidRequest",
     "The number of CORS rules should not exceed allowed limit of 100 rules."),
    ([], "MalformedXML", MALFORMED),
])
def test_invalid_cors(s3, bucket, rules, code, message):
    with raises(code, 400, message):
        s3.put_bucket_cors(Bucket=bucket, CORSConfiguration={"CORSRules": rules})


# -- default encryption --------------------------------------------------------------------------

SSE_S3 = {"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}, "BucketKeyEnabled": False}]}


def test_new_bucket_reports_sse_s3(s3, bucket):
    assert s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"] == SSE_S3


def test_kms_default_encryption_applies_to_writes(s3, bucket):
    kms = boto3.client("kms", region_name="us-east-1")
    key = kms.create_key()["KeyMetadata"]
    config = {"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms",
                                                                "KMSMasterKeyID": key["KeyId"]},
                         "BucketKeyEnabled": True}]}
    s3.put_bucket_encryption(Bucket=bucket, ServerSideEncryptionConfiguration=config)
    assert s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"] == config
    put = s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    assert (put["ServerSideEncryption"], put["SSEKMSKeyId"], put["BucketKeyEnabled"]) == \
        ("aws:kms", key["Arn"], True)
    # The request's own method wins over the default.
    assert s3.put_object(Bucket=bucket, Key="k2", Body=b"x", ServerSideEncryption="AES256")[
        "ServerSideEncryption"] == "AES256"
    assert s3.delete_bucket_encryption(Bucket=bucket)["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"] == SSE_S3
    assert s3.put_object(Bucket=bucket, Key="k3", Body=b"x")["ServerSideEncryption"] == "AES256"


def test_invalid_default_encryption(s3, bucket):
    with raises("InvalidArgument", 400, "a KMSMasterKeyID is not applicable if the default sse algorithm is not "
                                        "aws:kms or aws:kms:dsse"):
        s3.put_bucket_encryption(Bucket=bucket, ServerSideEncryptionConfiguration={"Rules": [
            {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256", "KMSMasterKeyID": "k"}}]})
    with raises("MalformedXML", 400, MALFORMED):
        s3.put_bucket_encryption(Bucket=bucket, ServerSideEncryptionConfiguration={"Rules": [
            {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "rot13"}}]})
    with raises("MalformedXML", 400, MALFORMED):
        s3.put_bucket_encryption(Bucket=bucket, ServerSideEncryptionConfiguration={"Rules": []})
    assert s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"] == SSE_S3


# -- ownership controls --------------------------------------------------------------------------

def test_ownership_controls_default_put_and_delete(s3, bucket):
    assert s3.get_bucket_ownership_controls(Bucket=bucket)["OwnershipControls"] == \
        {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]}
    s3.put_bucket_ownership_controls(Bucket=bucket, OwnershipControls={"Rules": [{"ObjectOwnership": "ObjectWriter"}]})
    assert s3.get_bucket_ownership_controls(Bucket=bucket)["OwnershipControls"]["Rules"] == \
        [{"ObjectOwnership": "ObjectWriter"}]
    # ACLs are now allowed.
    s3.put_object(Bucket=bucket, Key="k", Body=b"x", ACL="public-read")
    assert s3.delete_bucket_ownership_controls(Bucket=bucket)["ResponseMetadata"]["HTTPStatusCode"] == 204
    with raises("OwnershipControlsNotFoundError", 404, "The bucket ownership controls were not found"):
        s3.get_bucket_ownership_controls(Bucket=bucket)


def test_created_with_object_ownership(s3):
    s3.create_bucket(Bucket="preferred-bucket", ObjectOwnership="BucketOwnerPreferred")
    assert s3.get_bucket_ownership_controls(Bucket="preferred-bucket")["OwnershipControls"]["Rules"] == \
        [{"ObjectOwnership": "BucketOwnerPreferred"}]


def test_enforcing_ownership_needs_an_owner_only_acl(s3):
    s3.create_bucket(Bucket="public-acl-bucket", ObjectOwnership="ObjectWriter", ACL="public-read")
    with raises("InvalidBucketAclWithObjectOwnership", 400,
                "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting"):
        s3.put_bucket_ownership_controls(Bucket="public-acl-bucket",
                                         OwnershipControls={"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]})
    s3.put_bucket_acl(Bucket="public-acl-bucket", ACL="private")
    s3.put_bucket_ownership_controls(Bucket="public-acl-bucket",
                                     OwnershipControls={"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]})


def test_invalid_ownership_controls(s3, bucket):
    with raises("MalformedXML", 400, MALFORMED):
        s3.put_bucket_ownership_controls(Bucket=bucket, OwnershipControls={"Rules": [{"ObjectOwnership": "Mine"}]})
    with raises("MalformedXML", 400, MALFORMED):
        s3.put_bucket_ownership_controls(Bucket=bucket, OwnershipControls={"Rules": []})


# -- website -------------------------------------------------------------------------------------

def test_website_round_trip_and_delete(s3, bucket):
    with raises("NoSuchWebsiteConfiguration", 404, "The specified bucket does not have a website configuration"):
        s3.get_bucket_website(Bucket=bucket)
    config = {"IndexDocument": {"Suffix": "index.html"}, "ErrorDocument": {"Key": "error.html"},
              "RoutingRules": [{"Condition": {"KeyPrefixEquals": "docs/"},
                                "Redirect": {"ReplaceKeyPrefixWith": "documents/", "HttpRedirectCode": "301"}}]}
    s3.put_bucket_website(Bucket=bucket, WebsiteConfiguration=config)
    got = s3.get_bucket_website(Bucket=bucket)
    assert {k: got[k] for k in config} == config
    assert s3.delete_bucket_website(Bucket=bucket)["ResponseMetadata"]["HTTPStatusCode"] == 204
    with raises("NoSuchWebsiteConfiguration", 404):
        s3.get_bucket_website(Bucket=bucket)


def test_website_redirecting_every_request(s3, bucket):
    s3.put_bucket_website(Bucket=bucket, WebsiteConfiguration={
        "RedirectAllRequestsTo": {"HostName": "example.com", "Protocol": "https"}})
    assert s3.get_bucket_website(Bucket=bucket)["RedirectAllRequestsTo"] == {"HostName": "example.com",
                                                                             "Protocol": "https"}


@pytest.mark.parametrize("config, code, message", [
    ({"ErrorDocument": {"Key": "e.html"}}, "InvalidArgument",
     "A value for IndexDocument Suffix must be provided if RedirectAllRequestsTo is empty"),
    ({"IndexDocument": {"Suffix": "a/index.html"}}, "InvalidArgument", "The IndexDocument Suffix is not well formed"),
    ({"IndexDocument": {"Suffix": ""}}, "InvalidArgument", "The IndexDocument Suffix is not well formed"),
    ({"RedirectAllRequestsTo": {"HostName": "example.com"}, "IndexDocument": {"Suffix": "i.html"}},
     "InvalidRequest", "RedirectAllRequestsTo cannot be provided in conjunction with other Routing/Redirect "
                       "configurations."),
    ({"IndexDocument": {"Suffix": "i.html"}, "RoutingRules": [
        {"Redirect": {"ReplaceKeyWith": "a", "ReplaceKeyPrefixWith": "b"}}]},
     "InvalidRequest", "You can only define ReplaceKeyPrefix or ReplaceKey but not both."),
])
def test_invalid_website(s3, bucket, config, code, message):
    with raises(code, 400, message):
        s3.put_bucket_website(Bucket=bucket, WebsiteConfiguration=config)


# -- authorization -------------------------------------------------------------------------------

BUCKET_ARN = f"arn:aws:s3:::{GUARDED}"


def _user(*actions):
    return user_s3({"Action": list(actions), "Resource": BUCKET_ARN})


@pytest.fixture
def checked():
    with checked_s3() as admin:
        yield admin


@pytest.mark.parametrize("action, call", [
    ("s3:PutBucketTagging", lambda c: c.put_bucket_tagging(Bucket=GUARDED, Tagging={"TagSet": [
        {"Key": "k", "Value": "v"}]})),
    ("s3:PutBucketTagging", lambda c: c.delete_bucket_tagging(Bucket=GUARDED)),
    ("s3:PutLifecycleConfiguration", lambda c: c.put_bucket_lifecycle_configuration(
        Bucket=GUARDED, LifecycleConfiguration={"Rules": [RULE]})),
    ("s3:PutLifecycleConfiguration", lambda c: c.delete_bucket_lifecycle(Bucket=GUARDED)),
    ("s3:PutBucketCORS", lambda c: c.put_bucket_cors(Bucket=GUARDED, CORSConfiguration={"CORSRules": [
        {"AllowedMethods": ["GET"], "AllowedOrigins": ["*"]}]})),
    ("s3:PutBucketCORS", lambda c: c.delete_bucket_cors(Bucket=GUARDED)),
    ("s3:GetEncryptionConfiguration", lambda c: c.get_bucket_encryption(Bucket=GUARDED)),
    ("s3:PutEncryptionConfiguration", lambda c: c.delete_bucket_encryption(Bucket=GUARDED)),
    ("s3:GetBucketOwnershipControls", lambda c: c.get_bucket_ownership_controls(Bucket=GUARDED)),
    ("s3:PutBucketOwnershipControls", lambda c: c.put_bucket_ownership_controls(
        Bucket=GUARDED, OwnershipControls={"Rules": [{"ObjectOwnership": "ObjectWriter"}]})),
    ("s3:PutBucketWebsite", lambda c: c.put_bucket_website(Bucket=GUARDED, WebsiteConfiguration={
        "IndexDocument": {"Suffix": "index.html"}})),
    ("s3:DeleteBucketWebsite", lambda c: c.delete_bucket_website(Bucket=GUARDED)),
])
def test_configuration_actions_are_checked(checked, action, call):
    assert_denied(lambda: call(_user("s3:ListBucket")), action)
    assert_allowed(lambda: call(_user(action)))


def test_getters_of_missing_documents_still_need_their_action(checked):
    with raises("AccessDenied", 403):
        _user("s3:GetBucketTagging").get_bucket_cors(Bucket=GUARDED)
    with raises("NoSuchCORSConfiguration", 404):
        _user("s3:GetBucketCORS").get_bucket_cors(Bucket=GUARDED)
    with raises("NoSuchLifecycleConfiguration", 404):
        _user("s3:GetLifecycleConfiguration").get_bucket_lifecycle_configuration(Bucket=GUARDED)
    with raises("NoSuchWebsiteConfiguration", 404):
        _user("s3:GetBucketWebsite").get_bucket_website(Bucket=GUARDED)
    with raises("AccessDenied", 403) as err:
        _user("s3:GetBucketWebsite").get_bucket_tagging(Bucket=GUARDED)
    assert "s3:GetBucketTagging" in err["Message"]
