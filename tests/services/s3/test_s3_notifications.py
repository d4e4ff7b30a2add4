"""Bucket notifications: the configuration S3 validates, and events delivered end to end to SQS,
SNS, Lambda and EventBridge."""
import importlib
import io
import json
import zipfile

import boto3
import pytest
from s3_support import raises

from iamulator import mock_aws, set_initial_no_auth_action_count
from queue_messages import json_bodies

ACCOUNT = "123456789012"
REGION = "us-east-1"
UNABLE = "Unable to validate the following destination configurations"


@pytest.fixture
def sqs(aws):
    return boto3.client("sqs", region_name=REGION)


def make_queue(sqs, name="events", **attributes):
    url = sqs.create_queue(QueueName=name, Attributes=attributes)["QueueUrl"]
    return url, sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]


def drain(sqs, url) -> list:
    """Every message body on the queue, as JSON."""
    return json_bodies(sqs, url)


def records(sqs, url) -> list:
    """The S3 event records on the queue (test events left out)."""
    return [r for body in drain(sqs, url) if "Records" in body for r in body["Records"]]


def notify_queue(s3, bucket, arn, events=("s3:ObjectCreated:*",), rules=None, config_id="to-queue"):
    config = {"Id": config_id, "QueueArn": arn, "Events": list(events)}
    if rules:
        config["Filter"] = {"Key": {"FilterRules": [{"Name": n, "Value": v} for n, v in rules]}}
    s3.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration={"QueueConfigurations": [config]})


# -- configuration -------------------------------------------------------------------------------

def test_configuration_round_trip(s3, bucket, sqs):
    _, queue = make_queue(sqs)
    sns = boto3.client("sns", region_name=REGION)
    topic = sns.create_topic(Name="topic")["TopicArn"]
    assert "QueueConfigurations" not in s3.get_bucket_notification_configuration(Bucket=bucket)
    s3.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration={
        "QueueConfigurations": [{"Id": "q", "QueueArn": queue, "Events": ["s3:ObjectCreated:Put"],
                                 "Filter": {"Key": {"FilterRules": [{"Name": "prefix", "Value": "in/"},
                                                                    {"Name": "SUFFIX", "Value": ".csv"}]}}}],
        "TopicConfigurations": [{"TopicArn": topic, "Events": ["s3:ObjectRemoved:*"]}],
        "EventBridgeConfiguration": {}})
    got = s3.get_bucket_notification_configuration(Bucket=bucket)
    assert got["QueueConfigurations"] == [{"Id": "q", "QueueArn": queue, "Events": ["s3:ObjectCreated:Put"],
                                           "Filter": {"Key": {"FilterRules": [{"Name": "Prefix", "Value": "in/"},
                                                                              {"Name": "Suffix", "Value": ".csv"}]}}}]
    (topic_config,) = got["TopicConfigurations"]
    assert topic_config["TopicArn"] == topic and topic_config["Id"]       # an Id is made up when none is given
    assert got["EventBridgeConfiguration"] == {}
    # An empty configuration turns notifications off.
    s3.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration={})
    got = s3.get_bucket_notification_configuration(Bucket=bucket)
    assert not any(k in got for k in ("QueueConfigurations", "TopicConfigurations", "EventBridgeConfiguration"))


@pytest.mark.parametrize("config, message", [
    ({"Events": ["s3:ObjectCreated:Get"]}, "The event is not supported for notifications"),
    ({"Filter": {"Key": {"FilterRules": [{"Name": "middle", "Value": "x"}]}}},
     "filter rule name must be either prefix or suffix"),
    ({"Filter": {"Key": {"FilterRules": [{"Name": "prefix", "Value": "a"}, {"Name": "Prefix", "Value": "b"}]}}},
     "Cannot specify more than one prefix rule in a filter."),
])
def test_invalid_configurations(s3, bucket, sqs, config, message):
    _, queue = make_queue(sqs)
    with raises("InvalidArgument", 400, message):
        s3.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration={
            "QueueConfigurations": [{"QueueArn": queue, "Events": ["s3:ObjectCreated:*"], **config}]})


def test_overlapping_configurations(s3, bucket, sqs):
    _, first = make_queue(sqs, "first")
    _, second = make_queue(sqs, "second")

    def put(prefix_a, prefix_b, events_b=("s3:ObjectCreated:Put",)):
        s3.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration={"QueueConfigurations": [
            {"QueueArn": first, "Events": ["s3:ObjectCreated:*"],
             "Filter": {"Key": {"FilterRules": [{"Name": "prefix", "Value": prefix_a}]}}},
            {"QueueArn": second, "Events": list(events_b),
             "Filter": {"Key": {"FilterRules": [{"Name": "prefix", "Value": prefix_b}]}}}]})

    with raises("InvalidArgument", 400, "Configurations overlap. Configurations on the same bucket cannot share a "
                                        "common event type."):
        put("logs/", "logs/2024/")
    put("logs/", "images/")                                       # disjoint prefixes
    put("logs/", "logs/", events_b=("s3:ObjectRemoved:Delete",))  # disjoint events


def test_missing_destinations_are_named(s3, bucket):
    queue = f"arn:aws:sqs:{REGION}:{ACCOUNT}:nowhere"
    topic = f"arn:aws:sns:{REGION}:{ACCOUNT}:nothing"
    with raises("InvalidArgument", 400, UNABLE) as err:
        s3.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration={
            "QueueConfigurations": [{"QueueArn": queue, "Events": ["s3:ObjectCreated:*"]}],
            "TopicConfigurations": [{"TopicArn": topic, "Events": ["s3:ObjectRemoved:*"]}]})
    assert (err["ArgumentName1"], err["ArgumentValue1"]) == (queue, "The destination queue does not exist")
    assert (err["ArgumentName2"], err["ArgumentValue2"]) == (topic, "The destination topic does not exist")
    assert "QueueConfigurations" not in s3.get_bucket_notification_configuration(Bucket=bucket)
    # SkipDestinationValidation stores it anyway.
    s3.put_bucket_notification_configuration(Bucket=bucket, SkipDestinationValidation=True, NotificationConfiguration={
        "QueueConfigurations": [{"QueueArn": queue, "Events": ["s3:ObjectCreated:*"]}]})
    assert s3.get_bucket_notification_configuration(Bucket=bucket)["QueueConfigurations"][0]["QueueArn"] == queue
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")      # delivering to nowhere fails quietly


def test_fifo_queues_and_other_regions_are_refused(s3, bucket, sqs):
    _, fifo = make_queue(sqs, "events.fifo", FifoQueue="true")
    west = boto3.client("sqs", region_name="us-west-2")
    _, elsewhere = make_queue(west, "west")
    for arn in (fifo, elsewhere):
        with raises("InvalidArgument", 400, UNABLE):
            notify_queue(s3, bucket, arn)


def test_a_test_event_is_sent_on_configuration(s3, bucket, sqs):
    url, queue = make_queue(sqs)
    notify_queue(s3, bucket, queue)
    (body,) = drain(sqs, url)
    assert (body["Service"], body["Event"], body["Bucket"]) == ("Amazon S3", "s3:TestEvent", bucket)
    assert body["Time"].endswith("Z") and body["RequestId"] and body["HostId"]


# -- delivery ------------------------------------------------------------------------------------

def test_put_object_event_reaches_the_queue(s3, bucket, sqs):
    url, queue = make_queue(sqs)
    notify_queue(s3, bucket, queue)
    drain(sqs, url)
    put = s3.put_object(Bucket=bucket, Key="dir/my file+1.txt", Body=b"hello")
    (record,) = records(sqs, url)
    assert record["eventVersion"] == "2.1"
    assert record["eventSource"] == "aws:s3"
    assert record["awsRegion"] == REGION
    assert record["eventName"] == "ObjectCreated:Put"
    assert record["eventTime"].endswith("Z")
    s3_part = record["s3"]
    assert s3_part["s3SchemaVersion"] == "1.0"
    assert s3_part["configurationId"] == "to-queue"
    assert s3_part["bucket"]["name"] == bucket
    assert s3_part["bucket"]["arn"] == f"arn:aws:s3:::{bucket}"
    assert len(s3_part["bucket"]["ownerIdentity"]["principalId"]) == 64
    obj = s3_part["object"]
    assert obj["key"] == "dir/my+file%2B1.txt"          # URL-encoded, as S3 sends keys
    assert obj["size"] == 5
    assert obj["eTag"] == put["ETag"].strip('"')
    assert "versionId" not in obj
    assert len(obj["sequencer"]) == 18


def test_events_filters_and_sequencers(s3, bucket, sqs):
    url, queue = make_queue(sqs)
    notify_queue(s3, bucket, queue, events=("s3:ObjectCreated:*", "s3:ObjectRemoved:*"),
                 rules=[("prefix", "in/"), ("suffix", ".csv")])
    drain(sqs, url)
    s3.put_object(Bucket=bucket, Key="in/a.csv", Body=b"1")
    s3.put_object(Bucket=bucket, Key="in/a.txt", Body=b"1")      # suffix does not match
    s3.put_object(Bucket=bucket, Key="out/a.csv", Body=b"1")     # prefix does not match
    s3.copy_object(Bucket=bucket, Key="in/b.csv", CopySource=f"{bucket}/in/a.csv")
    s3.delete_object(Bucket=bucket, Key="in/a.csv")
    got = records(sqs, url)
    assert [(r["eventName"], r["s3"]["object"]["key"]) for r in got] == [
        ("ObjectCreated:Put", "in/a.csv"), ("ObjectCreated:Copy", "in/b.csv"), ("ObjectRemoved:Delete", "in/a.csv")]
    removed = got[2]["s3"]["object"]
    assert "size" not in removed and "eTag" not in removed
    sequencers = [r["s3"]["object"]["sequencer"] for r in got]
    assert sequencers == sorted(sequencers)


def test_versioned_bucket_events_carry_version_ids(s3, bucket, sqs):
    url, queue = make_queue(sqs)
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    notify_queue(s3, bucket, queue, events=("s3:ObjectCreated:*", "s3:ObjectRemoved:DeleteMarkerCreated"))
    drain(sqs, url)
    version = s3.put_object(Bucket=bucket, Key="k", Body=b"x")["VersionId"]
    marker = s3.delete_object(Bucket=bucket, Key="k")["VersionId"]
    created, removed = records(sqs, url)
    assert created["s3"]["object"]["versionId"] == version
    assert (removed["eventName"], removed["s3"]["object"]["versionId"]) == ("ObjectRemoved:DeleteMarkerCreated",
                                                                           marker)


def test_events_not_selected_are_not_sent(s3, bucket, sqs):
    url, queue = make_queue(sqs)
    notify_queue(s3, bucket, queue, events=("s3:ObjectRemoved:*",))
    drain(sqs, url)
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    assert records(sqs, url) == []
    s3.delete_object(Bucket=bucket, Key="k")
    assert [r["eventName"] for r in records(sqs, url)] == ["ObjectRemoved:Delete"]


def test_topic_delivers_to_its_subscribers(s3, bucket, sqs):
    url, queue = make_queue(sqs)
    sns = boto3.client("sns", region_name=REGION)
    topic = sns.create_topic(Name="uploads")["TopicArn"]
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue)
    s3.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration={
        "TopicConfigurations": [{"Id": "to-topic", "TopicArn": topic, "Events": ["s3:ObjectCreated:Put"]}]})
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    envelopes = drain(sqs, url)
    assert [e["Type"] for e in envelopes] == ["Notification", "Notification"]
    test_event, event = (json.loads(e["Message"]) for e in envelopes)
    assert test_event["Event"] == "s3:TestEvent"
    assert envelopes[1]["Subject"] == "Amazon S3 Notification"
    assert envelopes[1]["TopicArn"] == topic
    (record,) = event["Records"]
    assert (record["eventName"], record["s3"]["configurationId"]) == ("ObjectCreated:Put", "to-topic")


def test_eventbridge_receives_object_created(s3, bucket, sqs):
    url, queue = make_queue(sqs)
    events = boto3.client("events", region_name=REGION)
    events.put_rule(Name="s3-created", EventPattern=json.dumps({"source": ["aws.s3"],
                                                                "detail-type": ["Object Created"]}))
    events.put_targets(Rule="s3-created", Targets=[{"Id": "queue", "Arn": queue}])
    s3.put_object(Bucket=bucket, Key="before", Body=b"x")          # not configured yet
    s3.put_bucket_notification_configuration(Bucket=bucket,
                                             NotificationConfiguration={"EventBridgeConfiguration": {}})
    put = s3.put_object(Bucket=bucket, Key="a b", Body=b"abc")
    s3.delete_object(Bucket=bucket, Key="a b")                      # "Object Deleted": not matched
    (event,) = drain(sqs, url)
    assert (event["source"], event["detail-type"], event["account"], event["region"]) == (
        "aws.s3", "Object Created", ACCOUNT, REGION)
    assert event["resources"] == [f"arn:aws:s3:::{bucket}"]
    detail = event["detail"]
    assert detail["bucket"] == {"name": bucket}
    assert detail["object"]["key"] == "a b"
    assert (detail["object"]["size"], detail["object"]["etag"]) == (3, put["ETag"].strip('"'))
    assert detail["reason"] == "PutObject"
    assert detail["requester"] == ACCOUNT


def _zip(source: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("app.py", source)
    return buf.getvalue()


def test_lambda_function_is_invoked(s3, bucket):
    lambda_package = importlib.import_module("iamulator.services.lambda")
    arn = _function()
    s3.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration={
        "LambdaFunctionConfigurations": [{"Id": "fn", "LambdaFunctionArn": arn, "Events": ["s3:ObjectCreated:*"]}]})
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    assert lambda_package.wait_for_event_invocations(30)
    logs = boto3.client("logs", region_name=REGION)
    messages = [e["message"] for e in logs.filter_log_events(logGroupName="/aws/lambda/on-upload")["events"]]
    (event,) = [json.loads(m) for m in messages if m.startswith("{")]
    (record,) = event["Records"]
    assert (record["eventName"], record["s3"]["object"]["key"], record["s3"]["configurationId"]) == (
        "ObjectCreated:Put", "k", "fn")


def _function(name="on-upload") -> str:
    iam = boto3.client("iam", region_name=REGION)
    trust = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                                                "Principal": {"Service": "lambda.amazonaws.com"}}]})
    role = iam.create_role(RoleName="runner", AssumeRolePolicyDocument=trust)["Role"]["Arn"]
    lam = boto3.client("lambda", region_name=REGION)
    return lam.create_function(FunctionName=name, Runtime="python3.12", Role=role, Handler="app.handler",
                               Code={"ZipFile": _zip("import json\ndef handler(event, context):\n"
                                                     "    print(json.dumps(event))\n")})["FunctionArn"]


def test_missing_function_is_refused(s3, bucket):
    arn = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:absent"
    with raises("InvalidArgument", 400, UNABLE) as err:
        s3.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration={
            "LambdaFunctionConfigurations": [{"LambdaFunctionArn": arn, "Events": ["s3:ObjectCreated:*"]}]})
    assert (err["ArgumentName1"], err["ArgumentValue1"]) == (arn, "The destination function does not exist")


# -- with authorization checks on ----------------------------------------------------------------

def _queue_policy(queue: str, bucket: str) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"Service": "s3.amazonaws.com"}, "Action": "sqs:SendMessage",
        "Resource": queue, "Condition": {"ArnEquals": {"aws:SourceArn": f"arn:aws:s3:::{bucket}"}}}]})


def test_checked_queue_policy_must_admit_s3_from_this_bucket():
    with set_initial_no_auth_action_count(0), mock_aws():
        s3 = boto3.client("s3", region_name=REGION)
        sqs = boto3.client("sqs", region_name=REGION)
        s3.create_bucket(Bucket="checked-bucket")
        url, queue = make_queue(sqs)
        with raises("InvalidArgument", 400, UNABLE) as err:
            notify_queue(s3, "checked-bucket", queue)
        assert err["ArgumentValue1"] == ("Permissions on the destination queue do not allow S3 to publish "
                                         "notifications from this bucket")
        sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": _queue_policy(queue, "another-bucket")})
        with raises("InvalidArgument", 400, UNABLE):
            notify_queue(s3, "checked-bucket", queue)
        sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": _queue_policy(queue, "checked-bucket")})
        notify_queue(s3, "checked-bucket", queue)
        s3.put_object(Bucket="checked-bucket", Key="k", Body=b"x")
        assert [r["eventName"] for r in records(sqs, url)] == ["ObjectCreated:Put"]
        # A policy withdrawn later stops deliveries, silently.
        sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": _queue_policy(queue, "another-bucket")})
        s3.put_object(Bucket="checked-bucket", Key="k2", Body=b"x")
        assert records(sqs, url) == []


def test_checked_topic_policy_must_admit_s3():
    with set_initial_no_auth_action_count(0), mock_aws():
        s3 = boto3.client("s3", region_name=REGION)
        sns = boto3.client("sns", region_name=REGION)
        s3.create_bucket(Bucket="checked-bucket")
        topic = sns.create_topic(Name="uploads")["TopicArn"]
        config = {"TopicConfigurations": [{"TopicArn": topic, "Events": ["s3:ObjectCreated:*"]}]}
        with raises("InvalidArgument", 400, UNABLE) as err:
            s3.put_bucket_notification_configuration(Bucket="checked-bucket", NotificationConfiguration=config)
        assert err["ArgumentValue1"] == ("Permissions on the destination topic do not allow S3 to publish "
                                         "notifications from this bucket")
        sns.set_topic_attributes(TopicArn=topic, AttributeName="Policy", AttributeValue=json.dumps({
            "Version": "2012-10-17", "Statement": [{
                "Effect": "Allow", "Principal": {"Service": "s3.amazonaws.com"}, "Action": "SNS:Publish",
                "Resource": topic, "Condition": {"StringEquals": {"aws:SourceAccount": ACCOUNT}}}]}))
        s3.put_bucket_notification_configuration(Bucket="checked-bucket", NotificationConfiguration=config)


def test_notification_configuration_actions():
    from iamulator.testing import assert_allowed, assert_denied, make_principal

    with set_initial_no_auth_action_count(0), mock_aws():
        s3 = boto3.client("s3", region_name=REGION)
        s3.create_bucket(Bucket="checked-bucket")

        def user(action):
            return make_principal({"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": action, "Resource": "arn:aws:s3:::checked-bucket"}]}).client(
                "s3", region_name=REGION)

        reader, writer = user("s3:GetBucketNotification"), user("s3:PutBucketNotification")
        assert_allowed(lambda: reader.get_bucket_notification_configuration(Bucket="checked-bucket"))
        assert_denied(lambda: reader.put_bucket_notification_configuration(
            Bucket="checked-bucket", NotificationConfiguration={}), "s3:PutBucketNotification")
        assert_allowed(lambda: writer.put_bucket_notification_configuration(
            Bucket="checked-bucket", NotificationConfiguration={"EventBridgeConfiguration": {}}))
        assert_denied(lambda: writer.get_bucket_notification_configuration(Bucket="checked-bucket"),
                      "s3:GetBucketNotification")


def test_checked_function_policy_must_admit_s3():
    with set_initial_no_auth_action_count(0), mock_aws():
        s3 = boto3.client("s3", region_name=REGION)
        s3.create_bucket(Bucket="checked-bucket")
        arn = _function()
        config = {"LambdaFunctionConfigurations": [{"LambdaFunctionArn": arn, "Events": ["s3:ObjectCreated:*"]}]}
        with raises("InvalidArgument", 400, UNABLE) as err:
            s3.put_bucket_notification_configuration(Bucket="checked-bucket", NotificationConfiguration=config)
        assert err["ArgumentValue1"] == f"Not authorized to invoke function [{arn}]"
        boto3.client("lambda", region_name=REGION).add_permission(
            FunctionName="on-upload", StatementId="s3", Action="lambda:InvokeFunction", Principal="s3.amazonaws.com",
            SourceArn="arn:aws:s3:::checked-bucket", SourceAccount=ACCOUNT)
        s3.put_bucket_notification_configuration(Bucket="checked-bucket", NotificationConfiguration=config)


def test_another_accounts_queue_admitting_the_bucket():
    from iamulator.accounts import root_access_key

    other = "210987654321"
    with set_initial_no_auth_action_count(0), mock_aws():
        s3 = boto3.client("s3", region_name=REGION)
        s3.create_bucket(Bucket="checked-bucket")
        key = root_access_key(other)
        their_sqs = boto3.client("sqs", region_name=REGION, aws_access_key_id=key["AccessKeyId"],
                                 aws_secret_access_key=key["SecretAccessKey"])
        url, queue = make_queue(their_sqs, "inbox")
        assert queue.split(":")[4] == other
        with raises("InvalidArgument", 400, UNABLE):
            notify_queue(s3, "checked-bucket", queue)
        their_sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": _queue_policy(queue, "checked-bucket")})
        notify_queue(s3, "checked-bucket", queue)
        s3.put_object(Bucket="checked-bucket", Key="k", Body=b"x")
        (record,) = records(their_sqs, url)
        assert record["s3"]["bucket"]["name"] == "checked-bucket"


def test_soft_mode_never_refuses_a_destination():
    with mock_aws(auth="soft"):
        s3 = boto3.client("s3", region_name=REGION)
        sqs = boto3.client("sqs", region_name=REGION)
        s3.create_bucket(Bucket="soft-bucket")
        url, queue = make_queue(sqs)
        notify_queue(s3, "soft-bucket", queue)          # no queue policy: refused only when checks deny
        s3.put_object(Bucket="soft-bucket", Key="k", Body=b"x")
        assert [r["eventName"] for r in records(sqs, url)] == ["ObjectCreated:Put"]
