"""SQS operations for one account in one region.

Every operation naming a queue finds it by the account and name in its URL, so a queue of
another account is reached in that account's backend (under that backend's lock only: the
caller's lock is set aside meanwhile, so two accounts' requests can never wait on each other).
"""
from __future__ import annotations

import base64
import json
import threading
import time
import uuid

from iamulator.services.base import Service
from iamulator.services.sqs import attributes as attrs
from iamulator.services.sqs import batches, clock, messages, receipts, views
from iamulator.services.sqs.errors import (invalid_parameter, missing_parameter, queue_does_not_exist,
                                           sqs_error)
from iamulator.services.sqs.names import parse_arn, parse_url, url_base, validate_name
from iamulator.services.sqs.queue import Queue

# A deleted queue's name stays reserved this long, and purges are this far apart at least.
DELETED_NAME_HOLD = 60.0
PURGE_INTERVAL = 60.0
MAX_TAGS = 50
MAX_BATCH_BYTES = 1048576


class Backend(Service):
    name = "sqs"

    def __init__(self, account_id: str, region: str, store=None):
        super().__init__(account_id, region, store)
        self.queues: dict[str, Queue] = {}
        self.deleted_at: dict[str, float] = {}
        # Long polls wait here; every change that may make a message receivable notifies it.
        self.arrivals = threading.Condition(self.lock)

    # -- finding queues ---------------------------------------------------------------
    def _owner(self, ctx, account: str) -> "Backend":
        if account == self.account_id or ctx is None or ctx.store is None:
            return self
        return ctx.store.backend(self.name, account, self.region)

    def _locate(self, ctx, params) -> tuple["Backend", Queue]:
        url = params.get("QueueUrl")
        if not url:
            raise missing_parameter("QueueUrl")
        account, name = parse_url(url)
        owner = self._owner(ctx, account)
        queue = owner.queues.get(name)
        if queue is None:
            raise queue_does_not_exist()
        return owner, queue

    def _url(self, ctx, queue: Queue) -> str:
        return f"{url_base(ctx.request if ctx else None, self.region)}/{queue.account}/{queue.name}"

    def _sender_id(self, ctx) -> str:
        principal = ctx.principal if ctx else None
        return getattr(principal, "user_id", None) or (ctx.account_id if ctx else self.account_id)

    # -- queues -----------------------------------------------------------------------
    def create_queue(self, ctx, params) -> dict:
        name = params["QueueName"]
        requested = params.get("Attributes") or {}
        fifo = "FifoQueue" in requested and attrs.normalize(
            "FifoQueue", requested["FifoQueue"], fifo=True, creating=True) == "true"
        validate_name(name, fifo)
        normalized = attrs.normalize_all(requested, fifo=fifo, creating=True)
        existing = self.queues.get(name)
        if existing is not None:
            differing = existing.differing_attribute(normalized)
            if differing is not None:
                raise sqs_error("QueueNameExists", "A queue already exists with the same name and a different "
                                                   f"value for attribute {differing}")
            return {"QueueUrl": self._url(ctx, existing)}
        now = clock.now()
        deleted = self.deleted_at.get(name)
        if deleted is not None and now - deleted < DELETED_NAME_HOLD:
            raise sqs_error("QueueDeletedRecently", "You must wait 60 seconds after deleting a queue before you "
                                                    "can create another with the same name.")
        self._check_redrive_target(normalized.get("RedrivePolicy"), fifo, requested.get("RedrivePolicy"))
        queue = Queue(name, self.account_id, self.region, normalized, params.get("tags") or {})
        self.queues[name] = queue
        return {"QueueUrl": self._url(ctx, queue)}

    def _check_redrive_target(self, policy: str | None, fifo: bool, as_sent: str | None) -> None:
        if not policy:
            return
        target_arn = json.loads(policy)["deadLetterTargetArn"]
        parsed = parse_arn(target_arn)
        target = None
        if parsed is not None and parsed[0] == self.region and parsed[1] == self.account_id:
            target = self.queues.get(parsed[2])
        if target is None:
            raise invalid_parameter(f"Value {as_sent} for parameter RedrivePolicy is invalid. Reason: "
                                    "Dead-letter target does not exist.")
        if target.fifo != fifo:
            raise invalid_parameter(f"Value {as_sent} for parameter RedrivePolicy is invalid. Reason: "
                                    "Dead-letter queue must be same type of queue as the source.")

    def get_queue_url(self, ctx, params) -> dict:
        account = params.get("QueueOwnerAWSAccountId") or self.account_id
        owner = self._owner(ctx, account) if account.isdigit() and len(account) == 12 else None
        queue = owner.queues.get(params["QueueName"]) if owner is not None else None
        if queue is None:
            raise queue_does_not_exist()
        return {"QueueUrl": self._url(ctx, queue)}

    def list_queues(self, ctx, params) -> dict:
        prefix = params.get("QueueNamePrefix") or ""
        limit = params.get("MaxResults")
        if limit is not None and not 1 <= limit <= 1000:
            raise invalid_parameter(f"Value {limit} for parameter MaxResults is invalid. Reason: "
                                    "MaxResults must be an integer between 1 and 1000.")
        names = sorted(n for n in self.queues if n.startswith(prefix))
        token = params.get("NextToken")
        if token:
            after = _token_position(token)
            names = [n for n in names if n > after]
        out: dict = {}
        if limit is not None and len(names) > limit:
            names = names[:limit]
            out["NextToken"] = base64.urlsafe_b64encode(f"after:{names[-1]}".encode()).decode()
        elif limit is None:
            names = names[:1000]
        if names:
            out["QueueUrls"] = [self._url(ctx, self.queues[n]) for n in names]
        return out

    def delete_queue(self, ctx, params) -> dict:
        owner, queue = self._locate(ctx, params)
        with self._holding(owner):
            if owner.queues.get(queue.name) is queue:
                del owner.queues[queue.name]
                owner.deleted_at[queue.name] = clock.now()
                queue.deleted = True
                owner.arrivals.notify_all()
        return {}

    def get_queue_attributes(self, ctx, params) -> dict:
        owner, queue = self._locate(ctx, params)
        names = params.get("AttributeNames") or []
        attrs.validate_names(names)
        with self._holding(owner):
            view = queue.view(names, clock.now())
        return {"Attributes": view} if view else {}

    def set_queue_attributes(self, ctx, params) -> dict:
        owner, queue = self._locate(ctx, params)
        with self._holding(owner):
            normalized = attrs.normalize_all(params.get("Attributes") or {}, fifo=queue.fifo, creating=False)
            requested = params.get("Attributes") or {}
            owner._check_redrive_target(normalized.get("RedrivePolicy"), queue.fifo, requested.get("RedrivePolicy"))
            queue.set_attributes(normalized)
            owner.arrivals.notify_all()
        return {}

    # -- messages ---------------------------------------------------------------------
    def send_message(self, ctx, params) -> dict:
        owner, queue = self._locate(ctx, params)
        body = params.get("MessageBody")
        if body is None:
            raise messages.missing_body()
        with self._holding(owner):
            stored = queue.add(self._new_message(ctx, queue, params, body))
            owner.arrivals.notify_all()
        return _sent(stored)

    def send_message_batch(self, ctx, params) -> dict:
        owner, queue = self._locate(ctx, params)
        entries = params.get("Entries") or []
        batches.check_entries(entries, "SendMessageBatchRequestEntry")
        # The batch as a whole has SQS's absolute limit; each message also the queue's own.
        total = sum(len((e.get("MessageBody") or "").encode("utf-8", "surrogatepass")) for e in entries)
        if total > MAX_BATCH_BYTES:
            raise sqs_error("BatchRequestTooLong", f"Batch requests cannot be longer than {MAX_BATCH_BYTES} bytes. "
                                                   f"You have sent {total} bytes.")
        def send(entry):
            body = entry.get("MessageBody")
            if not body:
                raise messages.missing_body()
            return _sent(queue.add(self._new_message(ctx, queue, entry, body)))

        with self._holding(owner):
            successful, failed = batches.each(entries, send)
            if successful:
                owner.arrivals.notify_all()
        return {"Successful": successful, "Failed": failed}

    def _new_message(self, ctx, queue: Queue, params: dict, body: str) -> messages.Message:
        messages.check_body(body)
        user_attributes = params.get("MessageAttributes") or {}
        system_attributes = params.get("MessageSystemAttributes") or {}
        size = len(body.encode("utf-8"))
        if user_attributes:
            size += messages.check_attributes(user_attributes, "user")
        if system_attributes:
            messages.check_attributes(system_attributes, "system")
        limit = queue.setting("MaximumMessageSize")
        if size > limit:
            raise invalid_parameter(f"One or more parameters are invalid. Reason: Message must be shorter than "
                                    f"{limit} bytes.")
        delay = params.get("DelaySeconds")
        group_id = params.get("MessageGroupId")
        dedup_id = params.get("MessageDeduplicationId")
        if queue.fifo:
            if delay is not None:
                raise invalid_parameter(f"Value {delay} for parameter DelaySeconds is invalid. Reason: The request "
                                        "include parameter that is not valid for this queue type.")
            if not group_id:
                raise missing_parameter("MessageGroupId")
            if not dedup_id:
                if not queue.content_based_deduplication:
                    raise invalid_parameter("The queue should either have ContentBasedDeduplication enabled or "
                                            "MessageDeduplicationId provided explicitly")
                dedup_id = Queue.content_deduplication_id(body)
            _check_fifo_token("MessageGroupId", group_id)
            _check_fifo_token("MessageDeduplicationId", dedup_id)
        else:
            if dedup_id is not None:
                raise invalid_parameter(f"Value {dedup_id} for parameter MessageDeduplicationId is invalid. Reason: "
                                        "The request includes a parameter that is not valid for this queue type.")
            if group_id is not None:
                _check_fifo_token("MessageGroupId", group_id)
        if delay is None:
            delay = queue.setting("DelaySeconds")
        elif not 0 <= delay <= 900:
            raise invalid_parameter(f"Value {delay} for parameter DelaySeconds is invalid. Reason: DelaySeconds "
                                    "must be >= 0 and <= 900.")
        now = clock.now()
        message = messages.Message(
            str(uuid.uuid4()), body, messages.clean_attributes(user_attributes),
            messages.clean_attributes(system_attributes), now, self._sender_id(ctx), now + delay)
        message.group_id = group_id
        message.deduplication_id = dedup_id
        return message

    def receive_message(self, ctx, params) -> dict:
        owner, queue = self._locate(ctx, params)
        limit = _bounded(params, "MaxNumberOfMessages", 1, 10, "Must be between 1 and 10, if provided.")
        visibility = _bounded(params, "VisibilityTimeout", 0, 43200, "Must be >= 0 and <= 43200, if provided.")
        wait = _bounded(params, "WaitTimeSeconds", 0, 20, "Must be >= 0 and <= 20, if provided.")
        system_names = views.system_attribute_selector(params.get("AttributeNames"),
                                                       params.get("MessageSystemAttributeNames"))
        wanted = views.attribute_filter(params.get("MessageAttributeNames"))
        with self._holding(owner):
            if limit is None:
                limit = 1
            if wait is None:
                wait = queue.setting("ReceiveMessageWaitTimeSeconds")
            deadline = time.monotonic() + wait
            while True:
                vt = queue.setting("VisibilityTimeout") if visibility is None else visibility
                now = clock.now()
                taken = queue.receive(limit, vt, now, owner._dead_letter(queue))
                if taken or queue.deleted:
                    break
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                upcoming = queue.next_visible_at(now)
                if upcoming is not None:
                    remaining = min(remaining, max(upcoming - now, 0.001))
                # Releases the lock: senders on other threads get in and notify.
                owner.arrivals.wait(remaining)
            rendered = [views.render(m, system_names, wanted) for m in taken]
        return {"Messages": rendered} if rendered else {}

    def _dead_letter(self, queue: Queue):
        policy = queue.attributes.get("RedrivePolicy")
        if not policy:
            return None
        doc = json.loads(policy)
        parsed = parse_arn(doc["deadLetterTargetArn"])
        target = self.queues.get(parsed[2]) if parsed and parsed[1] == self.account_id else None
        if target is None or target is queue:
            return None
        return target, doc["maxReceiveCount"]

    def delete_message(self, ctx, params) -> dict:
        owner, queue = self._locate(ctx, params)
        handle = params.get("ReceiptHandle")
        if not handle:
            raise missing_parameter("ReceiptHandle")
        message_id = receipts.parse(handle, queue.arn)
        with self._holding(owner):
            # A stale handle of a message still queued deletes it; one already deleted is a no-op.
            if queue.delete(message_id) and queue.fifo:
                owner.arrivals.notify_all()
        return {}

    def delete_message_batch(self, ctx, params) -> dict:
        owner, queue = self._locate(ctx, params)
        entries = params.get("Entries") or []
        batches.check_entries(entries, "DeleteMessageBatchRequestEntry")
        def delete(entry):
            queue.delete(receipts.parse(entry.get("ReceiptHandle") or "", queue.arn))

        with self._holding(owner):
            successful, failed = batches.each(entries, delete)
            if queue.fifo:
                owner.arrivals.notify_all()
        return {"Successful": successful, "Failed": failed}

    def change_message_visibility(self, ctx, params) -> dict:
        owner, queue = self._locate(ctx, params)
        with self._holding(owner):
            self._change_visibility(owner, queue, params.get("ReceiptHandle") or "", params.get("VisibilityTimeout"))
        return {}

    def change_message_visibility_batch(self, ctx, params) -> dict:
        owner, queue = self._locate(ctx, params)
        entries = params.get("Entries") or []
        batches.check_entries(entries, "ChangeMessageVisibilityBatchRequestEntry")
        def change(entry):
            self._change_visibility(owner, queue, entry.get("ReceiptHandle") or "", entry.get("VisibilityTimeout"))

        with self._holding(owner):
            successful, failed = batches.each(entries, change)
        return {"Successful": successful, "Failed": failed}

    @staticmethod
    def _change_visibility(owner: "Backend", queue: Queue, handle: str, timeout) -> None:
        if timeout is None:
            raise missing_parameter("VisibilityTimeout")
        if not 0 <= timeout <= 43200:
            raise invalid_parameter(f"Value {timeout} for parameter VisibilityTimeout is invalid. Reason: Must be "
                                    ">= 0 and <= 43200, if provided.")
        message = queue.messages.get(receipts.parse(handle, queue.arn))
        now = clock.now()
        if message is None or message.receive_count == 0 or message.visible_at <= now:
            raise invalid_parameter(f"Value {handle} for parameter ReceiptHandle is invalid. Reason: Message does "
                                    "not exist or is not available for visibility timeout change.")
        message.visible_at = now + timeout
        if timeout == 0:
            owner.arrivals.notify_all()

    def purge_queue(self, ctx, params) -> dict:
        owner, queue = self._locate(ctx, params)
        with self._holding(owner):
            now = clock.now()
            if queue.purged_at is not None and now - queue.purged_at < PURGE_INTERVAL:
                raise sqs_error("PurgeQueueInProgress", f"Only one PurgeQueue operation on {queue.name} is "
                                                        f"allowed every {int(PURGE_INTERVAL)} seconds.")
            queue.purged_at = now
            queue.messages.clear()
        return {}

    # -- tags -------------------------------------------------------------------------
    def tag_queue(self, ctx, params) -> dict:
        owner, queue = self._locate(ctx, params)
        tags = params.get("Tags") or {}
        with self._holding(owner):
            if len({**queue.tags, **tags}) > MAX_TAGS:
                raise invalid_parameter(f"Too many tags added for queue {queue.name}.")
            queue.tags.update(tags)
        return {}

    def untag_queue(self, ctx, params) -> dict:
        owner, queue = self._locate(ctx, params)
        with self._holding(owner):
            for key in params.get("TagKeys") or ():
                queue.tags.pop(key, None)
        return {}

    def list_queue_tags(self, ctx, params) -> dict:
        owner, queue = self._locate(ctx, params)
        with self._holding(owner):
            tags = dict(queue.tags)
        return {"Tags": tags} if tags else {}

    def list_dead_letter_source_queues(self, ctx, params) -> dict:
        owner, queue = self._locate(ctx, params)
        limit = params.get("MaxResults")
        if limit is not None and not 1 <= limit <= 1000:
            raise invalid_parameter(f"Value {limit} for parameter MaxResults is invalid. Reason: MaxResults must "
                                    "be an integer between 1 and 1000.")
        with self._holding(owner):
            names = sorted(q.name for q in owner.queues.values()
                           if q.attributes.get("RedrivePolicy")
                           and json.loads(q.attributes["RedrivePolicy"])["deadLetterTargetArn"] == queue.arn)
            token = params.get("NextToken")
            if token:
                after = _token_position(token)
                names = [n for n in names if n > after]
            out: dict = {}
            if limit is not None and len(names) > limit:
                names = names[:limit]
                out["NextToken"] = base64.urlsafe_b64encode(f"after:{names[-1]}".encode()).decode()
            out["queueUrls"] = [owner._url(ctx, owner.queues[n]) for n in names]
        return out


def _sent(stored: messages.Message) -> dict:
    out = {"MD5OfMessageBody": stored.md5_body, "MessageId": stored.message_id}
    if stored.md5_attributes:
        out["MD5OfMessageAttributes"] = stored.md5_attributes
    if stored.md5_system_attributes:
        out["MD5OfMessageSystemAttributes"] = stored.md5_system_attributes
    if stored.sequence_number:
        out["SequenceNumber"] = stored.sequence_number
    return out


def _token_position(token: str) -> str:
    """The queue name a ListQueues token resumes after."""
    try:
        decoded = base64.b64decode(token, altchars=b"-_", validate=True).decode()
    except (ValueError, UnicodeDecodeError):
        decoded = ""
    if not decoded.startswith("after:"):
        raise invalid_parameter("Invalid NextToken value.")
    return decoded[len("after:"):]


def _bounded(params: dict, name: str, low: int, high: int, reason: str):
    value = params.get(name)
    if value is not None and not low <= value <= high:
        raise invalid_parameter(f"Value {value} for parameter {name} is invalid. Reason: {reason}")
    return value


def _check_fifo_token(name: str, value: str) -> None:
    if not 1 <= len(value) <= 128 or any(not (33 <= ord(c) <= 126) for c in value):
        raise invalid_parameter(f"Value {value} for parameter {name} is invalid. Reason: {name} can only include "
                                "alphanumeric and punctuation characters. 1 to 128 in length.")
