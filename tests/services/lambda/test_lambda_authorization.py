"""What Lambda requests are authorized for (the declarations in services/lambda/authorization.py)."""
import pytest

from iamulator.authz.describe import describe
from iamulator.services.base import Context
from iamulator.services.http import Request
from iamulator.services.state import STORE

from lambda_support import ACCOUNT, OTHER_ACCOUNT, REGION, function_arn


def ctx(operation: str) -> Context:
    return Context(request=Request("POST", "https://lambda.us-east-1.amazonaws.com/", {}), service="lambda",
                   operation=operation, protocol="rest-json", account_id=ACCOUNT, region=REGION, store=STORE)


def checks(operation: str, params: dict) -> list:
    return [(c.action, c.resource, dict(c.context), c.resource_account)
            for c in describe("lambda", operation, params, ctx(operation))]


@pytest.mark.parametrize("params,resource", [
    ({"FunctionName": "orders"}, function_arn("orders")),
    ({"FunctionName": "orders:live"}, function_arn("orders", "live")),
    ({"FunctionName": "orders", "Qualifier": "3"}, function_arn("orders", "3")),
    ({"FunctionName": f"{ACCOUNT}:function:orders"}, function_arn("orders")),
    ({"FunctionName": function_arn("orders", "$LATEST")}, function_arn("orders", "$LATEST")),
])
def test_invoke_is_authorized_on_the_qualified_function(params, resource):
    assert checks("Invoke", params) == [("lambda:InvokeFunction", resource, {}, ACCOUNT)]


def test_a_function_of_another_account():
    arn = function_arn("shared", "prod", account=OTHER_ACCOUNT)
    assert checks("GetFunction", {"FunctionName": arn}) == [("lambda:GetFunction", arn, {}, OTHER_ACCOUNT)]


def test_create_function_needs_pass_role_and_each_layer(lam):
    role = f"arn:aws:iam::{ACCOUNT}:role/service-role/runner"
    layer = f"arn:aws:lambda:{REGION}:{OTHER_ACCOUNT}:layer:tools:4"
    assert checks("CreateFunction", {"FunctionName": "orders", "Role": role, "Layers": [layer],
                                     "Tags": {"team": "core"}}) == [
        ("lambda:CreateFunction", function_arn("orders"),
         {"lambda:Layer": [layer], "aws:RequestTag/team": "core", "aws:TagKeys": ["team"]}, ACCOUNT),
        ("iam:PassRole", role, {"iam:PassedToService": "lambda.amazonaws.com"}, ACCOUNT),
        ("lambda:GetLayerVersion", layer, {}, OTHER_ACCOUNT)]


def test_update_configuration_passes_a_role_only_when_it_names_one():
    assert checks("UpdateFunctionConfiguration", {"FunctionName": "orders", "Timeout": 5}) == [
        ("lambda:UpdateFunctionConfiguration", function_arn("orders"), {}, ACCOUNT)]


def test_add_permission_keys():
    assert checks("AddPermission", {"FunctionName": "orders", "StatementId": "s", "Action": "lambda:InvokeFunction",
                                    "Principal": "*", "FunctionUrlAuthType": "NONE"}) == [
        ("lambda:AddPermission", function_arn("orders"),
         {"lambda:Principal": "*", "lambda:FunctionUrlAuthType": "NONE"}, ACCOUNT)]


def test_layers_and_tags():
    layer_version = f"arn:aws:lambda:{REGION}:{ACCOUNT}:layer:tools:2"
    assert checks("GetLayerVersion", {"LayerName": "tools", "VersionNumber": 2}) == [
        ("lambda:GetLayerVersion", layer_version, {}, ACCOUNT)]
    assert checks("GetLayerVersionByArn", {"Arn": layer_version}) == [
        ("lambda:GetLayerVersion", layer_version, {}, ACCOUNT)]
    assert checks("PublishLayerVersion", {"LayerName": "tools", "Content": {}}) == [
        ("lambda:PublishLayerVersion", f"arn:aws:lambda:{REGION}:{ACCOUNT}:layer:tools", {}, ACCOUNT)]
    assert checks("ListTags", {"Resource": function_arn("orders")}) == [
        ("lambda:ListTags", function_arn("orders"), {}, ACCOUNT)]
    assert checks("ListFunctions", {}) == [("lambda:ListFunctions", "*", {}, ACCOUNT)]


def test_the_functions_tags_are_resource_tags(lam, create):
    create("tagged", Tags={"team": "core"})
    assert checks("DeleteFunction", {"FunctionName": "tagged"}) == [
        ("lambda:DeleteFunction", function_arn("tagged"), {"aws:ResourceTag/team": "core"}, ACCOUNT)]
    assert checks("Invoke", {"FunctionName": "tagged:live"})[0][2] == {"aws:ResourceTag/team": "core"}
