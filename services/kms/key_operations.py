"""Key lifecycle: CreateKey, DescribeKey, ListKeys, Enable/DisableKey, Schedule/CancelKeyDeletion,
UpdateKeyDescription."""
from __future__ import annotations

from iamulator.services.errors import AWSError
from iamulator.services.kms import clock, errors, paging, policy, specs, tags
from iamulator.services.kms.key import DISABLED, ENABLED, PENDING_DELETION, timestamp

DAY = 86400.0
DEFAULT_PENDING_WINDOW = 30
MIN_PENDING_WINDOW, MAX_PENDING_WINDOW = 7, 30
_CUSTOM_KEY_STORE_ORIGINS = ("AWS_CLOUDHSM", "EXTERNAL_KEY_STORE")


class KeyOperations:
    def create_key(self, ctx, params) -> dict:
        if params.get("KeySpec") and params.get("CustomerMasterKeySpec"):
            raise errors.validation("You cannot specify KeySpec and CustomerMasterKeySpec in the same request. "
                                    "CustomerMasterKeySpec is deprecated.")
        spec = params.get("KeySpec") or params.get("CustomerMasterKeySpec") or specs.SYMMETRIC_DEFAULT
        usage = params.get("KeyUsage") or specs.ENCRYPT_DECRYPT
        if spec in specs.UNSUPPORTED_SPECS:
            raise errors.unsupported(f"KeySpec {spec} is not supported in this Region.")
        if usage not in specs.SPECS[spec].usages:
            raise errors.validation(f"KeyUsage {usage} is not compatible with KeySpec {spec}")
        origin = params.get("Origin") or "AWS_KMS"
        store_id = params.get("CustomKeyStoreId")
        if origin in _CUSTOM_KEY_STORE_ORIGINS or store_id:
            if not store_id:
                raise errors.validation(f"You must specify a CustomKeyStoreId when Origin is {origin}")
            raise AWSError("CustomKeyStoreNotFoundException",
                           f"Custom key store {store_id} does not exist in this account and Region.")
        text = params.get("Policy")
        if text is not None:
            policy.validate(text)
        key_tags = tags.merged({}, params.get("Tags"))
        key = self._new_key(spec, usage, policy_text=text, description=params.get("Description") or "",
                            origin=origin, multi_region=bool(params.get("MultiRegion")), tags=key_tags)
        return {"KeyMetadata": key.metadata()}

    def describe_key(self, ctx, params) -> dict:
        with self._using(ctx, params["KeyId"], cross_account=True, create_managed=True) as key:
            return {"KeyMetadata": key.metadata()}

    def list_keys(self, ctx, params) -> dict:
        self._housekeeping()
        entries = [{"KeyId": k.key_id, "KeyArn": k.arn} for k in sorted(self.keys.values(), key=_by_id)]
        return paging.page(entries, params, "Keys", default=100, most=1000)

    def enable_key(self, ctx, params) -> dict:
        with self._using(ctx, params["KeyId"]) as key:
            self._require_not_pending(key)
            key.state = ENABLED
        return {}

    def disable_key(self, ctx, params) -> dict:
        with self._using(ctx, params["KeyId"]) as key:
            self._require_not_pending(key)
            key.state = DISABLED
        return {}

    def update_key_description(self, ctx, params) -> dict:
        with self._using(ctx, params["KeyId"]) as key:
            self._require_not_pending(key)
            key.description = params["Description"]
        return {}

    def schedule_key_deletion(self, ctx, params) -> dict:
        window = params.get("PendingWindowInDays")
        if window is None:
            window = DEFAULT_PENDING_WINDOW
        elif not MIN_PENDING_WINDOW <= window <= MAX_PENDING_WINDOW:
            raise errors.validation(f"PendingWindowInDays must be between {MIN_PENDING_WINDOW} and "
                                    f"{MAX_PENDING_WINDOW}")
        with self._using(ctx, params["KeyId"]) as key:
            if key.state == PENDING_DELETION:
                raise errors.invalid_state(key.arn, "pending deletion")
            key.state = PENDING_DELETION
            key.deletion_date = clock.now() + window * DAY
            self._note_due(key.deletion_date)
            return {"KeyId": key.arn, "DeletionDate": timestamp(key.deletion_date), "KeyState": key.state,
                    "PendingWindowInDays": window}

    def cancel_key_deletion(self, ctx, params) -> dict:
        with self._using(ctx, params["KeyId"]) as key:
            if key.state != PENDING_DELETION:
                raise errors.invalid_state(key.arn, "not pending deletion")
            # A key whose deletion is cancelled comes back disabled.
            key.state = DISABLED
            key.deletion_date = None
            return {"KeyId": key.arn}


def _by_id(key) -> str:
    return key.key_id
