"""What every service backend is: state for one (account, region) and its operations.

A backend subclass names its botocore service and implements operations as methods named
after the operation in snake_case (``PutObject`` -> ``put_object``), each taking
``(ctx, params)`` and returning the output dict keyed by the model's member names.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any, Callable, ClassVar

from botocore import xform_name


@dataclass(slots=True)
class Context:
    """Everything an operation may need besides its params."""

    request: Any                  # services.http.Request
    service: str                  # botocore service name, e.g. "s3"
    operation: str                # operation name, e.g. "PutObject"
    protocol: str                 # the wire protocol the request used
    account_id: str
    region: str
    store: Any                    # services.state.Store
    principal: Any = None         # set by authz once the caller is known
    uri_params: dict = field(default_factory=dict)
    # Response tweaks the model cannot express (e.g. S3's 206 for ranges).
    status: int | None = None
    extra_headers: dict = field(default_factory=dict)

    def backend(self, service: str, account_id: str | None = None, region: str | None = None):
        """Another service's state, e.g. SNS delivering to SQS, in this caller's account by default."""
        return self.store.backend(service, account_id or self.account_id, region or self.region)


class Service:
    """Base of every backend. One instance holds one account's state in one region
    (or in every region, for ``scope = "account"`` services such as IAM)."""

    name: ClassVar[str] = ""
    scope: ClassVar[str] = "region"      # "region" | "account"
    _handlers: ClassVar[dict[str, Callable] | None] = None

    def __init__(self, account_id: str, region: str, store=None):
        self.account_id = account_id
        self.region = region
        self.store = store
        # Operations of one backend run under this lock; long waits use a Condition on it.
        self.lock = threading.RLock()

    @classmethod
    def handler(cls, operation: str) -> Callable | None:
        """The method implementing ``operation``, or None if this backend lacks it."""
        table = cls.__dict__.get("_handler_table")
        if table is None:
            table = {}
            cls._handler_table = table
        fn = table.get(operation)
        if fn is None and operation not in table:
            fn = getattr(cls, xform_name(operation), None)
            fn = fn if callable(fn) else None
            table[operation] = fn
        return fn

    def _holding(self, owner: "Service"):
        """Runs a block under ``owner``'s lock (another account's backend) instead of this one's."""
        from iamulator.services.locks import handover

        return handover(self.lock, owner.lock)

    @classmethod
    def implemented(cls, operations) -> list[str]:
        return [op for op in operations if cls.handler(op) is not None]
