"""UpdateTable, time to live, tags and continuous backups of a table.

Changes take effect at once and the table stays ACTIVE, so waiters pass immediately. Time to
live is recorded and described; expired items are not deleted (DynamoDB itself deletes them
only eventually, typically within days).
"""
from __future__ import annotations

from datetime import datetime, timezone

from iamulator.services.dynamodb import schema
from iamulator.services.dynamodb.tables import INVALID, Index
from iamulator.services.errors import AWSError

NOTHING_TO_UPDATE = ("At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, "
                     "GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is required")


def _invalid(message: str) -> AWSError:
    return AWSError("ValidationException", message)


def _same_throughput(current: dict, requested: dict) -> AWSError:
    r, w = current.get("ReadCapacityUnits"), current.get("WriteCapacityUnits")
    return _invalid("The provisioned throughput for the table will not change. The requested value equals the "
                    f"current value. Current ReadCapacityUnits provisioned for the table: {r}. Requested "
                    f"ReadCapacityUnits: {requested.get('ReadCapacityUnits')}. Current WriteCapacityUnits "
                    f"provisioned for the table: {w}. Requested WriteCapacityUnits: "
                    f"{requested.get('WriteCapacityUnits')}. Refer to the Amazon DynamoDB Developer Guide for "
                    "current limits and how to request higher limits.")


def _existing_gsi(table, name: str):
    index = table.indexes.get(name)
    if index is None or index.kind != "GSI":
        raise AWSError("ResourceNotFoundException", f"Requested resource not found: Index: {name} not found")
    return index


class TableSettings:
    """Mixed into the DynamoDB backend, which provides ``_table`` and ``tables``."""

    # -- UpdateTable -------------------------------------------------------------------------
    def update_table(self, ctx, params):
        table = self._table(params, describe=True)
        changes = ("ProvisionedThroughput", "BillingMode", "StreamSpecification", "GlobalSecondaryIndexUpdates",
                   "SSESpecification", "ReplicaUpdates", "TableClass", "DeletionProtectionEnabled",
                   "OnDemandThroughput", "WarmThroughput")
        if not any(params.get(k) is not None for k in changes):
            raise _invalid(NOTHING_TO_UPDATE)
        schema.check_stream_specification(params.get("StreamSpecification"))
        billing = params.get("BillingMode", table.billing_mode or "PROVISIONED")
        if billing not in ("PROVISIONED", "PAY_PER_REQUEST"):
            raise schema.constraint(billing, "billingMode",
                                    "Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]")
        throughput = params.get("ProvisionedThroughput")
        if billing == "PAY_PER_REQUEST" and throughput:
            raise _invalid(INVALID + "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when "
                                     "BillingMode is PAY_PER_REQUEST")
        if billing == "PROVISIONED" and (table.billing_mode or "PROVISIONED") != "PROVISIONED" and not throughput:
            raise _invalid(INVALID + "ProvisionedThroughput must be specified when BillingMode is PROVISIONED")
        if throughput and billing == "PROVISIONED" and (table.billing_mode or "PROVISIONED") == "PROVISIONED":
            current = table.throughput or {}
            if all(current.get(k) == throughput.get(k) for k in ("ReadCapacityUnits", "WriteCapacityUnits")):
                raise _same_throughput(current, throughput)
        definitions = {d["AttributeName"]: d for d in table.attribute_definitions}
        for d in params.get("AttributeDefinitions") or ():
            definitions[d["AttributeName"]] = dict(d)
        index_changes = self._index_changes(table, params.get("GlobalSecondaryIndexUpdates") or (),
                                            list(definitions), billing)
        stream = params.get("StreamSpecification")
        if stream is not None:
            if stream.get("StreamEnabled") and table.stream is not None:
                raise _invalid(f"Table already has an enabled stream: TableName: {table.name}")
            if not stream.get("StreamEnabled") and table.stream is None:
                raise _invalid(f"Table already has no enabled stream: TableName: {table.name}")

        # Everything is valid: apply.
        if "BillingMode" in params:
            table.billing_mode = billing
            if billing == "PAY_PER_REQUEST":
                table.throughput = None
        if throughput:
            table.throughput = dict(throughput)
        for change in index_changes:
            change()
        if index_changes:
            used = {k["AttributeName"] for i in table.indexes.values() for k in i.definition["KeySchema"]}
            used.update(table.key_names())
            table.attribute_definitions = [d for d in definitions.values() if d["AttributeName"] in used]
            table.types = {d["AttributeName"]: d["AttributeType"] for d in table.attribute_definitions}
            table.indexes_changed()
        if stream is not None:
            if stream.get("StreamEnabled"):
                table.enable_stream(stream["StreamViewType"])
            else:
                table.disable_stream()
        if params.get("SSESpecification") is not None:
            table.sse_specification = dict(params["SSESpecification"])
        if params.get("TableClass") is not None:
            table.table_class = params["TableClass"]
        if params.get("DeletionProtectionEnabled") is not None:
            table.deletion_protection = bool(params["DeletionProtectionEnabled"])
        return {"TableDescription": table.describe()}

    def _index_changes(self, table, updates, defined: list, billing: str) -> list:
        """Validates GlobalSecondaryIndexUpdates; returns the changes to apply once all is valid."""
        changes = []
        for update in updates:
            if "Create" in update:
                spec = dict(update["Create"])
                name = spec.get("IndexName")
                if name in table.indexes:
                    raise _invalid("Attempting to create an index which already exists")
                schema.check_key_schema(spec.get("KeySchema") or [], defined,
                                        "globalSecondaryIndexUpdates.member.create.keySchema")
                schema.check_projection(spec)
                if billing == "PROVISIONED" and not spec.get("ProvisionedThroughput"):
                    raise _invalid(INVALID + f"ProvisionedThroughput must be specified for index: {name}")
                if billing == "PAY_PER_REQUEST" and spec.get("ProvisionedThroughput"):
                    raise _invalid(INVALID + f"ProvisionedThroughput should not be specified for index: {name} "
                                             "when BillingMode is PAY_PER_REQUEST")
                changes.append(lambda spec=spec: table.indexes.__setitem__(
                    spec["IndexName"], Index("GSI", spec, table.arn)))
            elif "Delete" in update:
                name = update["Delete"].get("IndexName")
                index = _existing_gsi(table, name)
                changes.append(lambda name=name: table.indexes.pop(name))
            elif "Update" in update:
                name = update["Update"].get("IndexName")
                index = _existing_gsi(table, name)
                wanted = update["Update"].get("ProvisionedThroughput")
                changes.append(lambda index=index, wanted=wanted: index.definition.__setitem__(
                    "ProvisionedThroughput", dict(wanted or {})))
        return changes

    # -- time to live ------------------------------------------------------------------------
    def update_time_to_live(self, ctx, params):
        table = self._table(params, describe=True)
        spec = params.get("TimeToLiveSpecification") or {}
        enabled, attribute = bool(spec.get("Enabled")), spec.get("AttributeName")
        if enabled and table.ttl_attribute is not None:
            raise _invalid("TimeToLive is already enabled")
        if not enabled and table.ttl_attribute is None:
            raise _invalid("TimeToLive is already disabled")
        if not enabled and attribute != table.ttl_attribute:
            raise _invalid(f"TimeToLive is active on a different AttributeName: current AttributeName is "
                           f"{table.ttl_attribute}")
        table.ttl_attribute = attribute if enabled else None
        return {"TimeToLiveSpecification": {"Enabled": enabled, "AttributeName": attribute}}

    def describe_time_to_live(self, ctx, params):
        table = self._table(params, describe=True)
        if table.ttl_attribute is None:
            return {"TimeToLiveDescription": {"TimeToLiveStatus": "DISABLED"}}
        return {"TimeToLiveDescription": {"TimeToLiveStatus": "ENABLED", "AttributeName": table.ttl_attribute}}

    # -- tags --------------------------------------------------------------------------------
    def _tagged(self, params: dict):
        arn = params.get("ResourceArn") or ""
        _, _, rest = arn.partition(":table/")
        parts = arn.split(":")
        if not rest or len(parts) < 6 or parts[2] != "dynamodb":
            raise _invalid(f"Invalid TableArn: Invalid ResourceArn provided as input {arn}")
        table = self.tables.get(rest.split("/", 1)[0])
        if table is None or table.arn != arn.split("/index/", 1)[0].split("/stream/", 1)[0]:
            raise AWSError("ResourceNotFoundException", f"Requested resource not found: ResourcArn: {arn} not found")
        return table

    def tag_resource(self, ctx, params):
        table = self._tagged(params)
        tags = {t["Key"]: t.get("Value", "") for t in table.tags}
        for t in params.get("Tags") or ():
            tags[t["Key"]] = t.get("Value", "")
        if len(tags) > 50:
            raise _invalid("One or more parameter values were invalid: Too many tags")
        table.tags = [{"Key": k, "Value": v} for k, v in tags.items()]
        return {}

    def untag_resource(self, ctx, params):
        table = self._tagged(params)
        gone = set(params.get("TagKeys") or ())
        table.tags = [t for t in table.tags if t["Key"] not in gone]
        return {}

    def list_tags_of_resource(self, ctx, params):
        table = self._tagged(params)
        return {"Tags": [dict(t) for t in table.tags]}

    # -- continuous backups ------------------------------------------------------------------
    def _backups_table(self, params: dict):
        name = schema.table_name(params)
        table = self.tables.get(name)
        if table is None:
            raise AWSError("TableNotFoundException", f"Table not found: {name}")
        return table

    @staticmethod
    def _backups(table) -> dict:
        recovery = {"PointInTimeRecoveryStatus": "ENABLED" if table.point_in_time_recovery else "DISABLED"}
        if table.point_in_time_recovery:
            recovery.update({"RecoveryPeriodInDays": 35, "EarliestRestorableDateTime": table.created,
                             "LatestRestorableDateTime": datetime.now(timezone.utc)})
        return {"ContinuousBackupsDescription": {"ContinuousBackupsStatus": "ENABLED",
                                                 "PointInTimeRecoveryDescription": recovery}}

    def describe_continuous_backups(self, ctx, params):
        return self._backups(self._backups_table(params))

    def update_continuous_backups(self, ctx, params):
        table = self._backups_table(params)
        spec = params.get("PointInTimeRecoverySpecification") or {}
        table.point_in_time_recovery = bool(spec.get("PointInTimeRecoveryEnabled"))
        return self._backups(table)
