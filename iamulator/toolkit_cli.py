"""``iamulator simulate`` and ``iamulator policy ...``: the least-privilege tools on the command line.

Exit status: 0 allowed / nothing missing, 1 denied / something missing, 2 bad input (a file
that cannot be read, invalid JSON, a policy AWS would reject), with the reason on stderr.
"""
from __future__ import annotations

import json
import sys

from iamulator.settings import DEFAULT_ACCOUNT_ID

ALLOWED, DENIED, BAD_INPUT = 0, 1, 2
DEFAULT_PRINCIPAL = f"arn:aws:iam::{DEFAULT_ACCOUNT_ID}:user/simulated"


def add_commands(sub) -> None:
    """Adds this module's subcommands to the ``iamulator`` parser (each sets ``run``)."""
    sim = sub.add_parser(
        "simulate", help="decide one request against policies, with AWS's message and a trace",
        description="Decide one request the way AWS does. Exit status: 0 allowed, 1 denied, 2 bad input.")
    sim.add_argument("--policy", action="append", default=[], metavar="FILE",
                     help="identity-based policy (JSON file); repeat for several")
    sim.add_argument("--action", required=True, help="the IAM action, e.g. s3:GetObject")
    sim.add_argument("--resource", default="*", help="the resource ARN (default *)")
    sim.add_argument("--context", action="append", default=[], metavar="KEY=VALUE",
                     help="a condition key's value; repeat a key for a multivalued key")
    sim.add_argument("--principal", default=DEFAULT_PRINCIPAL,
                     help=f"the caller's ARN (default {DEFAULT_PRINCIPAL})")
    sim.add_argument("--resource-policy", metavar="FILE", help="the resource-based policy (JSON file)")
    sim.add_argument("--resource-account", metavar="ID",
                     help="the resource owner's account (default: the resource ARN's, else the caller's)")
    sim.add_argument("--boundary", metavar="FILE", help="the permissions boundary (JSON file)")
    sim.add_argument("--quiet", "-q", action="store_true", help="print the decision and message only")
    sim.set_defaults(run=run_simulate)

    pol = sub.add_parser("policy", help="generate a policy from a decision log, or compare one with it")
    psub = pol.add_subparsers(dest="policy_command", required=True)
    gen = psub.add_parser(
        "generate", help="the identity policy allowing exactly the calls of a decision log",
        description="Print (or write) the identity policy that allows exactly the calls of a decision log.")
    _log_arguments(gen)
    gen.add_argument("--wildcards", action="store_true",
                     help="collapse the names of child resources (objects of a bucket...) reached twice or more")
    gen.add_argument("--wildcard-actions", action="store_true",
                     help="also collapse actions of one service and verb on the same resources (s3:Get*)")
    gen.add_argument("--allowed-only", action="store_true", help="leave out the calls that were denied")
    gen.add_argument("-o", "--output", metavar="FILE", help="write the policy here instead of stdout")
    gen.set_defaults(run=run_generate)

    diff = psub.add_parser(
        "diff", help="what a policy lacks for, and grants beyond, the calls of a decision log",
        description="Compare an identity policy with a decision log. Exit status: 0 nothing missing, "
                    "1 some call would be denied, 2 bad input.")
    diff.add_argument("--policy", required=True, metavar="FILE", help="the identity policy (JSON file)")
    _log_arguments(diff)
    diff.add_argument("--json", action="store_true", help="print the comparison as JSON")
    diff.set_defaults(run=run_diff)


def _log_arguments(parser) -> None:
    parser.add_argument("--log", required=True, metavar="FILE",
                        help="decision log: iamulator.save_decisions() output, a JSON array or JSON lines")
    parser.add_argument("--principal", metavar="ARN",
                        help="only this caller's calls (* and ? match any characters)")


class BadInput(Exception):
    """Input the command cannot work with; the message says which and why."""


def _guarded(command):
    def run(args) -> int:
        from iamulator.authz.errors import PolicyError

        try:
            return command(args)
        except (BadInput, ValueError, PolicyError) as exc:
            name = " ".join(filter(None, (args.command, getattr(args, "policy_command", None))))
            print(f"iamulator {name}: error: {exc}", file=sys.stderr)
            return BAD_INPUT
    return run


def _policy(path: str, kind: str = "identity"):
    from iamulator.authz.errors import PolicyError
    from iamulator.policy_generation import read_policy

    try:
        return read_policy(path, kind)
    except PolicyError as exc:
        raise BadInput(f"{path}: invalid policy: {exc}") from None


def _context(pairs: list[str]) -> dict[str, list[str]]:
    context: dict[str, list[str]] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise BadInput(f"--context {pair!r}: expected KEY=VALUE")
        context.setdefault(key, []).append(value)
    return context


@_guarded
def run_simulate(args) -> int:
    from iamulator.authz.evaluator import evaluate
    from iamulator.authz.principal import account_of

    resource_policy = _policy(args.resource_policy, "resource") if args.resource_policy else None
    resource_account = args.resource_account
    if resource_policy is not None and resource_account is None:
        resource_account = account_of(args.resource) or account_of(args.principal)
    decision = evaluate(
        args.action, args.resource, args.principal, _context(args.context),
        identity_policies=[_policy(p) for p in args.policy], resource_policy=resource_policy,
        resource_account=resource_account,
        permissions_boundary=_policy(args.boundary, "boundary") if args.boundary else None)
    print(f"Decision: {decision.result}")
    if decision.message:
        print(f"AccessDenied: {decision.message}")
    if not args.quiet:
        print()
        print(decision.explain())
    return ALLOWED if decision.allowed else DENIED


@_guarded
def run_generate(args) -> int:
    from iamulator.authz.policy.compiled import policy_size
    from iamulator.authz.policy.kinds import get_kind
    from iamulator.policy_generation import generate_policy

    policy = generate_policy(args.log, wildcards=args.wildcards, wildcard_actions=args.wildcard_actions,
                             include_denied=not args.allowed_only, principal=args.principal)
    text = json.dumps(policy, indent=4) + "\n"
    if args.output:
        try:
            with open(args.output, "w", encoding="utf-8") as f:
                f.write(text)
        except OSError as exc:
            raise BadInput(f"{args.output}: cannot write: {exc.strerror}") from None
    else:
        sys.stdout.write(text)
    limit = get_kind("identity").max_size
    size = policy_size(policy)
    if size > limit:
        print(f"iamulator policy generate: warning: the policy is {size} characters, more than the "
              f"{limit} IAM accepts for a managed policy; try --wildcards", file=sys.stderr)
    return ALLOWED


@_guarded
def run_diff(args) -> int:
    from iamulator.policy_generation import policy_diff

    policy = _policy(args.policy)
    report = policy_diff(policy, args.log, principal=args.principal)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(format_diff(report))
    return DENIED if report["missing"] else ALLOWED


def format_diff(report: dict) -> str:
    lines = [f"{report['allowed']} checks allowed, {report['denied']} denied by this policy"]
    if report["missing"]:
        lines.append("Missing (calls the policy does not allow):")
        lines += [f"  {m['action']} on {m['resource']}" for m in report["missing"]]
    if report["unused"]:
        lines.append("Unused (grants no recorded call needed):")
        for u in report["unused"]:
            where = f"statement {u['index']}" + (f" (Sid {u['sid']})" if u["sid"] else "")
            lines.append(f"  {where}: {u['action']} on {u['resource']}")
    if not report["missing"] and not report["unused"]:
        lines.append("The policy allows every recorded call and grants nothing else they did not use.")
    return "\n".join(lines)
