"""What Lambda keeps: functions with their $LATEST, published versions, aliases, resource
policies and tags; layers with their versions; and the code packages both hold."""
from __future__ import annotations

import base64
import hashlib
import uuid

from .names import LATEST


def new_revision() -> str:
    return str(uuid.uuid4())


class Code:
    """A deployment package: the zip itself (or a container image URI) and its digest."""

    __slots__ = ("zip", "sha256", "size", "image_uri", "snapshot")

    def __init__(self, zip_bytes: bytes | None = None, image_uri: str | None = None):
        self.zip = zip_bytes
        self.image_uri = image_uri
        digest = hashlib.sha256(zip_bytes if zip_bytes is not None else (image_uri or "").encode())
        self.sha256 = base64.b64encode(digest.digest()).decode()
        self.size = len(zip_bytes) if zip_bytes is not None else 0
        # The name of the (unreachable) snapshot object Code.Location points at.
        self.snapshot = str(uuid.uuid4())

    @property
    def key(self) -> str:
        """A file-system-safe identity of the contents, for the extracted-code cache."""
        return base64.b32encode(base64.b64decode(self.sha256)).decode().rstrip("=").lower()


class Version:
    """$LATEST or one published version. ``config`` holds the FunctionConfiguration members that
    do not depend on how the version is named; published versions never change."""

    __slots__ = ("number", "config", "code", "layers", "revision_id")

    def __init__(self, number: str, config: dict, code: Code, layers: tuple = ()):
        self.number = number
        self.config = config
        self.code = code
        self.layers = layers          # ((layer version ARN, LayerVersion or None), ...)
        self.revision_id = new_revision()

    def fingerprint(self) -> tuple:
        """What makes two versions the same for PublishVersion: code and configuration."""
        skip = ("LastModified", "Version", "FunctionArn")
        return (self.code.sha256, repr(sorted((k, repr(v)) for k, v in self.config.items() if k not in skip)))


class Alias:
    __slots__ = ("name", "arn", "function_version", "description", "routing", "revision_id")

    def __init__(self, name: str, arn: str, function_version: str, description: str, routing: dict | None):
        self.name = name
        self.arn = arn
        self.function_version = function_version
        self.description = description
        self.routing = routing
        self.revision_id = new_revision()

    def view(self) -> dict:
        out = {"AliasArn": self.arn, "Name": self.name, "FunctionVersion": self.function_version,
               "Description": self.description, "RevisionId": self.revision_id}
        if self.routing:
            out["RoutingConfig"] = {"AdditionalVersionWeights": dict(self.routing)}
        return out


class Function:
    __slots__ = ("name", "arn", "region", "account", "latest", "versions", "aliases", "policies",
                 "tags", "concurrency", "next_version", "published")

    def __init__(self, name: str, arn: str, region: str, account: str, latest: Version, tags: dict):
        self.name = name
        self.arn = arn
        self.region = region
        self.account = account
        self.latest = latest
        self.versions: dict[str, Version] = {}
        self.aliases: dict[str, Alias] = {}
        # Qualifier (None for the unqualified function) -> its statements, in order.
        self.policies: dict[str | None, list[dict]] = {}
        self.tags = dict(tags)
        self.concurrency: int | None = None
        self.next_version = 1
        # $LATEST's fingerprint when the newest version was published from it.
        self.published: tuple | None = None

    def version(self, number: str) -> Version | None:
        return self.latest if number == LATEST else self.versions.get(number)

    def aliases_of(self, number: str) -> list[str]:
        """The aliases that route any traffic to version ``number``."""
        return [a.name for a in self.aliases.values()
                if a.function_version == number or number in (a.routing or {})]


class LayerVersion:
    __slots__ = ("layer", "version", "arn", "description", "created", "code", "runtimes", "license",
                 "architectures", "statements", "revision_id")

    def __init__(self, layer: "Layer", version: int, arn: str, description: str, created: str, code: Code,
                 runtimes: list, license_info: str | None, architectures: list):
        self.layer = layer
        self.version = version
        self.arn = arn
        self.description = description
        self.created = created
        self.code = code
        self.runtimes = runtimes
        self.license = license_info
        self.architectures = architectures
        self.statements: list[dict] = []
        self.revision_id = new_revision()


class Layer:
    __slots__ = ("name", "arn", "versions", "next_version")

    def __init__(self, name: str, arn: str):
        self.name = name
        self.arn = arn
        self.versions: dict[int, LayerVersion] = {}
        self.next_version = 1
