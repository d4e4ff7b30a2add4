"""Authorization declarations for S3's bucket configuration, ACLs and notifications."""
from __future__ import annotations

from iamulator.authz.declarations import act  # noqa: F401
from iamulator.services.s3.authorization import auth  # noqa: F401
