"""Access keys of users and of the root user, and when each was last used."""
from __future__ import annotations

from iamulator.services.iam import ids, key_index
from iamulator.services.iam.account import now
from iamulator.services.iam.errors import no_such_entity, quota
from iamulator.services.iam.paging import page
from iamulator.services.iam.records import AccessKey

MAX_KEYS = 2


def key_metadata(key) -> dict:
    out = {"AccessKeyId": key.access_key_id, "Status": key.status, "CreateDate": key.created}
    if key.user is not None:
        out["UserName"] = key.user.name
    return out


class AccessKeyOperations:
    def _key_owner(self, ctx, params):
        return self.caller_user(ctx, params)

    def _keys_of(self, user) -> dict:
        return self.root_keys if user is None else user.access_keys

    def _owned_key(self, ctx, params):
        user = self._key_owner(ctx, params)
        akid = params["AccessKeyId"]
        key = self._keys_of(user).get(akid)
        if key is None:
            raise no_such_entity(f"The Access Key with id {akid} cannot be found.")
        return user, key

    def create_access_key(self, ctx, params) -> dict:
        user = self._key_owner(ctx, params)
        keys = self._keys_of(user)
        if len(keys) >= MAX_KEYS:
            raise quota("AccessKeysPerUser", MAX_KEYS)
        key = AccessKey(ids.access_key_id(), ids.secret_access_key(), self.account_id, user, now())
        keys[key.access_key_id] = key
        key_index.add(self, key)
        out = key_metadata(key)
        out["SecretAccessKey"] = key.secret
        return {"AccessKey": out}

    def list_access_keys(self, ctx, params) -> dict:
        user = self._key_owner(ctx, params)
        keys = sorted(self._keys_of(user).values(), key=lambda k: (k.created, k.access_key_id))
        out = page(keys, params, None, "AccessKeyMetadata")
        out["AccessKeyMetadata"] = [key_metadata(k) for k in out["AccessKeyMetadata"]]
        return out

    def update_access_key(self, ctx, params) -> dict:
        _, key = self._owned_key(ctx, params)
        key.status = params["Status"]
        key.credentials = None
        return {}

    def delete_access_key(self, ctx, params) -> dict:
        user, key = self._owned_key(ctx, params)
        del self._keys_of(user)[key.access_key_id]
        key_index.remove(key.access_key_id)
        return {}

    def get_access_key_last_used(self, ctx, params) -> dict:
        akid = params["AccessKeyId"]
        entry = key_index.find(akid, self.store)
        if entry is None or entry[1].account_id != self.account_id:
            raise no_such_entity(f"The Access Key with id {akid} cannot be found.")
        key = entry[1]
        if key.last_used is None:
            used = {"ServiceName": "N/A", "Region": "N/A"}
        else:
            used = {"LastUsedDate": key.last_used, "ServiceName": key.last_service, "Region": key.last_region}
        out = {"AccessKeyLastUsed": used}
        if key.user is not None:
            out["UserName"] = key.user.name
        return out
