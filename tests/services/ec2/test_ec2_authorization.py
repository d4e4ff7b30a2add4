"""EC2 under authorization: RunInstances checked per resource with ``ec2:InstanceType``, request
tags at launch, instance ARNs and tags on Stop/TerminateInstances, DescribeInstances on ``*``.
EC2 words a denial its own way: ``UnauthorizedOperation``, 403, "You are not authorized to perform
this operation. User: ... Encoded authorization failure message: ...", the message STS decodes."""
import json

import boto3
import pytest
from botocore.config import Config

from iamulator import mock_aws, set_initial_no_auth_action_count
from iamulator.testing import assert_allowed, assert_denied, make_principal

from ec2_support import ACCOUNT, AMI, REGION
from aws_errors import refusal

INSTANCE = f"arn:aws:ec2:{REGION}:{ACCOUNT}:instance/"
PREAMBLE = "You are not authorized to perform this operation. "
ENCODED = ". Encoded authorization failure message: "
NO_RETRY = Config(retries={"max_attempts": 1})
# What RunInstances uses besides the instance itself: image, subnet, groups, interface, volume.
LAUNCH_SUPPORT = {"Effect": "Allow", "Action": "ec2:RunInstances", "Resource": [
    f"arn:aws:ec2:{REGION}::image/*", f"arn:aws:ec2:{REGION}:{ACCOUNT}:subnet/*",
    f"arn:aws:ec2:{REGION}:{ACCOUNT}:security-group/*", f"arn:aws:ec2:{REGION}:{ACCOUNT}:network-interface/*",
    f"arn:aws:ec2:{REGION}:{ACCOUNT}:volume/*"]}


@pytest.fixture
def admin():
    with set_initial_no_auth_action_count(0), mock_aws():
        yield boto3.client("ec2", region_name=REGION)


def acting_as(*statements):
    """(user ARN, EC2 client, session) of a new user whose only policy is ``statements``."""
    session = make_principal({"Version": "2012-10-17", "Statement": list(statements)})
    arn = session.client("sts", region_name=REGION).get_caller_identity()["Arn"]
    return arn, session.client("ec2", region_name=REGION, config=NO_RETRY), session




def split(message):
    """(the readable part, the encoded part) of an EC2 denial message."""
    assert message.startswith(PREAMBLE) and ENCODED in message, message
    readable, encoded = message[len(PREAMBLE):].split(ENCODED, 1)
    return readable, encoded


def launch(ec2, instance_type="t3.micro", **extra):
    return ec2.run_instances(ImageId=AMI, MinCount=1, MaxCount=1, InstanceType=instance_type,
                             **extra)["Instances"][0]["InstanceId"]


def tagged(key, value):
    return [{"ResourceType": "instance", "Tags": [{"Key": key, "Value": value}]}]


def test_run_instances_only_of_one_instance_type(admin):
    arn, ec2, _ = acting_as(LAUNCH_SUPPORT, {
        "Effect": "Allow", "Action": "ec2:RunInstances", "Resource": INSTANCE + "*",
        "Condition": {"StringEquals": {"ec2:InstanceType": "t3.micro"}}})
    instance_id = assert_allowed(lambda: launch(ec2, "t3.micro"))
    assert instance_id.startswith("i-")
    code, status, message = refusal(ec2.run_instances, ImageId=AMI, MinCount=1, MaxCount=1,
                                    InstanceType="m5.large")
    assert (code, status) == ("UnauthorizedOperation", 403)
    readable, encoded = split(message)
    assert readable == (f"User: {arn} is not authorized to perform: ec2:RunInstances on resource: {INSTANCE}* "
                        "because no identity-based policy allows the ec2:RunInstances action")
    assert encoded
    # Nothing was launched by the refused call.
    described = admin.describe_instances()["Reservations"]
    assert [i["InstanceType"] for r in described for i in r["Instances"]] == ["t3.micro"]


def test_run_instances_needs_every_resource_it_uses(admin):
    """Allowing the instance alone is not enough: the image, subnet... are checked too."""
    _, ec2, _ = acting_as({"Effect": "Allow", "Action": "ec2:RunInstances", "Resource": INSTANCE + "*"})
    code, status, message = refusal(ec2.run_instances, ImageId=AMI, MinCount=1, MaxCount=1,
                                    InstanceType="t3.micro")
    assert (code, status) == ("UnauthorizedOperation", 403)
    assert "ec2:RunInstances on resource: arn:aws:ec2:" in message
    assert f" on resource: {INSTANCE}*" not in message


def test_the_encoded_message_decodes_with_sts(admin):
    arn, ec2, session = acting_as(
        LAUNCH_SUPPORT,
        {"Effect": "Allow", "Action": "ec2:RunInstances", "Resource": INSTANCE + "*",
         "Condition": {"StringEquals": {"ec2:InstanceType": "t3.micro"}}},
        {"Effect": "Allow", "Action": "sts:DecodeAuthorizationMessage", "Resource": "*"})
    _, _, message = refusal(ec2.run_instances, ImageId=AMI, MinCount=1, MaxCount=1, InstanceType="m5.large")
    _, encoded = split(message)
    sts = session.client("sts", region_name=REGION, config=NO_RETRY)
    decoded = json.loads(sts.decode_authorization_message(EncodedMessage=encoded)["DecodedMessage"])
    assert decoded["allowed"] is False
    assert decoded["explicitDeny"] is False
    assert decoded["context"]["principal"]["arn"] == arn
    assert decoded["context"]["action"] == "ec2:RunInstances"
    assert decoded["context"]["resource"] == INSTANCE + "*"
    conditions = {c["key"]: [v["value"] for v in c["values"]["items"]] for c in decoded["context"]["conditions"]["items"]}
    assert conditions["ec2:InstanceType"] == ["m5.large"]


def test_decoding_needs_its_own_permission(admin):
    _, ec2, session = acting_as({"Effect": "Allow", "Action": "ec2:TerminateInstances", "Resource": "*"})
    _, _, message = refusal(ec2.describe_instances)
    _, encoded = split(message)
    code, status, text = refusal(session.client("sts", region_name=REGION, config=NO_RETRY)
                                 .decode_authorization_message, EncodedMessage=encoded)
    assert (code, status) == ("AccessDenied", 403)
    assert "sts:DecodeAuthorizationMessage" in text


def test_describe_instances_is_checked_on_star(admin):
    launch(admin)
    arn, ec2, _ = acting_as({"Effect": "Allow", "Action": "ec2:DescribeInstances", "Resource": "*"})
    reservations = assert_allowed(ec2.describe_instances)["Reservations"]
    assert len(reservations) == 1
    # A policy naming instance ARNs does not match the action's "*".
    arn, scoped, _ = acting_as({"Effect": "Allow", "Action": "ec2:DescribeInstances", "Resource": INSTANCE + "*"})
    code, status, message = refusal(scoped.describe_instances)
    assert (code, status) == ("UnauthorizedOperation", 403)
    readable, _ = split(message)
    # No resource types: the message has no "on resource" part.
    assert readable == (f"User: {arn} is not authorized to perform: ec2:DescribeInstances because no "
                        "identity-based policy allows the ec2:DescribeInstances action")


def test_describe_instances_with_the_region_key(admin):
    _, ec2, session = acting_as({"Effect": "Allow", "Action": "ec2:DescribeInstances", "Resource": "*",
                                 "Condition": {"StringEquals": {"ec2:Region": REGION}}})
    assert ec2.describe_instances()["Reservations"] == []
    elsewhere = session.client("ec2", region_name="eu-west-1", config=NO_RETRY)
    assert refusal(elsewhere.describe_instances)[:2] == ("UnauthorizedOperation", 403)


def test_terminate_instances_on_one_instance_arn(admin):
    mine, theirs = launch(admin), launch(admin)
    arn, ec2, _ = acting_as({"Effect": "Allow", "Action": "ec2:TerminateInstances", "Resource": INSTANCE + mine})
    code, status, message = refusal(ec2.terminate_instances, InstanceIds=[theirs])
    assert (code, status) == ("UnauthorizedOperation", 403)
    readable, _ = split(message)
    assert readable == (f"User: {arn} is not authorized to perform: ec2:TerminateInstances on resource: "
                        f"{INSTANCE}{theirs} because no identity-based policy allows the ec2:TerminateInstances "
                        "action")
    # Every id is checked: one refused instance refuses the whole request, and nothing ends.
    assert refusal(ec2.terminate_instances, InstanceIds=[mine, theirs])[:2] == ("UnauthorizedOperation", 403)
    states = {i["InstanceId"]: i["State"]["Name"]
              for r in admin.describe_instances()["Reservations"] for i in r["Instances"]}
    assert states == {mine: "running", theirs: "running"}
    changed = ec2.terminate_instances(InstanceIds=[mine])["TerminatingInstances"]
    assert [(c["InstanceId"], c["CurrentState"]["Name"]) for c in changed] == [(mine, "shutting-down")]


def test_explicit_deny_on_one_instance(admin):
    keep, drop = launch(admin), launch(admin)
    arn, ec2, _ = acting_as({"Effect": "Allow", "Action": "ec2:TerminateInstances", "Resource": "*"},
                            {"Effect": "Deny", "Action": "ec2:TerminateInstances", "Resource": INSTANCE + keep})
    ec2.terminate_instances(InstanceIds=[drop])
    code, status, message = refusal(ec2.terminate_instances, InstanceIds=[keep])
    assert (code, status) == ("UnauthorizedOperation", 403)
    assert split(message)[0] == (f"User: {arn} is not authorized to perform: ec2:TerminateInstances on resource: "
                                 f"{INSTANCE}{keep} with an explicit deny in an identity-based policy")


def test_request_tags_on_run_instances(admin):
    _, ec2, _ = acting_as(
        LAUNCH_SUPPORT,
        {"Effect": "Allow", "Action": "ec2:RunInstances", "Resource": INSTANCE + "*",
         "Condition": {"StringEquals": {"aws:RequestTag/team": "core"}}},
        {"Effect": "Allow", "Action": "ec2:CreateTags", "Resource": INSTANCE + "*",
         "Condition": {"StringEquals": {"ec2:CreateAction": "RunInstances"}}})
    instance_id = launch(ec2, TagSpecifications=tagged("team", "core"))
    tags = admin.describe_tags(Filters=[{"Name": "resource-id", "Values": [instance_id]}])["Tags"]
    assert [(t["Key"], t["Value"]) for t in tags] == [("team", "core")]
    assert refusal(launch, ec2=ec2, TagSpecifications=tagged("team", "ops"))[:2] == ("UnauthorizedOperation", 403)
    assert refusal(launch, ec2=ec2)[:2] == ("UnauthorizedOperation", 403)


def test_tags_at_launch_need_create_tags(admin):
    arn, ec2, _ = acting_as(LAUNCH_SUPPORT, {"Effect": "Allow", "Action": "ec2:RunInstances",
                                             "Resource": INSTANCE + "*"})
    launch(ec2)
    code, status, message = refusal(launch, ec2=ec2, TagSpecifications=tagged("team", "core"))
    assert (code, status) == ("UnauthorizedOperation", 403)
    assert split(message)[0] == (f"User: {arn} is not authorized to perform: ec2:CreateTags on resource: "
                                 f"{INSTANCE}* because no identity-based policy allows the ec2:CreateTags action")


def test_tag_keys_on_run_instances(admin):
    _, ec2, _ = acting_as(
        LAUNCH_SUPPORT,
        {"Effect": "Allow", "Action": ["ec2:RunInstances", "ec2:CreateTags"], "Resource": INSTANCE + "*",
         "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": ["team"]}}})
    launch(ec2, TagSpecifications=tagged("team", "x"))
    assert refusal(launch, ec2=ec2, TagSpecifications=tagged("cost", "x"))[:2] == ("UnauthorizedOperation", 403)


@pytest.mark.parametrize("key", ["aws:ResourceTag/env", "ec2:ResourceTag/env"])
def test_resource_tags_on_stop_and_terminate(admin, key):
    dev = launch(admin, TagSpecifications=tagged("env", "dev"))
    prod = launch(admin, TagSpecifications=tagged("env", "prod"))
    untagged = launch(admin)
    arn, ec2, _ = acting_as({"Effect": "Allow", "Action": ["ec2:StopInstances", "ec2:TerminateInstances"],
                             "Resource": INSTANCE + "*", "Condition": {"StringEquals": {key: "dev"}}})
    stopping = ec2.stop_instances(InstanceIds=[dev])["StoppingInstances"]
    assert [s["InstanceId"] for s in stopping] == [dev]
    for instance_id in (prod, untagged):
        code, status, message = refusal(ec2.stop_instances, InstanceIds=[instance_id])
        assert (code, status) == ("UnauthorizedOperation", 403)
        assert split(message)[0] == (
            f"User: {arn} is not authorized to perform: ec2:StopInstances on resource: {INSTANCE}{instance_id} "
            "because no identity-based policy allows the ec2:StopInstances action")
    assert_denied(lambda: ec2.terminate_instances(InstanceIds=[prod]), action="ec2:TerminateInstances")
    assert ec2.terminate_instances(InstanceIds=[dev])["TerminatingInstances"][0]["InstanceId"] == dev


def test_retagging_changes_what_the_policy_allows(admin):
    instance_id = launch(admin, TagSpecifications=tagged("env", "prod"))
    _, ec2, _ = acting_as({"Effect": "Allow", "Action": "ec2:StopInstances", "Resource": "*",
                           "Condition": {"StringEquals": {"aws:ResourceTag/env": "dev"}}})
    assert refusal(ec2.stop_instances, InstanceIds=[instance_id])[0] == "UnauthorizedOperation"
    admin.create_tags(Resources=[instance_id], Tags=[{"Key": "env", "Value": "dev"}])
    assert ec2.stop_instances(InstanceIds=[instance_id])["StoppingInstances"][0]["InstanceId"] == instance_id


def test_instance_type_key_on_an_existing_instance(admin):
    small, large = launch(admin, "t3.micro"), launch(admin, "m5.large")
    _, ec2, _ = acting_as({"Effect": "Allow", "Action": "ec2:StopInstances", "Resource": "*",
                           "Condition": {"StringEquals": {"ec2:InstanceType": "t3.micro"}}})
    ec2.stop_instances(InstanceIds=[small])
    assert refusal(ec2.stop_instances, InstanceIds=[large])[:2] == ("UnauthorizedOperation", 403)
