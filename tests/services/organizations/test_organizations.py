"""Organizations through boto3: the organization, accounts, OUs, policies, attachments, tags and
their errors."""
import json

import boto3
import pytest
from botocore.config import Config

from iamulator import mock_aws
from aws_errors import refusal as error

NO_RETRY = Config(retries={"max_attempts": 1})
SCP = "SERVICE_CONTROL_POLICY"
RCP = "RESOURCE_CONTROL_POLICY"
DENY_SQS = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Deny", "Action": "sqs:*", "Resource": "*"}]})




@pytest.fixture
def org():
    with mock_aws():
        yield boto3.client("organizations", region_name="us-east-1", config=NO_RETRY)


@pytest.fixture
def root(org):
    org.create_organization(FeatureSet="ALL")
    return org.list_roots()["Roots"][0]["Id"]


def test_create_and_describe_organization(org):
    created = org.create_organization(FeatureSet="ALL")["Organization"]
    assert created["Id"].startswith("o-") and len(created["Id"]) == 12
    assert created["FeatureSet"] == "ALL"
    assert created["MasterAccountId"] == "123456789012"
    assert created["Arn"] == f"arn:aws:organizations::123456789012:organization/{created['Id']}"
    assert org.describe_organization()["Organization"] == created
    roots = org.list_roots()["Roots"]
    assert len(roots) == 1 and roots[0]["Name"] == "Root" and roots[0]["PolicyTypes"] == []
    assert roots[0]["Arn"] == f"arn:aws:organizations::123456789012:root/{created['Id']}/{roots[0]['Id']}"
    accounts = org.list_accounts()["Accounts"]
    assert [a["Id"] for a in accounts] == ["123456789012"]


def test_organization_errors(org):
    assert error(org.describe_organization) == (
        "AWSOrganizationsNotInUseException", 400, "Your account is not a member of an organization.")
    assert error(org.list_roots)[0] == "AWSOrganizationsNotInUseException"
    org.create_organization(FeatureSet="ALL")
    assert error(org.create_organization, FeatureSet="ALL") == (
        "AlreadyInOrganizationException", 400, "The AWS account is already a member of an organization.")


def test_create_account_and_its_access_role(org, root):
    status = org.create_account(Email="dev@example.com", AccountName="dev")["CreateAccountStatus"]
    assert status["State"] == "SUCCEEDED" and status["Id"].startswith("car-")
    new = status["AccountId"]
    assert len(new) == 12 and new.isdigit() and new != "123456789012"
    assert org.describe_create_account_status(CreateAccountRequestId=status["Id"])["CreateAccountStatus"] == status
    account = org.describe_account(AccountId=new)["Account"]
    assert (account["Email"], account["Name"], account["JoinedMethod"], account["Status"]) == (
        "dev@example.com", "dev", "CREATED", "ACTIVE")
    assert [a["Id"] for a in org.list_accounts_for_parent(ParentId=root)["Accounts"]] == ["123456789012", new]

    from iamulator.services.state import STORE
    role = STORE.backend("iam", new, "us-east-1").roles["organizationaccountaccessrole"]
    assert role.name == "OrganizationAccountAccessRole"
    assert "arn:aws:iam::123456789012:root" in role.trust.text

    assert error(org.describe_create_account_status, CreateAccountRequestId="car-nothere123")[0] == \
        "CreateAccountStatusNotFoundException"
    assert error(org.describe_account, AccountId="111111111111") == (
        "AccountNotFoundException", 400, "You specified an account that doesn't exist.")
    assert error(org.create_account, Email="dev@example.com", AccountName="again")[0] == \
        "ConstraintViolationException"


def test_organizational_units_and_moves(org, root):
    new = org.create_account(Email="a@example.com", AccountName="a")["CreateAccountStatus"]["AccountId"]
    eng = org.create_organizational_unit(ParentId=root, Name="eng")["OrganizationalUnit"]
    assert eng["Id"].startswith(f"ou-{root[2:]}-")
    team = org.create_organizational_unit(ParentId=eng["Id"], Name="team")["OrganizationalUnit"]
    assert error(org.create_organizational_unit, ParentId=root, Name="eng") == (
        "DuplicateOrganizationalUnitException", 400, "An OU with the same name already exists.")
    assert org.describe_organizational_unit(OrganizationalUnitId=team["Id"])["OrganizationalUnit"] == team
    assert [o["Id"] for o in org.list_organizational_units_for_parent(ParentId=root)["OrganizationalUnits"]] == \
        [eng["Id"]]

    org.move_account(AccountId=new, SourceParentId=root, DestinationParentId=team["Id"])
    assert org.list_parents(ChildId=new)["Parents"] == [{"Id": team["Id"], "Type": "ORGANIZATIONAL_UNIT"}]
    assert org.list_parents(ChildId=eng["Id"])["Parents"] == [{"Id": root, "Type": "ROOT"}]
    assert org.list_children(ParentId=team["Id"], ChildType="ACCOUNT")["Children"] == \
        [{"Id": new, "Type": "ACCOUNT"}]
    assert org.list_children(ParentId=root, ChildType="ORGANIZATIONAL_UNIT")["Children"] == \
        [{"Id": eng["Id"], "Type": "ORGANIZATIONAL_UNIT"}]
    assert error(org.move_account, AccountId=new, SourceParentId=root, DestinationParentId=eng["Id"])[0] == \
        "SourceParentNotFoundException"
    assert error(org.move_account, AccountId=new, SourceParentId=team["Id"], DestinationParentId=team["Id"])[0] == \
        "DuplicateAccountException"

    assert error(org.delete_organizational_unit, OrganizationalUnitId=eng["Id"])[0] == \
        "OrganizationalUnitNotEmptyException"
    renamed = org.update_organizational_unit(OrganizationalUnitId=team["Id"], Name="squad")["OrganizationalUnit"]
    assert renamed["Name"] == "squad"
    org.move_account(AccountId=new, SourceParentId=team["Id"], DestinationParentId=root)
    org.delete_organizational_unit(OrganizationalUnitId=team["Id"])
    assert error(org.describe_organizational_unit, OrganizationalUnitId=team["Id"]) == (
        "OrganizationalUnitNotFoundException", 400, "You specified an organizational unit that doesn't exist.")
    assert error(org.list_children, ParentId="ou-zzzz-zzzzzzzz", ChildType="ACCOUNT")[0] == \
        "ParentNotFoundException"


def test_policies_lifecycle(org, root):
    created = org.create_policy(Content=DENY_SQS, Description="no queues", Name="NoSQS",
                                Type=SCP)["Policy"]
    summary = created["PolicySummary"]
    assert summary["Id"].startswith("p-") and summary["AwsManaged"] is False
    assert summary["Arn"].endswith(f"/service_control_policy/{summary['Id']}")
    assert created["Content"] == DENY_SQS
    assert org.describe_policy(PolicyId=summary["Id"])["Policy"] == created
    assert error(org.create_policy, Content=DENY_SQS, Description="", Name="NoSQS", Type=SCP)[0] == \
        "DuplicatePolicyException"

    names = [p["Name"] for p in org.list_policies(Filter=SCP)["Policies"]]
    assert names == ["FullAWSAccess", "NoSQS"]

    # Attaching needs the type enabled on the root.
    assert error(org.attach_policy, PolicyId=summary["Id"], TargetId=root) == (
        "PolicyTypeNotEnabledException", 400, "This operation can be performed only for enabled policy types.")
    enabled = org.enable_policy_type(RootId=root, PolicyType=SCP)["Root"]
    assert enabled["PolicyTypes"] == [{"Type": SCP, "Status": "ENABLED"}]
    assert error(org.enable_policy_type, RootId=root, PolicyType=SCP)[0] == "PolicyTypeAlreadyEnabledException"
    assert [p["Id"] for p in org.list_policies_for_target(TargetId=root, Filter=SCP)["Policies"]] == \
        ["p-FullAWSAccess"]

    org.attach_policy(PolicyId=summary["Id"], TargetId=root)
    assert error(org.attach_policy, PolicyId=summary["Id"], TargetId=root)[0] == \
        "DuplicatePolicyAttachmentException"
    targets = org.list_targets_for_policy(PolicyId=summary["Id"])["Targets"]
    assert [(t["TargetId"], t["Type"], t["Name"]) for t in targets] == [(root, "ROOT", "Root")]
    assert error(org.delete_policy, PolicyId=summary["Id"])[0] == "PolicyInUseException"

    updated = org.update_policy(PolicyId=summary["Id"], Name="NoQueues")["Policy"]
    assert updated["PolicySummary"]["Name"] == "NoQueues"
    assert error(org.update_policy, PolicyId=summary["Id"], Content="{not json")[0] == \
        "MalformedPolicyDocumentException"

    org.detach_policy(PolicyId=summary["Id"], TargetId=root)
    assert error(org.detach_policy, PolicyId=summary["Id"], TargetId=root)[0] == "PolicyNotAttachedException"
    code, status, _ = error(org.detach_policy, PolicyId="p-FullAWSAccess", TargetId=root)
    assert (code, status) == ("ConstraintViolationException", 400)
    org.delete_policy(PolicyId=summary["Id"])
    assert error(org.describe_policy, PolicyId=summary["Id"]) == (
        "PolicyNotFoundException", 400, "You specified a policy that doesn't exist.")
    assert error(org.delete_policy, PolicyId="p-FullAWSAccess")[0] == "ConstraintViolationException"

    org.disable_policy_type(RootId=root, PolicyType=SCP)
    assert org.list_policies_for_target(TargetId=root, Filter=SCP)["Policies"] == []
    assert error(org.disable_policy_type, RootId=root, PolicyType=SCP)[0] == "PolicyTypeNotEnabledException"


def test_policy_documents_are_validated_by_type(org, root):
    assert error(org.create_policy, Content="{", Description="", Name="bad", Type=SCP)[0] == \
        "MalformedPolicyDocumentException"
    # An RCP must name its principal as "*".
    assert error(org.create_policy, Content=DENY_SQS, Description="", Name="rcp", Type=RCP)[0] == \
        "MalformedPolicyDocumentException"
    rcp = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Deny", "Principal": "*", "Action": "sqs:*", "Resource": "*"}]})
    made = org.create_policy(Content=rcp, Description="", Name="rcp", Type=RCP)["Policy"]["PolicySummary"]
    assert made["Type"] == RCP
    assert [p["Name"] for p in org.list_policies(Filter=RCP)["Policies"]] == ["RCPFullAWSAccess", "rcp"]


def test_tags(org, root):
    ou = org.create_organizational_unit(ParentId=root, Name="eng", Tags=[{"Key": "team", "Value": "a"}])
    ou_id = ou["OrganizationalUnit"]["Id"]
    org.tag_resource(ResourceId=ou_id, Tags=[{"Key": "env", "Value": "dev"}])
    assert org.list_tags_for_resource(ResourceId=ou_id)["Tags"] == [
        {"Key": "team", "Value": "a"}, {"Key": "env", "Value": "dev"}]
    org.untag_resource(ResourceId=ou_id, TagKeys=["team"])
    assert org.list_tags_for_resource(ResourceId=ou_id)["Tags"] == [{"Key": "env", "Value": "dev"}]
    assert error(org.list_tags_for_resource, ResourceId="ou-zzzz-zzzzzzzz")[0] == "TargetNotFoundException"


def test_paging(org, root):
    for i in range(5):
        org.create_organizational_unit(ParentId=root, Name=f"ou{i}")
    first = org.list_organizational_units_for_parent(ParentId=root, MaxResults=2)
    assert len(first["OrganizationalUnits"]) == 2 and first["NextToken"]
    names = [o["Name"] for o in first["OrganizationalUnits"]]
    token = first["NextToken"]
    while token:
        page = org.list_organizational_units_for_parent(ParentId=root, MaxResults=2, NextToken=token)
        names += [o["Name"] for o in page["OrganizationalUnits"]]
        token = page.get("NextToken")
    assert names == [f"ou{i}" for i in range(5)]


def test_feature_sets(org):
    assert error(org.create_organization, FeatureSet="SOME") == (
        "InvalidInputException", 400, "You specified an invalid value.")
    org.create_organization(FeatureSet="CONSOLIDATED_BILLING")
    root = org.list_roots()["Roots"][0]["Id"]
    assert error(org.enable_policy_type, RootId=root, PolicyType=SCP)[0] == \
        "PolicyTypeNotAvailableForOrganizationException"
    assert error(org.enable_policy_type, RootId="r-zzzz", PolicyType=SCP)[0] == "RootNotFoundException"
