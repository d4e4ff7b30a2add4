"""Inline policies of users, groups and roles: Put/Get/List/Delete{User,Group,Role}Policy."""
from __future__ import annotations

from iamulator.services.iam.documents import INLINE_KINDS, check_inline_total, compile_document, encoded
from iamulator.services.iam.errors import no_such_entity
from iamulator.services.iam.paging import page
from iamulator.services.iam.roles import protected

_NAME_PARAM = {"user": "UserName", "group": "GroupName", "role": "RoleName"}


class InlinePolicyOperations:
    def _inline_owner(self, entity_type: str, params):
        name = params[_NAME_PARAM[entity_type]]
        return getattr(self, entity_type)(name)

    def _put_inline(self, entity_type: str, params) -> dict:
        owner = self._inline_owner(entity_type, params)
        if entity_type == "role":
            protected(owner)
        policy_name = params["PolicyName"]
        text = params["PolicyDocument"]
        compiled = compile_document(text, INLINE_KINDS[entity_type], policy_name, entity_name=owner.name)
        check_inline_total(entity_type, owner.name, owner.inline, policy_name, text)
        owner.inline[policy_name] = compiled
        return {}

    def _get_inline(self, entity_type: str, params) -> dict:
        owner = self._inline_owner(entity_type, params)
        policy_name = params["PolicyName"]
        doc = owner.inline.get(policy_name)
        if doc is None:
            raise no_such_entity(f"The {entity_type} policy with name {policy_name} cannot be found.")
        return {_NAME_PARAM[entity_type]: owner.name, "PolicyName": policy_name,
                "PolicyDocument": encoded(doc)}

    def _delete_inline(self, entity_type: str, params) -> dict:
        owner = self._inline_owner(entity_type, params)
        if entity_type == "role":
            protected(owner)
        policy_name = params["PolicyName"]
        if owner.inline.pop(policy_name, None) is None:
            raise no_such_entity(f"The {entity_type} policy with name {policy_name} cannot be found.")
        return {}

    def _list_inline(self, entity_type: str, params) -> dict:
        owner = self._inline_owner(entity_type, params)
        return page(sorted(owner.inline), params, lambda n: n, "PolicyNames")

    def put_user_policy(self, ctx, params):
        return self._put_inline("user", params)

    def put_group_policy(self, ctx, params):
        return self._put_inline("group", params)

    def put_role_policy(self, ctx, params):
        return self._put_inline("role", params)

    def get_user_policy(self, ctx, params):
        return self._get_inline("user", params)

    def get_group_policy(self, ctx, params):
        return self._get_inline("group", params)

    def get_role_policy(self, ctx, params):
        return self._get_inline("role", params)

    def delete_user_policy(self, ctx, params):
        return self._delete_inline("user", params)

    def delete_group_policy(self, ctx, params):
        return self._delete_inline("group", params)

    def delete_role_policy(self, ctx, params):
        return self._delete_inline("role", params)

    def list_user_policies(self, ctx, params):
        return self._list_inline("user", params)

    def list_group_policies(self, ctx, params):
        return self._list_inline("group", params)

    def list_role_policies(self, ctx, params):
        return self._list_inline("role", params)
