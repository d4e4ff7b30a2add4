"""The proof: every implemented operation of every shipped service resolves to real actions and
concrete resource ARNs wherever the Service Authorization Reference has a resource type for the
action; ``*`` only for actions without resource types (or, inside an ARN, for the id of a
resource the request itself creates, where the declaration says so)."""
import os

import pytest

from iamulator.authz import catalog
from iamulator.authz.declarations import declarations_for
from iamulator.authz.describe import describe, plan
from iamulator.services import coverage, registry

from describe_helpers import ACCOUNT, Principal, make_ctx, plan_members, prepare, representative_params

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(__file__)))

OPERATIONS = [(s, op) for s in registry.shipped() for op in coverage.implemented(s)]


def test_every_shipped_service_is_covered():
    assert {s for s, _ in OPERATIONS} == set(registry.shipped())
    assert len(OPERATIONS) > 100


@pytest.mark.parametrize("service", registry.shipped())
def test_every_shipped_service_declares_its_authorization(service):
    # A new service must say what the reference cannot know (even if that is nothing) before
    # it ships: services/<name>/authorization.py registering Declarations(<name>).
    assert declarations_for(service) is not None, f"add services/{service.replace('-', '_')}/authorization.py"


@pytest.mark.parametrize("service,operation", OPERATIONS)
def test_operation_resolves_to_real_actions_and_concrete_resources(service, operation):
    p = plan(service, operation)
    if p.always_allowed:
        assert describe(service, operation, {}, make_ctx(service, operation)) == []
        return
    ctx = make_ctx(service, operation, principal=Principal(f"arn:aws:iam::{ACCOUNT}:user/team/tester"))
    params = representative_params(service, operation, plan_members(p), prepare(service, ctx))
    checks = describe(service, operation, params, ctx)
    assert checks, f"{service}.{operation}: no check for {params}"
    new_types = {(a.action, c.rtype.key) for a in p.acts for c in a.candidates if c.rtype and c.new_vars}
    # on="*": declared to name no resource of the action's (all optional) types.
    star_declared = {(a.action, None) for a in p.acts if a.candidates[0].rtype is None}
    for check in checks:
        info = catalog.action(check.action)
        assert info is not None, f"{check.action} is not in the Service Authorization Reference"
        assert check.action == info.full_name
        assert check.resource_account.isdigit() and len(check.resource_account) == 12
        if not info.resources or (check.action, None) in star_declared:
            assert check.resource == "*", check
            continue
        assert check.resource != "*" and "${" not in check.resource, check
        matching = [ar.type for ar in info.resources if ar.type.parse(check.resource) is not None]
        assert matching, f"{check.resource} is no ARN of {info.full_name}'s resource types"
        if "*" in check.resource:
            assert any((check.action, t.key) in new_types for t in matching), \
                f"{check}: '*' in an ARN is only for resources the request creates"
        for key, value in check.context.items():
            assert isinstance(value, (str, list)), (key, value)


def test_the_authorization_page_matches_the_code():
    from iamulator.authz.authorization_table import markdown

    with open(os.path.join(ROOT, "docs", "authorization.md")) as f:
        assert f.read() == markdown(), \
            "regenerate: python -m iamulator.authz.describe --markdown > docs/authorization.md"
