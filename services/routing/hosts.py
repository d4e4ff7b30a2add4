"""What a Host header says about the service: AWS endpoint hostnames (endpoint prefix, region,
host prefixes such as ``{AccountId}.`` or ``data-``), S3's virtual-hosted buckets, and the local
server's ``{bucket}.localhost`` form. Parsed once per distinct host."""
from __future__ import annotations

import re
from typing import NamedTuple

# Domains AWS serves its endpoints under, longest first so ".com.cn" wins over ".com".
_AWS_DOMAINS = (
    ".vpce.amazonaws.com", ".amazonaws.com.cn", ".amazonaws.com", ".api.amazonwebservices.com.cn",
    ".api.aws", ".c2s.ic.gov", ".sc2s.sgov.gov", ".cloud.adc-e.uk", ".csp.hci.ic.gov",
)
_REGION = re.compile(r"[a-z]{2}(?:-[a-z]+)+-\d{1,2}\Z")
# Endpoint-only labels that sit between the service and the domain.
_NOISE = {"dualstack", "fips"}
# S3's own host labels (its endpoint rules, not its endpoint prefix, name them).
_S3_LEGACY_REGION = re.compile(r"s3[-.]((?:[a-z]{2}(?:-[a-z]+)+-\d{1,2})|external-1)\Z")
_S3_BUCKET_LABELS = {"s3", "s3-accelerate", "s3-fips", "s3-accesspoint", "s3-accesspoint-fips"}
_S3_FLAVOURS = {"s3express-control", "s3-object-lambda", "s3-object-lambda-fips"}


class HostInfo(NamedTuple):
    services: tuple = ()          # services whose endpoint prefix the host names
    region: str | None = None
    bucket: str | None = None     # S3 virtual-hosted bucket (as sent)
    prefix: str = ""              # what precedes the endpoint prefix, e.g. "api." or "data-"
    flavour: str | None = None    # a special S3 endpoint, e.g. "s3express-control"
    aws: bool = False             # an AWS endpoint hostname
    local_bucket: bool = False    # bucket taken from a non-AWS host: a guess, the request may veto it


EMPTY = HostInfo()
_cache: dict[str, HostInfo] = {}
_CACHE_MAX = 4096


def parse(host: str, catalog) -> HostInfo:
    info = _cache.get(host)
    if info is None:
        try:
            info = _parse(host, catalog)
        except Exception:       # a hostile Host header must never break routing
            info = EMPTY
        if len(_cache) >= _CACHE_MAX:
            _cache.clear()
        _cache[host] = info
    return info


def _parse(host: str, catalog) -> HostInfo:
    name = _strip_port(host.strip().lower()).rstrip(".")
    if not name or ":" in name:
        return EMPTY
    for domain in _AWS_DOMAINS:
        if name.endswith(domain) and len(name) > len(domain):
            return _aws_host(name[: -len(domain)].split("."), catalog)
    return _local_host(name)


def _strip_port(host: str) -> str:
    if host.startswith("["):            # IPv6 literal
        return ":"
    name, colon, port = host.rpartition(":")
    return name if colon and port.isdigit() else host


def _aws_host(labels: list[str], catalog) -> HostInfo:
    region = None
    for i in range(len(labels) - 1, 0, -1):
        if _REGION.match(labels[i]):
            region = labels[i]
            labels = labels[:i]
            break
    while len(labels) > 1 and labels[-1] in _NOISE:
        labels = labels[:-1]
    if not labels:
        return HostInfo(region=region, aws=True)
    s3 = _s3_host(labels, region)
    if s3 is not None:
        return s3
    found = _endpoint_prefix(labels, catalog)
    if found is None:
        return HostInfo(region=region, aws=True)
    services, prefix = found
    return HostInfo(services=services, region=region, prefix=prefix, aws=True)


def _s3_host(labels: list[str], region: str | None) -> HostInfo | None:
    last = labels[-1]
    before = ".".join(labels[:-1]) or None
    if last in _S3_BUCKET_LABELS or last.startswith("s3express-") and last != "s3express-control":
        return HostInfo(("s3",), region, before, aws=True)
    legacy = _S3_LEGACY_REGION.match(last)
    if legacy:
        r = legacy.group(1)
        return HostInfo(("s3",), region or ("us-east-1" if r == "external-1" else r), before, aws=True)
    if last in _S3_FLAVOURS:
        return HostInfo(("s3",), region, None, (before + ".") if before else "", last, aws=True)
    return None


def _endpoint_prefix(labels: list[str], catalog) -> tuple[tuple, str] | None:
    """The longest dotted tail of the labels that is an endpoint prefix (some contain dots,
    e.g. ``runtime.sagemaker``); failing that, one with a hyphenated host prefix cut off
    (``data-servicediscovery``, ``control-storage-omics``)."""
    table = catalog.by_endpoint_prefix
    for k in range(len(labels)):
        tail = ".".join(labels[k:])
        for candidate in (tail, tail[:-5] if tail.endswith("-fips") else None):
            if candidate and candidate in table:
                return table[candidate], ".".join(labels[:k]) + "." if k else ""
    for k in range(len(labels)):
        tail = ".".join(labels[k:])
        dash = tail.find("-")
        while 0 <= dash < len(labels[k]):
            candidate = tail[dash + 1:]
            if candidate in table:
                head = ".".join(labels[:k])
                return table[candidate], (head + "." if head else "") + tail[: dash + 1]
            dash = tail.find("-", dash + 1)
    return None


_LOCAL_TAIL = re.compile(r"(?:localhost|\d{1,3}(?:\.\d{1,3}){3})\Z")


def _local_host(name: str) -> HostInfo:
    """The local server. At ``localhost`` or an IP address, whatever precedes is a host prefix
    botocore put there (``api.``, ``{AccountId}.``) or, before ``localhost``, maybe a bucket
    (``{bucket}.localhost``; ``{bucket}.s3.localhost`` says so outright). At any other name only
    ``{bucket}.s3.{name}`` tells anything."""
    tail = _LOCAL_TAIL.search(name)
    if tail is not None and (tail.start() == 0 or name[tail.start() - 1] in ".-"):
        prefix = name[:tail.start()]
        if not prefix:
            return EMPTY
        if tail.group() == "localhost" and prefix.endswith("."):
            inner = prefix[:-1]
            if inner == "s3":
                return HostInfo(("s3",))
            if inner.endswith(".s3"):
                return HostInfo(("s3",), bucket=inner[:-3])
            return HostInfo(bucket=inner, prefix=prefix, local_bucket=True)
        return HostInfo(prefix=prefix)
    labels = name.split(".")
    if "s3" in labels[1:-1]:
        at = labels.index("s3", 1)
        return HostInfo(("s3",), bucket=".".join(labels[:at]))
    if labels[0] == "s3" and len(labels) > 1:
        return HostInfo(("s3",))
    return EMPTY
