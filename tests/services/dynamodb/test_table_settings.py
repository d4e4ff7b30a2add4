import pytest

from ddb_support import REGION, error_of, make_table, validation

INVALID = "One or more parameter values were invalid: "


def provisioned(ddb, name="prov", rcu=5, wcu=5):
    ddb.create_table(TableName=name, KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                     AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                     ProvisionedThroughput={"ReadCapacityUnits": rcu, "WriteCapacityUnits": wcu})
    return name


# -- UpdateTable ----------------------------------------------------------------------------------
def test_update_throughput_and_billing_mode(ddb):
    name = provisioned(ddb)
    d = ddb.update_table(TableName=name, ProvisionedThroughput={"ReadCapacityUnits": 7, "WriteCapacityUnits": 9})
    assert d["TableDescription"]["ProvisionedThroughput"]["ReadCapacityUnits"] == 7
    assert d["TableDescription"]["TableStatus"] == "ACTIVE"
    d = ddb.update_table(TableName=name, BillingMode="PAY_PER_REQUEST")["TableDescription"]
    assert d["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    assert d["ProvisionedThroughput"]["ReadCapacityUnits"] == 0
    assert validation(ddb.update_table, TableName=name, BillingMode="PROVISIONED") == \
        INVALID + "ProvisionedThroughput must be specified when BillingMode is PROVISIONED"
    assert validation(ddb.update_table, TableName=name,
                      ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}) == \
        INVALID + "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST"
    ddb.get_waiter("table_exists").wait(TableName=name)


def test_update_table_errors(ddb):
    name = provisioned(ddb)
    assert validation(ddb.update_table, TableName=name,
                      ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5}) == (
        "The provisioned throughput for the table will not change. The requested value equals the current value. "
        "Current ReadCapacityUnits provisioned for the table: 5. Requested ReadCapacityUnits: 5. Current "
        "WriteCapacityUnits provisioned for the table: 5. Requested WriteCapacityUnits: 5. Refer to the Amazon "
        "DynamoDB Developer Guide for current limits and how to request higher limits.")
    assert validation(ddb.update_table, TableName=name) == (
        "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates or "
        "SSESpecification or ReplicaUpdates is required")
    code, message, _ = error_of(ddb.update_table, TableName="missing", BillingMode="PAY_PER_REQUEST")
    assert (code, message) == ("ResourceNotFoundException", "Requested resource not found: Table: missing not found")


def test_global_secondary_index_create_and_delete(ddb):
    name = make_table(ddb)
    ddb.put_item(TableName=name, Item={"pk": {"S": "a"}, "g": {"S": "x"}})
    d = ddb.update_table(TableName=name, AttributeDefinitions=[{"AttributeName": "g", "AttributeType": "S"}],
                         GlobalSecondaryIndexUpdates=[{"Create": {
                             "IndexName": "by-g", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                             "Projection": {"ProjectionType": "KEYS_ONLY"}}}])["TableDescription"]
    [index] = d["GlobalSecondaryIndexes"]
    assert (index["IndexName"], index["IndexStatus"], index["ItemCount"]) == ("by-g", "ACTIVE", 1)
    r = ddb.query(TableName=name, IndexName="by-g", KeyConditionExpression="g = :g",
                  ExpressionAttributeValues={":g": {"S": "x"}})
    assert r["Items"] == [{"pk": {"S": "a"}, "g": {"S": "x"}}]
    assert validation(ddb.put_item, TableName=name, Item={"pk": {"S": "b"}, "g": {"N": "1"}}) == \
        INVALID + "Type mismatch for Index Key g Expected: S Actual: N IndexName: by-g"
    assert validation(ddb.update_table, TableName=name, GlobalSecondaryIndexUpdates=[{"Create": {
        "IndexName": "by-g", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
        "Projection": {"ProjectionType": "ALL"}}}]) == "Attempting to create an index which already exists"
    d = ddb.update_table(TableName=name, GlobalSecondaryIndexUpdates=[{"Delete": {"IndexName": "by-g"}}])
    assert "GlobalSecondaryIndexes" not in d["TableDescription"]
    assert d["TableDescription"]["AttributeDefinitions"] == [{"AttributeName": "pk", "AttributeType": "S"}]
    code, _, _ = error_of(ddb.update_table, TableName=name, GlobalSecondaryIndexUpdates=[{"Delete": {"IndexName": "by-g"}}])
    assert code == "ResourceNotFoundException"


def test_index_keys_must_be_defined(ddb):
    name = make_table(ddb)
    message = validation(ddb.update_table, TableName=name, GlobalSecondaryIndexUpdates=[{"Create": {
        "IndexName": "by-h", "KeySchema": [{"AttributeName": "h", "KeyType": "HASH"}],
        "Projection": {"ProjectionType": "ALL"}}}])
    assert message == INVALID + "Some index key attributes are not defined in AttributeDefinitions. Keys: [h], " \
                                "AttributeDefinitions: [pk]"


def test_stream_specification_on_update(ddb):
    name = make_table(ddb)
    d = ddb.update_table(TableName=name, StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"})
    d = d["TableDescription"]
    assert d["StreamSpecification"] == {"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"}
    assert d["LatestStreamArn"] == f"{d['TableArn']}/stream/{d['LatestStreamLabel']}"
    assert validation(ddb.update_table, TableName=name,
                      StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"}) == \
        f"Table already has an enabled stream: TableName: {name}"
    d = ddb.update_table(TableName=name, StreamSpecification={"StreamEnabled": False})["TableDescription"]
    assert "StreamSpecification" not in d and "LatestStreamArn" in d
    assert validation(ddb.create_table, TableName="bad", KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                      AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                      BillingMode="PAY_PER_REQUEST", StreamSpecification={"StreamEnabled": True,
                                                                          "StreamViewType": "EVERYTHING"}) == \
        "1 validation error detected: Value 'EVERYTHING' at 'streamSpecification.streamViewType' failed to satisfy " \
        "constraint: Member must satisfy enum value set: [NEW_IMAGE, OLD_IMAGE, NEW_AND_OLD_IMAGES, KEYS_ONLY]"


def test_deletion_protection_through_update_table(ddb):
    name = make_table(ddb)
    ddb.update_table(TableName=name, DeletionProtectionEnabled=True)
    assert validation(ddb.delete_table, TableName=name).startswith("Resource cannot be deleted")
    ddb.update_table(TableName=name, DeletionProtectionEnabled=False)
    ddb.delete_table(TableName=name)


# -- time to live ---------------------------------------------------------------------------------
def test_time_to_live(ddb):
    name = make_table(ddb)
    assert ddb.describe_time_to_live(TableName=name)["TimeToLiveDescription"] == {"TimeToLiveStatus": "DISABLED"}
    r = ddb.update_time_to_live(TableName=name, TimeToLiveSpecification={"Enabled": True, "AttributeName": "expires"})
    assert r["TimeToLiveSpecification"] == {"Enabled": True, "AttributeName": "expires"}
    assert ddb.describe_time_to_live(TableName=name)["TimeToLiveDescription"] == \
        {"TimeToLiveStatus": "ENABLED", "AttributeName": "expires"}
    assert validation(ddb.update_time_to_live, TableName=name,
                      TimeToLiveSpecification={"Enabled": True, "AttributeName": "other"}) == "TimeToLive is already enabled"
    ddb.update_time_to_live(TableName=name, TimeToLiveSpecification={"Enabled": False, "AttributeName": "expires"})
    assert validation(ddb.update_time_to_live, TableName=name,
                      TimeToLiveSpecification={"Enabled": False, "AttributeName": "expires"}) == \
        "TimeToLive is already disabled"
    code, _, _ = error_of(ddb.describe_time_to_live, TableName="missing")
    assert code == "ResourceNotFoundException"


# -- tags -----------------------------------------------------------------------------------------
def test_tags(ddb):
    name = make_table(ddb, Tags=[{"Key": "team", "Value": "red"}])
    arn = ddb.describe_table(TableName=name)["Table"]["TableArn"]
    ddb.tag_resource(ResourceArn=arn, Tags=[{"Key": "env", "Value": "test"}, {"Key": "team", "Value": "blue"}])
    assert sorted((t["Key"], t["Value"]) for t in ddb.list_tags_of_resource(ResourceArn=arn)["Tags"]) == \
        [("env", "test"), ("team", "blue")]
    ddb.untag_resource(ResourceArn=arn, TagKeys=["team", "absent"])
    assert ddb.list_tags_of_resource(ResourceArn=arn)["Tags"] == [{"Key": "env", "Value": "test"}]
    missing = f"arn:aws:dynamodb:{REGION}:123456789012:table/missing"
    assert error_of(ddb.list_tags_of_resource, ResourceArn=missing) == (
        "ResourceNotFoundException", f"Requested resource not found: ResourcArn: {missing} not found", 400)
    assert validation(ddb.tag_resource, ResourceArn="not-an-arn", Tags=[{"Key": "a", "Value": "b"}]) == \
        "Invalid TableArn: Invalid ResourceArn provided as input not-an-arn"


# -- continuous backups ---------------------------------------------------------------------------
def test_continuous_backups(ddb):
    name = make_table(ddb)
    d = ddb.describe_continuous_backups(TableName=name)["ContinuousBackupsDescription"]
    assert d == {"ContinuousBackupsStatus": "ENABLED",
                 "PointInTimeRecoveryDescription": {"PointInTimeRecoveryStatus": "DISABLED"}}
    d = ddb.update_continuous_backups(TableName=name, PointInTimeRecoverySpecification={
        "PointInTimeRecoveryEnabled": True})["ContinuousBackupsDescription"]
    assert d["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"] == "ENABLED"
    assert error_of(ddb.describe_continuous_backups, TableName="missing") == \
        ("TableNotFoundException", "Table not found: missing", 400)


@pytest.mark.parametrize("operation", ["update_time_to_live", "describe_continuous_backups"])
def test_table_arn_accepted_as_name(ddb, operation):
    name = make_table(ddb)
    arn = ddb.describe_table(TableName=name)["Table"]["TableArn"]
    kw = {"TimeToLiveSpecification": {"Enabled": True, "AttributeName": "e"}} if operation == "update_time_to_live" else {}
    getattr(ddb, operation)(TableName=arn, **kw)
