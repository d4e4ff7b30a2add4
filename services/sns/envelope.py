"""What subscribers receive: SNS's JSON documents (notifications and confirmations, laid out
as SNS lays them out), the Lambda event, and the SQS attributes of a raw delivery.

Signatures have the right form (Base64, ``SignatureVersion`` 1 or 2) but are not RSA
signatures over a certificate anyone can fetch: code that verifies them will refuse them.
"""
from __future__ import annotations

import base64
import hashlib
import json
import time
from urllib.parse import quote

# Stands in for the hex id in the name of SNS's signing certificate.
_CERT_ID = "a1b2c3d4e5f60718293a4b5c6d7e8f90"
_NOTIFICATION_FIELDS = ("Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type")
_CONFIRMATION_FIELDS = ("Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type")


def timestamp(now: float) -> str:
    """ISO 8601 in UTC with milliseconds, as in every SNS document: 2012-03-29T05:12:16.901Z."""
    millis = int(round(now * 1000))
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(millis // 1000)) + f".{millis % 1000:03d}Z"


def _host(region: str) -> str:
    return f"https://sns.{region}.amazonaws.com" + (".cn" if region.startswith("cn-") else "")


def signing_cert_url(region: str) -> str:
    return f"{_host(region)}/SimpleNotificationService-{_CERT_ID}.pem"


def unsubscribe_url(region: str, subscription_arn: str) -> str:
    return f"{_host(region)}/?Action=Unsubscribe&SubscriptionArn={subscription_arn}"


def subscribe_url(region: str, topic_arn: str, token: str) -> str:
    return f"{_host(region)}/?Action=ConfirmSubscription&TopicArn={topic_arn}&Token={quote(token)}"


def signature(fields: dict, names: tuple, version: str) -> str:
    """Base64 of 256 bytes (an RSA-2048 signature's length) drawn from a digest of the string
    SNS signs: each present field's name and value on lines of their own, in a fixed order."""
    canonical = "".join(f"{n}\n{fields[n]}\n" for n in names if n in fields)
    digest = (hashlib.sha256 if version == "2" else hashlib.sha1)(canonical.encode("utf-8")).digest()
    return base64.b64encode((digest * (256 // len(digest) + 1))[:256]).decode("ascii")


def _render(fields: list) -> str:
    """SNS's layout: one member per line, two-space indent, `` : `` between name and value,
    message attributes one compact object per line. Names and values SNS generates (ids, ARNs,
    URLs, timestamps, signatures) need no escaping; the publisher's text is escaped as JSON."""
    lines = []
    for name, value in fields:
        if name == "MessageAttributes":
            inner = ",\n".join(f"    {_dump(k)} : {json.dumps(v, separators=(',', ':'), ensure_ascii=False)}"
                               for k, v in value.items())
            lines.append(f'  "MessageAttributes" : {{\n{inner}\n  }}')
        elif name in _PUBLISHER_TEXT:
            lines.append(f'  "{name}" : {_dump(value)}')
        else:
            lines.append(f'  "{name}" : "{value}"')
    return "{\n" + ",\n".join(lines) + "\n}"


_PUBLISHER_TEXT = frozenset({"Message", "Subject"})


def _dump(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def attributes_view(attributes: dict | None) -> dict:
    """Message attributes as SNS documents show them: ``Type`` and ``Value`` (binary in Base64)."""
    out = {}
    for name, attribute in (attributes or {}).items():
        data_type = attribute["DataType"]
        if data_type.startswith("Binary"):
            value = base64.b64encode(bytes(attribute["BinaryValue"])).decode("ascii")
        else:
            value = attribute["StringValue"]
        out[name] = {"Type": data_type, "Value": value}
    return out


def notification(*, message_id: str, topic_arn: str, subscription_arn: str, region: str, message: str,
                 subject: str | None, attributes: dict | None, sent: str, sequence: str | None,
                 signature_version: str) -> str:
    """The JSON document SQS, HTTP/S, email-json and Firehose subscribers receive."""
    fields = [("Type", "Notification"), ("MessageId", message_id)]
    if sequence is not None:
        fields.append(("SequenceNumber", sequence))
    fields.append(("TopicArn", topic_arn))
    if subject is not None:
        fields.append(("Subject", subject))
    fields += [("Message", message), ("Timestamp", sent)]
    if sequence is None:
        # FIFO topics do not sign their notifications.
        signed = dict(fields)
        fields += [("SignatureVersion", signature_version),
                   ("Signature", signature(signed, _NOTIFICATION_FIELDS, signature_version)),
                   ("SigningCertURL", signing_cert_url(region))]
    fields.append(("UnsubscribeURL", unsubscribe_url(region, subscription_arn)))
    if attributes:
        fields.append(("MessageAttributes", attributes_view(attributes)))
    return _render(fields)


def confirmation(*, kind: str, message_id: str, topic_arn: str, region: str, token: str, message: str,
                 sent: str, signature_version: str) -> str:
    """A ``SubscriptionConfirmation`` or ``UnsubscribeConfirmation`` document."""
    fields = [("Type", kind), ("MessageId", message_id), ("Token", token), ("TopicArn", topic_arn),
              ("Message", message), ("SubscribeURL", subscribe_url(region, topic_arn, token)),
              ("Timestamp", sent)]
    signed = dict(fields)
    fields += [("SignatureVersion", signature_version),
               ("Signature", signature(signed, _CONFIRMATION_FIELDS, signature_version)),
               ("SigningCertURL", signing_cert_url(region))]
    return _render(fields)


def subscribe_message(topic_arn: str) -> str:
    return (f"You have chosen to subscribe to the topic {topic_arn}.\n"
            "To confirm the subscription, visit the SubscribeURL included in this message.")


def lambda_event(*, message_id: str, topic_arn: str, subscription_arn: str, region: str, message: str,
                 subject: str | None, attributes: dict | None, sent: str) -> bytes:
    """The event a subscribed function is invoked with."""
    fields = {"Type": "Notification", "MessageId": message_id, "Subject": subject, "Message": message,
              "Timestamp": sent, "TopicArn": topic_arn}
    record = {
        "EventSource": "aws:sns",
        "EventVersion": "1.0",
        "EventSubscriptionArn": subscription_arn,
        "Sns": {
            "Type": "Notification",
            "MessageId": message_id,
            "TopicArn": topic_arn,
            "Subject": subject,
            "Message": message,
            "Timestamp": sent,
            # SNS reports version 1 to functions whatever the topic's setting.
            "SignatureVersion": "1",
            "Signature": signature(fields, _NOTIFICATION_FIELDS, "1"),
            "SigningCertUrl": signing_cert_url(region),
            "UnsubscribeUrl": unsubscribe_url(region, subscription_arn),
            "MessageAttributes": attributes_view(attributes),
        },
    }
    return json.dumps({"Records": [record]}, ensure_ascii=False).encode("utf-8")


def sqs_attributes(attributes: dict | None) -> dict:
    """Message attributes as a raw delivery hands them to SQS (same names, types and values)."""
    out = {}
    for name, attribute in (attributes or {}).items():
        data_type = attribute["DataType"]
        if data_type.startswith("Binary"):
            out[name] = {"DataType": data_type, "BinaryValue": bytes(attribute["BinaryValue"])}
        else:
            out[name] = {"DataType": data_type, "StringValue": attribute["StringValue"]}
    return out
