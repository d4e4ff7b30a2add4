"""Amazon CloudWatch Logs: log groups and streams, event ingestion and retrieval, filter patterns,
retention, metric and subscription filters, tags and resource policies."""
from iamulator.authz import resource_policies as _resource_policies
from iamulator.services.logs.backend import Backend
from iamulator.services.logs.writer import resource_policy, write_events, write_invocation_logs

_resource_policies.register("logs", resource_policy)

__all__ = ["Backend", "resource_policy", "write_events", "write_invocation_logs"]
