"""Amazon EC2: instances in a default VPC, with EC2's filters and pagination."""
from iamulator.services.ec2.backend import Backend

__all__ = ["Backend"]
