"""Organizations operations.

The service is global and one organization spans accounts: the organization is kept in its
management account's backend and found from any account through ``guardrails``' index.
Changes are made by the management account (under its backend's lock); a member may only read
its organization (DescribeOrganization), as in AWS.
"""
from __future__ import annotations

import json
import random
import re

from iamulator.services.base import Context, Service
from iamulator.services.errors import AWSError
from iamulator.services.organizations import errors, guardrails
from iamulator.services.organizations.records import (POLICY_KINDS, RCP, SCP, Account, Organization,
                                                     OrganizationalUnit, Policy, managed, now,
                                                     organization_id, random_id, root_id)

ACCESS_ROLE = "OrganizationAccountAccessRole"
ADMIN_POLICY = "arn:aws:iam::aws:policy/AdministratorAccess"
_ACCOUNT_ID = re.compile(r"^\d{12}$")
_OU_ID = re.compile(r"^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$")
_ROOT_ID = re.compile(r"^r-[0-9a-z]{4,32}$")
_POLICY_ID = re.compile(r"^p-[0-9a-zA-Z_]{8,128}$")
_FILTERS = (SCP, RCP, "TAG_POLICY", "BACKUP_POLICY", "AISERVICES_OPT_OUT_POLICY", "CHATBOT_POLICY",
            "DECLARATIVE_POLICY_EC2", "SECURITYHUB_POLICY")


def policy_by_id(org: Organization, policy_id: str) -> Policy:
    found = org.policies.get(policy_id)
    if found is None:
        for policy_type in (SCP, RCP):
            candidate = managed(policy_type)
            if candidate.id == policy_id:
                return candidate
    return found


def _page(items: list, params: dict, key: str) -> dict:
    start = 0
    token = params.get("NextToken")
    if token:
        if not token.isdigit() or int(token) > len(items):
            raise errors.invalid_input("INVALID_NEXT_TOKEN", "You specified an invalid value for nextToken.")
        start = int(token)
    size = params.get("MaxResults") or 20
    chunk = items[start:start + size]
    out = {key: chunk}
    if start + size < len(items):
        out["NextToken"] = str(start + size)
    return out


class Backend(Service):
    name = "organizations"
    scope = "account"

    def __init__(self, account_id: str, region: str, store=None):
        super().__init__(account_id, region, store)
        self.organization: Organization | None = None

    # --- finding the organization -------------------------------------------------------------

    def _org(self, ctx) -> Organization:
        org = guardrails.organization_of(ctx.store, ctx.account_id)
        if org is None:
            raise errors.not_in_use()
        return org

    def _managed_org(self, ctx) -> Organization:
        """The caller's organization, for operations only its management account may call."""
        org = self._org(ctx)
        if org.management_account != ctx.account_id:
            raise errors.access_denied()
        return org

    @staticmethod
    def _changed(org: Organization) -> None:
        org.version += 1

    # --- the organization ---------------------------------------------------------------------

    def create_organization(self, ctx, params) -> dict:
        if guardrails.organization_of(ctx.store, ctx.account_id) is not None:
            raise AWSError("AlreadyInOrganizationException",
                           "The AWS account is already a member of an organization.")
        feature_set = params.get("FeatureSet") or "ALL"
        if feature_set not in ("ALL", "CONSOLIDATED_BILLING"):
            raise errors.invalid_input("INVALID_ENUM", "You specified an invalid value.")
        account = ctx.account_id
        org = Organization(organization_id(account), account, f"{account}@example.com", feature_set,
                           root_id(account))
        org.accounts[account] = Account(account, org.account_arn(account), org.management_email,
                                        "master", org.root_id, "INVITED")
        org.attachments[org.root_id] = []
        org.attachments[account] = []
        self.organization = org
        guardrails.join(ctx.store, account, org)
        return {"Organization": org.view()}

    def describe_organization(self, ctx, params) -> dict:
        view = self._org(ctx).view()
        return {"Organization": view}

    def delete_organization(self, ctx, params) -> dict:
        org = self._managed_org(ctx)
        if len(org.accounts) > 1:
            raise AWSError("OrganizationNotEmptyException",
                           "To delete an organization you must first remove all member accounts (except the master).")
        guardrails.leave(ctx.store, org.management_account)
        self.organization = None
        return {}

    def list_roots(self, ctx, params) -> dict:
        org = self._managed_org(ctx)
        return _page([org.root_view()], params, "Roots")

    # --- accounts -----------------------------------------------------------------------------

    def _account(self, org, account_id: str) -> Account:
        if not _ACCOUNT_ID.match(account_id or ""):
            raise errors.invalid_input("INVALID_INPUT", "You specified an invalid value for AccountId.")
        found = org.accounts.get(account_id)
        if found is None:
            raise errors.not_found("account")
        return found

    def create_account(self, ctx, params) -> dict:
        org = self._managed_org(ctx)
        email, name = params["Email"], params["AccountName"]
        if any(a.email.lower() == email.lower() for a in org.accounts.values()):
            raise errors.constraint("EMAIL_ALREADY_EXISTS",
                                    "The email address is already used by another account.")
        new = self._new_account_id(ctx)
        account = Account(new, org.account_arn(new), email, name, org.root_id, "CREATED")
        org.accounts[new] = account
        org.attachments[new] = [managed(t).id for t in org.enabled_types]
        if params.get("Tags"):
            org.tags[new] = {t["Key"]: t["Value"] for t in params["Tags"]}
        guardrails.join(ctx.store, new, org)
        self._changed(org)
        self._access_role(ctx, new, params.get("RoleName") or ACCESS_ROLE)
        request_id = "car-" + random_id(32)
        when = now()
        status = {"Id": request_id, "AccountName": name, "State": "SUCCEEDED", "RequestedTimestamp": when,
                  "CompletedTimestamp": when, "AccountId": new}
        org.create_statuses[request_id] = status
        return {"CreateAccountStatus": dict(status)}

    def _new_account_id(self, ctx) -> str:
        taken = {a for a, _, _ in ctx.store.existing()}
        while True:
            candidate = str(random.randint(10 ** 11, 10 ** 12 - 1))
            if candidate not in taken and guardrails.organization_of(ctx.store, candidate) is None:
                return candidate

    def _access_role(self, ctx, account: str, role_name: str) -> None:
        """The role the management account administers the new account through."""
        iam = ctx.store.backend("iam", account, ctx.region)
        iam_ctx = Context(request=ctx.request, service="iam", operation="CreateRole", protocol="query",
                          account_id=account, region=ctx.region, store=ctx.store)
        trust = {"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ctx.account_id}:root"},
            "Action": "sts:AssumeRole"}]}
        with iam.lock:
            iam.handler("CreateRole")(iam, iam_ctx, {"RoleName": role_name,
                                                    "AssumeRolePolicyDocument": json.dumps(trust)})
            iam.handler("AttachRolePolicy")(iam, iam_ctx, {"RoleName": role_name, "PolicyArn": ADMIN_POLICY})

    def describe_create_account_status(self, ctx, params) -> dict:
        org = self._managed_org(ctx)
        status = org.create_statuses.get(params["CreateAccountRequestId"])
        if status is None:
            raise errors.not_found("status")
        return {"CreateAccountStatus": dict(status)}

    def list_create_account_status(self, ctx, params) -> dict:
        org = self._managed_org(ctx)
        states = params.get("States")
        found = [dict(s) for s in org.create_statuses.values() if not states or s["State"] in states]
        return _page(found, params, "CreateAccountStatuses")

    def describe_account(self, ctx, params) -> dict:
        org = self._managed_org(ctx)
        return {"Account": self._account(org, params["AccountId"]).view()}

    def list_accounts(self, ctx, params) -> dict:
        org = self._managed_org(ctx)
        return _page([a.view() for a in org.accounts.values()], params, "Accounts")

    def list_accounts_for_parent(self, ctx, params) -> dict:
        org = self._managed_org(ctx)
        parent = self._parent(org, params["ParentId"])
        return _page([a.view() for a in org.accounts.values() if a.parent_id == parent], params, "Accounts")

    def move_account(self, ctx, params) -> dict:
        org = self._managed_org(ctx)
        account = self._account(org, params["AccountId"])
        source = self._parent(org, params["SourceParentId"], "source")
        destination = self._parent(org, params["DestinationParentId"], "destination")
        if account.parent_id != source:
            raise errors.not_found("source")
        if source == destination:
            raise AWSError("DuplicateAccountException", "That account is already present in the specified destination.")
        account.parent_id = destination
        self._changed(org)
        return {}

    # --- parents, children, OUs ---------------------------------------------------------------

    def _parent(self, org, parent_id: str, missing: str = "parent") -> str:
        if parent_id == org.root_id or parent_id in org.ous:
            return parent_id
        if not (_ROOT_ID.match(parent_id or "") or _OU_ID.match(parent_id or "")):
            raise errors.invalid_input("INVALID_INPUT", "You specified an invalid value for ParentId.")
        raise errors.not_found(missing)

    def _ou(self, org, ou_id: str) -> OrganizationalUnit:
        found = org.ous.get(ou_id)
        if found is None:
            if not _OU_ID.match(ou_id or ""):
                raise errors.invalid_input("INVALID_INPUT",
                                           "You specified an invalid value for OrganizationalUnitId.")
            raise errors.not_found("ou")
        return found

    def create_organizational_unit(self, ctx, params) -> dict:
        org = self._managed_org(ctx)
        parent = self._parent(org, params["ParentId"])
        name = params["Name"]
        if any(ou.parent_id == parent and ou.name == name for ou in org.ous.values()):
            raise AWSError("DuplicateOrganizationalUnitException", "An OU with the same name already exists.")
        ou_id = f"ou-{org.root_id[2:]}-{random_id(8)}"
        ou = OrganizationalUnit(ou_id, org.ou_arn(ou_id), name, parent)
        org.ous[ou_id] = ou
        org.attachments[ou_id] = [managed(t).id for t in org.enabled_types]
        if params.get("Tags"):
            org.tags[ou_id] = {t["Key"]: t["Value"] for t in params["Tags"]}
        self._changed(org)
        return {"OrganizationalUnit": ou.view()}

    def describe_organizational_unit(self, ctx, params) -> dict:
        org = self._managed_org(ctx)
        return {"OrganizationalUnit": self._ou(org, params["OrganizationalUnitId"]).view()}

    def update_organizational_unit(self, ctx, params) -> dict:
        org = self._managed_org(ctx)
        ou = self._ou(org, params["OrganizationalUnitId"])
        name = params.get("Name")
        if name and name != ou.name:
            if any(o.parent_id == ou.parent_id and o.name == name for o in org.ous.values()):
                raise AWSError("DuplicateOrganizationalUnitException", "An OU with the same name already exists.")
            ou.name = name
        return {"OrganizationalUnit": ou.view()}

    def delete_organizational_unit(self, ctx, params) -> dict:
        org = self._managed_org(ctx)
        ou = self._ou(org, params["OrganizationalUnitId"])
        if any(a.parent_id == ou.id for a in org.accounts.values()) or \
                any(o.parent_id == ou.id for o in org.ous.values()):
            raise AWSError("OrganizationalUnitNotEmptyException",
                           "The specified OU is not empty. Move all accounts to another root or to other OUs, "
                           "remove all child OUs, and try the operation again.")
        del org.ous[ou.id]
        org.attachments.pop(ou.id, None)
        org.tags.pop(ou.id, None)
        self._changed(org)
        return {}

    def list_organizational_units_for_parent(self, ctx, params) -> dict:
        org = self._managed_org(ctx)
        parent = self._parent(org, params["ParentId"])
        return _page([o.view() for o in org.ous.values() if o.parent_id == parent], params, "OrganizationalUnits")

    def list_parents(self, ctx, params) -> dict:
        org = self._managed_org(ctx)
        child = params["ChildId"]
        entity = org.accounts.get(child) or org.ous.get(child)
        if entity is None:
            if not (_ACCOUNT_ID.match(child) or _OU_ID.match(child)):
                raise errors.invalid_input("INVALID_INPUT", "You specified an invalid value for ChildId.")
            raise errors.not_found("child")
        kind = "ROOT" if entity.parent_id == org.root_id else "ORGANIZATIONAL_UNIT"
        return _page([{"Id": entity.parent_id, "Type": kind}], params, "Parents")

    def list_children(self, ctx, params) -> dict:
        org = self._managed_org(ctx)
        parent = self._parent(org, params["ParentId"])
        kind = params["ChildType"]
        if kind == "ACCOUNT":
            found = [{"Id": a.id, "Type": kind} for a in org.accounts.values() if a.parent_id == parent]
        elif kind == "ORGANIZATIONAL_UNIT":
            found = [{"Id": o.id, "Type": kind} for o in org.ous.values() if o.parent_id == parent]
        else:
            raise errors.invalid_input("INVALID_ENUM", "You specified an invalid value.")
        return _page(found, params, "Children")

    # --- policies -----------------------------------------------------------------------------

    def _policy(self, org, policy_id: str) -> Policy:
        found = policy_by_id(org, policy_id)
        if found is None:
            if not _POLICY_ID.match(policy_id or ""):
                raise errors.invalid_input("INVALID_INPUT", "You specified an invalid value for PolicyId.")
            raise errors.not_found("policy")
        return found

    @staticmethod
    def _compile(policy_type: str, name: str, content: str):
        from iamulator.authz import PolicyError, compile_policy

        try:
            return compile_policy(content, POLICY_KINDS[policy_type], name)
        except PolicyError as err:
            if err.code == "ConstraintViolationException":
                raise errors.constraint("MAX_POLICY_SIZE_EXCEEDED" if "size" in err.message.lower()
                                        else "POLICY_CONTENT_LIMIT_EXCEEDED", err.message) from None
            raise AWSError(err.code, err.message) from None

    def create_policy(self, ctx, params) -> dict:
        org = self._managed_org(ctx)
        policy_type = params["Type"]
        if policy_type not in POLICY_KINDS:
            raise AWSError("PolicyTypeNotAvailableForOrganizationException",
                           "You can't use the specified policy type with the feature set currently enabled "
                           "for this organization.")
        name = params["Name"]
        if any(p.name == name and p.type == policy_type for p in org.policies.values()):
            raise AWSError("DuplicatePolicyException", "A policy with the same name already exists.")
        policy_id = "p-" + random_id(8)
        arn = org.policy_arn(policy_type, policy_id)
        # Named by ARN, as AWS's managed ones are: decisions then say which policy decided.
        compiled = self._compile(policy_type, arn, params["Content"])
        policy = Policy(policy_id, arn, name, params["Description"], policy_type, params["Content"], compiled)
        org.policies[policy_id] = policy
        if params.get("Tags"):
            org.tags[policy_id] = {t["Key"]: t["Value"] for t in params["Tags"]}
        return {"Policy": {"PolicySummary": policy.summary(), "Content": policy.content}}

    def describe_policy(self, ctx, params) -> dict:
        org = self._managed_org(ctx)
        policy = self._policy(org, params["PolicyId"])
        return {"Policy": {"PolicySummary": policy.summary(), "Content": policy.content}}

    def update_policy(self, ctx, params) -> dict:
        org = self._managed_org(ctx)
        policy = self._policy(org, params["PolicyId"])
        if policy.aws_managed:
            raise errors.constraint("CANNOT_MODIFY_AWS_MANAGED_POLICY",
                                    "You cannot modify an AWS managed policy.")
        name = params.get("Name")
        if name and name != policy.name and any(p.name == name and p.type == policy.type
                                                for p in org.policies.values()):
            raise AWSError("DuplicatePolicyException", "A policy with the same name already exists.")
        if params.get("Content"):
            policy.compiled = self._compile(policy.type, policy.arn, params["Content"])
            policy.content = params["Content"]
        if name:
            policy.name = name
        if "Description" in params:
            policy.description = params["Description"]
        self._changed(org)
        return {"Policy": {"PolicySummary": policy.summary(), "Content": policy.content}}

    def delete_policy(self, ctx, params) -> dict:
        org = self._managed_org(ctx)
        policy = self._policy(org, params["PolicyId"])
        if policy.aws_managed:
            raise errors.constraint("CANNOT_MODIFY_AWS_MANAGED_POLICY",
                                    "You cannot delete an AWS managed policy.")
        if any(policy.id in ids for ids in org.attachments.values()):
            raise AWSError("PolicyInUseException",
                           "The policy is attached to one or more entities. You must detach it from all roots, "
                           "OUs, and accounts before performing this operation.")
        del org.policies[policy.id]
        org.tags.pop(policy.id, None)
        return {}

    def list_policies(self, ctx, params) -> dict:
        org = self._managed_org(ctx)
        wanted = params["Filter"]
        self._filter(wanted)
        found = [managed(wanted).summary()] if wanted in POLICY_KINDS else []
        found += [p.summary() for p in org.policies.values() if p.type == wanted]
        return _page(found, params, "Policies")

    @staticmethod
    def _filter(value):
        if value not in _FILTERS:
            raise errors.invalid_input("INVALID_ENUM", "You specified an invalid value.")

    def _target(self, org, target_id: str) -> str:
        if target_id == org.root_id or target_id in org.ous or target_id in org.accounts:
            return target_id
        if not (_ROOT_ID.match(target_id or "") or _OU_ID.match(target_id or "")
                or _ACCOUNT_ID.match(target_id or "")):
            raise errors.invalid_input("INVALID_INPUT", "You specified an invalid value for TargetId.")
        raise errors.not_found("target")

    def attach_policy(self, ctx, params) -> dict:
        org = self._managed_org(ctx)
        policy = self._policy(org, params["PolicyId"])
        target = self._target(org, params["TargetId"])
        if policy.type not in org.enabled_types:
            raise AWSError("PolicyTypeNotEnabledException",
                           "This operation can be performed only for enabled policy types.")
        attached = org.attachments.setdefault(target, [])
        if policy.id in attached:
            raise AWSError("DuplicatePolicyAttachmentException",
                           "The selected policy is already attached to the specified target.")
        attached.append(policy.id)
        self._changed(org)
        return {}

    def detach_policy(self, ctx, params) -> dict:
        org = self._managed_org(ctx)
        policy = self._policy(org, params["PolicyId"])
        target = self._target(org, params["TargetId"])
        attached = org.attachments.get(target, [])
        if policy.id not in attached:
            raise AWSError("PolicyNotAttachedException",
                           "The policy isn't attached to the specified target in the specified root.")
        # Every target keeps at least one policy of an enabled type: AWS refuses to leave it bare.
        if sum(1 for pid in attached if policy_by_id(org, pid).type == policy.type) == 1:
            raise errors.constraint("MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED",
                                    "You cannot remove the last policy of this type attached to the target. "
                                    "Attach another policy of the same type first.")
        attached.remove(policy.id)
        self._changed(org)
        return {}

    def list_policies_for_target(self, ctx, params) -> dict:
        org = self._managed_org(ctx)
        target = self._target(org, params["TargetId"])
        wanted = params["Filter"]
        self._filter(wanted)
        found = [policy_by_id(org, pid) for pid in org.attachments.get(target, ())]
        return _page([p.summary() for p in found if p.type == wanted], params, "Policies")

    def list_targets_for_policy(self, ctx, params) -> dict:
        org = self._managed_org(ctx)
        policy = self._policy(org, params["PolicyId"])
        found = []
        for target, ids in org.attachments.items():
            if policy.id not in ids:
                continue
            if target == org.root_id:
                found.append({"TargetId": target, "Arn": org.root_arn, "Name": "Root", "Type": "ROOT"})
            elif target in org.ous:
                ou = org.ous[target]
                found.append({"TargetId": target, "Arn": ou.arn, "Name": ou.name, "Type": "ORGANIZATIONAL_UNIT"})
            elif target in org.accounts:
                a = org.accounts[target]
                found.append({"TargetId": target, "Arn": a.arn, "Name": a.name, "Type": "ACCOUNT"})
        return _page(found, params, "Targets")

    def _root(self, org, root: str) -> None:
        if root != org.root_id:
            if not _ROOT_ID.match(root or ""):
                raise errors.invalid_input("INVALID_INPUT", "You specified an invalid value for RootId.")
            raise errors.not_found("root")

    def enable_policy_type(self, ctx, params) -> dict:
        org = self._managed_org(ctx)
        self._root(org, params["RootId"])
        policy_type = params["PolicyType"]
        if policy_type not in POLICY_KINDS or org.feature_set != "ALL":
            raise AWSError("PolicyTypeNotAvailableForOrganizationException",
                           "You can't use the specified policy type with the feature set currently enabled "
                           "for this organization.")
        if policy_type in org.enabled_types:
            raise AWSError("PolicyTypeAlreadyEnabledException", "The specified policy type is already enabled.")
        org.enabled_types.append(policy_type)
        # AWS attaches its full-access policy everywhere so that enabling the type denies nothing.
        full = managed(policy_type).id
        for target in (org.root_id, *org.ous, *org.accounts):
            ids = org.attachments.setdefault(target, [])
            if full not in ids:
                ids.append(full)
        self._changed(org)
        return {"Root": org.root_view()}

    def disable_policy_type(self, ctx, params) -> dict:
        org = self._managed_org(ctx)
        self._root(org, params["RootId"])
        policy_type = params["PolicyType"]
        if policy_type not in org.enabled_types:
            raise AWSError("PolicyTypeNotEnabledException",
                           "This operation can be performed only for enabled policy types.")
        org.enabled_types.remove(policy_type)
        for target, ids in org.attachments.items():
            ids[:] = [pid for pid in ids if policy_by_id(org, pid).type != policy_type]
        self._changed(org)
        return {"Root": org.root_view()}

    # --- tags -----------------------------------------------------------------------------------

    def _taggable(self, org, resource_id: str) -> str:
        if resource_id == org.root_id or resource_id in org.ous or resource_id in org.accounts \
                or resource_id in org.policies:
            return resource_id
        raise errors.not_found("target")

    def tag_resource(self, ctx, params) -> dict:
        org = self._managed_org(ctx)
        resource = self._taggable(org, params["ResourceId"])
        merged = {**org.tags.get(resource, {}), **{t["Key"]: t["Value"] for t in params["Tags"]}}
        if len(merged) > 50:
            raise errors.constraint("MAX_TAG_LIMIT_EXCEEDED",
                                    "You have exceeded the number of tags allowed on this resource.")
        org.tags[resource] = merged
        return {}

    def untag_resource(self, ctx, params) -> dict:
        org = self._managed_org(ctx)
        resource = self._taggable(org, params["ResourceId"])
        tags = org.tags.get(resource, {})
        for key in params["TagKeys"]:
            tags.pop(key, None)
        return {}

    def list_tags_for_resource(self, ctx, params) -> dict:
        org = self._managed_org(ctx)
        resource = self._taggable(org, params["ResourceId"])
        tags = org.tags.get(resource, {})
        return _page([{"Key": k, "Value": v} for k, v in tags.items()], params, "Tags")

