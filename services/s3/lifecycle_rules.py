"""Validation of lifecycle rules, with S3's error codes: ``MalformedXML`` for a document the
schema refuses, ``InvalidArgument`` for a value out of range, ``InvalidRequest`` for rules that
contradict themselves."""
from __future__ import annotations

from iamulator.services.s3.errors import invalid_argument, invalid_request, malformed_xml

MAX_RULES = 1000
_STATUSES = ("Enabled", "Disabled")
_ACTIONS = ("Expiration", "Transitions", "NoncurrentVersionTransitions", "NoncurrentVersionExpiration",
            "AbortIncompleteMultipartUpload", "Transition", "NoncurrentVersionTransition")
_FILTER_KINDS = ("Prefix", "Tag", "And", "ObjectSizeGreaterThan", "ObjectSizeLessThan")
# Transitions into these classes need objects at least 30 days old.
_THIRTY_DAYS = ("STANDARD_IA", "ONEZONE_IA")


def _positive(value, what: str, action: str) -> None:
    if value is not None and value <= 0:
        raise invalid_argument(f"'{what}' for {action} action must be a positive integer", what, value)


def _check_filter(rule: dict) -> bool:
    """True when the rule selects objects by tag (some actions refuse that)."""
    has_prefix = "Prefix" in rule
    flt = rule.get("Filter")
    if flt is None:
        if not has_prefix:
            raise malformed_xml()
        return False
    if has_prefix:
        raise malformed_xml()
    given = [k for k in _FILTER_KINDS if flt.get(k) is not None]
    if len(given) > 1:
        raise malformed_xml()
    tagged = "Tag" in given
    conjunction = flt.get("And")
    if conjunction is not None:
        tags = conjunction.get("Tags") or []
        tagged = bool(tags)
        keys = [t.get("Key") for t in tags]
        if len(keys) != len(set(keys)):
            raise invalid_argument("Duplicate Tag Keys are not allowed.", "Filter", None)
    low, high = flt.get("ObjectSizeGreaterThan"), flt.get("ObjectSizeLessThan")
    if conjunction is not None:
        low, high = conjunction.get("ObjectSizeGreaterThan"), conjunction.get("ObjectSizeLessThan")
    if low is not None and high is not None and low >= high:
        raise invalid_argument("ObjectSizeGreaterThan must be less than ObjectSizeLessThan", "Filter", None)
    return tagged


def _check_expiration(expiration: dict, tagged: bool) -> None:
    given = [k for k in ("Days", "Date", "ExpiredObjectDeleteMarker") if expiration.get(k) is not None]
    if len(given) != 1:
        raise malformed_xml()
    _positive(expiration.get("Days"), "Days", "Expiration")
    date = expiration.get("Date")
    if date is not None and (date.hour, date.minute, date.second, date.microsecond) != (0, 0, 0, 0):
        raise invalid_argument("'Date' must be at midnight GMT", "Date", date.isoformat())
    if tagged and expiration.get("ExpiredObjectDeleteMarker") is not None:
        raise invalid_request("ExpiredObjectDeleteMarker cannot be specified with tags.")


def _check_transitions(transitions: list, days_member: str, action: str) -> None:
    for transition in transitions:
        days = transition.get(days_member)
        if days is None and transition.get("Date") is None and action == "Transition":
            raise malformed_xml()
        if days is not None and days < 0:
            raise invalid_argument(f"'{days_member}' in {action} action must be nonnegative", days_member, days)
        storage_class = transition.get("StorageClass")
        if storage_class in _THIRTY_DAYS and days is not None and days < 30:
            raise invalid_argument(f"'{days_member}' in {action} action must be greater than or equal to 30 for "
                                   f"storageClass '{storage_class}'", days_member, days)


def check_lifecycle(rules) -> None:
    if not rules:
        raise malformed_xml()
    if len(rules) > MAX_RULES:
        raise invalid_request(f"The number of lifecycle rules should not exceed allowed limit of {MAX_RULES} rules")
    seen = set()
    for rule in rules:
        if rule.get("Status") not in _STATUSES:
            raise malformed_xml()
        rule_id = rule.get("ID")
        if rule_id is not None:
            if len(rule_id) > 255:
                raise invalid_argument("ID length should not exceed allowed limit of 255", "ID", rule_id)
            if rule_id in seen:
                raise invalid_argument("Rule ID must be unique. Found same ID for more than one rule", "ID", rule_id)
            seen.add(rule_id)
        tagged = _check_filter(rule)
        if not any(rule.get(a) for a in _ACTIONS):
            raise invalid_request("At least one action needs to be specified in a rule")
        if rule.get("Expiration") is not None:
            _check_expiration(rule["Expiration"], tagged)
        _check_transitions(rule.get("Transitions") or [], "Days", "Transition")
        _check_transitions(rule.get("NoncurrentVersionTransitions") or [], "NoncurrentDays",
                           "NoncurrentVersionTransition")
        noncurrent = rule.get("NoncurrentVersionExpiration")
        if noncurrent is not None:
            _positive(noncurrent.get("NoncurrentDays"), "NoncurrentDays", "NoncurrentVersionExpiration")
        abort = rule.get("AbortIncompleteMultipartUpload")
        if abort is not None:
            if tagged:
                raise invalid_request("AbortIncompleteMultipartUpload cannot be specified with Tags.")
            _positive(abort.get("DaysAfterInitiation"), "DaysAfterInitiation", "AbortIncompleteMultipartUpload")
