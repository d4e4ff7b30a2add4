import boto3
import pytest

from ddb_support import REGION, error_of, make_table, validation


@pytest.fixture
def streams(ddb):
    return boto3.client("dynamodbstreams", region_name=REGION)


def streamed(ddb, view="NEW_AND_OLD_IMAGES", name="streamed"):
    make_table(ddb, name=name, StreamSpecification={"StreamEnabled": True, "StreamViewType": view})
    return ddb.describe_table(TableName=name)["Table"]["LatestStreamArn"]


def records(streams, arn, kind="TRIM_HORIZON", **extra):
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    it = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType=kind, **extra)["ShardIterator"]
    return streams.get_records(ShardIterator=it)


def write_insert_modify_remove(ddb, table="streamed"):
    ddb.put_item(TableName=table, Item={"pk": {"S": "a"}, "v": {"N": "1"}})
    ddb.put_item(TableName=table, Item={"pk": {"S": "a"}, "v": {"N": "1"}})      # no change: no record
    ddb.update_item(TableName=table, Key={"pk": {"S": "a"}}, UpdateExpression="SET v = :v",
                    ExpressionAttributeValues={":v": {"N": "2"}})
    ddb.delete_item(TableName=table, Key={"pk": {"S": "a"}})
    ddb.delete_item(TableName=table, Key={"pk": {"S": "a"}})                     # nothing to delete


def test_create_table_with_a_stream_describes_it(ddb, streams):
    arn = streamed(ddb)
    table = ddb.describe_table(TableName="streamed")["Table"]
    assert arn == f"{table['TableArn']}/stream/{table['LatestStreamLabel']}"
    assert streams.list_streams()["Streams"] == [
        {"StreamArn": arn, "TableName": "streamed", "StreamLabel": table["LatestStreamLabel"]}]
    d = streams.describe_stream(StreamArn=arn)["StreamDescription"]
    assert (d["StreamStatus"], d["StreamViewType"], d["TableName"]) == ("ENABLED", "NEW_AND_OLD_IMAGES", "streamed")
    assert d["KeySchema"] == [{"AttributeName": "pk", "KeyType": "HASH"}]
    assert len(d["Shards"]) == 1 and "EndingSequenceNumber" not in d["Shards"][0]["SequenceNumberRange"]


@pytest.mark.parametrize("view, old, new", [
    ("NEW_AND_OLD_IMAGES", True, True), ("NEW_IMAGE", False, True), ("OLD_IMAGE", True, False),
    ("KEYS_ONLY", False, False),
])
def test_insert_modify_remove_records_per_view_type(ddb, streams, view, old, new):
    arn = streamed(ddb, view)
    write_insert_modify_remove(ddb)
    got = records(streams, arn)["Records"]
    assert [r["eventName"] for r in got] == ["INSERT", "MODIFY", "REMOVE"]
    for r in got:
        assert (r["eventSource"], r["eventVersion"], r["awsRegion"]) == ("aws:dynamodb", "1.1", REGION)
        assert r["dynamodb"]["Keys"] == {"pk": {"S": "a"}}
        assert r["dynamodb"]["StreamViewType"] == view
    images = [("OldImage" in r["dynamodb"], "NewImage" in r["dynamodb"]) for r in got]
    assert images == [(False, new), (old, new), (old, False)]
    if new:
        assert got[1]["dynamodb"]["NewImage"] == {"pk": {"S": "a"}, "v": {"N": "2"}}
    if old:
        assert got[2]["dynamodb"]["OldImage"] == {"pk": {"S": "a"}, "v": {"N": "2"}}
    sequence = [int(r["dynamodb"]["SequenceNumber"]) for r in got]
    assert sequence == sorted(sequence) and len(set(sequence)) == 3


def test_iterators_and_paging(ddb, streams):
    arn = streamed(ddb)
    write_insert_modify_remove(ddb)
    first = records(streams, arn)["Records"]
    assert records(streams, arn, "LATEST")["Records"] == []
    second = first[1]["dynamodb"]["SequenceNumber"]
    at = records(streams, arn, "AT_SEQUENCE_NUMBER", SequenceNumber=second)["Records"]
    after = records(streams, arn, "AFTER_SEQUENCE_NUMBER", SequenceNumber=second)["Records"]
    assert [r["eventName"] for r in at] == ["MODIFY", "REMOVE"]
    assert [r["eventName"] for r in after] == ["REMOVE"]
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    it = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    page = streams.get_records(ShardIterator=it, Limit=2)
    assert len(page["Records"]) == 2
    rest = streams.get_records(ShardIterator=page["NextShardIterator"])
    assert [r["eventName"] for r in rest["Records"]] == ["REMOVE"]
    # An open shard always gives a next iterator, which sees later writes.
    ddb.put_item(TableName="streamed", Item={"pk": {"S": "b"}})
    later = streams.get_records(ShardIterator=rest["NextShardIterator"])["Records"]
    assert [r["eventName"] for r in later] == ["INSERT"]


def test_batches_and_transactions_are_recorded(ddb, streams):
    arn = streamed(ddb)
    ddb.batch_write_item(RequestItems={"streamed": [{"PutRequest": {"Item": {"pk": {"S": "a"}}}},
                                                    {"PutRequest": {"Item": {"pk": {"S": "b"}}}}]})
    ddb.transact_write_items(TransactItems=[{"Delete": {"TableName": "streamed", "Key": {"pk": {"S": "a"}}}}])
    assert [r["eventName"] for r in records(streams, arn)["Records"]] == ["INSERT", "INSERT", "REMOVE"]


def test_disabled_and_deleted_streams_stay_readable(ddb, streams):
    arn = streamed(ddb)
    ddb.put_item(TableName="streamed", Item={"pk": {"S": "a"}})
    ddb.update_table(TableName="streamed", StreamSpecification={"StreamEnabled": False})
    ddb.put_item(TableName="streamed", Item={"pk": {"S": "b"}})
    d = streams.describe_stream(StreamArn=arn)["StreamDescription"]
    assert d["StreamStatus"] == "DISABLED"
    assert "EndingSequenceNumber" in d["Shards"][0]["SequenceNumberRange"]
    page = records(streams, arn)
    assert [r["dynamodb"]["Keys"] for r in page["Records"]] == [{"pk": {"S": "a"}}]
    assert "NextShardIterator" not in page
    ddb.update_table(TableName="streamed", StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"})
    assert len(streams.list_streams(TableName="streamed")["Streams"]) == 2
    ddb.delete_table(TableName="streamed")
    assert len(streams.list_streams()["Streams"]) == 2
    assert records(streams, arn)["Records"][0]["eventName"] == "INSERT"


def test_stream_errors(ddb, streams):
    arn = streamed(ddb)
    missing = arn.replace("streamed", "nothing")
    assert error_of(streams.describe_stream, StreamArn=missing) == \
        ("ResourceNotFoundException", f"Requested resource not found: Stream: {missing} not found", 400)
    code, message, _ = error_of(streams.get_shard_iterator, StreamArn=arn, ShardId="shardId-00000000000000000000-nope",
                                ShardIteratorType="LATEST")
    assert (code, message) == ("ResourceNotFoundException", "Requested resource not found: Shard does not exist")
    assert validation(streams.get_records, ShardIterator="garbage-iterator-of-some-length") == "Invalid ShardIterator"
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    assert validation(streams.get_shard_iterator, StreamArn=arn, ShardId=shard,
                      ShardIteratorType="AT_SEQUENCE_NUMBER", SequenceNumber="100000000000000000099") == \
        "Invalid SequenceNumber for AT_SEQUENCE_NUMBER: 100000000000000000099"
    code, _, _ = error_of(streams.list_streams, TableName="nothing")
    assert code == "ResourceNotFoundException"


def test_tables_without_streams_record_nothing(ddb, streams):
    make_table(ddb, name="plain")
    ddb.put_item(TableName="plain", Item={"pk": {"S": "a"}})
    assert streams.list_streams()["Streams"] == []
    assert "LatestStreamArn" not in ddb.describe_table(TableName="plain")["Table"]
