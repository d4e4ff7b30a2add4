"""The registry through which authorization finds services' resource policies."""
from __future__ import annotations

import json

from iamulator.authz import resource_policies
from iamulator.authz.authorize import resource_policy_for
from iamulator.authz.describe import Check


class _Ctx:
    account_id = "123456789012"
    store = None
    principal = None


def test_shipped_services_register_their_providers_when_first_asked():
    for prefix in ("s3", "sqs", "kms", "sns", "lambda", "secretsmanager", "logs", "events"):
        assert callable(resource_policies.provider(prefix)), prefix
    assert resource_policies.provider("no-such-service") is None


def test_resource_policy_for_uses_the_registered_provider(monkeypatch):
    document = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "kms:Encrypt", "Resource": "*"}]})
    seen = []

    def provider(ctx, arn):
        seen.append(arn)
        return document, "210987654321"

    monkeypatch.setitem(resource_policies._providers, "kms", provider)
    arn = "arn:aws:kms:us-east-1:210987654321:key/k"
    policy, required, owner = resource_policy_for(Check("kms:Encrypt", arn, {}, None), _Ctx())
    assert seen == [arn] and required is True and owner == "210987654321"
    assert policy.statements[0].allow
    # No ARN, no lookup: nothing governs "*".
    assert resource_policy_for(Check("kms:ListKeys", "*", {}, None), _Ctx()) == (None, False, None)
    assert seen == [arn]


def test_a_provider_failing_on_a_malformed_arn_gives_no_policy(monkeypatch):
    def provider(ctx, arn):
        raise ValueError(arn)

    monkeypatch.setitem(resource_policies._providers, "sqs", provider)
    assert resource_policy_for(Check("sqs:SendMessage", "arn:aws:sqs:bad", {}, None), _Ctx()) == (
        None, False, None)
