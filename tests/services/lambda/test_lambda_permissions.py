"""Function policies: AddPermission, RemovePermission, GetPolicy, and the policy handed to
enforcement."""
import importlib
import json

import pytest

from iamulator.services.base import Context
from iamulator.services.state import STORE

from lambda_support import ACCOUNT, REGION, error_of, function_arn

lambda_package = importlib.import_module("iamulator.services.lambda")


def statement(out) -> dict:
    return json.loads(out["Statement"])


class TestAddPermission:
    def test_service_principal_with_source_arn(self, lam, create):
        create("f")
        out = lam.add_permission(FunctionName="f", StatementId="sns", Action="lambda:InvokeFunction",
                                 Principal="sns.amazonaws.com", SourceArn=f"arn:aws:sns:{REGION}:{ACCOUNT}:topic")
        assert out["ResponseMetadata"]["HTTPStatusCode"] == 201
        assert out["Statement"] == json.dumps({
            "Sid": "sns", "Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"},
            "Action": "lambda:InvokeFunction", "Resource": function_arn("f"),
            "Condition": {"ArnLike": {"AWS:SourceArn": f"arn:aws:sns:{REGION}:{ACCOUNT}:topic"}}},
            separators=(",", ":"))

    def test_source_account_and_arn(self, lam, create):
        create("f")
        out = lam.add_permission(FunctionName="f", StatementId="s3", Action="lambda:InvokeFunction",
                                 Principal="s3.amazonaws.com", SourceAccount=ACCOUNT, SourceArn="arn:aws:s3:::uploads")
        assert statement(out)["Condition"] == {"StringEquals": {"AWS:SourceAccount": ACCOUNT},
                                               "ArnLike": {"AWS:SourceArn": "arn:aws:s3:::uploads"}}

    @pytest.mark.parametrize("principal,element", [
        ("210987654321", {"AWS": "arn:aws:iam::210987654321:root"}),
        ("arn:aws:iam::210987654321:role/caller", {"AWS": "arn:aws:iam::210987654321:role/caller"}),
        ("*", "*"),
        ("events.amazonaws.com", {"Service": "events.amazonaws.com"}),
    ])
    def test_principals(self, lam, create, principal, element):
        create("f")
        out = lam.add_permission(FunctionName="f", StatementId="p", Action="lambda:GetFunction", Principal=principal)
        assert statement(out)["Principal"] == element
        assert "Condition" not in statement(out)

    def test_other_conditions(self, lam, create):
        create("f")
        out = lam.add_permission(FunctionName="f", StatementId="url", Action="lambda:InvokeFunctionUrl",
                                 Principal="*", FunctionUrlAuthType="NONE")
        assert statement(out)["Condition"] == {"StringEquals": {"lambda:FunctionUrlAuthType": "NONE"}}
        out = lam.add_permission(FunctionName="f", StatementId="org", Action="lambda:InvokeFunction",
                                 Principal="*", PrincipalOrgID="o-abcdefghij")
        assert statement(out)["Condition"] == {"StringEquals": {"aws:PrincipalOrgID": "o-abcdefghij"}}
        out = lam.add_permission(FunctionName="f", StatementId="alexa", Action="lambda:InvokeFunction",
                                 Principal="alexa-appkit.amazon.com", EventSourceToken="amzn1.ask.skill.x")
        assert statement(out)["Condition"] == {"StringEquals": {"lambda:EventSourceToken": "amzn1.ask.skill.x"}}

    def test_duplicate_statement_id(self, lam, create):
        create("f")
        lam.add_permission(FunctionName="f", StatementId="dup", Action="lambda:InvokeFunction", Principal="*")
        with pytest.raises(lam.exceptions.ResourceConflictException) as exc:
            lam.add_permission(FunctionName="f", StatementId="dup", Action="lambda:InvokeFunction", Principal="*")
        assert error_of(exc) == ("ResourceConflictException", 409, "The statement id (dup) provided already exists. "
                                 "Please provide a new statement id, or remove the existing statement.")

    def test_invalid_principal(self, lam, create):
        create("f")
        with pytest.raises(lam.exceptions.InvalidParameterValueException) as exc:
            lam.add_permission(FunctionName="f", StatementId="bad", Action="lambda:InvokeFunction",
                               Principal="nobody")
        assert error_of(exc)[2] == "The provided principal was invalid. Please check the principal and try again."

    def test_invalid_action_is_a_validation_error(self, lam, create):
        create("f")
        with pytest.raises(lam.exceptions.ClientError) as exc:
            lam.add_permission(FunctionName="f", StatementId="bad", Action="s3:GetObject", Principal="*")
        assert error_of(exc)[0] == "ValidationException"

    def test_policy_size_limit(self, lam, create):
        create("f")
        added = 0
        with pytest.raises(lam.exceptions.PolicyLengthExceededException) as exc:
            for i in range(200):
                lam.add_permission(FunctionName="f", StatementId=f"s{i}", Action="lambda:InvokeFunction",
                                   Principal="s3.amazonaws.com", SourceArn=f"arn:aws:s3:::bucket-number-{i:04d}")
                added += 1
        code, status, message = error_of(exc)
        assert (code, status) == ("PolicyLengthExceededException", 400)
        assert message.startswith("The final policy size (") and message.endswith(") is bigger than the limit "
                                                                                  "(20480).")
        kept = json.loads(lam.get_policy(FunctionName="f")["Policy"])
        assert len(kept["Statement"]) == added > 80
        assert len(json.dumps(kept, separators=(",", ":"))) <= 20480

    def test_missing_function_and_qualifiers(self, lam, create):
        with pytest.raises(lam.exceptions.ResourceNotFoundException) as exc:
            lam.add_permission(FunctionName="ghost", StatementId="x", Action="lambda:InvokeFunction", Principal="*")
        assert error_of(exc)[2] == f"Function not found: {function_arn('ghost')}"
        create("f")
        with pytest.raises(lam.exceptions.InvalidParameterValueException) as exc:
            lam.add_permission(FunctionName="f", Qualifier="$LATEST", StatementId="x",
                               Action="lambda:InvokeFunction", Principal="*")
        assert error_of(exc)[2] == "We currently do not support adding policies for $LATEST."
        with pytest.raises(lam.exceptions.ResourceNotFoundException) as exc:
            lam.add_permission(FunctionName="f", Qualifier="3", StatementId="x", Action="lambda:InvokeFunction",
                               Principal="*")
        assert error_of(exc)[2] == f"Function not found: {function_arn('f', '3')}"

    def test_revision_ids(self, lam, create):
        created = create("f")
        with pytest.raises(lam.exceptions.PreconditionFailedException):
            lam.add_permission(FunctionName="f", StatementId="x", Action="lambda:InvokeFunction", Principal="*",
                               RevisionId="stale")
        lam.add_permission(FunctionName="f", StatementId="x", Action="lambda:InvokeFunction", Principal="*",
                           RevisionId=created["RevisionId"])
        policy = lam.get_policy(FunctionName="f")
        assert policy["RevisionId"] != created["RevisionId"]
        assert lam.get_function_configuration(FunctionName="f")["RevisionId"] == policy["RevisionId"]


class TestGetAndRemove:
    def test_policy_document(self, lam, create):
        create("f")
        lam.add_permission(FunctionName="f", StatementId="one", Action="lambda:InvokeFunction",
                           Principal="s3.amazonaws.com")
        lam.add_permission(FunctionName="f", StatementId="two", Action="lambda:GetFunction", Principal=ACCOUNT)
        policy = json.loads(lam.get_policy(FunctionName="f")["Policy"])
        assert policy["Version"] == "2012-10-17" and policy["Id"] == "default"
        assert [s["Sid"] for s in policy["Statement"]] == ["one", "two"]
        assert lam.remove_permission(FunctionName="f", StatementId="one")["ResponseMetadata"]["HTTPStatusCode"] == 204
        policy = json.loads(lam.get_policy(FunctionName="f")["Policy"])
        assert [s["Sid"] for s in policy["Statement"]] == ["two"]
        lam.remove_permission(FunctionName="f", StatementId="two")
        with pytest.raises(lam.exceptions.ResourceNotFoundException) as exc:
            lam.get_policy(FunctionName="f")
        assert error_of(exc) == ("ResourceNotFoundException", 404, "The resource you requested does not exist.")

    def test_each_version_and_alias_has_its_own_policy(self, lam, create):
        create("f", Publish=True)
        lam.create_alias(FunctionName="f", Name="live", FunctionVersion="1")
        lam.add_permission(FunctionName="f", Qualifier="live", StatementId="a", Action="lambda:InvokeFunction",
                           Principal="*")
        lam.add_permission(FunctionName="f:1", StatementId="v", Action="lambda:InvokeFunction", Principal="*")
        live = json.loads(lam.get_policy(FunctionName="f", Qualifier="live")["Policy"])
        assert [(s["Sid"], s["Resource"]) for s in live["Statement"]] == [("a", function_arn("f", "live"))]
        one = json.loads(lam.get_policy(FunctionName="f", Qualifier="1")["Policy"])
        assert [s["Sid"] for s in one["Statement"]] == ["v"]
        with pytest.raises(lam.exceptions.ResourceNotFoundException):
            lam.get_policy(FunctionName="f")

    def test_remove_errors(self, lam, create):
        create("f")
        with pytest.raises(lam.exceptions.ResourceNotFoundException) as exc:
            lam.remove_permission(FunctionName="f", StatementId="x")
        assert error_of(exc)[2] == "No policy is associated with the given resource."
        lam.add_permission(FunctionName="f", StatementId="x", Action="lambda:InvokeFunction", Principal="*")
        with pytest.raises(lam.exceptions.ResourceNotFoundException) as exc:
            lam.remove_permission(FunctionName="f", StatementId="y")
        assert error_of(exc) == ("ResourceNotFoundException", 404, "Statement y is not found in resource policy.")
        with pytest.raises(lam.exceptions.PreconditionFailedException):
            lam.remove_permission(FunctionName="f", StatementId="x", RevisionId="stale")
        with pytest.raises(lam.exceptions.ResourceNotFoundException):
            lam.get_policy(FunctionName="ghost")


class TestResourcePolicyForEnforcement:
    def ctx(self):
        return Context(request=None, service="lambda", operation="Invoke", protocol="rest-json",
                       account_id=ACCOUNT, region=REGION, store=STORE)

    def test_documents_by_qualifier(self, lam, create):
        create("f", Publish=True)
        lam.create_alias(FunctionName="f", Name="live", FunctionVersion="1")
        lam.add_permission(FunctionName="f", StatementId="plain", Action="lambda:InvokeFunction",
                           Principal="events.amazonaws.com")
        lam.add_permission(FunctionName="f", Qualifier="live", StatementId="alias", Action="lambda:InvokeFunction",
                           Principal="sns.amazonaws.com")
        text, owner = lambda_package.resource_policy(self.ctx(), function_arn("f"))
        assert owner == ACCOUNT and [s["Sid"] for s in json.loads(text)["Statement"]] == ["plain"]
        assert text == lam.get_policy(FunctionName="f")["Policy"]
        text, _ = lambda_package.resource_policy(self.ctx(), function_arn("f", "$LATEST"))
        assert [s["Sid"] for s in json.loads(text)["Statement"]] == ["plain"]
        text, _ = lambda_package.resource_policy(self.ctx(), function_arn("f", "live"))
        assert [s["Sid"] for s in json.loads(text)["Statement"]] == ["alias"]
        assert lambda_package.resource_policy(self.ctx(), function_arn("f", "1")) == (None, ACCOUNT)

    def test_nothing_to_enforce(self, lam):
        assert lambda_package.resource_policy(self.ctx(), function_arn("ghost")) == (None, ACCOUNT)
        assert lambda_package.resource_policy(self.ctx(), function_arn("x", account="210987654321")) == (
            None, "210987654321")
        assert lambda_package.resource_policy(self.ctx(), "arn:aws:s3:::bucket") == (None, ACCOUNT)
