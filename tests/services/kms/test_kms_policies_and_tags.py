"""Key policies (the default document, validation, names) and tags."""
import json

import pytest
from botocore.exceptions import ClientError

from kms_support import ACCOUNT, error_of

DEFAULT_POLICY = """{
  "Version" : "2012-10-17",
  "Id" : "key-default-1",
  "Statement" : [ {
    "Sid" : "Enable IAM User Permissions",
    "Effect" : "Allow",
    "Principal" : {
      "AWS" : "arn:aws:iam::%s:root"
    },
    "Action" : "kms:*",
    "Resource" : "*"
  } ]
}""" % ACCOUNT

POLICY = json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Sid": "Admins", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:role/Admin"},
                   "Action": "kms:*", "Resource": "*"}],
})


def test_default_key_policy_is_kms_own_document(kms, key_id):
    out = kms.get_key_policy(KeyId=key_id, PolicyName="default")
    assert out == {"Policy": DEFAULT_POLICY, "PolicyName": "default", "ResponseMetadata": out["ResponseMetadata"]}
    # The policy name may be left out.
    assert kms.get_key_policy(KeyId=key_id)["Policy"] == DEFAULT_POLICY


def test_policy_given_at_creation_is_stored_as_sent(kms):
    spaced = json.dumps(json.loads(POLICY), indent=4)
    key = kms.create_key(Policy=spaced)["KeyMetadata"]["KeyId"]
    assert kms.get_key_policy(KeyId=key)["Policy"] == spaced


def test_put_key_policy_replaces_it(kms, key_id):
    kms.put_key_policy(KeyId=key_id, PolicyName="default", Policy=POLICY)
    assert kms.get_key_policy(KeyId=key_id)["Policy"] == POLICY
    kms.put_key_policy(KeyId=key_id, Policy=DEFAULT_POLICY)
    assert kms.get_key_policy(KeyId=key_id)["Policy"] == DEFAULT_POLICY


@pytest.mark.parametrize("document,message", [
    ("not json", "Syntax errors in policy."),
    (json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:*", "Resource": "*"}]}),
     "Missing required field Principal"),
    (json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Resource": "*"}]}),
     "Policy statement must contain actions."),
])
def test_malformed_policies_are_refused(kms, key_id, document, message):
    with pytest.raises(kms.exceptions.MalformedPolicyDocumentException) as exc:
        kms.put_key_policy(KeyId=key_id, Policy=document)
    assert error_of(exc) == ("MalformedPolicyDocumentException", 400, message)
    with pytest.raises(kms.exceptions.MalformedPolicyDocumentException):
        kms.create_key(Policy=document)
    assert kms.get_key_policy(KeyId=key_id)["Policy"] == DEFAULT_POLICY
    assert len(kms.list_keys()["Keys"]) == 1


def test_policy_size_quota(kms, key_id):
    statement = {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, "Action": "kms:*",
                 "Resource": "*"}
    big = json.dumps({"Version": "2012-10-17", "Statement": [dict(statement, Sid=f"S{i}") for i in range(400)]})
    assert len(big) > 32768
    with pytest.raises(ClientError) as exc:
        kms.put_key_policy(KeyId=key_id, Policy=big)
    assert error_of(exc) == ("ValidationException", 400, "1 validation error detected: Value at 'policy' failed to "
                             "satisfy constraint: Member must have length less than or equal to 32768")


def test_policy_characters_follow_the_model_pattern(kms, key_id):
    with pytest.raises(ClientError) as exc:
        kms.put_key_policy(KeyId=key_id, Policy='{"Version": "2012-10-17 \u2603"}')
    assert "at 'policy' failed to satisfy constraint: Member must satisfy regular expression pattern" in \
        error_of(exc)[2]


def test_only_the_default_policy_name_exists(kms, key_id):
    assert kms.list_key_policies(KeyId=key_id)["PolicyNames"] == ["default"]
    assert kms.list_key_policies(KeyId=key_id)["Truncated"] is False
    with pytest.raises(kms.exceptions.NotFoundException):
        kms.get_key_policy(KeyId=key_id, PolicyName="other")
    with pytest.raises(kms.exceptions.NotFoundException):
        kms.put_key_policy(KeyId=key_id, PolicyName="other", Policy=POLICY)


def test_policy_of_a_key_pending_deletion(kms, key_id):
    kms.schedule_key_deletion(KeyId=key_id, PendingWindowInDays=7)
    assert kms.get_key_policy(KeyId=key_id)["Policy"] == DEFAULT_POLICY
    with pytest.raises(kms.exceptions.KMSInvalidStateException):
        kms.put_key_policy(KeyId=key_id, Policy=POLICY)


def test_key_policy_operations_do_not_take_aliases_of_other_accounts(kms, key_id):
    other_account_key = f"arn:aws:kms:us-east-1:210987654321:key/{key_id}"
    with pytest.raises(kms.exceptions.NotFoundException):
        kms.get_key_policy(KeyId=other_account_key)


# -- tags ------------------------------------------------------------------------------------

def test_tags_at_creation_and_after(kms):
    key = kms.create_key(Tags=[{"TagKey": "team", "TagValue": "payments"}, {"TagKey": "env", "TagValue": "dev"}])[
        "KeyMetadata"]["KeyId"]
    kms.tag_resource(KeyId=key, Tags=[{"TagKey": "env", "TagValue": "prod"}, {"TagKey": "cost", "TagValue": ""}])
    out = kms.list_resource_tags(KeyId=key)
    assert out["Tags"] == [{"TagKey": "cost", "TagValue": ""}, {"TagKey": "env", "TagValue": "prod"},
                           {"TagKey": "team", "TagValue": "payments"}]
    assert out["Truncated"] is False
    kms.untag_resource(KeyId=key, TagKeys=["team", "never-there"])
    assert [t["TagKey"] for t in kms.list_resource_tags(KeyId=key)["Tags"]] == ["cost", "env"]


def test_reserved_tag_prefix(kms, key_id):
    with pytest.raises(kms.exceptions.TagException) as exc:
        kms.tag_resource(KeyId=key_id, Tags=[{"TagKey": "aws:owner", "TagValue": "x"}])
    assert error_of(exc)[:2] == ("TagException", 400)
    with pytest.raises(kms.exceptions.TagException):
        kms.create_key(Tags=[{"TagKey": "AWS:x", "TagValue": "y"}])


def test_at_most_fifty_tags(kms, key_id):
    kms.tag_resource(KeyId=key_id, Tags=[{"TagKey": f"k{i}", "TagValue": "v"} for i in range(50)])
    with pytest.raises(kms.exceptions.LimitExceededException):
        kms.tag_resource(KeyId=key_id, Tags=[{"TagKey": "one-more", "TagValue": "v"}])
    assert len(kms.list_resource_tags(KeyId=key_id)["Tags"]) == 50


def test_list_resource_tags_pagination(kms, key_id):
    kms.tag_resource(KeyId=key_id, Tags=[{"TagKey": f"k{i:02d}", "TagValue": "v"} for i in range(5)])
    pages = list(kms.get_paginator("list_resource_tags").paginate(KeyId=key_id, PaginationConfig={"PageSize": 2}))
    assert [t["TagKey"] for p in pages for t in p["Tags"]] == ["k00", "k01", "k02", "k03", "k04"]


def test_tag_value_too_long(raw_kms, key_id):
    with pytest.raises(ClientError) as exc:
        raw_kms.tag_resource(KeyId=key_id, Tags=[{"TagKey": "k", "TagValue": "v" * 257}])
    assert error_of(exc)[2].endswith("at 'tags.1.member.tagValue' failed to satisfy constraint: Member must have "
                                     "length less than or equal to 256")


def test_tags_of_a_key_pending_deletion(kms, key_id):
    kms.schedule_key_deletion(KeyId=key_id, PendingWindowInDays=7)
    with pytest.raises(kms.exceptions.KMSInvalidStateException):
        kms.tag_resource(KeyId=key_id, Tags=[{"TagKey": "k", "TagValue": "v"}])
    assert kms.list_resource_tags(KeyId=key_id)["Tags"] == []
