"""Authorization declarations for S3's versions, multipart uploads and object tags."""
from __future__ import annotations

from iamulator.authz.declarations import act  # noqa: F401
from iamulator.services.s3.authorization import auth  # noqa: F401
