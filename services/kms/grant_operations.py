"""Grants: CreateGrant, ListGrants, RetireGrant, RevokeGrant, ListRetirableGrants.

Grants are stored on their key and listed as KMS lists them; whether a grant lets a principal
use a key is decided where requests are authorized, from ``Key.grants``.
"""
from __future__ import annotations

from iamulator.services.errors import AWSError
from iamulator.services.kms import clock, errors, grants, ids, paging
from iamulator.services.kms.key import Grant


class GrantOperations:
    def create_grant(self, ctx, params) -> dict:
        operations = list(params["Operations"])
        constraints = params.get("Constraints") or None
        with self._using(ctx, params["KeyId"], cross_account=True) as key:
            self._require_state(key)
            grants.check_request(key, operations, constraints)
            name = params.get("Name")
            retiring = params.get("RetiringPrincipal")
            if params.get("DryRun"):
                raise errors.dry_run()
            if name is not None:
                for grant in key.grants.values():
                    if (grant.name, grant.grantee, grant.retiring, grant.operations, grant.constraints) == (
                            name, params["GranteePrincipal"], retiring, operations, constraints):
                        return {"GrantToken": grants.token(grant.grant_id, key.arn), "GrantId": grant.grant_id}
            grant = Grant(grant_id=grants.new_grant_id(), key_arn=key.arn, grantee=params["GranteePrincipal"],
                          operations=operations, issuing_account=ids.root_arn(self.region, self.account_id),
                          created=clock.now(), name=name, retiring=retiring, constraints=constraints)
            key.grants[grant.grant_id] = grant
            return {"GrantToken": grants.token(grant.grant_id, key.arn), "GrantId": grant.grant_id}

    def list_grants(self, ctx, params) -> dict:
        grant_id, grantee = params.get("GrantId"), params.get("GranteePrincipal")
        # Grants stay visible and removable whatever the key's state.
        with self._using(ctx, params["KeyId"], cross_account=True) as key:
            entries = [g.entry() for g in key.grants.values()
                       if (grant_id is None or g.grant_id == grant_id) and (grantee is None or g.grantee == grantee)]
        return paging.page(entries, params, "Grants", default=50, most=100)

    def retire_grant(self, ctx, params) -> dict:
        token, grant_id, key_id = params.get("GrantToken"), params.get("GrantId"), params.get("KeyId")
        if token:
            grant_id, key_id = grants.parse_token(token)
        elif not (grant_id and key_id):
            raise errors.validation("Grant ID and key ID, or a grant token, are required to retire a grant.")
        self._remove_grant(ctx, key_id, grant_id, bool(params.get("DryRun")))
        return {}

    def revoke_grant(self, ctx, params) -> dict:
        self._remove_grant(ctx, params["KeyId"], params["GrantId"], bool(params.get("DryRun")))
        return {}

    def _remove_grant(self, ctx, key_id: str, grant_id: str, dry_run: bool) -> None:
        if not grants.is_grant_id(grant_id):
            raise AWSError("InvalidGrantIdException", f"Invalid grant ID {grant_id}")
        with self._using(ctx, key_id, cross_account=True) as key:
            if grant_id not in key.grants:
                raise AWSError("NotFoundException", f"Grant ID {grant_id} not found")
            if dry_run:
                raise errors.dry_run()
            del key.grants[grant_id]

    def list_retirable_grants(self, ctx, params) -> dict:
        principal = params["RetiringPrincipal"]
        backends = [self] if ctx is None or ctx.store is None else [
            b for _, region, b in ctx.store.existing(self.name) if region == self.region]
        entries = []
        for backend in backends:
            for key in list(backend.keys.values()):
                entries.extend(g.entry() for g in list(key.grants.values()) if g.retiring == principal)
        return paging.page(entries, params, "Grants", default=50, most=100)
