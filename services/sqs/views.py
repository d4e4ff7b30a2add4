"""What ReceiveMessage shows of a message: the system and message attributes asked for."""
from __future__ import annotations

from iamulator.services.sqs.checksums import md5_of_attributes

SYSTEM_ATTRIBUTES = ("SenderId", "SentTimestamp", "ApproximateReceiveCount", "ApproximateFirstReceiveTimestamp",
                     "SequenceNumber", "MessageDeduplicationId", "MessageGroupId", "AWSTraceHeader",
                     "DeadLetterQueueSourceArn")


def system_attribute_selector(*name_lists) -> tuple[str, ...]:
    """The system attribute names asked for by AttributeNames and MessageSystemAttributeNames."""
    wanted = set()
    for names in name_lists:
        if names:
            wanted.update(names)
    if "All" in wanted:
        return SYSTEM_ATTRIBUTES
    return tuple(n for n in SYSTEM_ATTRIBUTES if n in wanted)


def attribute_filter(names):
    """A predicate on message attribute names from MessageAttributeNames (``All``, ``.*``,
    ``prefix.*`` or exact names); None when every attribute is wanted, False when none is."""
    if not names:
        return False
    if "All" in names or ".*" in names:
        return None
    exact = frozenset(n for n in names if not n.endswith(".*"))
    prefixes = tuple(n[:-1] for n in names if n.endswith(".*"))
    return lambda name: name in exact or name.startswith(prefixes)


def _system_value(m, name: str) -> str | None:
    if name == "SenderId":
        return m.sender_id
    if name == "SentTimestamp":
        return str(int(m.sent_at * 1000))
    if name == "ApproximateReceiveCount":
        return str(m.receive_count)
    if name == "ApproximateFirstReceiveTimestamp":
        return str(int(m.first_received_at * 1000)) if m.first_received_at is not None else None
    if name == "SequenceNumber":
        return m.sequence_number
    if name == "MessageDeduplicationId":
        return m.deduplication_id
    if name == "MessageGroupId":
        return m.group_id
    if name == "AWSTraceHeader":
        trace = m.system_attributes.get("AWSTraceHeader")
        return trace.get("StringValue") if trace else None
    if name == "DeadLetterQueueSourceArn":
        return m.dead_letter_source_arn
    return None


def render(m, system_names: tuple[str, ...], wanted) -> dict:
    out = {"MessageId": m.message_id, "ReceiptHandle": m.receipt_handle, "MD5OfBody": m.md5_body, "Body": m.body}
    if system_names:
        attrs = {}
        for name in system_names:
            value = _system_value(m, name)
            if value is not None:
                attrs[name] = value
        if attrs:
            out["Attributes"] = attrs
    if m.attributes:
        if wanted is None:
            out["MessageAttributes"] = m.attributes
            out["MD5OfMessageAttributes"] = m.md5_attributes
        else:
            chosen = {k: v for k, v in m.attributes.items() if wanted(k)} if wanted else {}
            if chosen:
                out["MessageAttributes"] = chosen
                # The digest covers what is returned, so SDKs can verify it.
                out["MD5OfMessageAttributes"] = md5_of_attributes(chosen)
            else:
                out["MD5OfMessageAttributes"] = m.md5_attributes
    return out
