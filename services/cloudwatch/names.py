"""ARNs and region names CloudWatch shows."""
from __future__ import annotations

from iamulator.authz.partitions import partition_of as partition  # noqa: F401  (also used by callers)


def alarm_arn(region: str, account: str, name: str) -> str:
    return f"arn:{partition(region)}:cloudwatch:{region}:{account}:alarm:{name}"


_REGION_NAMES = {
    "us-east-1": "US East (N. Virginia)", "us-east-2": "US East (Ohio)", "us-west-1": "US West (N. California)",
    "us-west-2": "US West (Oregon)", "eu-west-1": "EU (Ireland)", "eu-west-2": "EU (London)",
    "eu-west-3": "EU (Paris)", "eu-central-1": "EU (Frankfurt)", "eu-north-1": "EU (Stockholm)",
    "ap-south-1": "Asia Pacific (Mumbai)", "ap-northeast-1": "Asia Pacific (Tokyo)",
    "ap-northeast-2": "Asia Pacific (Seoul)", "ap-southeast-1": "Asia Pacific (Singapore)",
    "ap-southeast-2": "Asia Pacific (Sydney)", "sa-east-1": "South America (Sao Paulo)",
    "ca-central-1": "Canada (Central)",
}


def region_name(region: str) -> str:
    return _REGION_NAMES.get(region, region)
