"""Published versions: PublishVersion (a snapshot of $LATEST, or the newest version again when
nothing changed since it was published) and ListVersionsByFunction."""
from __future__ import annotations

from .clock import timestamp
from .configuration import view
from .errors import invalid
from .names import LATEST
from .pagination import page
from .records import Function, Version


class VersionOperations:
    def _publish(self, fn: Function, description: str | None) -> Version:
        latest = fn.latest
        fingerprint = latest.fingerprint()
        if fn.published == fingerprint and fn.versions:
            newest = max(fn.versions, key=int)
            return fn.versions[newest]
        number = str(fn.next_version)
        fn.next_version += 1
        config = dict(latest.config, Version=number, LastModified=timestamp())
        if description is not None:
            config["Description"] = description
        version = Version(number, config, latest.code, latest.layers)
        fn.versions[number] = version
        fn.published = fingerprint
        return version

    def publish_version(self, ctx, params) -> dict:
        owner, ref = self._locate(ctx, params["FunctionName"])
        with self._holding(owner):
            fn, latest = owner._latest_checked(ref, params)
            expected = params.get("CodeSha256")
            if expected and expected != latest.code.sha256:
                raise invalid(f"CodeSHA256 ({expected}) is different from current CodeSHA256 in $LATEST "
                              f"({latest.code.sha256}). Please try again.")
            version = owner._publish(fn, params.get("Description"))
            return view(version.config, f"{fn.arn}:{version.number}", version.revision_id)

    def list_versions_by_function(self, ctx, params) -> dict:
        owner, ref = self._locate(ctx, params["FunctionName"])
        with self._holding(owner):
            fn = owner._function(owner._unqualified(ref))
            rows = [(fn.latest, f"{fn.arn}:{LATEST}")]
            keys = ["0"]
            for number in sorted(fn.versions, key=int):
                rows.append((fn.versions[number], f"{fn.arn}:{number}"))
                keys.append(f"1{int(number):010d}")
            chosen, marker = page(rows, keys, params.get("Marker"), params.get("MaxItems"))
            out: dict = {"Versions": [view(v.config, arn, v.revision_id) for v, arn in chosen]}
            if marker:
                out["NextMarker"] = marker
            return out
