"""Receipt handles: opaque to callers, but carrying the queue and message they were issued for,
so that a handle SQS never issued is told apart from one that is merely stale."""
from __future__ import annotations

import base64
import binascii
import os

from iamulator.services.sqs.errors import sqs_error


def issue(queue_arn: str, message_id: str) -> str:
    # A fresh nonce per receive: every receive of a message yields a different handle.
    raw = f"{queue_arn} {message_id} {os.urandom(16).hex()}".encode()
    return base64.b64encode(raw).decode()


def parse(handle: str, queue_arn: str) -> str:
    """The message id a handle was issued for; ``ReceiptHandleIsInvalid`` otherwise."""
    try:
        arn, message_id, _nonce = base64.b64decode(handle, validate=True).decode().split(" ")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise sqs_error("ReceiptHandleIsInvalid",
                        f'The input receipt handle "{handle}" is not a valid receipt handle.') from None
    if arn != queue_arn:
        raise sqs_error("ReceiptHandleIsInvalid", f'The receipt handle "{handle}" is not valid for this queue.')
    return message_id
