"""SQS under authorization: queues checked on their ARN (built from the queue URL, which names the
owning account), queue policies granting and denying, across accounts, queue tags as
``aws:ResourceTag`` and request tags on CreateQueue. SQS keeps its query-era denial on the json
protocol, ``AccessDenied``, 403, and writes the action in lower case (``sqs:sendmessage``)."""
import json

import boto3
import pytest
from botocore.config import Config

from iamulator import mock_aws, set_initial_no_auth_action_count
from iamulator.accounts import root_access_key
from iamulator.testing import assert_allowed, assert_denied, make_principal

from sqs_support import ACCOUNT, REGION
from aws_errors import refusal

OTHER = "210987654321"
QUEUE = f"arn:aws:sqs:{REGION}:{ACCOUNT}:"
NO_RETRY = Config(retries={"max_attempts": 1})


def doc(*statements):
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


@pytest.fixture
def admin():
    with set_initial_no_auth_action_count(0), mock_aws():
        yield boto3.client("sqs", region_name=REGION)


def acting_as(*statements):
    """(user ARN, SQS client) of a new user of the default account whose only policy is ``statements``."""
    session = make_principal(doc(*statements))
    arn = session.client("sts", region_name=REGION).get_caller_identity()["Arn"]
    return arn, session.client("sqs", region_name=REGION, config=NO_RETRY)


def foreign_user(name, *statements):
    """(user ARN, SQS client) of a user of account OTHER, with ``statements`` as its policy if any."""
    root = root_access_key(OTHER)
    iam = boto3.client("iam", region_name=REGION, aws_access_key_id=root["AccessKeyId"],
                       aws_secret_access_key=root["SecretAccessKey"])
    arn = iam.create_user(UserName=name)["User"]["Arn"]
    if statements:
        iam.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=doc(*statements))
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return arn, boto3.client("sqs", region_name=REGION, aws_access_key_id=key["AccessKeyId"],
                             aws_secret_access_key=key["SecretAccessKey"], config=NO_RETRY)




def test_send_message_on_one_queue_arn(admin):
    jobs = admin.create_queue(QueueName="jobs")["QueueUrl"]
    audit = admin.create_queue(QueueName="audit")["QueueUrl"]
    arn, sqs = acting_as({"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": QUEUE + "jobs"})
    assert assert_allowed(lambda: sqs.send_message(QueueUrl=jobs, MessageBody="m"))["MessageId"]
    assert refusal(sqs.send_message, QueueUrl=audit, MessageBody="m") == (
        "AccessDenied", 403,
        f"User: {arn} is not authorized to perform: sqs:sendmessage on resource: {QUEUE}audit because no "
        "identity-based policy allows the sqs:sendmessage action")
    # The batch form is authorized as SendMessage on the same ARN.
    entries = [{"Id": "1", "MessageBody": "a"}]
    assert [s["Id"] for s in sqs.send_message_batch(QueueUrl=jobs, Entries=entries)["Successful"]] == ["1"]
    assert refusal(sqs.send_message_batch, QueueUrl=audit, Entries=entries)[2] == (
        f"User: {arn} is not authorized to perform: sqs:sendmessage on resource: {QUEUE}audit because no "
        "identity-based policy allows the sqs:sendmessage action")
    # Only what reached the allowed queue is there.
    assert admin.get_queue_attributes(QueueUrl=audit, AttributeNames=["ApproximateNumberOfMessages"])[
        "Attributes"]["ApproximateNumberOfMessages"] == "0"


def test_other_actions_on_the_allowed_queue_are_refused(admin):
    jobs = admin.create_queue(QueueName="jobs")["QueueUrl"]
    arn, sqs = acting_as({"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": QUEUE + "jobs"})
    assert refusal(sqs.receive_message, QueueUrl=jobs) == (
        "AccessDenied", 403,
        f"User: {arn} is not authorized to perform: sqs:receivemessage on resource: {QUEUE}jobs because no "
        "identity-based policy allows the sqs:receivemessage action")
    assert_denied(lambda: sqs.purge_queue(QueueUrl=jobs), action="sqs:PurgeQueue")


def test_explicit_identity_deny_is_worded_in_lower_case(admin):
    jobs = admin.create_queue(QueueName="jobs")["QueueUrl"]
    arn, sqs = acting_as({"Effect": "Allow", "Action": "sqs:*", "Resource": "*"},
                         {"Effect": "Deny", "Action": "sqs:DeleteQueue", "Resource": QUEUE + "jobs"})
    assert refusal(sqs.delete_queue, QueueUrl=jobs) == (
        "AccessDenied", 403,
        f"User: {arn} is not authorized to perform: sqs:deletequeue on resource: {QUEUE}jobs with an explicit "
        "deny in an identity-based policy")
    assert admin.get_queue_url(QueueName="jobs")["QueueUrl"] == jobs


def test_queue_policy_grants_another_accounts_user_when_both_sides_allow(admin):
    url = admin.create_queue(QueueName="shared")["QueueUrl"]
    allowed_arn, allowed = foreign_user("sender", {"Effect": "Allow", "Action": "sqs:SendMessage",
                                                   "Resource": QUEUE + "shared"})
    bare_arn, bare = foreign_user("bare")
    # Identity side only: the queue has no policy naming the other account.
    assert refusal(allowed.send_message, QueueUrl=url, MessageBody="m") == (
        "AccessDenied", 403,
        f"User: {allowed_arn} is not authorized to perform: sqs:sendmessage on resource: {QUEUE}shared because "
        "no resource-based policy allows the sqs:sendmessage action")
    admin.set_queue_attributes(QueueUrl=url, Attributes={"Policy": doc({
        "Sid": "FromOther", "Effect": "Allow", "Principal": {"AWS": [allowed_arn, bare_arn]},
        "Action": "sqs:SendMessage", "Resource": QUEUE + "shared"})})
    assert allowed.send_message(QueueUrl=url, MessageBody="from afar")["MessageId"]
    # Resource side only: the user's own account grants it nothing.
    assert refusal(bare.send_message, QueueUrl=url, MessageBody="m") == (
        "AccessDenied", 403,
        f"User: {bare_arn} is not authorized to perform: sqs:sendmessage on resource: {QUEUE}shared because no "
        "identity-based policy allows the sqs:sendmessage action")
    # The grant is for SendMessage only.
    assert refusal(allowed.receive_message, QueueUrl=url)[:2] == ("AccessDenied", 403)
    bodies = [m["Body"] for m in admin.receive_message(QueueUrl=url, MaxNumberOfMessages=10)["Messages"]]
    assert bodies == ["from afar"]


def test_queue_policy_grants_a_user_of_the_same_account_without_identity_permissions(admin):
    url = admin.create_queue(QueueName="inbox")["QueueUrl"]
    arn, sqs = acting_as({"Effect": "Allow", "Action": "sqs:ListQueues", "Resource": "*"})
    assert refusal(sqs.send_message, QueueUrl=url, MessageBody="m")[:2] == ("AccessDenied", 403)
    admin.set_queue_attributes(QueueUrl=url, Attributes={"Policy": doc({
        "Effect": "Allow", "Principal": {"AWS": arn}, "Action": "sqs:SendMessage", "Resource": QUEUE + "inbox"})})
    assert sqs.send_message(QueueUrl=url, MessageBody="m")["MessageId"]


def test_queue_policy_deny_beats_the_owners_user_allow(admin):
    url = admin.create_queue(QueueName="locked")["QueueUrl"]
    open_url = admin.create_queue(QueueName="open")["QueueUrl"]
    arn, sqs = acting_as({"Effect": "Allow", "Action": "sqs:*", "Resource": "*"})
    assert sqs.send_message(QueueUrl=url, MessageBody="before")["MessageId"]
    admin.set_queue_attributes(QueueUrl=url, Attributes={"Policy": doc({
        "Sid": "NoOne", "Effect": "Deny", "Principal": "*", "Action": "sqs:SendMessage",
        "Resource": QUEUE + "locked"})})
    assert refusal(sqs.send_message, QueueUrl=url, MessageBody="m") == (
        "AccessDenied", 403,
        f"User: {arn} is not authorized to perform: sqs:sendmessage on resource: {QUEUE}locked with an explicit "
        "deny in a resource-based policy")
    # Only SendMessage on that queue is denied.
    assert sqs.send_message(QueueUrl=open_url, MessageBody="m")["MessageId"]
    assert [m["Body"] for m in sqs.receive_message(QueueUrl=url)["Messages"]] == ["before"]


def test_queue_tags_as_resource_tags(admin):
    tagged = admin.create_queue(QueueName="tagged", tags={"team": "core"})["QueueUrl"]
    plain = admin.create_queue(QueueName="plain")["QueueUrl"]
    arn, sqs = acting_as({"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*",
                          "Condition": {"StringEquals": {"aws:ResourceTag/team": "core"}}})
    assert sqs.send_message(QueueUrl=tagged, MessageBody="m")["MessageId"]
    assert refusal(sqs.send_message, QueueUrl=plain, MessageBody="m") == (
        "AccessDenied", 403,
        f"User: {arn} is not authorized to perform: sqs:sendmessage on resource: {QUEUE}plain because no "
        "identity-based policy allows the sqs:sendmessage action")
    # Tags are read at each request: retagging changes the answer.
    admin.tag_queue(QueueUrl=plain, Tags={"team": "core"})
    assert sqs.send_message(QueueUrl=plain, MessageBody="m")["MessageId"]
    admin.untag_queue(QueueUrl=tagged, TagKeys=["team"])
    assert refusal(sqs.send_message, QueueUrl=tagged, MessageBody="m")[:2] == ("AccessDenied", 403)


def test_request_tags_on_create_queue(admin):
    arn, sqs = acting_as({"Effect": "Allow", "Action": ["sqs:CreateQueue", "sqs:TagQueue"], "Resource": "*",
                          "Condition": {"StringEquals": {"aws:RequestTag/team": "core"}}})
    assert sqs.create_queue(QueueName="mine", tags={"team": "core"})["QueueUrl"].endswith(f"/{ACCOUNT}/mine")
    assert refusal(sqs.create_queue, QueueName="theirs", tags={"team": "ops"}) == (
        "AccessDenied", 403,
        f"User: {arn} is not authorized to perform: sqs:createqueue on resource: {QUEUE}theirs because no "
        "identity-based policy allows the sqs:createqueue action")
    assert refusal(sqs.create_queue, QueueName="untagged")[:2] == ("AccessDenied", 403)
    assert sorted(u.rsplit("/", 1)[1] for u in admin.list_queues()["QueueUrls"]) == ["mine"]


def test_tag_keys_on_create_queue(admin):
    _, sqs = acting_as({"Effect": "Allow", "Action": ["sqs:CreateQueue", "sqs:TagQueue"], "Resource": "*",
                        "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": ["team", "env"]}}})
    sqs.create_queue(QueueName="ok", tags={"team": "a", "env": "b"})
    assert refusal(sqs.create_queue, QueueName="extra", tags={"team": "a", "cost": "c"})[:2] == ("AccessDenied", 403)


def test_tag_queue_checks_request_tags_and_tag_keys(admin):
    url = admin.create_queue(QueueName="q")["QueueUrl"]
    arn, sqs = acting_as({"Effect": "Allow", "Action": "sqs:TagQueue", "Resource": QUEUE + "q",
                          "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": ["team"]},
                                        "StringEqualsIfExists": {"aws:RequestTag/team": "core"}}})
    sqs.tag_queue(QueueUrl=url, Tags={"team": "core"})
    assert refusal(sqs.tag_queue, QueueUrl=url, Tags={"team": "ops"})[2] == (
        f"User: {arn} is not authorized to perform: sqs:tagqueue on resource: {QUEUE}q because no "
        "identity-based policy allows the sqs:tagqueue action")
    assert refusal(sqs.tag_queue, QueueUrl=url, Tags={"owner": "x"})[:2] == ("AccessDenied", 403)
    assert admin.list_queue_tags(QueueUrl=url)["Tags"] == {"team": "core"}


def test_tagging_at_creation_also_needs_tag_queue(admin):
    arn, sqs = acting_as({"Effect": "Allow", "Action": "sqs:CreateQueue", "Resource": "*"})
    sqs.create_queue(QueueName="untagged")
    code, status, message = refusal(sqs.create_queue, QueueName="tagged", tags={"team": "core"})
    assert (code, status) == ("AccessDenied", 403)
    assert f"is not authorized to perform: sqs:tagqueue on resource: {QUEUE}tagged" in message


def test_list_queues_is_checked_on_star(admin):
    admin.create_queue(QueueName="jobs")
    arn, scoped = acting_as({"Effect": "Allow", "Action": "sqs:ListQueues", "Resource": QUEUE + "*"})
    assert refusal(scoped.list_queues) == (
        "AccessDenied", 403,
        f"User: {arn} is not authorized to perform: sqs:listqueues because no identity-based policy allows the "
        "sqs:listqueues action")
    _, sqs = acting_as({"Effect": "Allow", "Action": "sqs:ListQueues", "Resource": "*"})
    assert [u.rsplit("/", 1)[1] for u in sqs.list_queues()["QueueUrls"]] == ["jobs"]
