"""Aliases: CreateAlias, UpdateAlias, DeleteAlias, ListAliases.

An alias names one key of its own account and region; names begin with ``alias/`` and the
``alias/aws/`` names belong to AWS managed keys.
"""
from __future__ import annotations

from iamulator.services.errors import AWSError
from iamulator.services.kms import clock, errors, ids, paging
from iamulator.services.kms.key import Alias, timestamp

_PREFIX_MESSAGE = ('Alias must start with the prefix "alias/". Please see '
                   "https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html")


class AliasOperations:
    def _check_alias_name(self, name: str) -> None:
        if not name.startswith(ids.ALIAS_PREFIX):
            raise errors.validation(_PREFIX_MESSAGE)
        if name.startswith(ids.RESERVED_ALIAS_PREFIX):
            raise AWSError("NotAuthorizedException", "")

    def _alias(self, name: str) -> Alias:
        self._check_alias_name(name)
        self._housekeeping()
        alias = self.aliases.get(name)
        if alias is None:
            raise errors.alias_not_found(ids.alias_arn(self.region, self.account_id, name))
        return alias

    def create_alias(self, ctx, params) -> dict:
        name = params["AliasName"]
        self._check_alias_name(name)
        key = self._find_local(params["TargetKeyId"])
        self._require_not_pending(key)
        if name in self.aliases:
            raise AWSError("AlreadyExistsException", f"An alias with the name "
                                                     f"{ids.alias_arn(self.region, self.account_id, name)} "
                                                     "already exists")
        now = clock.now()
        self.aliases[name] = Alias(name, key.key_id, now, now)
        return {}

    def update_alias(self, ctx, params) -> dict:
        alias = self._alias(params["AliasName"])
        key = self._find_local(params["TargetKeyId"])
        self._require_not_pending(key)
        current = self.keys[alias.target]
        if (current.symmetric, current.usage) != (key.symmetric, key.usage):
            raise errors.validation(f"The new target key {key.arn} must have the same key spec type and key usage "
                                    f"({current.usage}) as the current target key {current.arn}.")
        alias.target = key.key_id
        alias.updated = clock.now()
        return {}

    def delete_alias(self, ctx, params) -> dict:
        alias = self._alias(params["AliasName"])
        del self.aliases[alias.name]
        return {}

    def list_aliases(self, ctx, params) -> dict:
        self._housekeeping()
        target = params.get("KeyId")
        wanted = self._find_local(target).key_id if target else None
        entries = [_entry(a, self.region, self.account_id) for _, a in sorted(self.aliases.items())
                   if wanted is None or a.target == wanted]
        return paging.page(entries, params, "Aliases", default=50, most=100)


def _entry(alias: Alias, region: str, account: str) -> dict:
    return {"AliasName": alias.name, "AliasArn": ids.alias_arn(region, account, alias.name),
            "TargetKeyId": alias.target, "CreationDate": timestamp(alias.created),
            "LastUpdatedDate": timestamp(alias.updated)}
