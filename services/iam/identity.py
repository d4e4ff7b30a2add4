"""The identity source authentication and authorization read (``authz.identity.IdentitySource``),
over IAM's state in the store.

``credentials`` finds an access key in any account with one dict lookup (``key_index``); the
mock's default key is the root user of the default account. Policies come back compiled and
named (inline policies by name, managed ones by ARN), and are cached per principal until the
owning account's IAM state changes (``Backend.generation``). Temporary credentials belong to
STS, whose lookup authentication consults after this source.

STS also uses ``find_role`` (trust policy, maximum session duration, tags, path, boundary).
"""
from __future__ import annotations

import time
from datetime import datetime, timezone

from iamulator import settings
from iamulator.authz.identity import Credentials, register_source, source
from iamulator.services.iam import key_index

def _name_of(arn: str) -> str:
    return arn.rsplit("/", 1)[-1]


def _resource_of(arn: str) -> str:
    return arn.split(":", 5)[-1]


_second: list = [None, None]      # epoch second, its datetime: one datetime per second


def _this_second() -> datetime:
    now = time.time()
    second = int(now)
    if _second[0] != second:
        _second[1] = datetime.fromtimestamp(second, timezone.utc)
        _second[0] = second
    return _second[1]


class IamIdentitySource:
    """``authz.identity.IdentitySource`` over a store (the process-wide one by default)."""

    def __init__(self, store=None):
        self._store = store
        self._default_root = Credentials(
            settings.DEFAULT_ACCESS_KEY_ID, settings.DEFAULT_SECRET_ACCESS_KEY, settings.DEFAULT_ACCOUNT_ID,
            f"arn:aws:iam::{settings.DEFAULT_ACCOUNT_ID}:root", settings.DEFAULT_ACCOUNT_ID)
        self._cache: dict = {}        # (kind, account, arn) -> (backend, generation, value)

    @property
    def store(self):
        if self._store is None:
            from iamulator.services.state import STORE
            self._store = STORE
        return self._store

    def _backend(self, account_id: str):
        return self.store.backend("iam", account_id, "aws-global")

    # -- keys ------------------------------------------------------------------------------
    def credentials(self, access_key_id: str) -> Credentials | None:
        entry = key_index.find(access_key_id, self.store)
        if entry is not None:
            key = entry[1]
            creds = key.credentials
            if creds is None:
                arn = key.user.arn if key.user is not None else f"arn:aws:iam::{key.account_id}:root"
                user_id = key.user.unique_id if key.user is not None else key.account_id
                creds = Credentials(key.access_key_id, key.secret, key.account_id, arn, user_id,
                                    active=key.status == "Active")
                key.credentials = creds
            return creds
        if access_key_id == settings.DEFAULT_ACCESS_KEY_ID:
            return self._default_root
        return None

    def record_use(self, creds: Credentials, service: str, region: str, when: datetime | None = None) -> None:
        """Authentication reports each use: GetAccessKeyLastUsed and RoleLastUsed show it."""
        when = when or _this_second()
        entry = key_index.find(creds.access_key_id, self.store)
        if entry is not None:
            key = entry[1]
            key.last_used, key.last_service, key.last_region = when, service, region
        session = creds.session
        role_arn = getattr(session, "role_arn", None) if session is not None else None
        if role_arn:
            role = self.find_role(creds.account_id, role_arn)
            if role is not None:
                role.last_used, role.last_used_region = when, region

    # -- entities --------------------------------------------------------------------------
    def find_role(self, account_id: str, role_name_or_arn: str):
        """The role record (``records.Role``: ``arn``, ``path``, ``trust`` compiled and
        ``trust_document``, ``max_session_duration``, ``tags``, ``boundary``), or None. An ARN
        names its own account."""
        name = role_name_or_arn
        if role_name_or_arn.startswith("arn:"):
            parts = role_name_or_arn.split(":", 5)
            if len(parts) != 6 or not parts[5].startswith("role/"):
                return None
            account_id, name = parts[4], _name_of(parts[5])
        return self._backend(account_id).roles.get(name.lower())

    def find_user(self, account_id: str, user_name_or_arn: str):
        name = user_name_or_arn
        if user_name_or_arn.startswith("arn:"):
            parts = user_name_or_arn.split(":", 5)
            if len(parts) != 6 or not parts[5].startswith("user/"):
                return None
            account_id, name = parts[4], _name_of(parts[5])
        return self._backend(account_id).users.get(name.lower())

    def _entity(self, creds: Credentials):
        """(backend, user or role record) behind the credentials; (backend, None) for the root
        user and principals IAM does not hold."""
        session = creds.session
        role_arn = getattr(session, "role_arn", None) if session is not None else None
        if role_arn:
            parts = role_arn.split(":", 5)
            backend = self._backend(parts[4] if len(parts) == 6 else creds.account_id)
            return backend, backend.roles.get(_name_of(role_arn).lower())
        backend = self._backend(creds.account_id)
        resource = _resource_of(creds.principal_arn)
        if resource.startswith("user/"):
            user = backend.users.get(_name_of(resource).lower())
            if user is not None and user.arn == creds.principal_arn:
                return backend, user
        return backend, None

    def _cached(self, kind: str, creds: Credentials, compute):
        session = creds.session
        who = getattr(session, "role_arn", None) if session is not None else None
        key = (kind, creds.account_id, who or creds.principal_arn)
        hit = self._cache.get(key)
        if hit is not None:
            # The backend alone says whether the entry is current; finding the entity
            # is only worth it on a miss.
            parts = who.split(":", 5) if who else None
            account = parts[4] if parts is not None and len(parts) == 6 else creds.account_id
            backend = self._backend(account)
            if hit[0] is backend and hit[1] == backend.generation:
                return hit[2]
        backend, entity = self._entity(creds)
        with backend.lock:
            generation = backend.generation
            value = compute(backend, entity)
        if len(self._cache) > 4096:
            self._cache.clear()
        self._cache[key] = (backend, generation, value)
        return value

    # -- what evaluation needs -------------------------------------------------------------
    def identity_policies(self, creds: Credentials) -> list:
        return self._cached("policies", creds, _policies_of)

    def permissions_boundary(self, creds: Credentials):
        return self._cached("boundary", creds, _boundary_of)

    def principal_tags(self, creds: Credentials) -> dict:
        tags = self._cached("tags", creds, lambda backend, entity: entity.tags.as_dict() if entity else {})
        session_tags = getattr(creds.session, "tags", None) if creds.session is not None else None
        if session_tags:
            tags = dict(tags)
            items = session_tags.items() if isinstance(session_tags, dict) else (
                (t["Key"], t["Value"]) for t in session_tags)
            for k, v in items:
                for existing in [e for e in tags if e.lower() == k.lower()]:
                    del tags[existing]
                tags[k] = v
        return tags


def _policies_of(backend, entity) -> list:
    if entity is None:
        return []
    out = [(name, doc) for name, doc in entity.inline.items()]
    out += [(arn, backend.policy_document(arn)) for arn in entity.attached]
    for group in getattr(entity, "groups", {}).values():
        out += [(name, doc) for name, doc in group.inline.items()]
        out += [(arn, backend.policy_document(arn)) for arn in group.attached]
    return [(name, doc) for name, doc in out if doc is not None]


def _boundary_of(backend, entity):
    if entity is None or not entity.boundary:
        return None
    doc = backend.policy_document(entity.boundary)
    return None if doc is None else (entity.boundary, doc)


#: The source over the process-wide store.
SOURCE = IamIdentitySource()


def install(replace: bool = True) -> IamIdentitySource:
    """Make authentication resolve keys through IAM; with ``replace=False`` only when no
    source is registered yet."""
    if replace or source() is None:
        register_source(SOURCE)
    return SOURCE
