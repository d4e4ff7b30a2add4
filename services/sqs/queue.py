"""One queue's state: attributes, messages and their visibility; FIFO ordering and deduplication."""
from __future__ import annotations

import hashlib

from iamulator.services.sqs import clock, receipts
from iamulator.services.sqs.attributes import DEFAULTS, FIFO_DEFAULTS, FREE_TEXT
from iamulator.services.sqs.messages import Message
from iamulator.services.sqs.names import FIFO_SUFFIX, queue_arn

DEDUPLICATION_INTERVAL = 300.0
# Sequence numbers are 20-digit decimal strings that only grow.
_FIRST_SEQUENCE = 10 ** 19


class Queue:
    def __init__(self, name: str, account: str, region: str, attributes: dict, tags: dict):
        self.name = name
        self.account = account
        self.region = region
        self.arn = queue_arn(region, account, name)
        self.fifo = name.endswith(FIFO_SUFFIX)
        self.attributes = dict(DEFAULTS)
        if self.fifo:
            self.attributes.update(FIFO_DEFAULTS)
        else:
            self.attributes.pop("FifoQueue", None)
        self.tags = dict(tags or {})
        self.messages: dict[str, Message] = {}     # in send order
        self._deduplication: dict = {}             # key -> (expires_at, message_id, sequence_number)
        self._sequence = _FIRST_SEQUENCE
        self.created = self.modified = int(clock.now())
        self.deleted = False
        self.purged_at: float | None = None
        self._ints: dict[str, int] = {}
        self.set_attributes(attributes, touch=False)

    # -- attributes -------------------------------------------------------------------
    def set_attributes(self, normalized: dict, touch: bool = True) -> None:
        for name, value in normalized.items():
            if name == "FifoQueue":
                continue    # fixed by the name, validated before
            if value == "" and name in FREE_TEXT:
                self.attributes.pop(name, None)
            else:
                self.attributes[name] = value
        if "KmsMasterKeyId" in normalized and "SqsManagedSseEnabled" not in normalized:
            # One server-side encryption at a time: a KMS key replaces SQS-managed keys.
            self.attributes["SqsManagedSseEnabled"] = "false" if "KmsMasterKeyId" in self.attributes else "true"
        if "KmsMasterKeyId" in self.attributes:
            self.attributes.setdefault("KmsDataKeyReusePeriodSeconds", "300")
        self._ints = {name: int(self.attributes[name]) for name in
                      ("DelaySeconds", "MaximumMessageSize", "MessageRetentionPeriod",
                       "ReceiveMessageWaitTimeSeconds", "VisibilityTimeout")}
        if touch:
            self.modified = int(clock.now())

    def differing_attribute(self, normalized: dict) -> str | None:
        """The first requested attribute whose value differs from this queue's, if any."""
        for name, value in normalized.items():
            if name == "FifoQueue":
                continue    # the name already says the type
            if self.attributes.get(name, "") != value:
                return name
        return None

    def setting(self, name: str) -> int:
        return self._ints[name]

    @property
    def content_based_deduplication(self) -> bool:
        return self.attributes.get("ContentBasedDeduplication") == "true"

    def view(self, names, now: float) -> dict:
        """The requested attributes (already validated) as GetQueueAttributes returns them."""
        self.expire(now)
        visible = invisible = delayed = 0
        for m in self.messages.values():
            if m.visible_at <= now:
                visible += 1
            elif m.delayed:
                delayed += 1
            else:
                invisible += 1
        computed = {
            "ApproximateNumberOfMessages": str(visible),
            "ApproximateNumberOfMessagesNotVisible": str(invisible),
            "ApproximateNumberOfMessagesDelayed": str(delayed),
            "CreatedTimestamp": str(self.created),
            "LastModifiedTimestamp": str(self.modified),
            "QueueArn": self.arn,
        }
        if "All" in names:
            return {**computed, **self.attributes}
        out = {}
        for name in names:
            value = computed.get(name)
            if value is None:
                value = self.attributes.get(name)
            if value is not None:
                out[name] = value
        return out

    # -- messages ---------------------------------------------------------------------
    def expire(self, now: float) -> None:
        oldest = now - self._ints["MessageRetentionPeriod"]
        for message_id in [m.message_id for m in self.messages.values() if m.sent_at < oldest]:
            del self.messages[message_id]

    def add(self, message: Message) -> Message:
        """Enqueues ``message``; on a FIFO queue a duplicate within the deduplication interval
        is dropped and the original returned."""
        if self.fifo:
            now = message.sent_at
            key = message.deduplication_id
            if self.attributes.get("DeduplicationScope") == "messageGroup":
                key = (message.group_id, key)
            seen = self._deduplication.get(key)
            if seen is not None and seen[0] > now:
                original = self.messages.get(seen[1])
                if original is not None:
                    return original
                message.message_id, message.sequence_number = seen[1], seen[2]
                return message
            self._sequence += 1
            message.sequence_number = str(self._sequence)
            self._deduplication[key] = (now + DEDUPLICATION_INTERVAL, message.message_id, message.sequence_number)
            if len(self._deduplication) > 1024:
                self._deduplication = {k: v for k, v in self._deduplication.items() if v[0] > now}
        self.messages[message.message_id] = message
        return message

    @staticmethod
    def content_deduplication_id(body: str) -> str:
        return hashlib.sha256(body.encode("utf-8")).hexdigest()

    def receive(self, limit: int, visibility_timeout: int, now: float, dead_letter=None) -> list[Message]:
        """Up to ``limit`` visible messages, made invisible for ``visibility_timeout`` seconds.
        ``dead_letter`` is ``(queue, max_receive_count)`` when a redrive policy applies."""
        self.expire(now)
        taken: list[Message] = []
        blocked_groups = set()
        moved = []
        for m in self.messages.values():
            if self.fifo and m.group_id in blocked_groups:
                continue
            if m.visible_at > now:
                if self.fifo:
                    # Messages of a group are delivered in order, one batch in flight at a time.
                    blocked_groups.add(m.group_id)
                continue
            if dead_letter is not None and m.receive_count >= dead_letter[1]:
                moved.append(m)
                continue
            m.receive_count += 1
            if m.first_received_at is None:
                m.first_received_at = now
            m.receipt_handle = receipts.issue(self.arn, m.message_id)
            m.visible_at = now + visibility_timeout
            m.delayed = False
            taken.append(m)
            if len(taken) >= limit:
                break
        for m in moved:
            del self.messages[m.message_id]
            dead_letter[0].adopt(m, self.arn, now)
        return taken

    def adopt(self, message: Message, source_arn: str, now: float) -> None:
        """Takes a message moved here by a source queue's redrive policy."""
        message.dead_letter_source_arn = source_arn
        message.visible_at = now
        message.delayed = False
        if self.fifo:
            self._sequence += 1
            message.sequence_number = str(self._sequence)
        self.messages[message.message_id] = message

    def next_visible_at(self, now: float) -> float | None:
        """When the next hidden message becomes visible: how long a long poll may sleep."""
        pending = [m.visible_at for m in self.messages.values() if m.visible_at > now]
        return min(pending) if pending else None

    def delete(self, message_id: str) -> bool:
        return self.messages.pop(message_id, None) is not None
