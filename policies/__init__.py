"""Data: AWS managed policies (``arn:aws:iam::aws:policy/...``), the same in every account.

The documents are read from ``aws_managed_policies.json.gz`` (see NOTICE and
``extract_managed_policies.py``) on first use only, never at import, and then kept:

    from iamulator.policies import aws_managed_policy, aws_managed_policies
    aws_managed_policy("arn:aws:iam::aws:policy/ReadOnlyAccess").document
"""
from __future__ import annotations

import gzip
import json
import os
import threading
from datetime import datetime, timezone

__all__ = ["AwsManagedPolicy", "aws_managed_policy", "aws_managed_policies", "is_aws_managed_arn",
           "AWS_POLICY_ARN_PREFIX"]

AWS_POLICY_ARN_PREFIX = "arn:aws:iam::aws:policy/"
DATA_FILE = os.path.join(os.path.dirname(__file__), "aws_managed_policies.json.gz")
# The date AWS reports for policies whose snapshot carries none.
_FALLBACK_DATE = datetime(2015, 2, 6, 18, 39, 46, tzinfo=timezone.utc)
_ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


class AwsManagedPolicy:
    """One AWS managed policy: its metadata, its document text, and (on first use) the
    parsed and compiled forms."""

    __slots__ = ("name", "arn", "path", "default_version_id", "text", "_create", "_update",
                 "_compiled", "_id")

    def __init__(self, entry: dict):
        self.name = entry["PolicyName"]
        self.arn = entry["Arn"]
        self.path = entry["Path"]
        self.default_version_id = entry["DefaultVersionId"]
        self.text = entry["Document"]
        self._create = entry.get("CreateDate")
        self._update = entry.get("UpdateDate")
        self._compiled = None
        self._id = None

    @property
    def document(self) -> dict:
        """A fresh parsed copy of the document."""
        return json.loads(self.text)

    @property
    def create_date(self) -> datetime:
        return _date(self._create)

    @property
    def update_date(self) -> datetime:
        return _date(self._update or self._create)

    @property
    def policy_id(self) -> str:
        """A stable ANPA... id derived from the ARN (the snapshot does not carry AWS's ids)."""
        if self._id is None:
            import hashlib

            digest = hashlib.sha256(self.arn.encode()).digest()
            self._id = "ANPA" + "".join(_ID_ALPHABET[b % 32] for b in digest[:17])
        return self._id

    @property
    def compiled(self):
        """The document compiled as an identity policy, named by its ARN. AWS managed policies
        are exempt from the customer managed policy size quota, so none is applied."""
        if self._compiled is None:
            from iamulator.authz import compile_policy

            self._compiled = compile_policy(self.text, "identity", max_size=0).with_name(self.arn)
        return self._compiled

    def __repr__(self) -> str:
        return f"<AwsManagedPolicy {self.arn} {self.default_version_id}>"


def _date(text: str | None) -> datetime:
    if not text:
        return _FALLBACK_DATE
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


_lock = threading.Lock()
_by_arn: dict[str, AwsManagedPolicy] | None = None
_ordered: tuple[AwsManagedPolicy, ...] = ()
_source = ""


def _load() -> dict[str, AwsManagedPolicy]:
    global _by_arn, _ordered, _source
    with _lock:
        if _by_arn is None:
            with gzip.open(DATA_FILE, "rb") as f:
                data = json.load(f)
            items = tuple(AwsManagedPolicy(e) for e in data["policies"])
            _source = data.get("source", "")
            _ordered = items
            _by_arn = {p.arn: p for p in items}
    return _by_arn


def aws_managed_policy(arn: str) -> AwsManagedPolicy | None:
    """The AWS managed policy with this ARN, or None."""
    table = _by_arn if _by_arn is not None else _load()
    return table.get(arn)


def aws_managed_policies() -> tuple[AwsManagedPolicy, ...]:
    """Every AWS managed policy, sorted by name."""
    if _by_arn is None:
        _load()
    return _ordered


def is_aws_managed_arn(arn: str) -> bool:
    return arn.startswith(AWS_POLICY_ARN_PREFIX)


def snapshot_source() -> str:
    """Where the data file came from, e.g. ``moto 5.2.5``."""
    if _by_arn is None:
        _load()
    return _source
