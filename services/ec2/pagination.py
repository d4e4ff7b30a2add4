"""EC2's MaxResults/NextToken: pages over resources in a stable order, resumed by position.

The token names the sort key of the next resource, so resources deleted between pages do not
shift the rest.
"""
from __future__ import annotations

import base64

from iamulator.services.ec2.errors import invalid_value
from iamulator.services.errors import AWSError

MIN_RESULTS, MAX_RESULTS = 5, 1000


def check_max_results(value: int | None) -> None:
    if value is None:
        return
    if value < MIN_RESULTS:
        raise invalid_value(f"Value ( {value} ) for parameter maxResults is invalid. "
                            f"Expecting a value greater than {MIN_RESULTS}.")
    if value > MAX_RESULTS:
        raise invalid_value(f"Value ( {value} ) for parameter maxResults is invalid. "
                            f"Expecting a value less than {MAX_RESULTS}.")


def encode(position: int) -> str:
    return base64.urlsafe_b64encode(f"v1:{position}".encode()).decode()


def decode(token: str) -> int:
    try:
        version, position = base64.urlsafe_b64decode(token.encode()).decode().split(":")
        if version != "v1":
            raise ValueError(version)
        return int(position)
    except (ValueError, UnicodeDecodeError):
        raise AWSError("InvalidPaginationToken",
                       f"Invalid pagination token: {token}") from None


def page(items: list, key, max_results: int | None, token: str | None) -> tuple[list, str | None]:
    """One page of ``items`` (sorted by the integer ``key``) and the token of the next, if any."""
    if token:
        start = decode(token)
        items = [item for item in items if key(item) >= start]
    if max_results is None or len(items) <= max_results:
        return items, None
    return items[:max_results], encode(key(items[max_results]))
