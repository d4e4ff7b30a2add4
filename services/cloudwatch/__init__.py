"""Amazon CloudWatch: metric data, statistics and percentiles, metric math, metric listing,
metric alarms (evaluated as data arrives) with history and SNS actions, and tags."""
from iamulator.services.cloudwatch.backend import Backend

__all__ = ["Backend"]
