"""SQS errors as the service sends them over its JSON protocol.

SQS moved from the query protocol to JSON keeping its old error codes: every error carries an
``x-amzn-query-error: <legacy code>;Sender`` header, from which botocore takes ``Error.Code``
while matching ``client.exceptions.<ShapeName>``. botocore's SQS model lacks the ``error`` traits
that would say these codes, so they are listed here.
"""
from __future__ import annotations

from iamulator.services.errors import AWSError

# Model shape name -> the code SQS reported under the query protocol (and still reports).
LEGACY_CODES = {
    "BatchEntryIdsNotDistinct": "AWS.SimpleQueueService.BatchEntryIdsNotDistinct",
    "BatchRequestTooLong": "AWS.SimpleQueueService.BatchRequestTooLong",
    "EmptyBatchRequest": "AWS.SimpleQueueService.EmptyBatchRequest",
    "InvalidBatchEntryId": "AWS.SimpleQueueService.InvalidBatchEntryId",
    "MessageNotInflight": "AWS.SimpleQueueService.MessageNotInflight",
    "PurgeQueueInProgress": "AWS.SimpleQueueService.PurgeQueueInProgress",
    "QueueDeletedRecently": "AWS.SimpleQueueService.QueueDeletedRecently",
    "QueueDoesNotExist": "AWS.SimpleQueueService.NonExistentQueue",
    "QueueNameExists": "QueueAlreadyExists",
    "TooManyEntriesInBatchRequest": "AWS.SimpleQueueService.TooManyEntriesInBatchRequest",
    "UnsupportedOperation": "AWS.SimpleQueueService.UnsupportedOperation",
}

_STATUS = {"PurgeQueueInProgress": 403, "OverLimit": 403}


def sqs_error(code: str, message: str) -> AWSError:
    """An error by model shape name (or plain code such as ``InvalidParameterValue``)."""
    legacy = LEGACY_CODES.get(code, code)
    return AWSError(code, message, _STATUS.get(code, 400),
                    headers={"x-amzn-query-error": f"{legacy};Sender"})


def queue_does_not_exist() -> AWSError:
    return sqs_error("QueueDoesNotExist", "The specified queue does not exist.")


def invalid_parameter(message: str) -> AWSError:
    return sqs_error("InvalidParameterValue", message)


def missing_parameter(name: str) -> AWSError:
    return sqs_error("MissingParameter", f"The request must contain the parameter {name}.")


def invalid_attribute_name(name: str) -> AWSError:
    return sqs_error("InvalidAttributeName", f"Unknown Attribute {name}.")


def invalid_attribute_value(name: str, reason: str | None = None) -> AWSError:
    message = f"Invalid value for the parameter {name}."
    if reason:
        message += f" Reason: {reason}"
    return sqs_error("InvalidAttributeValue", message)
