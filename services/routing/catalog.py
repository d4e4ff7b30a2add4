"""The catalog of every service botocore has a model for, built from the models' metadata only.

Loading all ~420 full models costs seconds; the router needs just each model's ``metadata``
object (endpoint prefix, signing name, target prefix, protocols, service id), which sits near
the start of each file. So the catalog inflates only the first few kilobytes of each gzip file
and cuts the object out with a brace scanner, falling back to botocore's full load for any file
where that does not work. The newest API version of each service is picked the way botocore's
loader picks it (highest version directory over all search paths, first path that has it).
"""
from __future__ import annotations

import functools
import json
import os
import re
import zlib
from typing import NamedTuple

from iamulator.services import registry
from iamulator.services.models import loader

_MODEL = "service-2"
_EXTRAS = "service-2.sdk-extras.json"
_CHUNK = 4096
_MAX_SCAN = 256 * 1024

QUERY_PROTOCOLS = ("query", "ec2")


class ServiceInfo(NamedTuple):
    name: str                 # botocore's name, e.g. "logs"
    api_version: str
    endpoint_prefix: str
    signing_name: str
    target_prefix: str | None
    protocols: tuple          # every protocol the service speaks, model order
    protocol: str             # the model's legacy single protocol
    service_id: str           # e.g. "CloudWatch Logs"
    event_name: str           # service id as botocore's events spell it: "cloudwatch-logs"
    json_version: str | None
    query_compatible: bool    # a JSON service that still accepts the query protocol (e.g. SQS)
    rest_protocol: str | None   # rest-json or rest-xml, if the service speaks one
    query_protocol: str | None  # the Action-parameter protocol it accepts (query, ec2), if any


class Catalog:
    """Lookups from what a request shows (signing name, host, target prefix) to services.

    Every tuple of names is in preference order: shipped services first, then the service
    that owns the name outright (``rds`` before ``docdb`` for signing name ``rds``), then by name.
    """

    def __init__(self, infos: list[ServiceInfo], shipped: tuple = ()):
        self.services = {i.name: i for i in infos}
        shipped_set = set(shipped)

        def rank(info: ServiceInfo):
            owner = info.name in (info.endpoint_prefix, info.signing_name)
            return (info.name not in shipped_set, not owner, info.name)

        ordered = sorted(infos, key=rank)
        self.ordered = tuple(i.name for i in ordered)
        self.rank = {name: n for n, name in enumerate(self.ordered)}
        by_sign: dict[str, list] = {}
        by_prefix: dict[str, list] = {}
        by_target: dict[str, list] = {}
        for i in ordered:
            by_sign.setdefault(i.signing_name, []).append(i.name)
            by_prefix.setdefault(i.endpoint_prefix, []).append(i.name)
            if i.target_prefix:
                by_target.setdefault(i.target_prefix, []).append(i.name)
        self.by_signing_name = {k: tuple(v) for k, v in by_sign.items()}
        self.by_endpoint_prefix = {k: tuple(v) for k, v in by_prefix.items()}
        self.by_target_prefix = {k: tuple(v) for k, v in by_target.items()}
        # Two services may share a service id (pinpoint-sms-voice and sms-voice): the one
        # named like the event wins.
        self.by_event_name = {}
        for i in sorted(ordered, key=lambda i: i.name != i.event_name):
            self.by_event_name.setdefault(i.event_name, i.name)
        self.query_services = tuple(i.name for i in ordered if i.query_protocol)


@functools.lru_cache(maxsize=1)
def catalog() -> Catalog:
    return Catalog([_info(name, path) for name, path in _latest_models()], registry.shipped())


def _latest_models() -> list[tuple[str, str]]:
    """(service, path of its newest service-2 file), as botocore's loader would resolve them
    over its search paths."""
    versions: dict[str, set] = {}
    roots = [p for p in loader().search_paths if os.path.isdir(p)]
    for root in roots:
        for entry in os.scandir(root):
            if not entry.is_dir():
                continue
            try:
                found = [v for v in os.listdir(entry.path) if _has_model(os.path.join(entry.path, v, _MODEL))]
            except OSError:
                continue
            if found:
                versions.setdefault(entry.name, set()).update(found)
    result = []
    for name in sorted(versions):
        latest = max(versions[name])
        for root in roots:
            base = os.path.join(root, name, latest, _MODEL)
            path = _model_file(base)
            if path:
                result.append((name, path))
                break
    return result


def _has_model(base: str) -> bool:
    return os.path.isfile(base + ".json.gz") or os.path.isfile(base + ".json")


def _model_file(base: str) -> str | None:
    # botocore's loader tries the plain file first.
    for ext in (".json", ".json.gz"):
        if os.path.isfile(base + ext):
            return base + ext
    return None


def _info(name: str, path: str) -> ServiceInfo:
    md = _scan_metadata(path)
    if md is None:
        md = loader().load_service_model(name, _MODEL)["metadata"]
    else:
        md = _with_extras(name, path, md)
    protocols = tuple(md.get("protocols") or (md["protocol"],))
    endpoint_prefix = md.get("endpointPrefix") or name
    service_id = md.get("serviceId") or name
    return ServiceInfo(
        name=name,
        api_version=md.get("apiVersion", ""),
        endpoint_prefix=endpoint_prefix,
        signing_name=md.get("signingName") or endpoint_prefix,
        target_prefix=md.get("targetPrefix"),
        protocols=protocols,
        protocol=md.get("protocol") or protocols[0],
        service_id=service_id,
        # botocore.utils.hyphenize_service_id, the spelling of its event names.
        event_name=service_id.replace(" ", "-").lower(),
        json_version=md.get("jsonVersion"),
        query_compatible="awsQueryCompatible" in md,
        rest_protocol=next((p for p in protocols if p in ("rest-json", "rest-xml")), None),
        query_protocol=next((p for p in protocols if p in QUERY_PROTOCOLS),
                            "query" if "awsQueryCompatible" in md else None),
    )


def _with_extras(name: str, path: str, md: dict) -> dict:
    # botocore merges service-2.sdk-extras.json into the model (it renames some service ids).
    version_dir = os.path.basename(os.path.dirname(path))
    for root in loader().search_paths:
        path = os.path.join(root, name, version_dir, _EXTRAS)
        if os.path.isfile(path):
            try:
                with open(path, "rb") as f:
                    extra = json.loads(f.read()).get("merge", {}).get("metadata")
            except (OSError, ValueError):
                return loader().load_service_model(name, _MODEL)["metadata"]
            if extra:
                md = {**md, **extra}
            break
    return md


def _scan_metadata(path: str | None) -> dict | None:
    """The model's ``metadata`` object read from the start of the file, or None."""
    if path is None:
        return None
    try:
        with open(path, "rb") as f:
            inflate = zlib.decompressobj(31) if path.endswith(".gz") else None
            text = b""
            pending = b""
            while len(text) < _MAX_SCAN:
                if inflate is None:
                    chunk = f.read(_CHUNK)
                    if not chunk:
                        break
                    text += chunk
                else:
                    # Inflate a little at a time: the object is a few hundred bytes in.
                    if not pending:
                        pending = f.read(_CHUNK // 4)
                        if not pending:
                            break
                    text += inflate.decompress(pending, _CHUNK)
                    pending = inflate.unconsumed_tail
                found = _metadata_object(text)
                if found is not None:
                    return found
    except (OSError, zlib.error, ValueError):
        return None
    return None


# A JSON string (escapes included) or a brace: all the scanner needs to see.
_TOKENS = re.compile(rb'"(?:[^"\\]|\\.)*"|[{}]')


def _metadata_object(text: bytes) -> dict | None:
    key = text.find(b'"metadata"')
    if key < 0:
        return None
    start = text.find(b"{", key)
    if start < 0:
        return None
    depth = 0
    for m in _TOKENS.finditer(text, start):
        tok = m.group()
        if tok == b"{":
            depth += 1
        elif tok == b"}":
            depth -= 1
            if depth == 0:
                md = json.loads(text[start:m.end()])
                # A "metadata" that is not the model's own (a member of that name) lacks these.
                if isinstance(md, dict) and ("protocol" in md or "protocols" in md):
                    return md
                return None
    return None
