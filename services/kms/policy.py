"""Key policies: the default document KMS writes, and validating the ones callers send.

KMS stores a key policy as the text it was given and returns it unchanged; only the default
policy is KMS's own text, pretty-printed the way KMS prints it.
"""
from __future__ import annotations

import json

from iamulator.services.errors import AWSError
from iamulator.services.kms import ids

DEFAULT_POLICY_NAME = "default"

_DEFAULT = """{
  "Version" : "2012-10-17",
  "Id" : "key-default-1",
  "Statement" : [ {
    "Sid" : "Enable IAM User Permissions",
    "Effect" : "Allow",
    "Principal" : {
      "AWS" : "%s"
    },
    "Action" : "kms:*",
    "Resource" : "*"
  } ]
}"""


def default(region: str, account: str) -> str:
    """The policy CreateKey gives a key created without one: the account may use IAM policies."""
    return _DEFAULT % ids.root_arn(region, account)


def aws_managed(region: str, account: str, service: str, label: str) -> str:
    """The policy of an AWS managed key: use through the service for callers in the account,
    direct read access for the account."""
    doc = {
        "Version": "2012-10-17",
        "Id": f"auto-{service}-1",
        "Statement": [
            {
                "Sid": f"Allow access through {label} for all principals in the account that are authorized "
                       f"to use {label}",
                "Effect": "Allow",
                "Principal": {"AWS": "*"},
                "Action": ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*",
                           "kms:CreateGrant", "kms:DescribeKey"],
                "Resource": "*",
                "Condition": {"StringEquals": {"kms:CallerAccount": account,
                                               "kms:ViaService": f"{service}.{region}.amazonaws.com"}},
            },
            {
                "Sid": "Allow direct access to key metadata to the account",
                "Effect": "Allow",
                "Principal": {"AWS": ids.root_arn(region, account)},
                "Action": ["kms:Describe*", "kms:Get*", "kms:List*", "kms:RevokeGrant"],
                "Resource": "*",
            },
        ],
    }
    return json.dumps(doc, indent=2)


def validate(text: str) -> None:
    """MalformedPolicyDocumentException (or the size ValidationException) as KMS reports it."""
    from iamulator.authz import PolicyError, compile_policy

    try:
        compile_policy(text, kind="key")
    except PolicyError as err:
        raise AWSError(err.code, err.message) from None
