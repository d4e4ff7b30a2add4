"""Amazon Simple Queue Service: standard and FIFO queues, long polling, dead-letter redrive."""
from iamulator.services.sqs.backend import Backend

__all__ = ["Backend"]
