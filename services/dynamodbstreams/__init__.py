"""Amazon DynamoDB Streams: the change records of DynamoDB tables whose stream is enabled."""
from iamulator.authz import resource_policies as _resource_policies
from iamulator.services.dynamodbstreams.backend import Backend
from iamulator.services.dynamodb.resource_policies import resource_policy as _dynamodb_resource_policy

# Streams share the dynamodb: prefix, so one provider answers for tables, indexes and streams.
_resource_policies.register("dynamodb", _dynamodb_resource_policy)

__all__ = ["Backend"]
