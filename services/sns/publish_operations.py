"""Publish and PublishBatch: validation, FIFO sequencing and deduplication, and fan-out to
every confirmed subscription whose filter policy accepts the message.

Queues receive synchronously, under the topic owner's lock, so FIFO order holds; functions are
invoked after that lock (and the caller's) is let go, since a function may publish again.
"""
from __future__ import annotations

import json
import re
import uuid

from iamulator.services.errors import AWSError
from iamulator.services.sns import clock, delivery, envelope, message_input as checks, outbox
from iamulator.services.sns.endpoints import E164
from iamulator.services.sns.errors import invalid, missing
from iamulator.services.locks import released
from iamulator.services.sns.published import Published

MAX_BATCH_ENTRIES = 10
_ENTRY_ID = re.compile(r"[A-Za-z0-9_-]{1,80}\Z")


class PublishOperations:
    def publish(self, ctx, params) -> dict:
        message = params.get("Message")
        checks.check_message(message)
        subject = params.get("Subject")
        checks.check_subject(subject)
        per_protocol = checks.parse_structure(message, params.get("MessageStructure"))
        attributes = params.get("MessageAttributes") or {}
        checks.check_size(message, checks.check_attributes(attributes))
        topic_arn, target, phone = params.get("TopicArn"), params.get("TargetArn"), params.get("PhoneNumber")
        if phone is not None and topic_arn is None and target is None:
            return self._publish_sms(phone, message, per_protocol)
        arn, param = (topic_arn, "TopicArn") if topic_arn is not None else (target, "TargetArn")
        if not arn:
            raise invalid("TopicArn or TargetArn Reason: no value for required parameter")
        if param == "TargetArn" and ":endpoint/" in arn:
            raise invalid("TargetArn Reason: No endpoint found for the target arn specified")
        group_id, dedup_id = params.get("MessageGroupId"), params.get("MessageDeduplicationId")
        with self.on_topic(ctx, arn, param) as (owner, topic):
            checks.check_fifo_ids(topic.fifo, topic.content_based_deduplication, group_id, dedup_id)
            published = Published(str(uuid.uuid4()), message, per_protocol, subject, attributes, group_id,
                                  dedup_id, clock.now())
            calls = owner.distribute(ctx, topic, published)
        self._invoke_functions(ctx, owner, calls)
        out = {"MessageId": published.message_id}
        if published.sequence is not None:
            out["SequenceNumber"] = published.sequence
        return out

    def publish_batch(self, ctx, params) -> dict:
        entries = params.get("PublishBatchRequestEntries")
        if entries is None:
            raise missing("publishBatchRequestEntries")
        _check_batch(entries)
        total = 0
        for index, entry in enumerate(entries, start=1):
            size = checks.check_attributes(entry.get("MessageAttributes"), entry=index)
            total += checks.message_size(entry.get("Message") or "", size)
        if total > checks.MAX_MESSAGE_BYTES:
            raise AWSError("BatchRequestTooLongException",
                           "The length of all the messages put together is more than the limit.")
        successful, failed, calls = [], [], []
        with self.on_topic(ctx, params.get("TopicArn")) as (owner, topic):
            if topic.fifo:
                # A FIFO batch missing its identifiers is refused whole, before anything is sent.
                for entry in entries:
                    checks.check_fifo_ids(True, topic.content_based_deduplication, entry.get("MessageGroupId"),
                                          entry.get("MessageDeduplicationId"))
            for entry in entries:
                try:
                    published = _prepare_entry(entry, topic)
                except AWSError as err:
                    failed.append(_failure(entry["Id"], err))
                    continue
                calls += owner.distribute(ctx, topic, published)
                result = {"Id": entry["Id"], "MessageId": published.message_id}
                if published.sequence is not None:
                    result["SequenceNumber"] = published.sequence
                successful.append(result)
        self._invoke_functions(ctx, owner, calls)
        return {"Successful": successful, "Failed": failed}

    # -- fan-out -------------------------------------------------------------------------
    def distribute(self, ctx, topic, published: Published) -> list:
        """Sequences and deduplicates a FIFO message, then delivers it; returns the function
        invocations still to make."""
        if topic.fifo:
            if published.dedup_id is None:
                published.dedup_id = published.content_deduplication_id()
            message_id, sequence, duplicate = topic.deduplicate(published.group_id, published.dedup_id,
                                                                published.message_id, clock.now())
            published.message_id, published.sequence = message_id, sequence
            if duplicate:
                return []
        calls = []
        for sub in list(topic.subscriptions.values()):
            if sub.pending or not published.accepted_by(sub):
                continue
            if sub.protocol == "lambda":
                calls.append((topic, sub, published))
            elif sub.protocol == "sqs":
                self._to_queue(ctx, topic, sub, published)
            else:
                outbox.record(self, "Notification", sub, published.message_id, self._body(topic, sub, published),
                              "recorded", subject=published.subject)
        return calls

    def _body(self, topic, sub, published: Published) -> str:
        text = published.text_for(sub.protocol)
        if sub.protocol in ("email", "sms", "application") or sub.raw:
            return text
        return envelope.notification(
            message_id=published.message_id, topic_arn=topic.arn, subscription_arn=sub.arn, region=topic.region,
            message=text, subject=published.subject, attributes=published.attributes, sent=published.sent,
            sequence=published.sequence, signature_version=topic.signature_version)

    def _to_queue(self, ctx, topic, sub, published: Published) -> None:
        body = self._body(topic, sub, published)
        attributes = envelope.sqs_attributes(published.attributes) if sub.raw else None
        fifo_ids = (published.group_id, published.dedup_id) if topic.fifo else None
        fair_group = None if topic.fifo else published.group_id
        status, error = delivery.to_queue(ctx, topic.arn, sub.endpoint, body, attributes=attributes,
                                          fifo_ids=fifo_ids, fair_group=fair_group)
        if status != "delivered":
            self._undeliverable(ctx, topic, sub, published.message_id, body, attributes, fifo_ids, error)

    def _undeliverable(self, ctx, topic, sub, message_id, body, attributes, fifo_ids, error) -> None:
        """Moves a message that could not be delivered to the subscription's dead-letter queue,
        if it has one, and records what happened."""
        status = "failed"
        policy = sub.attributes.get("RedrivePolicy")
        if policy:
            target = json.loads(policy)["deadLetterTargetArn"]
            moved, _ = delivery.to_queue(ctx, topic.arn, target, body, attributes=attributes, fifo_ids=fifo_ids)
            if moved == "delivered":
                status = "dead-lettered"
        outbox.record(self, "Notification", sub, message_id, body, status, error)

    def _invoke_functions(self, ctx, owner, calls: list) -> None:
        if not calls:
            return
        with released(self.lock):
            for topic, sub, published in calls:
                payload = envelope.lambda_event(
                    message_id=published.message_id, topic_arn=topic.arn, subscription_arn=sub.arn,
                    region=topic.region, message=published.text_for("lambda"), subject=published.subject,
                    attributes=published.attributes, sent=published.sent)
                status, error = delivery.to_function(ctx, sub.endpoint, payload)
                body = payload.decode("utf-8")
                if status == "failed":
                    owner._undeliverable(ctx, topic, sub, published.message_id, body, None, None, error)
                else:
                    outbox.record(owner, "Notification", sub, published.message_id, body, status)

    def _publish_sms(self, phone: str, message: str, per_protocol: dict | None) -> dict:
        if not E164.match(phone):
            raise invalid(f"PhoneNumber Reason: {phone} is not valid to publish to")
        message_id = str(uuid.uuid4())
        text = per_protocol.get("sms", per_protocol["default"]) if per_protocol else message
        outbox.record_direct(self, "sms", phone, message_id, text)
        return {"MessageId": message_id}


def _check_batch(entries: list) -> None:
    if not entries:
        raise AWSError("EmptyBatchRequestException", "The batch request doesn't contain any entries.")
    if len(entries) > MAX_BATCH_ENTRIES:
        raise AWSError("TooManyEntriesInBatchRequestException",
                       "The batch request contains more entries than permissible.")
    seen = set()
    for entry in entries:
        entry_id = entry.get("Id")
        if entry_id is None:
            raise missing("publishBatchRequestEntries.member.id")
        if not _ENTRY_ID.match(entry_id):
            raise AWSError("InvalidBatchEntryIdException",
                           "The Id of a batch entry in the batch request doesn't abide by the specification.")
        if entry_id in seen:
            raise AWSError("BatchEntryIdsNotDistinctException",
                           "Two or more batch entries in the request have the same Id.")
        seen.add(entry_id)


def _prepare_entry(entry: dict, topic) -> Published:
    message = entry.get("Message")
    checks.check_message(message)
    subject = entry.get("Subject")
    checks.check_subject(subject)
    per_protocol = checks.parse_structure(message, entry.get("MessageStructure"))
    group_id, dedup_id = entry.get("MessageGroupId"), entry.get("MessageDeduplicationId")
    checks.check_fifo_ids(topic.fifo, topic.content_based_deduplication, group_id, dedup_id)
    return Published(str(uuid.uuid4()), message, per_protocol, subject, entry.get("MessageAttributes"), group_id,
                     dedup_id, clock.now())


def _failure(entry_id: str, err: AWSError) -> dict:
    from iamulator.services.models import service_model
    from iamulator.services.protocol import faults

    fault = faults.resolve(service_model("sns"), err)
    return {"Id": entry_id, "Code": fault.code, "Message": err.message, "SenderFault": fault.sender}
