"""Functions: CreateFunction, GetFunction, GetFunctionConfiguration, ListFunctions,
UpdateFunctionCode, UpdateFunctionConfiguration, DeleteFunction."""
from __future__ import annotations

import hashlib

from . import code as packages
from .clock import now, timestamp
from .configuration import (check_environment, check_limits, check_runtime, new_config, resolve_layers,
                            updated_config, view)
from .errors import conflict, function_not_found, invalid
from .execution_role import check_assumable
from .names import LATEST, check_new_name, function_arn, parse_function
from .pagination import page
from .records import Function, Version
from .tagging import check_tags

# ListFunctions shows a subset of the configuration; GetFunction has the rest.
_LIST_HIDDEN = ("State", "StateReason", "StateReasonCode", "LastUpdateStatus", "LastUpdateStatusReason",
                "LastUpdateStatusReasonCode", "RuntimeVersionConfig")


def code_location(fn: Function, version: Version) -> dict:
    """GetFunction's ``Code``: where Lambda would let the caller download the package from (a
    presigned S3 URL, valid ten minutes). The URL has the real shape but is not served."""
    code = version.code
    if code.image_uri is not None:
        return {"RepositoryType": "ECR", "ImageUri": code.image_uri,
                "ResolvedImageUri": code.image_uri.split(":")[0] + "@sha256:" +
                hashlib.sha256(code.image_uri.encode()).hexdigest()}
    region = fn.region
    stamp = timestamp(now())
    amz_date = stamp[:19].replace("-", "").replace(":", "") + "Z"
    signature = hashlib.sha256(f"{code.snapshot}{amz_date}".encode()).hexdigest()
    url = (f"https://awslambda-{region}-tasks.s3.{region}.amazonaws.com/snapshots/{fn.account}/"
           f"{fn.name}-{code.snapshot}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date={amz_date}"
           f"&X-Amz-SignedHeaders=host&X-Amz-Expires=600&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F"
           f"{amz_date[:8]}%2F{region}%2Fs3%2Faws4_request&X-Amz-Signature={signature}")
    return {"RepositoryType": "S3", "Location": url}


class FunctionOperations:
    def create_function(self, ctx, params) -> dict:
        ref = parse_function(params["FunctionName"], self.account_id, self.region)
        check_new_name(ref)
        if ref.account != self.account_id:
            raise invalid(f"The function ARN {params['FunctionName']} names another account than the caller's.")
        image = (params.get("PackageType") or "Zip") == "Image"
        if not image and (not params.get("Runtime") or not params.get("Handler")):
            raise invalid("Runtime and Handler are mandatory parameters for functions created with "
                          "deployment packages.")
        check_runtime(params.get("Runtime"))
        check_limits(params)
        check_environment(params.get("Environment"))
        tags = check_tags(params.get("Tags") or {})
        name = ref.name
        if name in self.functions:
            raise conflict(f"Function already exist: {name}")
        arn = function_arn(self.region, self.account_id, name)
        check_assumable(ctx.store, params["Role"], arn)
        package = packages.from_request(ctx, params.get("Code") or {}, "CreateFunction", image=image)
        layers = resolve_layers(ctx.store, params.get("Layers") or [])
        config = new_config(ctx, name, params, package, layers)
        fn = Function(name, arn, self.region, self.account_id, Version(LATEST, config, package, layers), tags)
        self.functions[name] = fn
        if params.get("Publish"):
            published = self._publish(fn, None)
            return view(published.config, f"{arn}:{published.number}", published.revision_id)
        return view(config, arn, fn.latest.revision_id)

    def get_function(self, ctx, params) -> dict:
        owner, ref = self._locate(ctx, params["FunctionName"], params.get("Qualifier"))
        with self._holding(owner):
            fn = owner._function(ref)
            version, arn = owner._version_of(fn, ref)
            out = {"Configuration": view(version.config, arn, version.revision_id),
                   "Code": code_location(fn, version)}
            if fn.tags:
                out["Tags"] = dict(fn.tags)
            if fn.concurrency is not None:
                out["Concurrency"] = {"ReservedConcurrentExecutions": fn.concurrency}
            return out

    def get_function_configuration(self, ctx, params) -> dict:
        owner, ref = self._locate(ctx, params["FunctionName"], params.get("Qualifier"))
        with self._holding(owner):
            fn = owner._function(ref)
            version, arn = owner._version_of(fn, ref)
            return view(version.config, arn, version.revision_id)

    def list_functions(self, ctx, params) -> dict:
        every_version = params.get("FunctionVersion") == "ALL"
        rows, keys = [], []
        for name in sorted(self.functions):
            fn = self.functions[name]
            arn = f"{fn.arn}:{LATEST}" if every_version else fn.arn
            rows.append((fn.latest, arn))
            keys.append(f"{name}\x00")
            if every_version:
                for number, version in sorted(fn.versions.items(), key=lambda item: int(item[0])):
                    rows.append((version, f"{fn.arn}:{number}"))
                    keys.append(f"{name}\x00{int(number):010d}")
        chosen, marker = page(rows, keys, params.get("Marker"), params.get("MaxItems"))
        out: dict = {"Functions": [_listed(view(v.config, arn, v.revision_id)) for v, arn in chosen]}
        if marker:
            out["NextMarker"] = marker
        return out

    def update_function_code(self, ctx, params) -> dict:
        owner, ref = self._locate(ctx, params["FunctionName"])
        with self._holding(owner):
            fn, latest = owner._latest_checked(ref, params)
            image = latest.config.get("PackageType") == "Image"
            package = packages.from_request(ctx, params, "UpdateFunctionCode", image=image)
            config = dict(latest.config, CodeSha256=package.sha256, CodeSize=package.size,
                          LastModified=timestamp(), LastUpdateStatus="Successful")
            if params.get("Architectures"):
                config["Architectures"] = list(params["Architectures"])
            if params.get("DryRun"):
                return view(config, fn.arn, latest.revision_id)
            fn.latest = Version(LATEST, config, package, latest.layers)
            if params.get("Publish"):
                published = owner._publish(fn, None)
                return view(published.config, f"{fn.arn}:{published.number}", published.revision_id)
            return view(config, fn.arn, fn.latest.revision_id)

    def update_function_configuration(self, ctx, params) -> dict:
        owner, ref = self._locate(ctx, params["FunctionName"])
        with self._holding(owner):
            fn, latest = owner._latest_checked(ref, params)
            check_runtime(params.get("Runtime"))
            check_limits(params)
            if latest.config.get("PackageType") == "Image" and (params.get("Runtime") or params.get("Handler")):
                raise invalid("Please don't provide Runtime or Handler for a function with PackageType Image.")
            if params.get("Role"):
                check_assumable(ctx.store, params["Role"], fn.arn)
            layers = resolve_layers(ctx.store, params["Layers"]) if params.get("Layers") is not None else None
            config = updated_config(ctx, latest.config, params, layers)
            fn.latest = Version(LATEST, config, latest.code, latest.layers if layers is None else layers)
            return view(config, fn.arn, fn.latest.revision_id)

    def delete_function(self, ctx, params) -> dict:
        owner, ref = self._locate(ctx, params["FunctionName"], params.get("Qualifier"))
        with self._holding(owner):
            fn = owner.functions.get(ref.name)
            if fn is None:
                raise function_not_found(ref.arn(ref.qualifier))
            qualifier = ref.qualifier
            if qualifier is None:
                del owner.functions[ref.name]
                return {"StatusCode": 204}
            if qualifier == LATEST:
                raise invalid("$LATEST version cannot be deleted without deleting the function.")
            if qualifier in fn.aliases:
                raise invalid("Deletion of aliases is not currently supported.")
            if qualifier not in fn.versions:
                raise function_not_found(ref.arn(qualifier))
            referencing = fn.aliases_of(qualifier)
            if referencing:
                raise conflict("Unable to delete version because the following aliases reference it: "
                               f"[{', '.join(referencing)}]")
            del fn.versions[qualifier]
            fn.policies.pop(qualifier, None)
            return {"StatusCode": 204}


def _listed(config: dict) -> dict:
    for key in _LIST_HIDDEN:
        config.pop(key, None)
    return config
