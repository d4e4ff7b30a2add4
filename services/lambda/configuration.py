"""A function's configuration: the settings CreateFunction and UpdateFunctionConfiguration accept,
checked as Lambda checks what the model cannot say, and the FunctionConfiguration views."""
from __future__ import annotations

import hashlib
import json

from .clock import timestamp
from .errors import invalid, validation
from .names import LATEST, parse_layer_version

DEFAULT_TIMEOUT = 3
DEFAULT_MEMORY = 128
MAX_TIMEOUT = 900
MAX_MEMORY = 10240
MAX_LAYERS = 5
MAX_ENVIRONMENT_BYTES = 4096

# Runtimes Lambda no longer lets anyone create or update functions with.
RETIRED_RUNTIMES = frozenset({
    "nodejs", "nodejs4.3", "nodejs4.3-edge", "nodejs6.10", "nodejs8.10", "nodejs10.x", "nodejs12.x",
    "nodejs14.x", "python2.7", "python3.6", "python3.7", "dotnetcore1.0", "dotnetcore2.0", "dotnetcore2.1",
    "dotnetcore3.1", "ruby2.5", "ruby2.7", "go1.x", "java8", "provided",
})

# Set by Lambda in every execution environment; functions may not set them.
RESERVED_VARIABLES = (
    "_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION", "AWS_EXECUTION_ENV",
    "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION",
    "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME",
    "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
    "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR",
)

# Members copied into the configuration as given.
_PLAIN = ("DeadLetterConfig", "KMSKeyArn", "FileSystemConfigs")


def check_runtime(runtime: str | None) -> None:
    if runtime in RETIRED_RUNTIMES:
        raise invalid(f"The runtime parameter of {runtime} is no longer supported for creating or updating "
                      "AWS Lambda functions. We recommend you use a supported runtime while creating or "
                      "updating functions.")


def check_limits(params: dict) -> None:
    timeout = params.get("Timeout")
    if timeout is not None and timeout > MAX_TIMEOUT:
        raise validation(f"Value '{timeout}' at 'timeout' failed to satisfy constraint: "
                         f"Member must have value less than or equal to {MAX_TIMEOUT}")
    memory = params.get("MemorySize")
    if memory is not None and memory > MAX_MEMORY:
        raise validation(f"Value '{memory}' at 'memorySize' failed to satisfy constraint: "
                         f"Member must have value less than or equal to {MAX_MEMORY}")


def check_environment(environment: dict | None) -> dict:
    """The variables of an ``Environment`` member, refused as Lambda refuses them."""
    variables = dict((environment or {}).get("Variables") or {})
    reserved = [k for k in variables if k in RESERVED_VARIABLES]
    if reserved:
        raise invalid("Lambda was unable to configure your environment variables because the environment "
                      "variables you have provided contains reserved keys that are currently not supported "
                      f"for modification. Reserved keys used in this request: {', '.join(reserved)}")
    measured = json.dumps(variables, separators=(",", ":"), ensure_ascii=False)
    if len(measured.encode("utf-8")) > MAX_ENVIRONMENT_BYTES:
        raise invalid("Lambda was unable to configure your environment variables because the environment "
                      f"variables you have provided exceeded the 4KB limit. String measured: {measured}")
    return variables


def resolve_layers(store, arns: list) -> tuple:
    """((ARN, LayerVersion or None), ...) for a ``Layers`` member. A layer of an account this
    emulator holds state for must exist; others (AWS's public layers, say) are kept as named."""
    if len(arns) > MAX_LAYERS:
        raise invalid(f"Cannot reference more than {MAX_LAYERS} layers.")
    out, seen = [], {}
    for arn in arns:
        parsed = parse_layer_version(arn)
        if parsed is None:
            raise invalid(f"Layer version {arn} does not exist.")
        region, account, name, number = parsed
        layer_key = (region, account, name)
        if layer_key in seen:
            raise invalid("Two different versions of the same layer are not allowed to be referenced in the "
                          f"same function. {seen[layer_key]} and {arn} are versions of the same layer.")
        seen[layer_key] = arn
        found = None
        if any(a == account and r == region for a, r, _ in store.existing("lambda")):
            owner = store.backend("lambda", account, region)
            layer = owner.layers.get(name)
            found = layer.versions.get(number) if layer is not None else None
            if found is None:
                raise invalid(f"Layer version {arn} does not exist.")
        out.append((arn, found))
    return tuple(out)


def layers_view(layers: tuple) -> list:
    return [{"Arn": arn, "CodeSize": lv.code.size if lv is not None else 0} for arn, lv in layers]


def _vpc_view(ctx, vpc: dict) -> dict:
    subnets = list(vpc.get("SubnetIds") or [])
    groups = list(vpc.get("SecurityGroupIds") or [])
    vpc_id = ""
    if subnets:
        try:
            network = ctx.backend("ec2").network
            subnet = network.subnets.get(subnets[0])
            vpc_id = subnet.vpc_id if subnet is not None else ""
        except (KeyError, AttributeError):
            vpc_id = ""
    return {"SubnetIds": subnets, "SecurityGroupIds": groups, "VpcId": vpc_id,
            "Ipv6AllowedForDualStack": bool(vpc.get("Ipv6AllowedForDualStack", False))}


def _runtime_version_arn(region: str, runtime: str) -> str:
    from iamulator.authz.partitions import partition_of

    digest = hashlib.sha256(runtime.encode()).hexdigest()
    return f"arn:{partition_of(region)}:lambda:{region}::runtime:{digest}"


def new_config(ctx, name: str, params: dict, code, layers: tuple) -> dict:
    """$LATEST's configuration for CreateFunction (checked params)."""
    image = (params.get("PackageType") or "Zip") == "Image"
    config: dict = {"FunctionName": name}
    if not image:
        config["Runtime"] = params["Runtime"]
    config["Role"] = params["Role"]
    if not image:
        config["Handler"] = params["Handler"]
    config.update({
        "CodeSize": code.size,
        "Description": params.get("Description") or "",
        "Timeout": params.get("Timeout") or DEFAULT_TIMEOUT,
        "MemorySize": params.get("MemorySize") or DEFAULT_MEMORY,
        "LastModified": timestamp(),
        "CodeSha256": code.sha256,
        "Version": LATEST,
        "TracingConfig": {"Mode": (params.get("TracingConfig") or {}).get("Mode") or "PassThrough"},
        "State": "Active",
        "LastUpdateStatus": "Successful",
        "PackageType": "Image" if image else "Zip",
        "Architectures": list(params.get("Architectures") or ["x86_64"]),
        "EphemeralStorage": {"Size": (params.get("EphemeralStorage") or {}).get("Size") or 512},
        "SnapStart": {"ApplyOn": (params.get("SnapStart") or {}).get("ApplyOn") or "None",
                      "OptimizationStatus": "Off"},
        "LoggingConfig": _logging(params.get("LoggingConfig"), name, None),
    })
    if not image:
        config["RuntimeVersionConfig"] = {"RuntimeVersionArn": _runtime_version_arn(ctx.region, params["Runtime"])}
    _apply_common(ctx, config, params, layers)
    if image:
        image_config = params.get("ImageConfig")
        if image_config:
            config["ImageConfigResponse"] = {"ImageConfig": dict(image_config)}
    return config


def updated_config(ctx, current: dict, params: dict, layers: tuple | None) -> dict:
    """$LATEST's configuration after UpdateFunctionConfiguration (checked params)."""
    config = dict(current)
    for member in ("Role", "Handler", "Description", "Timeout", "MemorySize", "Runtime"):
        if params.get(member) is not None:
            config[member] = params[member]
    if params.get("Runtime") is not None and "RuntimeVersionConfig" in config:
        config["RuntimeVersionConfig"] = {"RuntimeVersionArn": _runtime_version_arn(ctx.region, params["Runtime"])}
    if params.get("TracingConfig") is not None:
        config["TracingConfig"] = {"Mode": params["TracingConfig"].get("Mode") or "PassThrough"}
    if params.get("EphemeralStorage") is not None:
        config["EphemeralStorage"] = {"Size": params["EphemeralStorage"].get("Size") or 512}
    if params.get("SnapStart") is not None:
        config["SnapStart"] = {"ApplyOn": params["SnapStart"].get("ApplyOn") or "None", "OptimizationStatus": "Off"}
    if params.get("LoggingConfig") is not None:
        config["LoggingConfig"] = _logging(params["LoggingConfig"], current["FunctionName"], current.get("LoggingConfig"))
    if params.get("ImageConfig") is not None and config.get("PackageType") == "Image":
        config["ImageConfigResponse"] = {"ImageConfig": dict(params["ImageConfig"])}
    _apply_common(ctx, config, params, layers)
    config["LastModified"] = timestamp()
    config["LastUpdateStatus"] = "Successful"
    return config


def _apply_common(ctx, config: dict, params: dict, layers: tuple | None) -> None:
    if params.get("Environment") is not None:
        variables = check_environment(params["Environment"])
        if variables:
            config["Environment"] = {"Variables": variables}
        else:
            config.pop("Environment", None)
    if params.get("VpcConfig") is not None:
        vpc = params["VpcConfig"]
        if vpc.get("SubnetIds") or vpc.get("SecurityGroupIds"):
            config["VpcConfig"] = _vpc_view(ctx, vpc)
        else:
            config.pop("VpcConfig", None)
    if layers is not None:
        if layers:
            config["Layers"] = layers_view(layers)
        else:
            config.pop("Layers", None)
    for member in _PLAIN:
        if params.get(member) is not None:
            value = params[member]
            if value in ({}, "", []):
                config.pop(member, None)
            else:
                config[member] = value


def _logging(given: dict | None, name: str, current: dict | None) -> dict:
    out = dict(current or {"LogFormat": "Text", "LogGroup": f"/aws/lambda/{name}"})
    for key, value in (given or {}).items():
        out[key] = value
    if out.get("LogFormat") == "JSON":
        out.setdefault("ApplicationLogLevel", "INFO")
        out.setdefault("SystemLogLevel", "INFO")
    return out


def view(config: dict, arn: str, revision_id: str, version: str | None = None) -> dict:
    """The FunctionConfiguration of one version as named by ``arn``."""
    out = dict(config)
    out["FunctionArn"] = arn
    if version is not None:
        out["Version"] = version
    out["RevisionId"] = revision_id
    return out
