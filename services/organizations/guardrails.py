"""Which organization each account belongs to (per store) and the SCP/RCP levels that govern it,
answered to authz through the provider it reads (``iamulator.authz.organizations``)."""
from __future__ import annotations

import weakref

from iamulator.authz import organizations as seam
from iamulator.services.organizations.records import RCP, SCP

# store -> {account id -> Organization}; the organization itself lives in the management
# account's backend, this index lets a member's request find it in one lookup.
_index: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _forget(store) -> None:
    _index.pop(store, None)


def join(store, account: str, org) -> None:
    members = _index.get(store)
    if members is None:
        members = _index[store] = {}
        store.on_reset(_forget)
    members[account] = org


def leave(store, account: str) -> None:
    members = _index.get(store)
    if members is not None:
        members.pop(account, None)


def organization_of(store, account: str):
    members = _index.get(store)
    return members.get(account) if members else None


class Provider:
    def __init__(self):
        self._levels: dict = {}
        self._keys: dict = {}

    def org_keys(self, store, account):
        org = organization_of(store, account)
        if org is None:
            return None
        key = (id(org), account)
        found = self._keys.get(key)
        if found is not None and found[0] is org and found[1] == org.version:
            return found[2]
        keys = (org.id, org.id + "/" + "/".join(org.path_of(account)[:-1]) + "/")
        if len(self._keys) > 4096:
            self._keys.clear()
        self._keys[key] = (org, org.version, keys)
        return keys

    def scp_levels(self, store, account):
        return self._levels_for(store, account, SCP)

    def rcp_levels(self, store, account):
        return self._levels_for(store, account, RCP)

    def _levels_for(self, store, account, policy_type):
        org = organization_of(store, account)
        # The management account is never restricted by the organization's policies.
        if org is None or account == org.management_account or policy_type not in org.enabled_types:
            return None
        key = (id(org), account, policy_type)
        found = self._levels.get(key)
        if found is not None and found[0] is org and found[1] == org.version:
            return found[2]
        from iamulator.services.organizations.backend import policy_by_id

        levels = [[policy_by_id(org, pid).compiled for pid in org.attachments.get(target, ())
                   if policy_by_id(org, pid).type == policy_type]
                  for target in org.path_of(account)]
        if len(self._levels) > 4096:
            self._levels.clear()
        self._levels[key] = (org, org.version, levels)
        return levels


seam.register(Provider())
