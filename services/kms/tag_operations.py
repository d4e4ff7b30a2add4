"""Tags: TagResource, UntagResource, ListResourceTags."""
from __future__ import annotations

from iamulator.services.kms import paging, tags


class TagOperations:
    def tag_resource(self, ctx, params) -> dict:
        with self._using(ctx, params["KeyId"]) as key:
            self._require_not_pending(key)
            key.tags = tags.merged(key.tags, params["Tags"])
        return {}

    def untag_resource(self, ctx, params) -> dict:
        with self._using(ctx, params["KeyId"]) as key:
            self._require_not_pending(key)
            for name in params["TagKeys"]:
                key.tags.pop(name, None)
        return {}

    def list_resource_tags(self, ctx, params) -> dict:
        with self._using(ctx, params["KeyId"]) as key:
            entries = tags.listed(key.tags)
        return paging.page(entries, params, "Tags", default=50, most=50)
