"""STS operations: who is calling, and temporary credentials.

Issued credentials are registered in ``sessions`` (found by access key like IAM's keys) and
really expire. Trust policies are evaluated by the pipeline's authorization step when
checks are on (the role's trust policy is the resource policy of ``sts:AssumeRole``), except
for AssumeRoleWithWebIdentity and AssumeRoleWithSAML, which are unsigned: their trust
policy is evaluated here with the identity provider as the caller. While the gate lets
requests through unchecked, nothing is enforced (as Moto does), but every input is still
validated.
"""
from __future__ import annotations

import json
import math
import zlib
from datetime import datetime, timezone

from iamulator.authz import clock
from iamulator.authz.identity import Credentials
from iamulator.authz.session import ASSUMED_ROLE, FEDERATED_USER, SESSION_TOKEN, Session
from iamulator.services.base import Service
from iamulator.services.errors import AWSError
from iamulator.services.sts import ids, sessions
from iamulator.services.sts.validation import validate, validation_error

DEFAULT_DURATION = 3600
CHAINED_MAX = 3600
PACKED_LIMIT = 2048          # bytes of compressed session policies and tags that make 100%
MAX_SESSION_POLICY_ARNS = 10


def _iam_source():
    from iamulator.services.iam import identity

    return identity.SOURCE


def _expiry(seconds: int) -> tuple[float, datetime]:
    issued = clock.now()
    expires = int(issued) + seconds
    return issued, datetime.fromtimestamp(expires, timezone.utc)


def _access_denied(message: str) -> AWSError:
    return AWSError("AccessDenied", message, 403)


class Backend(Service):
    name = "sts"
    scope = "account"

    def _validate(self, operation: str, params: dict) -> None:
        validate(operation, params)

    # -- who is calling -------------------------------------------------------------------
    def get_caller_identity(self, ctx, params) -> dict:
        principal = ctx.principal
        account = getattr(principal, "account_id", None) or ctx.account_id
        arn = getattr(principal, "arn", None) or f"arn:aws:iam::{account}:root"
        # The root user's unique id is the account id itself.
        user_id = getattr(principal, "user_id", None) or account
        return {"UserId": user_id, "Account": account, "Arn": arn}

    def get_access_key_info(self, ctx, params) -> dict:
        from iamulator.authz.authenticate import lookup

        akid = params["AccessKeyId"]
        creds = lookup(akid)
        account = creds.account_id if creds is not None else ids.account_of_key(akid)
        if account is None:
            raise validation_error([f"Value '{akid}' at 'accessKeyId' failed to satisfy constraint: "
                                    "Member must satisfy regular expression pattern: [\\w]*"])
        return {"Account": account}

    def decode_authorization_message(self, ctx, params) -> dict:
        from iamulator.authz import denial

        decoded = denial.decode(params["EncodedMessage"])
        if decoded is None:
            raise AWSError("InvalidAuthorizationMessageException",
                           "The encoded authorization message is invalid.", 400)
        return {"DecodedMessage": decoded}

    # -- role sessions --------------------------------------------------------------------
    def assume_role(self, ctx, params) -> dict:
        self._validate("AssumeRole", params)
        caller = ctx.principal
        role_arn = params["RoleArn"]
        role = self._role(role_arn)
        checked = bool(getattr(caller, "authenticated", False))
        if role is None and checked:
            raise _access_denied(f"User: {caller.arn} is not authorized to perform: sts:AssumeRole "
                                 f"on resource: {role_arn}")
        caller_session = getattr(caller, "session", None)
        chained = caller_session is not None and caller_session.kind == ASSUMED_ROLE
        duration = self._role_duration(params, role, chained)
        policies, has_policy, packed_text = self._session_policies(ctx, params)
        tags, transitive = self._session_tags(params, caller_session)
        source_identity = self._source_identity(params.get("SourceIdentity"), caller_session)
        mfa = bool(params.get("SerialNumber") and params.get("TokenCode")) or bool(
            caller_session is not None and caller_session.mfa)
        packed = self._packed(packed_text, tags)
        name = params["RoleSessionName"]
        session = Session(
            ASSUMED_ROLE, 0.0, role_arn=role.arn if role is not None else role_arn,
            role_id=role.unique_id if role is not None else _made_up_role_id(role_arn),
            session_name=name, parent_arn=getattr(caller, "arn", None),
            parent_user_id=getattr(caller, "user_id", None), policies=policies,
            has_session_policy=has_policy, tags=tags, transitive_tag_keys=transitive,
            source_identity=source_identity, mfa=mfa,
            mfa_authenticated_at=clock.now() if mfa else None, chained=chained,
            external_id=params.get("ExternalId"))
        out = self._issue_role_session(ctx, session, duration, name)
        if packed is not None:
            out["PackedPolicySize"] = packed
        if source_identity:
            out["SourceIdentity"] = source_identity
        return out

    def assume_role_with_web_identity(self, ctx, params) -> dict:
        from iamulator.services.sts import web_identity

        self._validate("AssumeRoleWithWebIdentity", params)
        payload = web_identity.claims(params["WebIdentityToken"])
        role_arn = params["RoleArn"]
        role = self._role(role_arn)
        checked = bool(getattr(ctx.principal, "authenticated", False))
        provider = web_identity.provider_of(payload, params.get("ProviderId"))
        account = _account_of(role_arn) or ctx.account_id
        principal = web_identity.principal_for(provider, account)
        if checked:
            exp = payload.get("exp")
            if isinstance(exp, (int, float)) and clock.now() >= exp:
                raise AWSError("ExpiredTokenException",
                               f"Token expired: current date/time {int(clock.now())} must be before "
                               f"the expiration date/time {int(exp)}", 400)
            context = web_identity.condition_keys(provider, payload)
            context["sts:RoleSessionName"] = params["RoleSessionName"]
            self._check_trust(role, role_arn, principal, "sts:AssumeRoleWithWebIdentity", context)
        duration = self._role_duration(params, role, False)
        policies, has_policy, packed_text = self._session_policies(ctx, params)
        packed = self._packed(packed_text, {})
        name = params["RoleSessionName"]
        session = Session(
            ASSUMED_ROLE, 0.0, role_arn=role.arn if role is not None else role_arn,
            role_id=role.unique_id if role is not None else _made_up_role_id(role_arn),
            session_name=name, parent_arn=principal, policies=policies, has_session_policy=has_policy,
            federated_provider=principal)
        out = self._issue_role_session(ctx, session, duration, name)
        out["SubjectFromWebIdentityToken"] = str(payload.get("sub", ""))
        out["Provider"] = provider
        aud = web_identity.audience(payload)
        if aud is not None:
            out["Audience"] = str(aud)
        if packed is not None:
            out["PackedPolicySize"] = packed
        return out

    def assume_role_with_saml(self, ctx, params) -> dict:
        from iamulator.services.sts import saml

        self._validate("AssumeRoleWithSAML", params)
        assertion = saml.parse(params["SAMLAssertion"])
        role_arn, provider_arn = params["RoleArn"], params["PrincipalArn"]
        if (role_arn, provider_arn) not in assertion.roles:
            raise AWSError("InvalidIdentityTokenException",
                           "Invalid SAML response: the role and provider pair is not in the assertion's "
                           "Role attribute", 400)
        role = self._role(role_arn)
        checked = bool(getattr(ctx.principal, "authenticated", False))
        if checked:
            context = {"SAML:aud": assertion.audience, "SAML:sub": assertion.subject,
                       "SAML:sub_type": assertion.subject_type, "SAML:iss": assertion.issuer}
            self._check_trust(role, role_arn, provider_arn, "sts:AssumeRoleWithSAML",
                              {k: v for k, v in context.items() if v is not None})
        duration = params.get("DurationSeconds") or assertion.duration or DEFAULT_DURATION
        duration = self._role_duration({"DurationSeconds": duration}, role, False)
        policies, has_policy, packed_text = self._session_policies(ctx, params)
        packed = self._packed(packed_text, {})
        name = assertion.session_name
        session = Session(
            ASSUMED_ROLE, 0.0, role_arn=role.arn if role is not None else role_arn,
            role_id=role.unique_id if role is not None else _made_up_role_id(role_arn),
            session_name=name, parent_arn=provider_arn, policies=policies, has_session_policy=has_policy,
            source_identity=assertion.source_identity, federated_provider=provider_arn)
        out = self._issue_role_session(ctx, session, duration, name)
        account = _account_of(role_arn) or ctx.account_id
        out.update({
            "Subject": assertion.subject or "", "SubjectType": assertion.subject_type or "unspecified",
            "Issuer": assertion.issuer or "", "Audience": assertion.audience or "",
            "NameQualifier": saml.name_qualifier(assertion.issuer or "", account,
                                                 provider_arn.rsplit("/", 1)[-1]),
        })
        if assertion.source_identity:
            out["SourceIdentity"] = assertion.source_identity
        if packed is not None:
            out["PackedPolicySize"] = packed
        return out

    # -- the caller, temporarily ------------------------------------------------------------
    def get_session_token(self, ctx, params) -> dict:
        self._validate("GetSessionToken", params)
        caller = ctx.principal
        session = getattr(caller, "session", None)
        if session is not None:
            raise _access_denied("Cannot call GetSessionToken with session credentials")
        is_root = getattr(caller, "kind", "root") == "root"
        duration = self._plain_duration(params, 3600 if is_root else 129600)
        mfa = bool(params.get("SerialNumber") and params.get("TokenCode"))
        issued, expiration = _expiry(duration)
        facts = Session(SESSION_TOKEN, issued, parent_arn=caller.arn, parent_user_id=caller.user_id,
                        mfa=mfa, mfa_authenticated_at=issued if mfa else None)
        creds = self._register(caller.account_id, caller.arn, caller.user_id, expiration, facts)
        return {"Credentials": _credentials_view(creds, expiration)}

    def get_federation_token(self, ctx, params) -> dict:
        self._validate("GetFederationToken", params)
        caller = ctx.principal
        if getattr(caller, "session", None) is not None:
            raise _access_denied("Cannot call GetFederationToken with session credentials")
        is_root = getattr(caller, "kind", "root") == "root"
        duration = self._plain_duration(params, 3600 if is_root else 129600)
        policies, has_policy, packed_text = self._session_policies(ctx, params)
        tags, _ = self._session_tags(params, None)
        packed = self._packed(packed_text, tags)
        name = params["Name"]
        account = caller.account_id
        arn = f"arn:aws:sts::{account}:federated-user/{name}"
        user_id = f"{account}:{name}"
        issued, expiration = _expiry(duration)
        facts = Session(FEDERATED_USER, issued, session_name=name, parent_arn=caller.arn,
                        parent_user_id=caller.user_id, policies=policies, has_session_policy=has_policy,
                        tags=tags)
        creds = self._register(account, arn, user_id, expiration, facts)
        out = {"Credentials": _credentials_view(creds, expiration),
               "FederatedUser": {"FederatedUserId": user_id, "Arn": arn}}
        if packed is not None:
            out["PackedPolicySize"] = packed
        return out

    # -- helpers ---------------------------------------------------------------------------
    def _role(self, role_arn: str):
        return _iam_source().find_role(_account_of(role_arn) or self.account_id, role_arn)

    def _check_trust(self, role, role_arn: str, principal: str, action: str, context: dict) -> None:
        from iamulator.authz import evaluate

        if role is None:
            raise _access_denied(f"Not authorized to perform {action}")
        d = evaluate(action, role.arn, principal, context, resource_policy=role.trust,
                     resource_account=_account_of(role.arn), resource_policy_required=True,
                     principal_type="federated")
        if not d.allowed:
            raise _access_denied(f"Not authorized to perform {action}")

    def _role_duration(self, params: dict, role, chained: bool) -> int:
        duration = params.get("DurationSeconds")
        if duration is None:
            return DEFAULT_DURATION
        if chained and duration > CHAINED_MAX:
            raise AWSError("ValidationError", "The requested DurationSeconds exceeds the 1 hour session "
                           "limit for roles assumed by role chaining.", 400)
        limit = role.max_session_duration if role is not None else 43200
        if duration > limit:
            raise AWSError("ValidationError", "The requested DurationSeconds exceeds the "
                           "MaxSessionDuration set for this role.", 400)
        return duration

    def _plain_duration(self, params: dict, limit: int) -> int:
        duration = params.get("DurationSeconds")
        if duration is None:
            return min(43200, limit)
        return min(duration, limit)

    def _session_policies(self, ctx, params) -> tuple[tuple, bool, str]:
        from iamulator.authz import PolicyError, compile_policy

        policies = []
        packed = []
        text = params.get("Policy")
        if text is not None:
            try:
                policies.append(("session policy", compile_policy(text, "session")))
            except PolicyError as err:
                code = "MalformedPolicyDocumentException" if err.code.startswith("Malformed") else err.code
                raise AWSError(code, err.message, 400) from None
            packed.append(_minified(text))
        arns = [p.get("arn") for p in params.get("PolicyArns") or ()]
        if len(arns) > MAX_SESSION_POLICY_ARNS:
            raise validation_error([f"Value '{params['PolicyArns']}' at 'policyArns' failed to satisfy "
                                    f"constraint: Member must have length less than or equal to "
                                    f"{MAX_SESSION_POLICY_ARNS}"])
        if arns:
            iam = ctx.store.backend("iam", ctx.account_id, "aws-global")
            for arn in arns:
                doc = iam.policy_document(arn) if arn else None
                if doc is None:
                    raise AWSError("MalformedPolicyDocumentException",
                                   f"The policy {arn} does not exist or is not attachable.", 400)
                policies.append((arn, doc))
                packed.append(arn)
        return tuple(policies), bool(policies) or "Policy" in params or "PolicyArns" in params, "".join(packed)

    def _session_tags(self, params, caller_session) -> tuple[dict, tuple]:
        tags: dict = {}
        seen: set = set()
        for tag in params.get("Tags") or ():
            lowered = tag["Key"].lower()
            if lowered in seen:
                raise AWSError("InvalidParameterValue", "Duplicate tag keys found. Please note that Tag "
                               "keys are case insensitive.", 400)
            seen.add(lowered)
            tags[tag["Key"]] = tag.get("Value", "")
        transitive = tuple(params.get("TransitiveTagKeys") or ())
        for key in transitive:
            if key.lower() not in seen:
                raise AWSError("InvalidParameterValue", f"The specified transitive tag key {key} must "
                               "be included in the requested tags.", 400)
        if caller_session is not None and caller_session.transitive_tag_keys:
            inherited = {k: caller_session.tags[k] for k in caller_session.transitive_tag_keys
                         if k in caller_session.tags}
            for key in inherited:
                if key.lower() in seen:
                    raise AWSError("InvalidParameterValue", "One or more of the specified transitive "
                                   "tag keys conflict with the session tags of the caller.", 400)
            tags = {**inherited, **tags}
            transitive = tuple(dict.fromkeys((*inherited, *transitive)))
        return tags, transitive

    def _source_identity(self, requested, caller_session):
        inherited = getattr(caller_session, "source_identity", None) if caller_session else None
        if inherited and requested and requested != inherited:
            raise AWSError("ValidationError", "The source identity of the caller's session cannot be "
                           "changed: it is already set to " + inherited + ".", 400)
        return inherited or requested

    def _packed(self, policy_text: str, tags: dict):
        if not policy_text and not tags:
            return None
        blob = policy_text + "".join(f"{k}={v};" for k, v in tags.items())
        size = math.ceil(len(zlib.compress(blob.encode("utf-8"), 9)) * 100 / PACKED_LIMIT)
        if size > 100:
            raise AWSError("PackedPolicyTooLargeException", f"Packed policy consumes {size}% of "
                           "allotted space, please use smaller policy.", 400)
        return size

    def _issue_role_session(self, ctx, session: Session, duration: int, name: str) -> dict:
        role_arn = session.role_arn
        account = _account_of(role_arn) or ctx.account_id
        role_name = role_arn.rsplit("/", 1)[-1]
        arn = f"arn:aws:sts::{account}:assumed-role/{role_name}/{name}"
        user_id = f"{session.role_id}:{name}"
        issued, expiration = _expiry(duration)
        facts = _with_issue_time(session, issued)
        creds = self._register(account, arn, user_id, expiration, facts)
        return {"Credentials": _credentials_view(creds, expiration),
                "AssumedRoleUser": {"AssumedRoleId": user_id, "Arn": arn}}

    def _register(self, account: str, arn: str, user_id: str, expiration: datetime, facts: Session):
        creds = Credentials(ids.temporary_access_key_id(), ids.secret_access_key(), account, arn, user_id,
                            session_token=ids.session_token(), expiration=expiration.timestamp(),
                            session=facts)
        sessions.add(self.store, creds)
        return creds


def _with_issue_time(session: Session, issued: float) -> Session:
    from dataclasses import replace

    return replace(session, issued_at=issued)


def _credentials_view(creds: Credentials, expiration: datetime) -> dict:
    return {"AccessKeyId": creds.access_key_id, "SecretAccessKey": creds.secret_access_key,
            "SessionToken": creds.session_token, "Expiration": expiration}


def _account_of(arn: str) -> str | None:
    parts = arn.split(":", 5)
    if len(parts) == 6 and parts[4].isdigit() and len(parts[4]) == 12:
        return parts[4]
    return None


def _made_up_role_id(role_arn: str) -> str:
    # A role IAM does not hold (unchecked requests only): a stable id derived from its ARN.
    import hashlib

    digest = hashlib.sha1(role_arn.encode("utf-8")).hexdigest().upper()
    return "AROA" + "".join(c if c.isalnum() else "X" for c in digest)[:17]


def _minified(text: str) -> str:
    try:
        return json.dumps(json.loads(text), separators=(",", ":"))
    except ValueError:
        return text
