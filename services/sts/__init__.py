"""AWS Security Token Service: who is calling."""
from iamulator.services.sts.backend import Backend

__all__ = ["Backend"]
