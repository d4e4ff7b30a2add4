"""The AWS managed policy data file and its lazy loader."""
import json
import os
import subprocess
import sys

import iamulator.policies as policies
from iamulator.authz import evaluate


def test_import_does_not_load_the_data():
    code = ("import iamulator, iamulator.policies as p, iamulator.services.iam; "
            "print(p._by_arn is None)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"


def test_well_known_policies_are_there():
    for name in ("AdministratorAccess", "ReadOnlyAccess", "PowerUserAccess", "AmazonS3ReadOnlyAccess",
                 "AmazonEC2FullAccess", "IAMFullAccess"):
        found = policies.aws_managed_policy(f"arn:aws:iam::aws:policy/{name}")
        assert found is not None and found.name == name
    job = policies.aws_managed_policy("arn:aws:iam::aws:policy/job-function/ViewOnlyAccess")
    assert job.path == "/job-function/"
    assert policies.aws_managed_policy("arn:aws:iam::aws:policy/NoSuchPolicyAtAll") is None


def test_records():
    admin = policies.aws_managed_policy("arn:aws:iam::aws:policy/AdministratorAccess")
    assert admin.document == {"Statement": [{"Action": "*", "Effect": "Allow", "Resource": "*"}],
                              "Version": "2012-10-17"}
    assert json.loads(admin.text) == admin.document
    assert admin.default_version_id.startswith("v")
    assert admin.create_date.tzinfo is not None and admin.update_date >= admin.create_date
    assert admin.policy_id == policies.aws_managed_policy(admin.arn).policy_id
    assert admin.compiled.name == admin.arn
    assert admin.compiled is admin.compiled
    assert evaluate("ec2:RunInstances", "*", "arn:aws:iam::123456789012:user/a",
                    identity_policies=[admin.compiled]).allowed


def test_every_document_is_a_valid_identity_policy():
    every = policies.aws_managed_policies()
    assert len(every) > 1000
    assert [p.name for p in every] == sorted(p.name for p in every)
    for p in every:
        assert p.arn == f"arn:aws:iam::aws:policy{p.path}{p.name}"
        assert p.compiled.statements


def test_data_file_is_small_and_attributed():
    assert os.path.getsize(policies.DATA_FILE) < 2_000_000
    notice = open(os.path.join(os.path.dirname(policies.DATA_FILE), "NOTICE")).read()
    assert "Apache License, Version 2.0" in notice and "Moto" in notice
    assert policies.snapshot_source().startswith("moto ")
