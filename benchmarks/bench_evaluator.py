"""Evaluator speed: median microseconds per ``evaluate`` call.

Run: python benchmarks/bench_evaluator.py

Policies are compiled once up front, as a service would keep them; each case then
evaluates the same request repeatedly.
"""
from __future__ import annotations

import statistics
import time

from iamulator.authz import compile_policy, evaluate

ACCOUNT = "111122223333"
USER = f"arn:aws:iam::{ACCOUNT}:user/alice"
SERVICES = ["ec2", "iam", "sqs", "sns", "dynamodb", "lambda", "kms", "logs", "cloudwatch",
            "rds", "ssm", "secretsmanager", "sts", "glue", "athena"]
VERBS = ["Describe", "List", "Get", "Put", "Create", "Delete", "Update", "Tag", "Untag", "Start"]


def statements(n: int, offset: int = 0, matching: bool = True) -> list[dict]:
    """``n`` realistic statements; with ``matching`` one in ten covers s3:GetObject."""
    out = []
    for i in range(offset, offset + n):
        svc = SERVICES[i % len(SERVICES)]
        verb = VERBS[(i // len(SERVICES)) % len(VERBS)]
        if matching and i % 10 == 0:
            out.append({"Sid": f"S3Read{i}", "Effect": "Allow",
                        "Action": ["s3:GetObject", "s3:ListBucket"],
                        "Resource": [f"arn:aws:s3:::bucket-{i}/*", "arn:aws:s3:::shared/*"]})
        elif i % 7 == 0:
            out.append({"Sid": f"W{i}", "Effect": "Allow", "Action": f"{svc}:{verb}*",
                        "Resource": f"arn:aws:{svc}:us-east-1:{ACCOUNT}:thing/{i}/*"})
        else:
            out.append({"Sid": f"E{i}", "Effect": "Allow",
                        "Action": [f"{svc}:{verb}Thing{i}", f"{svc}:{verb}Other{i}"],
                        "Resource": f"arn:aws:{svc}:us-east-1:{ACCOUNT}:thing/{i}"})
    return out


def policy(stmts: list[dict], name: str):
    return compile_policy({"Version": "2012-10-17", "Statement": stmts}, "identity",
                          name=f"arn:aws:iam::{ACCOUNT}:policy/{name}", max_size=10**9)


def bench(label: str, fn, rounds: int = 15, per_round: int = 2000) -> float:
    fn()  # warm caches
    samples = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        for _ in range(per_round):
            fn()
        samples.append((time.perf_counter() - t0) / per_round * 1e6)
    med = statistics.median(samples)
    print(f"{label:<58} {med:8.2f} us")
    return med


def main() -> None:
    ctx = {"aws:SourceIp": "10.0.0.1", "aws:SecureTransport": "true",
           "aws:PrincipalTag/team": "blue", "aws:CurrentTime": "2024-05-01T12:00:00Z"}
    resource = "arn:aws:s3:::shared/reports/2024.csv"

    small = [policy(statements(10), "small")]
    r1 = bench("1 policy x 10 statements",
               lambda: evaluate("s3:GetObject", resource, USER, ctx, small))

    ten_by_hundred = [policy(statements(100, offset=100 * k), f"p{k}") for k in range(10)]
    bench("10 policies x 100 statements",
          lambda: evaluate("s3:GetObject", resource, USER, ctx, ten_by_hundred))

    noise = [policy(statements(1000, offset=1000 * k, matching=False), f"noise{k}")
             for k in range(10)]
    with_noise = small + noise
    r3 = bench("1 x 10 statements + 10,000 non-matching statements",
               lambda: evaluate("s3:GetObject", resource, USER, ctx, with_noise))

    heavy_stmts = []
    for i in range(20):
        heavy_stmts.append({
            "Sid": f"C{i}", "Effect": "Allow" if i % 5 else "Deny",
            "Action": "s3:Get*", "Resource": "arn:aws:s3:::shared/${aws:PrincipalTag/team, 'x'}*"
            if i % 3 == 0 else "arn:aws:s3:::shared/*",
            "Condition": {
                "IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "192.168.0.0/16"]},
                "Bool": {"aws:SecureTransport": "true"},
                "StringEquals": {"aws:PrincipalTag/team": ["blue", "green"]},
                "DateLessThan": {"aws:CurrentTime": "2030-01-01T00:00:00Z"},
                "StringNotLike": {"aws:PrincipalArn": f"arn:aws:iam::{ACCOUNT}:user/blocked-{i}*"},
                "ForAllValues:StringLike": {"aws:TagKeys": ["env", "team*"]},
            } if i % 5 else {"StringEquals": {"aws:PrincipalTag/team": "red"}},
        })
    heavy = [policy(heavy_stmts, "conditions")]
    bench("conditions-heavy (20 statements, 6 operators each)",
          lambda: evaluate("s3:GetObject", resource, USER, ctx, heavy))

    print(f"\n10,000 non-matching statements cost {r3 / r1:.2f}x the 10-statement case")


if __name__ == "__main__":
    main()
