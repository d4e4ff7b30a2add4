"""Tags on functions: TagResource, UntagResource, ListTags (and CreateFunction's ``Tags``).
Only unqualified function ARNs carry tags; versions and aliases share their function's."""
from __future__ import annotations

from .errors import invalid, resource_not_found

MAX_TAGS = 50


def check_tags(tags: dict, existing: dict | None = None) -> dict:
    merged = {**(existing or {}), **tags}
    if len(merged) > MAX_TAGS:
        raise invalid(f"Number of tags exceeds resource tag limit of {MAX_TAGS}.")
    return merged


class TagOperations:
    def _tagged(self, ctx, resource: str):
        if ":function:" not in resource:
            raise resource_not_found(f"The resource you requested does not exist: {resource}")
        owner, ref = self._locate(ctx, resource)
        if ref.qualifier is not None:
            raise invalid("Tags on function aliases and versions are not supported. Please specify a function ARN.")
        return owner, ref

    def tag_resource(self, ctx, params) -> dict:
        owner, ref = self._tagged(ctx, params["Resource"])
        with self._holding(owner):
            fn = owner._function(ref)
            fn.tags = check_tags(params.get("Tags") or {}, fn.tags)
        return {}

    def untag_resource(self, ctx, params) -> dict:
        owner, ref = self._tagged(ctx, params["Resource"])
        with self._holding(owner):
            fn = owner._function(ref)
            for key in params.get("TagKeys") or []:
                fn.tags.pop(key, None)
        return {}

    def list_tags(self, ctx, params) -> dict:
        owner, ref = self._tagged(ctx, params["Resource"])
        with self._holding(owner):
            return {"Tags": dict(owner._function(ref).tags)}
