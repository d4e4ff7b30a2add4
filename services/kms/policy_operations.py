"""Key policies: GetKeyPolicy, PutKeyPolicy, ListKeyPolicies. A key has one policy, "default"."""
from __future__ import annotations

from iamulator.services.errors import AWSError
from iamulator.services.kms import paging, policy


def _policy_name(params: dict) -> str:
    name = params.get("PolicyName") or policy.DEFAULT_POLICY_NAME
    if name != policy.DEFAULT_POLICY_NAME:
        raise AWSError("NotFoundException", f"Policy {name} does not exist; the only key policy name is default.")
    return name


class PolicyOperations:
    def get_key_policy(self, ctx, params) -> dict:
        name = _policy_name(params)
        with self._using(ctx, params["KeyId"]) as key:
            return {"Policy": key.policy, "PolicyName": name}

    def put_key_policy(self, ctx, params) -> dict:
        _policy_name(params)
        text = params["Policy"]
        with self._using(ctx, params["KeyId"]) as key:
            self._require_not_pending(key)
            policy.validate(text)
            key.policy = text
        return {}

    def list_key_policies(self, ctx, params) -> dict:
        with self._using(ctx, params["KeyId"]):
            return paging.page([policy.DEFAULT_POLICY_NAME], params, "PolicyNames", default=100, most=1000)
