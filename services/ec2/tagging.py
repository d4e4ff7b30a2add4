"""Which resource an id names, for CreateTags/DeleteTags/DescribeTags: the id's prefix says the
type, the backend says whether it exists."""
from __future__ import annotations

from iamulator.services.ec2 import ids
from iamulator.services.ec2.errors import not_found
from iamulator.services.errors import AWSError

# id prefix -> (DescribeTags resource type, not-found code, noun in the not-found message)
KINDS = {
    "i": ("instance", "InvalidInstanceID.NotFound", "instance"),
    "vpc": ("vpc", "InvalidVpcID.NotFound", "vpc"),
    "subnet": ("subnet", "InvalidSubnetID.NotFound", "subnet"),
    "sg": ("security-group", "InvalidGroup.NotFound", None),
}


def resolve(resource_ids, registries: dict) -> list:
    """The resources named, all checked before any is touched; ``registries`` maps a prefix to
    the dict of resources of that type by id."""
    found = []
    for resource_id in resource_ids:
        prefix = resource_id.split("-", 1)[0] if isinstance(resource_id, str) else ""
        if prefix not in KINDS or not ids.well_formed(prefix, resource_id):
            raise AWSError("InvalidID", f"The ID '{resource_id}' is not valid")
        resource = registries[prefix].get(resource_id)
        if resource is None:
            _kind, code, noun = KINDS[prefix]
            if noun is None:
                raise AWSError(code, f"The security group '{resource_id}' does not exist")
            raise not_found(code, noun, [resource_id])
        found.append((KINDS[prefix][0], resource_id, resource))
    return found


class TagEntry:
    """One row of DescribeTags; ``tags`` are its resource's, for ``tag:<key>`` filters."""

    __slots__ = ("doc", "tags")

    def __init__(self, resource_type: str, resource_id: str, key: str, value: str, tags: dict):
        self.doc = {"Key": key, "ResourceId": resource_id, "ResourceType": resource_type, "Value": value}
        self.tags = tags


TAG_GETTERS = {
    "key": lambda e: e.doc["Key"],
    "value": lambda e: e.doc["Value"],
    "resource-id": lambda e: e.doc["ResourceId"],
    "resource-type": lambda e: e.doc["ResourceType"],
}
