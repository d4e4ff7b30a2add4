"""Resource-based policies on tables and streams: PutResourcePolicy, GetResourcePolicy,
DeleteResourcePolicy, and ``resource_policy`` through which authorization reads them.

A table's policy also governs its indexes, so an index ARN is answered with its table's policy;
a stream's policy is its own, kept under the stream's ARN. Policies live in the owning backend's
``policies`` dict keyed by table or stream ARN: authorization asks on every checked request, and
the common answer (no policy) is one dict miss.
"""
from __future__ import annotations

import itertools
import time

from iamulator.services.errors import AWSError

MAX_POLICY_BYTES = 20 * 1024
NO_POLICY = "NO_POLICY"

_revisions = itertools.count()


def _invalid(message: str) -> AWSError:
    return AWSError("ValidationException", message)


def _not_found_policy(arn: str) -> AWSError:
    return AWSError("PolicyNotFoundException", f"Resource-based policy not found for the provided ResourceArn: {arn}")


def _new_revision() -> str:
    # Millisecond clock plus a counter: distinct even for two puts within one millisecond.
    return str(int(time.time() * 1000) * 1000 + next(_revisions) % 1000)


def parse_arn(arn) -> tuple | None:
    """(region, account, table name, rest after the table name) of a DynamoDB table, index or
    stream ARN, or None."""
    if not isinstance(arn, str) or not arn.startswith("arn:"):
        return None
    parts = arn.split(":", 5)
    if len(parts) != 6 or parts[2] != "dynamodb" or not parts[5].startswith("table/"):
        return None
    name, _, rest = parts[5][6:].partition("/")
    if not name:
        return None
    return parts[3], parts[4], name, rest


def policy_key(arn: str) -> str | None:
    """The ARN a policy governing ``arn`` is kept under: the stream's for a stream, the table's
    for a table or one of its indexes."""
    parsed = parse_arn(arn)
    if parsed is None:
        return None
    region, account, name, rest = parsed
    table = f"arn:{arn.split(':', 2)[1]}:dynamodb:{region}:{account}:table/{name}"
    if rest.startswith("stream/"):
        return f"{table}/{rest}"
    return table


def resource_policy(ctx, resource_arn: str):
    """(policy JSON text or None, owning account) of the table, index or stream an ARN names."""
    parsed = parse_arn(resource_arn)
    if parsed is None:
        return None, ctx.account_id
    region, account = parsed[0], parsed[1]
    policies = ctx.store.backend("dynamodb", account, region).policies
    if not policies:
        return None, account
    found = policies.get(policy_key(resource_arn))
    return (found[0] if found is not None else None), account


def check_document(text) -> None:
    """DynamoDB's checks of a policy document: its size, then the policy grammar of a resource
    policy (a Principal in every statement)."""
    from iamulator.authz import PolicyError, compile_policy

    if not isinstance(text, str) or not text:
        raise _invalid("1 validation error detected: Value null at 'policy' failed to satisfy constraint: "
                       "Member must not be null")
    if len(text.encode()) > MAX_POLICY_BYTES:
        raise _invalid(f"Policy document size {len(text.encode())} bytes exceeds the maximum allowed size of "
                       f"{MAX_POLICY_BYTES} bytes")
    try:
        compile_policy(text, kind="resource")
    except PolicyError as err:
        raise _invalid(f"Invalid policy document: {err.message}") from None


class ResourcePolicies:
    """The three operations, mixed into the DynamoDB backend. A request naming another account's
    table reaches that account's backend through the backend's routing, so ``self`` owns it."""

    policies: dict

    def _policy_target(self, params: dict) -> str:
        """The key of the existing table or stream ``ResourceArn`` names;
        ``ResourceNotFoundException`` when there is none."""
        arn = params.get("ResourceArn")
        if not arn:
            raise _invalid("1 validation error detected: Value null at 'resourceArn' failed to satisfy "
                           "constraint: Member must not be null")
        parsed = parse_arn(arn)
        if parsed is None or (parsed[3] and not parsed[3].startswith("stream/")):
            raise _invalid(f"Invalid ResourceArn provided as input {arn}")
        region, account, name, rest = parsed
        table = self.tables.get(name) if (account, region) == (self.account_id, self.region) else None
        if table is None:
            raise AWSError("ResourceNotFoundException", f"Requested resource not found: Table: {name} not found")
        key = policy_key(arn)
        if rest and not any(s.arn == key for s in table.streams):
            raise AWSError("ResourceNotFoundException", f"Requested resource not found: Stream: {arn} not found")
        return key

    def _expect(self, key: str, arn: str, expected) -> None:
        if expected is None:
            return
        current = self.policies.get(key)
        if expected == NO_POLICY:
            if current is not None:
                raise AWSError("PolicyNotFoundException",
                               f"Resource-based policy already exists for the provided ResourceArn: {arn}, "
                               f"but the ExpectedRevisionId is {NO_POLICY}")
            return
        if current is None:
            raise _not_found_policy(arn)
        if current[1] != expected:
            raise AWSError("PolicyNotFoundException",
                           f"Resource-based policy with revision id {expected} not found for the provided "
                           f"ResourceArn: {arn}; its current revision id is {current[1]}")

    def put_resource_policy(self, ctx, params):
        key = self._policy_target(params)
        text = params.get("Policy")
        check_document(text)
        self._expect(key, params["ResourceArn"], params.get("ExpectedRevisionId"))
        current = self.policies.get(key)
        if current is not None and current[0] == text:
            return {"RevisionId": current[1]}     # the same document keeps its revision
        revision = _new_revision()
        self.policies[key] = (text, revision)
        return {"RevisionId": revision}

    def get_resource_policy(self, ctx, params):
        key = self._policy_target(params)
        current = self.policies.get(key)
        if current is None:
            raise _not_found_policy(params["ResourceArn"])
        return {"Policy": current[0], "RevisionId": current[1]}

    def delete_resource_policy(self, ctx, params):
        key = self._policy_target(params)
        arn = params["ResourceArn"]
        expected = params.get("ExpectedRevisionId")
        current = self.policies.get(key)
        if current is None:
            raise _not_found_policy(arn)
        if expected is not None and expected != current[1]:
            self._expect(key, arn, expected)
        del self.policies[key]
        return {"RevisionId": current[1]}

    def attach_at_creation(self, table, text) -> None:
        """CreateTable's ``ResourcePolicy``: checked like PutResourcePolicy's, attached at once."""
        check_document(text)
        self.policies[table.arn] = (text, _new_revision())
