"""describe()'s machinery, on declarations made here for Lambda (standing in for the ones Lambda
ships, which are put back after each test): defaults from the reference, what declarations
override, and the errors that keep a request from being checked on a made-up resource."""
import pytest

from iamulator.authz import declarations as decl_module
from iamulator.authz import describe as describe_module
from iamulator.authz.declarations import ALWAYS_ALLOWED, NEW, Declarations, act
from iamulator.authz.describe import Check, IncompleteRequest, UndeclaredOperation, describe, plan

from describe_helpers import ACCOUNT, OTHER, make_ctx

FUNCTION = f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:"


@pytest.fixture
def without_shipped():
    """No Lambda declarations during the test; the shipped ones are back afterwards."""
    shipped = decl_module.declarations_for("lambda")
    decl_module._registry.pop("lambda", None)
    describe_module.forget("lambda")
    yield
    decl_module._registry.pop("lambda", None)
    if shipped is not None:
        decl_module._registry["lambda"] = shipped
    describe_module.forget("lambda")


@pytest.fixture
def lam(without_shipped):
    """A fresh Lambda declaration, in place of the shipped one for the test."""
    made = []

    def declare(**kwargs):
        d = Declarations("lambda", **kwargs)
        made.append(d)
        return d

    yield declare


def test_default_action_and_arn_come_from_the_reference(lam):
    lam()
    [check] = describe("lambda", "GetFunction", {"FunctionName": "resize"}, make_ctx())
    assert check == Check("lambda:GetFunction", FUNCTION + "resize", {}, ACCOUNT)
    assert isinstance(check, tuple) and check.resource_account == ACCOUNT


def test_without_declarations_the_reference_alone_describes_the_operation(without_shipped):
    # Nothing declared for Lambda: the defaults still apply.
    [check] = describe("lambda", "DeleteFunction", {"FunctionName": "f"}, make_ctx())
    assert (check.action, check.resource) == ("lambda:DeleteFunction", FUNCTION + "f")


def test_actions_without_resource_types_are_authorized_on_star(lam):
    lam()
    [check] = describe("lambda", "ListFunctions", {}, make_ctx())
    assert (check.action, check.resource, check.resource_account) == ("lambda:ListFunctions", "*", ACCOUNT)


def test_partition_region_and_account_come_from_the_context(lam):
    lam()
    [check] = describe("lambda", "GetFunction", {"FunctionName": "f"},
                       make_ctx(region="cn-north-1", account="210987654321"))
    assert check.resource == "arn:aws-cn:lambda:cn-north-1:210987654321:function:f"
    [check] = describe("lambda", "GetFunction", {"FunctionName": "f"}, make_ctx(region="us-gov-west-1"))
    assert check.resource.startswith("arn:aws-us-gov:lambda:us-gov-west-1:")


def test_a_name_member_holding_an_arn_names_that_resource_and_its_account(lam):
    lam()
    arn = f"arn:aws:lambda:eu-west-1:{OTHER}:function:shared"
    [check] = describe("lambda", "GetFunction", {"FunctionName": arn}, make_ctx())
    assert (check.resource, check.resource_account) == (arn, OTHER)


def test_an_operation_whose_action_has_another_name_must_be_declared(lam):
    lam()
    with pytest.raises(UndeclaredOperation, match="no action lambda:Invoke"):
        describe("lambda", "Invoke", {"FunctionName": "f"}, make_ctx())
    lam().operation("Invoke", act("InvokeFunction"))
    [check] = describe("lambda", "Invoke", {"FunctionName": "f"}, make_ctx())
    assert (check.action, check.resource) == ("lambda:InvokeFunction", FUNCTION + "f")


def test_declaring_again_replaces_compiled_plans(lam):
    lam()
    first = plan("lambda", "GetFunction")
    assert plan("lambda", "GetFunction") is first       # compiled once
    lam().operation("GetFunction", act("GetFunctionConfiguration"))
    assert plan("lambda", "GetFunction") is not first
    [check] = describe("lambda", "GetFunction", {"FunctionName": "f"}, make_ctx())
    assert check.action == "lambda:GetFunctionConfiguration"


def test_always_allowed_is_no_check_at_all(lam):
    lam().operation("GetAccountSettings", ALWAYS_ALLOWED)
    assert describe("lambda", "GetAccountSettings", {}, make_ctx()) == []
    assert plan("lambda", "GetAccountSettings").always_allowed


def test_always_allowed_stands_alone():
    d = Declarations.__new__(Declarations)
    d.service, d.operations = "x", {}
    with pytest.raises(ValueError):
        d.operation("Op", ALWAYS_ALLOWED, act("Op"))
    with pytest.raises(ValueError):
        d.operation("Op")


def test_a_request_lacking_the_resource_member_is_incomplete(lam):
    lam()
    with pytest.raises(IncompleteRequest) as err:
        describe("lambda", "GetFunction", {}, make_ctx())
    assert err.value.member == "FunctionName" and err.value.operation == "GetFunction"


def test_unknown_service_prefix_is_undeclared():
    with pytest.raises(UndeclaredOperation):
        plan("no-such-service", "Anything")


def test_new_puts_star_in_place_of_an_id_not_assigned_yet(lam):
    lam().operation("CreateFunction", act("CreateFunction", vars={"FunctionName": NEW}))
    [check] = describe("lambda", "CreateFunction", {"FunctionName": "ignored"}, make_ctx())
    assert check.resource == FUNCTION + "*"
    assert plan("lambda", "CreateFunction").acts[0].candidates[0].template.endswith("function:*")


def test_each_gives_one_check_per_element_and_when_gates_an_action(lam):
    lam().operation(
        "DeleteFunction",
        act("DeleteFunction", each=lambda r: r.params["Names"], vars={"FunctionName": lambda r: r.item}),
        act("TagResource", on="function", when=lambda r: "Tags" in r.params),
    )
    checks = describe("lambda", "DeleteFunction", {"Names": ["a", "b"], "FunctionName": "c"}, make_ctx())
    assert [c.resource for c in checks] == [FUNCTION + "a", FUNCTION + "b"]
    checks = describe("lambda", "DeleteFunction", {"Names": [], "FunctionName": "c", "Tags": {}}, make_ctx())
    assert [(c.action, c.resource) for c in checks] == [("lambda:TagResource", FUNCTION + "c")]


def test_a_list_member_named_like_the_variable_gives_one_check_per_value():
    # EC2's TerminateInstances: InstanceIds fills ${InstanceId}, one check per id.
    checks = describe("ec2", "TerminateInstances", {"InstanceIds": ["i-1", "i-2"]}, make_ctx())
    assert [c.resource for c in checks] == [f"arn:aws:ec2:us-east-1:{ACCOUNT}:instance/i-1",
                                            f"arn:aws:ec2:us-east-1:{ACCOUNT}:instance/i-2"]


def test_service_keys_apply_only_where_the_reference_lists_them(lam):
    lam(keys={"lambda:Layer": "Layers", "lambda:FunctionUrlAuthType": "AuthType"})
    params = {"FunctionName": "f", "Layers": ["arn:l"], "AuthType": "NONE", "Role": "r", "Code": {}}
    [create] = describe("lambda", "CreateFunction", params, make_ctx())
    assert dict(create.context) == {"lambda:Layer": ["arn:l"]}
    [get] = describe("lambda", "GetFunction", params, make_ctx())
    assert dict(get.context) == {}


def test_action_keys_are_kept_and_values_become_text(lam):
    lam().operation("GetFunction", act("GetFunction", keys={
        "lambda:Flag": lambda r: True, "lambda:Count": lambda r: 3, "lambda:List": lambda r: [1, "x"],
        "lambda:Absent": lambda r: None, "lambda:Broken": lambda r: r.params["missing"]}))
    [check] = describe("lambda", "GetFunction", {"FunctionName": "f"}, make_ctx())
    assert dict(check.context) == {"lambda:Flag": "true", "lambda:Count": "3", "lambda:List": ["1", "x"]}


def test_key_families_expand_a_dict(lam):
    lam().operation("GetFunction", act("GetFunction", keys={"lambda:Thing/<key>": lambda r: {"a": "1", "b": "2"}}))
    [check] = describe("lambda", "GetFunction", {"FunctionName": "f"}, make_ctx())
    assert dict(check.context) == {"lambda:Thing/a": "1", "lambda:Thing/b": "2"}


def test_request_tags_in_either_form_give_request_tag_and_tag_keys(lam):
    lam()
    params = {"FunctionName": "f", "Role": "r", "Code": {}, "Tags": {"team": "red", "env": "dev"}}
    [check] = describe("lambda", "CreateFunction", params, make_ctx())
    assert dict(check.context) == {"aws:RequestTag/team": "red", "aws:RequestTag/env": "dev",
                                   "aws:TagKeys": ["team", "env"]}
    check = describe("dynamodb", "CreateTable", {"TableName": "t", "Tags": [{"Key": "k", "Value": "v"}]},
                     make_ctx())[0]
    assert dict(check.context) == {"aws:RequestTag/k": "v", "aws:TagKeys": ["k"]}


def test_untag_key_lists_give_tag_keys(lam):
    lam()
    [check] = describe("lambda", "UntagResource", {"Resource": FUNCTION + "f", "TagKeys": ["a", "b"]}, make_ctx())
    assert dict(check.context) == {"aws:TagKeys": ["a", "b"]}


def test_a_whole_arn_member_picks_the_resource_type_it_matches(lam):
    lam()
    [check] = describe("lambda", "TagResource", {"Resource": FUNCTION + "f", "Tags": {}}, make_ctx())
    assert check.resource == FUNCTION + "f"
    mapping = f"arn:aws:lambda:us-east-1:{OTHER}:event-source-mapping:1234"
    [check] = describe("lambda", "TagResource", {"Resource": mapping, "Tags": {}}, make_ctx())
    assert (check.resource, check.resource_account) == (mapping, OTHER)
    with pytest.raises(IncompleteRequest):     # an ARN of no type the action takes
        describe("lambda", "TagResource", {"Resource": "arn:aws:s3:::bucket", "Tags": {}}, make_ctx())


def test_declared_arn_wins_and_falls_back_to_templates(lam):
    lam().operation("GetFunction", act("GetFunction", arn=lambda r: r.params.get("Whole")))
    [check] = describe("lambda", "GetFunction", {"Whole": f"arn:aws:lambda:us-east-1:{OTHER}:function:x"},
                       make_ctx())
    assert (check.resource, check.resource_account) == (f"arn:aws:lambda:us-east-1:{OTHER}:function:x", OTHER)
    [check] = describe("lambda", "GetFunction", {"FunctionName": "y"}, make_ctx())
    assert check.resource == FUNCTION + "y"


def test_owner_names_the_account_of_arns_without_one():
    # S3's shipped declarations span several modules, so they are put back as they were
    # rather than re-imported.
    shipped = decl_module.declarations_for("s3")
    d = Declarations("s3", owner=lambda r: OTHER)
    try:
        describe_module.forget("s3")
        [check] = describe("s3", "DeleteBucket", {"Bucket": "b"}, make_ctx())
        assert (check.resource, check.resource_account) == ("arn:aws:s3:::b", OTHER)
    finally:
        decl_module._registry["s3"] = shipped
        describe_module.forget("s3")
        assert decl_module._registry["s3"] is not d


def test_resource_context_is_read_only_where_listed_and_filtered(lam):
    seen = []

    def stored(r, resource_type):
        seen.append((resource_type, dict(r.vars)))
        return {"aws:ResourceTag/team": "red", "lambda:NotListed": "x"}

    lam(resource_context=stored, resource_keys=("aws:ResourceTag/${TagKey}",))
    [check] = describe("lambda", "GetFunction", {"FunctionName": "f"}, make_ctx())
    assert dict(check.context) == {"aws:ResourceTag/team": "red"}
    assert seen == [("function", {"Partition": "aws", "Region": "us-east-1", "Account": ACCOUNT,
                                  "FunctionName": "f"})]
    describe("lambda", "ListFunctions", {}, make_ctx())
    assert len(seen) == 1     # no resource, no lookup


def test_context_is_read_only(lam):
    lam()
    [check] = describe("lambda", "CreateFunction", {"FunctionName": "f", "Tags": {"a": "b"}}, make_ctx())
    with pytest.raises(TypeError):
        check.context["aws:TagKeys"] = []


def test_sources_share_a_memo_within_one_call(lam):
    calls = []

    def lookup(r):
        if "x" not in r.memo:
            calls.append(1)
            r.memo["x"] = "f"
        return r.memo["x"]

    lam().operation("GetFunction", act("GetFunction", vars={"FunctionName": lookup}),
                    act("GetFunctionConfiguration", vars={"FunctionName": lookup}))
    assert len(describe("lambda", "GetFunction", {}, make_ctx())) == 2
    assert calls == [1]


def test_on_star_declares_a_request_naming_none_of_the_optional_resource_types(lam):
    lam().operation("TagResource", act("TagResource", on="*"))
    [check] = describe("lambda", "TagResource", {"Resource": FUNCTION + "f"}, make_ctx())
    assert check.resource == "*"
    lam().operation("GetFunction", act("GetFunction", on="*"))
    with pytest.raises(UndeclaredOperation, match="requires a function resource"):
        plan("lambda", "GetFunction")
