"""What Lambda requests are authorized for, beyond what the Service Authorization Reference says.

A function is named by name or (partial) ARN, with a qualifier in the name or in ``Qualifier``:
the resource is the qualified ARN when there is one (``function:orders:live``), so that a policy
naming the unqualified function does not cover its aliases and versions, as on AWS; an ARN of
another account is that account's function. CreateFunction and UpdateFunctionConfiguration also
need ``iam:PassRole`` on the execution role (passed to lambda.amazonaws.com) and
``lambda:GetLayerVersion`` on each layer they reference. Layer versions are named by
``LayerName`` (or its ARN) and ``VersionNumber``, or by the whole ``Arn``.
"""
from __future__ import annotations

from iamulator.authz.declarations import Declarations, act

from .names import identifier_parts


def _reference(r):
    """The identifier's parts (account, region, name, qualifier), parsed once per describe call."""
    memo = r.memo
    if "function" not in memo:
        memo["function"] = identifier_parts(r.params.get("FunctionName"))
    return memo["function"]


def _function_name(r):
    parts = _reference(r)
    if parts is None:
        return None
    qualifier = r.params.get("Qualifier") or parts["qualifier"]
    return parts["name"] + (":" + qualifier if qualifier else "")


def _account(r):
    parts = _reference(r)
    return parts["account"] if parts else None


def _region(r):
    parts = _reference(r)
    return parts["region"] if parts else None


def _resource_context(r, resource_type: str) -> dict | None:
    vars_ = r.vars or {}
    name = (vars_.get("FunctionName") or "").split(":")[0]
    if not name:
        return None
    try:
        backend = r.ctx.store.backend("lambda", r.account or r.ctx.account_id, vars_.get("Region") or r.ctx.region)
    except KeyError:
        return None
    fn = backend.functions.get(name)
    if fn is None:
        return None
    return {"aws:ResourceTag/" + k: v for k, v in fn.tags.items()}


def _vpc(member: str):
    return lambda r: (r.params.get("VpcConfig") or {}).get(member) or None


auth = Declarations(
    "lambda",
    variables={"FunctionName": _function_name, "Account": _account, "Region": _region,
               "LayerVersion": "VersionNumber"},
    keys={"lambda:Principal": "Principal", "lambda:FunctionUrlAuthType": "FunctionUrlAuthType",
          "lambda:EventSourceToken": "EventSourceToken", "lambda:Layer": "Layers",
          "lambda:CodeSigningConfigArn": "CodeSigningConfigArn",
          "lambda:SecurityGroupIds": _vpc("SecurityGroupIds"), "lambda:SubnetIds": _vpc("SubnetIds")},
    resource_context=_resource_context,
    resource_keys=("aws:ResourceTag/${TagKey}",),
)

_PASS_ROLE = act("iam:PassRole", arn=lambda r: r.params.get("Role"),
                 keys={"iam:PassedToService": lambda r: "lambda.amazonaws.com"},
                 when=lambda r: bool(r.params.get("Role")), note="on the execution role")
_LAYERS = act("GetLayerVersion", each=lambda r: r.params.get("Layers") or (), arn=lambda r: r.item,
              note="for each layer of Layers")

auth.operation("CreateFunction", act("CreateFunction"), _PASS_ROLE, _LAYERS)
auth.operation("UpdateFunctionConfiguration", act("UpdateFunctionConfiguration"), _PASS_ROLE, _LAYERS)
auth.operation("Invoke", act("InvokeFunction"))
auth.operation("GetLayerVersionByArn", act("GetLayerVersion", arn=lambda r: r.params.get("Arn")))
