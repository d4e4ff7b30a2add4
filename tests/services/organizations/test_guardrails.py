"""SCPs and RCPs enforced on real requests: a member account administered through
OrganizationAccountAccessRole, the management account exempt."""
import json

import boto3
import pytest
from botocore.config import Config

from iamulator import mock_aws, set_initial_no_auth_action_count
from iamulator.accounts import root_access_key
from aws_errors import refusal as denied

NO_RETRY = Config(retries={"max_attempts": 1})
MANAGEMENT = "123456789012"
SCP = "SERVICE_CONTROL_POLICY"
RCP = "RESOURCE_CONTROL_POLICY"


def doc(*statements):
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})




class Org:
    def __init__(self):
        self.org = boto3.client("organizations", region_name="us-east-1", config=NO_RETRY)
        self.info = self.org.create_organization(FeatureSet="ALL")["Organization"]
        self.root = self.org.list_roots()["Roots"][0]["Id"]
        self.org.enable_policy_type(RootId=self.root, PolicyType=SCP)
        self.org.enable_policy_type(RootId=self.root, PolicyType=RCP)
        self.member = self.org.create_account(Email="m@example.com", AccountName="member")[
            "CreateAccountStatus"]["AccountId"]
        sts = boto3.client("sts", region_name="us-east-1", config=NO_RETRY)
        creds = sts.assume_role(RoleArn=f"arn:aws:iam::{self.member}:role/OrganizationAccountAccessRole",
                                RoleSessionName="admin")["Credentials"]
        self.role_arn = f"arn:aws:sts::{self.member}:assumed-role/OrganizationAccountAccessRole/admin"
        self.creds = creds

    def member_client(self, service):
        c = self.creds
        return boto3.client(service, region_name="us-east-1", config=NO_RETRY,
                            aws_access_key_id=c["AccessKeyId"], aws_secret_access_key=c["SecretAccessKey"],
                            aws_session_token=c["SessionToken"])

    def policy(self, name, statements, kind=SCP, target=None):
        pid = self.org.create_policy(Name=name, Description="", Type=kind,
                                     Content=doc(*statements))["Policy"]["PolicySummary"]["Id"]
        if target:
            self.org.attach_policy(PolicyId=pid, TargetId=target)
        return pid


@pytest.fixture
def setup():
    with set_initial_no_auth_action_count(0), mock_aws():
        yield Org()


def test_member_admin_role_is_allowed_under_full_access(setup):
    sqs = setup.member_client("sqs")
    url = sqs.create_queue(QueueName="jobs")["QueueUrl"]
    assert f"/{setup.member}/jobs" in url
    assert boto3.client("sts", region_name="us-east-1").get_caller_identity()["Account"] == MANAGEMENT


def test_scp_explicit_deny_on_the_account(setup):
    pid = setup.policy("NoQueues", [{"Effect": "Deny", "Action": "sqs:CreateQueue", "Resource": "*"}],
                       target=setup.member)
    code, status, message = denied(setup.member_client("sqs").create_queue, QueueName="jobs")
    assert (code, status) == ("AccessDenied", 403)
    # AWS names the deciding policy of an explicit deny within the organization (SQS writes the
    # action in lower case).
    assert message == (f"User: {setup.role_arn} is not authorized to perform: sqs:createqueue on resource: "
                       f"arn:aws:sqs:us-east-1:{setup.member}:jobs with an explicit deny in a service control "
                       f"policy: arn:aws:organizations::{MANAGEMENT}:policy/{setup.info['Id']}/"
                       f"service_control_policy/{pid}")
    # Other actions are untouched.
    setup.member_client("sns").create_topic(Name="t")


def test_scp_on_an_ou_and_the_root_reaches_the_account_but_not_the_management_account(setup):
    ou = setup.org.create_organizational_unit(ParentId=setup.root, Name="eng")["OrganizationalUnit"]["Id"]
    setup.org.move_account(AccountId=setup.member, SourceParentId=setup.root, DestinationParentId=ou)
    pid = setup.policy("NoTopics", [{"Effect": "Deny", "Action": "sns:CreateTopic", "Resource": "*"}], target=ou)
    assert "service control policy" in denied(setup.member_client("sns").create_topic, Name="t")[2]
    setup.org.detach_policy(PolicyId=pid, TargetId=ou)
    setup.member_client("sns").create_topic(Name="t")

    setup.org.attach_policy(PolicyId=pid, TargetId=setup.root)
    assert "explicit deny in a service control policy" in denied(setup.member_client("sns").create_topic,
                                                                 Name="t2")[2]
    # The management account is never restricted by its organization's policies.
    boto3.client("sns", region_name="us-east-1").create_topic(Name="t2")


def test_no_scp_allows_after_full_access_is_detached(setup):
    setup.policy("OnlyTopics", [{"Effect": "Allow", "Action": "sns:*", "Resource": "*"}], target=setup.member)
    setup.org.detach_policy(PolicyId="p-FullAWSAccess", TargetId=setup.member)
    setup.member_client("sns").create_topic(Name="t")
    code, status, message = denied(setup.member_client("sqs").create_queue, QueueName="jobs")
    assert message == (f"User: {setup.role_arn} is not authorized to perform: sqs:createqueue on resource: "
                       f"arn:aws:sqs:us-east-1:{setup.member}:jobs because no service control policy allows "
                       f"the sqs:createqueue action")
    # Disabling SCPs lifts every SCP.
    setup.org.disable_policy_type(RootId=setup.root, PolicyType=SCP)
    setup.member_client("sqs").create_queue(QueueName="jobs")


def test_an_ou_without_an_allowing_scp_denies_its_accounts(setup):
    ou = setup.org.create_organizational_unit(ParentId=setup.root, Name="eng")["OrganizationalUnit"]["Id"]
    setup.org.move_account(AccountId=setup.member, SourceParentId=setup.root, DestinationParentId=ou)
    setup.policy("OnlyS3", [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}], target=ou)
    setup.org.detach_policy(PolicyId="p-FullAWSAccess", TargetId=ou)
    assert "because no service control policy allows the sns:CreateTopic action" in denied(
        setup.member_client("sns").create_topic, Name="t")[2]


def test_rcp_denies_access_to_the_member_accounts_resources(setup):
    sqs = setup.member_client("sqs")
    url = sqs.create_queue(QueueName="jobs")["QueueUrl"]
    pid = setup.policy("NoSend", [{"Effect": "Deny", "Principal": "*", "Action": "sqs:SendMessage",
                                   "Resource": "*"}], kind=RCP, target=setup.root)
    code, status, message = denied(sqs.send_message, QueueUrl=url, MessageBody="x")
    assert message == (f"User: {setup.role_arn} is not authorized to perform: sqs:sendmessage on resource: "
                       f"arn:aws:sqs:us-east-1:{setup.member}:jobs with an explicit deny in a resource control "
                       f"policy: arn:aws:organizations::{MANAGEMENT}:policy/{setup.info['Id']}/"
                       f"resource_control_policy/{pid}")
    # RCPs govern only the services that support them.
    setup.policy("NoTopicsRcp", [{"Effect": "Deny", "Principal": "*", "Action": "sns:*", "Resource": "*"}],
                 kind=RCP, target=setup.root)
    setup.member_client("sns").create_topic(Name="t")
    # The management account's resources are not governed by its organization's RCPs.
    mine = boto3.client("sqs", region_name="us-east-1")
    own = mine.create_queue(QueueName="mine")["QueueUrl"]
    mine.send_message(QueueUrl=own, MessageBody="x")


def test_organization_condition_keys(setup):
    org_id = setup.info["Id"]
    setup.policy("OrgKeys", [
        {"Effect": "Deny", "Action": "sns:CreateTopic", "Resource": "*",
         "Condition": {"StringEquals": {"aws:PrincipalOrgID": org_id}}},
        {"Effect": "Deny", "Action": "sqs:CreateQueue", "Resource": "*",
         "Condition": {"ForAnyValue:StringLike": {"aws:PrincipalOrgPaths": f"{org_id}/{setup.root}/"}}},
        {"Effect": "Deny", "Action": "sqs:ListQueues", "Resource": "*",
         "Condition": {"StringNotEquals": {"aws:ResourceOrgID": org_id}}},
    ], target=setup.member)
    assert "service control policy" in denied(setup.member_client("sns").create_topic, Name="t")[2]
    assert "service control policy" in denied(setup.member_client("sqs").create_queue, QueueName="q")[2]
    setup.member_client("sqs").list_queues()




def test_scps_restrict_a_member_accounts_root_user_too(setup):
    setup.policy("NoQueues", [{"Effect": "Deny", "Action": "sqs:CreateQueue", "Resource": "*"}],
                 target=setup.member)
    key = root_access_key(setup.member)
    sqs = boto3.client("sqs", region_name="us-east-1", config=NO_RETRY, aws_access_key_id=key["AccessKeyId"],
                       aws_secret_access_key=key["SecretAccessKey"])
    code, status, message = denied(sqs.create_queue, QueueName="jobs")
    assert (code, status) == ("AccessDenied", 403)
    assert "with an explicit deny in a service control policy: arn:aws:organizations::" in message
    sqs.list_queues()


def test_members_read_their_organization_but_cannot_manage_it(setup):
    org = setup.member_client("organizations")
    assert org.describe_organization()["Organization"]["Id"] == setup.info["Id"]
    assert denied(org.list_accounts) == (
        "AccessDeniedException", 400, "You don't have permissions to access this resource.")
    assert denied(org.create_organization, FeatureSet="ALL")[0] == "AlreadyInOrganizationException"


def test_rcp_keeps_principals_outside_the_organization_away(setup):
    outsider = "999988887777"
    sqs = setup.member_client("sqs")
    url = sqs.create_queue(QueueName="shared")["QueueUrl"]
    arn = f"arn:aws:sqs:us-east-1:{setup.member}:shared"
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": doc(
        {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{outsider}:root"},
         "Action": "sqs:SendMessage", "Resource": arn})})
    key = root_access_key(outsider)
    theirs = boto3.client("sqs", region_name="us-east-1", config=NO_RETRY, aws_access_key_id=key["AccessKeyId"],
                          aws_secret_access_key=key["SecretAccessKey"])
    theirs.send_message(QueueUrl=url, MessageBody="before")

    pid = setup.policy("OrgOnly", [{"Effect": "Deny", "Principal": "*", "Action": "sqs:*", "Resource": "*",
                              "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": setup.info["Id"]}}}],
                 kind=RCP, target=setup.member)
    code, status, message = denied(theirs.send_message, QueueUrl=url, MessageBody="after")
    assert (code, status) == ("AccessDenied", 403)
    assert message == (f"User: arn:aws:iam::{outsider}:root is not authorized to perform: sqs:sendmessage on "
                       f"resource: {arn} with an explicit deny in a resource control policy: "
                       f"arn:aws:organizations::{MANAGEMENT}:policy/{setup.info['Id']}/resource_control_policy/{pid}")
    # Principals of the organization still reach it.
    sqs.send_message(QueueUrl=url, MessageBody="inside")
