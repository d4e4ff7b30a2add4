"""Queue names, URLs and ARNs.

A queue is found by the account and name in its URL's path, whatever the host: SDKs talk to
``https://sqs.{region}.amazonaws.com/{account}/{name}``, the legacy ``queue.amazonaws.com`` form
and server mode's ``http://127.0.0.1:5000/{account}/{name}`` alike.
"""
from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from iamulator.authz.partitions import partition_of as partition  # noqa: F401  (also used by callers)
from iamulator.services.sqs.errors import invalid_parameter, sqs_error

_STANDARD_NAME = re.compile(r"[A-Za-z0-9_-]{1,80}\Z")
_FIFO_NAME = re.compile(r"[A-Za-z0-9_-]{1,75}\.fifo\Z")
_ACCOUNT = re.compile(r"\d{12}\Z")

FIFO_SUFFIX = ".fifo"


def validate_name(name: str, fifo: bool) -> None:
    if fifo:
        if not _FIFO_NAME.match(name):
            raise invalid_parameter(
                "The name of a FIFO queue can only include alphanumeric characters, hyphens, or "
                "underscores, must end with .fifo suffix and be 1 to 80 in length.")
    elif not _STANDARD_NAME.match(name):
        raise invalid_parameter("Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length")


def queue_arn(region: str, account: str, name: str) -> str:
    return f"arn:{partition(region)}:sqs:{region}:{account}:{name}"


def parse_arn(arn: str) -> tuple[str, str, str] | None:
    """(region, account, name) of an SQS queue ARN, or None."""
    parts = arn.split(":")
    if len(parts) != 6 or parts[0] != "arn" or parts[2] != "sqs":
        return None
    return parts[3], parts[4], parts[5]


def url_base(request, region: str) -> str:
    """Scheme and host for the queue URLs handed out in answer to ``request``: AWS's own
    endpoint, unless the caller reached us at another host (server mode) which it can use again."""
    host = ""
    scheme = "https"
    if request is not None:
        host = request.headers.get("host") or ""
        parts = urlsplit(request.url)
        scheme = parts.scheme or scheme
        host = host or parts.netloc
    if not host or host.split(":")[0].endswith((".amazonaws.com", ".amazonaws.com.cn")):
        suffix = "amazonaws.com.cn" if region.startswith("cn-") else "amazonaws.com"
        return f"https://sqs.{region}.{suffix}"
    return f"{scheme}://{host}"


def parse_url(url: str) -> tuple[str, str]:
    """(account, name) named by a queue URL; ``InvalidAddress`` when it names no queue."""
    try:
        path = urlsplit(url).path if "://" in url else url
    except ValueError:
        path = ""
    segments = [s for s in path.split("/") if s]
    if len(segments) == 2 and _ACCOUNT.match(segments[0]):
        return segments[0], unquote(segments[1])
    raise sqs_error("InvalidAddress", f"The address {url} is not valid for this endpoint.")
