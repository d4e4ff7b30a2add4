"""One published message on its way to subscribers: what each protocol receives and the
views of it that filter policies read (computed at most once per publish)."""
from __future__ import annotations

import hashlib

from iamulator.services.sns import envelope, filter_match
from iamulator.services.sns.filter_policy import MESSAGE_BODY

_UNSET = object()


class Published:
    __slots__ = ("message_id", "message", "per_protocol", "subject", "attributes", "group_id", "dedup_id",
                 "sequence", "sent", "_values", "_bodies")

    def __init__(self, message_id: str, message: str, per_protocol: dict | None, subject: str | None,
                 attributes: dict | None, group_id: str | None, dedup_id: str | None, now: float):
        self.message_id = message_id
        self.message = message
        self.per_protocol = per_protocol
        self.subject = subject
        self.attributes = attributes or None
        self.group_id = group_id
        self.dedup_id = dedup_id
        self.sequence: str | None = None
        self.sent = envelope.timestamp(now)
        self._values = _UNSET
        self._bodies: dict = {}

    def text_for(self, protocol: str) -> str:
        """The message a protocol's subscribers get: its own entry of a JSON-structured
        message, else the default one."""
        if self.per_protocol is None:
            return self.message
        return self.per_protocol.get(protocol, self.per_protocol["default"])

    def content_deduplication_id(self) -> str:
        return hashlib.sha256(self.message.encode("utf-8")).hexdigest()

    def accepted_by(self, sub) -> bool:
        policy = sub.filter
        if policy is None:
            return True
        if policy.scope == MESSAGE_BODY:
            text = self.text_for(sub.protocol)
            body = self._bodies.get(text, _UNSET)
            if body is _UNSET:
                body = self._bodies[text] = filter_match.parse_body(text)
            return filter_match.matches_body(policy, body)
        if self._values is _UNSET:
            self._values = filter_match.attribute_values(self.attributes)
        return filter_match.matches_attributes(policy, self._values)
