"""The guardrail levels and keys the Organizations provider hands to authz, read directly."""
import boto3
import pytest

from iamulator import mock_aws
from iamulator.authz import organizations as seam
from iamulator.services.base import Context
from iamulator.services.state import STORE

SCP = "SERVICE_CONTROL_POLICY"
RCP = "RESOURCE_CONTROL_POLICY"


def ctx(account):
    return Context(request=None, service="sqs", operation="SendMessage", protocol="json", account_id=account,
                   region="us-east-1", store=STORE)


@pytest.fixture
def org():
    with mock_aws():
        client = boto3.client("organizations", region_name="us-east-1")
        info = client.create_organization(FeatureSet="ALL")["Organization"]
        root = client.list_roots()["Roots"][0]["Id"]
        yield client, info, root


def test_accounts_outside_any_organization_get_nothing(org):
    assert seam.principal_keys(ctx("999999999999"), "999999999999") == (None, None)
    assert seam.resource_guardrails(ctx("999999999999"), "999999999999", "sqs:SendMessage") == (None, None)
    assert seam.principal_keys(None, "999999999999") == (None, None)


def test_levels_follow_the_path_root_ou_account(org):
    client, info, root = org
    client.enable_policy_type(RootId=root, PolicyType=SCP)
    member = client.create_account(Email="m@example.com", AccountName="m")["CreateAccountStatus"]["AccountId"]
    ou = client.create_organizational_unit(ParentId=root, Name="eng")["OrganizationalUnit"]["Id"]
    client.move_account(AccountId=member, SourceParentId=root, DestinationParentId=ou)
    levels, keys = seam.principal_keys(ctx(member), member)
    assert keys == {"aws:PrincipalOrgID": info["Id"], "aws:PrincipalOrgPaths": [f"{info['Id']}/{root}/{ou}/"]}
    assert [[p.name for p in level] for level in levels] == [
        ["arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess"]] * 3

    # The management account: keys, but no SCPs.
    levels, keys = seam.principal_keys(ctx(info["MasterAccountId"]), info["MasterAccountId"])
    assert levels is None and keys["aws:PrincipalOrgPaths"] == [f"{info['Id']}/{root}/"]

    # RCPs: not enabled yet, then only for the services they govern.
    assert seam.resource_guardrails(ctx(member), member, "sqs:SendMessage") == (None, {"aws:ResourceOrgID": info["Id"]})
    client.enable_policy_type(RootId=root, PolicyType=RCP)
    rcps, _ = seam.resource_guardrails(ctx(member), member, "sqs:SendMessage")
    assert len(rcps) == 3
    assert seam.resource_guardrails(ctx(member), member, "sns:Publish")[0] is None


def test_reset_forgets_the_organization(org):
    client, info, root = org
    account = info["MasterAccountId"]
    assert seam.principal_keys(ctx(account), account)[1] is not None
    STORE.reset()
    assert seam.principal_keys(ctx(account), account) == (None, None)


def test_a_changed_policy_takes_effect_at_once(org):
    client, info, root = org
    client.enable_policy_type(RootId=root, PolicyType=SCP)
    member = client.create_account(Email="m@example.com", AccountName="m")["CreateAccountStatus"]["AccountId"]
    pid = client.create_policy(Name="p", Description="", Type=SCP, Content='{"Version":"2012-10-17","Statement":'
                               '[{"Effect":"Deny","Action":"sqs:*","Resource":"*"}]}')["Policy"]["PolicySummary"]
    client.attach_policy(PolicyId=pid["Id"], TargetId=member)
    levels, _ = seam.principal_keys(ctx(member), member)
    assert [p.name for p in levels[-1]][-1] == pid["Arn"]
    assert '"sqs:*"' in levels[-1][-1].text
    client.update_policy(PolicyId=pid["Id"], Content='{"Version":"2012-10-17","Statement":'
                         '[{"Effect":"Deny","Action":"sns:*","Resource":"*"}]}')
    levels, _ = seam.principal_keys(ctx(member), member)
    assert '"sns:*"' in levels[-1][-1].text
