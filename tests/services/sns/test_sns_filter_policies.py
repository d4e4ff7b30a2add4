"""Filter policies: validation with SNS's messages and limits, and matching as SNS matches."""
import json

import pytest

from iamulator.services.errors import AWSError
from iamulator.services.sns.filter_match import attribute_values, matches_attributes, matches_body, parse_body
from iamulator.services.sns.filter_policy import compile_filter

from sns_support import bodies, drain


def attrs(**values):
    """Message attributes: str -> String, int/float -> Number, list -> String.Array, bytes -> Binary."""
    out = {}
    for name, value in values.items():
        if isinstance(value, bytes):
            out[name] = {"DataType": "Binary", "BinaryValue": value}
        elif isinstance(value, list):
            out[name] = {"DataType": "String.Array", "StringValue": json.dumps(value)}
        elif isinstance(value, (int, float)):
            out[name] = {"DataType": "Number", "StringValue": str(value)}
        else:
            out[name] = {"DataType": "String", "StringValue": value}
    return out


def on_attributes(policy: dict, **values) -> bool:
    return matches_attributes(compile_filter(json.dumps(policy), "MessageAttributes"), attribute_values(attrs(**values)))


def on_body(policy: dict, body) -> bool:
    text = body if isinstance(body, str) else json.dumps(body)
    return matches_body(compile_filter(json.dumps(policy), "MessageBody"), parse_body(text))


def refusal(policy, scope="MessageAttributes") -> str:
    text = policy if isinstance(policy, str) else json.dumps(policy)
    with pytest.raises(AWSError) as excinfo:
        compile_filter(text, scope)
    assert excinfo.value.code == "InvalidParameterException"
    return excinfo.value.message


# -- matching on message attributes -------------------------------------------------------
@pytest.mark.parametrize("policy, values, expected", [
    ({"store": ["example_corp"]}, {"store": "example_corp"}, True),
    ({"store": ["example_corp"]}, {"store": "Example_Corp"}, False),
    ({"store": ["a", "b"]}, {"store": "b"}, True),
    ({"store": ["a"]}, {}, False),
    ({"store": ["a"], "event": ["order_placed"]}, {"store": "a", "event": "order_placed"}, True),
    ({"store": ["a"], "event": ["order_placed"]}, {"store": "a"}, False),
    ({"price": [210.75]}, {"price": 210.75}, True),
    ({"price": [210]}, {"price": 210.0}, True),
    ({"price": ["210"]}, {"price": 210}, False),
    ({"price": [210]}, {"price": "210"}, False),
    ({"interests": ["rugby"]}, {"interests": ["soccer", "rugby"]}, True),
    ({"interests": ["golf"]}, {"interests": ["soccer", "rugby"]}, False),
    ({"codes": [5]}, {"codes": [1, 5]}, True),
    ({"blob": [{"exists": True}]}, {"blob": b"\x00"}, False),
    ({"blob": [{"exists": False}]}, {"blob": b"\x00"}, True),
    ({"price": [{"numeric": [">", 100]}]}, {"price": 100.5}, True),
    ({"price": [{"numeric": [">", 100]}]}, {"price": 100}, False),
    ({"price": [{"numeric": [">=", 100]}]}, {"price": 100}, True),
    ({"price": [{"numeric": ["<", 0]}]}, {"price": -0.5}, True),
    ({"price": [{"numeric": ["<=", 0]}]}, {"price": 1}, False),
    ({"price": [{"numeric": ["=", 301.5]}]}, {"price": 301.5}, True),
    ({"price": [{"numeric": [">", 0, "<=", 150]}]}, {"price": 150}, True),
    ({"price": [{"numeric": [">", 0, "<", 150]}]}, {"price": 150}, False),
    ({"price": [{"numeric": [">=", 0, "<", 150]}]}, {"price": 0}, True),
    ({"price": [{"numeric": [">", 0]}]}, {"price": "5"}, False),
    ({"event": [{"prefix": "order-"}]}, {"event": "order-cancelled"}, True),
    ({"event": [{"prefix": "order-"}]}, {"event": "Order-cancelled"}, False),
    ({"event": [{"prefix": {"equals-ignore-case": "ORDER-"}}]}, {"event": "order-x"}, True),
    ({"file": [{"suffix": ".png"}]}, {"file": "cat.png"}, True),
    ({"file": [{"suffix": ".png"}]}, {"file": "cat.PNG"}, False),
    ({"file": [{"suffix": {"equals-ignore-case": ".png"}}]}, {"file": "cat.PNG"}, True),
    ({"store": [{"equals-ignore-case": "EXAMPLE_corp"}]}, {"store": "example_CORP"}, True),
    ({"store": [{"anything-but": ["a", "b"]}]}, {"store": "c"}, True),
    ({"store": [{"anything-but": ["a", "b"]}]}, {"store": "a"}, False),
    ({"store": [{"anything-but": "a"}]}, {}, False),
    ({"price": [{"anything-but": [100, 500]}]}, {"price": 100.0}, False),
    ({"price": [{"anything-but": [100, 500]}]}, {"price": 101}, True),
    ({"price": [{"anything-but": 100}]}, {"price": "100"}, True),
    ({"store": [{"anything-but": {"prefix": "exa"}}]}, {"store": "example"}, False),
    ({"store": [{"anything-but": {"prefix": "exa"}}]}, {"store": "other"}, True),
    ({"file": [{"anything-but": {"suffix": ".tmp"}}]}, {"file": "a.tmp"}, False),
    ({"store": [{"anything-but": {"equals-ignore-case": ["A", "B"]}}]}, {"store": "b"}, False),
    ({"interests": [{"anything-but": "rugby"}]}, {"interests": ["rugby", "golf"]}, True),
    ({"store": [{"exists": True}]}, {"store": "x"}, True),
    ({"store": [{"exists": True}]}, {}, False),
    ({"store": [{"exists": False}]}, {}, True),
    ({"store": [{"exists": False}]}, {"store": "x"}, False),
    ({"store": ["a", {"exists": False}]}, {}, True),
    ({"source_ip": [{"cidr": "10.0.0.0/24"}]}, {"source_ip": "10.0.0.255"}, True),
    ({"source_ip": [{"cidr": "10.0.0.0/24"}]}, {"source_ip": "10.0.1.0"}, False),
    ({"source_ip": [{"cidr": "10.0.0.0/24"}]}, {"source_ip": "not an ip"}, False),
    ({"source_ip": [{"cidr": "2001:db8::/32"}]}, {"source_ip": "2001:db8::1"}, True),
    ({"source": ["aws.cloudwatch"], "$or": [{"metricName": ["CPUUtilization"]}, {"namespace": ["AWS/EC2"]}]},
     {"source": "aws.cloudwatch", "namespace": "AWS/EC2"}, True),
    ({"source": ["aws.cloudwatch"], "$or": [{"metricName": ["CPUUtilization"]}, {"namespace": ["AWS/EC2"]}]},
     {"source": "aws.cloudwatch", "namespace": "AWS/ES"}, False),
    ({"source": ["aws.cloudwatch"], "$or": [{"metricName": ["CPUUtilization"]}, {"namespace": ["AWS/EC2"]}]},
     {"namespace": "AWS/EC2"}, False),
    # "$or" with fewer than two objects is an ordinary attribute name.
    ({"$or": ["x"]}, {"$or": "x"}, True),
    ({}, {}, True),
])
def test_attribute_matching(policy, values, expected):
    assert on_attributes(policy, **values) is expected


# -- matching on the message body ----------------------------------------------------------
BODY = {
    "store": "example_corp",
    "price_usd": 210.75,
    "paid": True,
    "coupon": None,
    "customer_interests": ["basketball", "rugby"],
    "address": {"city": "Seattle", "geo": {"lat": 47.6}},
    "items": [{"sku": "a", "qty": 1}, {"sku": "b", "qty": 5}],
    "empty": [],
}


@pytest.mark.parametrize("policy, expected", [
    ({"store": ["example_corp"]}, True),
    ({"price_usd": [{"numeric": [">", 200]}]}, True),
    ({"price_usd": [210.75]}, True),
    ({"paid": [True]}, True),
    ({"paid": ["true"]}, False),
    ({"coupon": [None]}, True),
    ({"customer_interests": ["rugby"]}, True),
    ({"address": {"city": ["Seattle"]}}, True),
    ({"address": {"city": ["Boston"]}}, False),
    ({"address": {"geo": {"lat": [{"numeric": [">", 47]}]}}}, True),
    ({"address": [{"exists": True}]}, False),
    ({"address": {"zip": [{"exists": False}]}}, True),
    ({"missing": {"deeper": [{"exists": False}]}}, True),
    ({"missing": {"deeper": ["x"]}}, False),
    ({"items": {"sku": ["b"], "qty": [5]}}, True),
    # Keys of one array element match together, never across elements.
    ({"items": {"sku": ["a"], "qty": [5]}}, False),
    ({"empty": [{"exists": False}]}, True),
    ({"$or": [{"store": ["other"]}, {"address": {"city": ["Seattle"]}}]}, True),
    ({"address": {"$or": [{"city": ["Boston"]}, {"geo": {"lat": [47.6]}}]}}, True),
])
def test_body_matching(policy, expected):
    assert on_body(policy, BODY) is expected


def test_a_body_that_is_not_a_json_object_matches_only_an_empty_policy():
    assert on_body({"a": ["b"]}, "plain text") is False
    assert on_body({"a": ["b"]}, "[1, 2]") is False
    assert on_body({}, "plain text") is True


# -- validation ------------------------------------------------------------------------------
P = "Invalid parameter: FilterPolicy: "


@pytest.mark.parametrize("policy, message", [
    ("{oops", P + "failed to parse JSON."),
    ("[]", P + "Filter is not an object"),
    ({"a": "b"}, P + '"a" must be an object or an array'),
    ({"a": []}, P + "Empty arrays are not allowed"),
    ({"a": [["b"]]}, P + "Match value must be String, number, true, false, or null"),
    ({"a": [{}]}, P + "Match expression name not found"),
    ({"a": [{"wildcard": "*"}]}, P + "Unrecognized match type wildcard"),
    ({"a": [{"prefix": 1}]}, P + "prefix match pattern must be a string"),
    ({"a": [{"suffix": None}]}, P + "suffix match pattern must be a string"),
    ({"a": [{"prefix": {"ignore": "x"}}]}, P + "Unsupported prefix pattern: ignore"),
    ({"a": [{"equals-ignore-case": 5}]}, P + "equals-ignore-case match pattern must be a string"),
    ({"a": [{"prefix": "x", "suffix": "y"}]}, P + "Only one key allowed in match expression"),
    ({"a": [{"exists": "yes"}]}, P + "exists match pattern must be either true or false."),
    ({"a": [{"numeric": 5}]}, P + "Value of numeric must be an array."),
    ({"a": [{"numeric": []}]}, P + "Invalid member in numeric match: ]"),
    ({"a": [{"numeric": [5]}]}, P + "Invalid member in numeric match: 5"),
    ({"a": [{"numeric": ["!=", 5]}]}, P + "Unrecognized numeric range operator: !="),
    ({"a": [{"numeric": ["=", "5"]}]}, P + "Value of equals must be numeric"),
    ({"a": [{"numeric": [">", "x"]}]}, P + "Value of > must be numeric"),
    ({"a": [{"numeric": ["<", 5, ">", 1]}]}, P + "Too many elements in numeric expression"),
    ({"a": [{"numeric": [">", 5, 6]}]}, P + "Bad value in numeric range: 6"),
    ({"a": [{"numeric": [">", 5, ">", 6]}]}, P + "Bad numeric range operator: >"),
    ({"a": [{"numeric": [">", 5, "<", 1]}]}, P + "Bottom must be less than top"),
    ({"a": [{"numeric": [">", 5, "<", 10, 1]}]}, P + "Too many terms in numeric range expression"),
    ({"a": [{"numeric": [">", 1e10]}]}, P + "Value must be between -1.0E9 and 1.0E9, inclusive"),
    ({"a": [{"anything-but": True}]}, P + "Value of anything-but must be an array or single string/number value."),
    ({"a": [{"anything-but": ["x", 1]}]},
     P + "Inside anything but list, either all values are number or string, mixed type is not supported"),
    ({"a": [{"anything-but": [None]}]}, P + "Inside anything but list, start|null|boolean is not supported."),
    ({"a": [{"anything-but": {"numeric": [">", 1]}}]}, P + "Unsupported anything-but pattern: numeric"),
    ({"a": [{"anything-but": {"prefix": ""}}]}, P + "Null prefix/suffix not allowed"),
    ({"a": [{"anything-but": {"suffix": [1]}}]}, P + "prefix/suffix match pattern must be a string"),
    ({"a": [{"cidr": "10.0.0.0"}]}, P + "Malformed CIDR, one '/' required"),
    ({"a": [{"cidr": "10.0.0.0/x"}]}, P + "Malformed CIDR, mask bits must be an integer"),
    ({"a": [{"cidr": "10.0.300.0/24"}]}, P + "Nonstandard IP address: 10.0.300.0"),
    ({"$or": [{"a": ["x"]}, {"b": ["y"]}], "c": {"d": ["e"]}},
     "Invalid parameter: Filter policy scope MessageAttributes does not support nested filter policy"),
    ({"a": ["1"], "b": ["2"], "c": ["3"], "d": ["4"], "e": ["5"], "f": ["6"]},
     P + "Filter policy can not have more than 5 keys"),
    ({"a": list(range(10)), "b": list(range(10)), "c": list(range(2))}, P + "Filter policy is too complex"),
])
def test_invalid_policies(policy, message):
    assert refusal(policy) == message


def test_limits_count_nested_keys_and_or_branches():
    # Only keys holding values count: five leaves are allowed, however deep.
    compile_filter(json.dumps({"a": {"b": {"c": ["1"]}}, "d": ["2"], "e": ["3"], "f": ["4"], "g": ["5"]}),
                   "MessageBody")
    # Nested values count once per level: 3x4 (key three deep) x 2x3 (two deep) x 1x3 = 216.
    nested = {"key_a": {"key_b": {"key_c": ["1", "2", "3", "4"]}}, "key_d": {"key_e": ["1", "2", "3"]},
              "key_f": ["1", "2", "3"]}
    assert refusal(nested, "MessageBody") == P + "Filter policy is too complex"
    # $or alternatives add up: 10x10 + 10x5 = 150 is the limit itself.
    compile_filter(json.dumps({"$or": [{"a": list(range(10)), "b": list(range(10))},
                                       {"c": list(range(10)), "d": list(range(5))}]}), "MessageAttributes")
    assert refusal({"$or": [{"a": list(range(10)), "b": list(range(10))},
                            {"c": list(range(10)), "d": list(range(6))}]}) == P + "Filter policy is too complex"


def test_or_alternatives_cannot_use_match_type_names_as_keys():
    assert refusal({"$or": [{"a": {"prefix": ["x"]}}, {"b": ["y"]}]}, "MessageBody") == \
        P + "prefix is Ruler reserved fieldName which cannot be used inside $or."
    # An array naming match types directly is no OR at all: "$or" is then an ordinary key.
    assert refusal({"$or": [{"c": ["z"]}, {"prefix": "w"}]}) == P + "Unrecognized match type c"


# -- through the API ----------------------------------------------------------------------------
def test_subscribe_refusal_names_the_attributes(sns, topic_arn, queue):
    with pytest.raises(sns.exceptions.InvalidParameterException) as excinfo:
        sns.subscribe(TopicArn=topic_arn, Protocol="sqs", Endpoint=queue[1],
                      Attributes={"FilterPolicy": json.dumps({"a": [{"numeric": [">", "x"]}]})})
    assert excinfo.value.response["Error"]["Message"] == \
        "Invalid parameter: Attributes Reason: FilterPolicy: Value of > must be numeric"


def test_changing_the_scope_revalidates_the_policy(sns, topic_arn, queue):
    arn = sns.subscribe(TopicArn=topic_arn, Protocol="sqs", Endpoint=queue[1], Attributes={
        "FilterPolicyScope": "MessageBody", "FilterPolicy": json.dumps({"a": {"b": ["c"]}})})["SubscriptionArn"]
    with pytest.raises(sns.exceptions.InvalidParameterException) as excinfo:
        sns.set_subscription_attributes(SubscriptionArn=arn, AttributeName="FilterPolicyScope",
                                        AttributeValue="MessageAttributes")
    assert excinfo.value.response["Error"]["Message"] == \
        "Invalid parameter: Filter policy scope MessageAttributes does not support nested filter policy"
    assert sns.get_subscription_attributes(SubscriptionArn=arn)["Attributes"]["FilterPolicyScope"] == "MessageBody"


def test_filtered_delivery_on_attributes(sns, sqs, topic_arn, queue):
    sns.subscribe(TopicArn=topic_arn, Protocol="sqs", Endpoint=queue[1], Attributes={"FilterPolicy": json.dumps({
        "event": ["order_placed"], "price_usd": [{"numeric": [">=", 100]}]})})
    sns.publish(TopicArn=topic_arn, Message="cheap", MessageAttributes=attrs(event="order_placed", price_usd=5))
    sns.publish(TopicArn=topic_arn, Message="big", MessageAttributes=attrs(event="order_placed", price_usd=150))
    sns.publish(TopicArn=topic_arn, Message="other", MessageAttributes=attrs(event="order_cancelled", price_usd=150))
    sns.publish(TopicArn=topic_arn, Message="bare")
    assert bodies(sqs, queue[0]) == ["big"]


def test_filtered_delivery_on_the_body(sns, sqs, topic_arn, queue):
    sns.subscribe(TopicArn=topic_arn, Protocol="sqs", Endpoint=queue[1], Attributes={
        "FilterPolicyScope": "MessageBody",
        "FilterPolicy": json.dumps({"order": {"status": ["shipped"], "total": [{"numeric": [">", 10]}]}})})
    for status, total in (("shipped", 50), ("pending", 50), ("shipped", 5)):
        sns.publish(TopicArn=topic_arn, Message=json.dumps({"order": {"status": status, "total": total}}))
    sns.publish(TopicArn=topic_arn, Message="not json at all")
    assert [json.loads(m)["order"] for m in bodies(sqs, queue[0])] == [{"status": "shipped", "total": 50}]


def test_body_filter_reads_each_protocols_own_message(sns, sqs, topic_arn, queue):
    sns.subscribe(TopicArn=topic_arn, Protocol="sqs", Endpoint=queue[1], Attributes={
        "FilterPolicyScope": "MessageBody", "FilterPolicy": json.dumps({"for": ["queues"]})})
    sns.publish(TopicArn=topic_arn, MessageStructure="json",
                Message=json.dumps({"default": json.dumps({"for": "everyone"}), "sqs": json.dumps({"for": "queues"})}))
    sns.publish(TopicArn=topic_arn, Message=json.dumps({"for": "everyone"}))
    assert [json.loads(m) for m in bodies(sqs, queue[0])] == [{"for": "queues"}]


def test_subscriptions_filter_independently(sns, sqs, topic_arn):
    urls = {}
    for name, policy in (("rugby", {"sport": ["rugby"]}), ("golf", {"sport": ["golf"]}), ("all", None)):
        urls[name] = sqs.create_queue(QueueName=name)["QueueUrl"]
        arn = sqs.get_queue_attributes(QueueUrl=urls[name], AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        sns.subscribe(TopicArn=topic_arn, Protocol="sqs", Endpoint=arn,
                      Attributes={"FilterPolicy": json.dumps(policy)} if policy else {})
    for sport in ("rugby", "golf", "tennis"):
        sns.publish(TopicArn=topic_arn, Message=sport, MessageAttributes=attrs(sport=sport))
    assert {name: bodies(sqs, url) for name, url in urls.items()} == {
        "rugby": ["rugby"], "golf": ["golf"], "all": ["rugby", "golf", "tennis"]}
    assert drain(sqs, urls["all"]) == []
