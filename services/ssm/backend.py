"""SSM Parameter Store operations for one account in one region.

Other SSM operations (documents, commands, sessions, ...) are not emulated and answer 501.
"""
from __future__ import annotations

import json
import re

from iamulator.services.base import Service
from iamulator.services.errors import AWSError
from iamulator.services.ssm import clock, encryption, filters, labels, names, references
from iamulator.services.constraints import ModelValidated
from iamulator.services.ssm.errors import parameter_not_found, validation, version_not_found
from iamulator.services.ssm.paging import page
from iamulator.services.ssm.parameter import ADVANCED, INTELLIGENT, SECURE, STANDARD, Parameter, Version

MAX_VERSIONS = 100
MAX_TAGS = 50
STANDARD_VALUE_LIMIT = 4096
ADVANCED_VALUE_LIMIT = 8192
# Parameters per account and Region, by tier.
TIER_LIMITS = {STANDARD: 10000, ADVANCED: 100000}
DATA_TYPES = ("text", "aws:ec2:image", "aws:ssm:integration")
POLICY_TYPES = ("Expiration", "ExpirationNotification", "NoChangeNotification")
_AMI_ID = re.compile(r"ami-([0-9a-f]{8}|[0-9a-f]{17})\Z")

TAGS_AND_OVERWRITE = ("Invalid request: tags and overwrite can't be used together. To create a parameter with tags, "
                      "please remove overwrite flag. To update tags for an existing parameter, please use "
                      "AddTagsToResource or RemoveTagsFromResource.")
ALREADY_EXISTS = "The parameter already exists. To overwrite this value, set the overwrite option in the request to true."
STANDARD_TOO_LONG = ("Standard tier parameters support a maximum parameter value of 4096 characters. To create a larger "
                     "parameter value, upgrade the parameter to use the advanced-parameter tier. For more "
                     "information, see https://docs.aws.amazon.com/systems-manager/latest/userguide/"
                     "parameter-store-advanced-parameters.html")
NO_DOWNGRADE = ("This parameter uses the advanced-parameter tier. You can't downgrade a parameter from the "
                "advanced-parameter tier to the standard-parameter tier. If necessary, you can delete the advanced "
                "parameter and recreate it as a standard parameter.")


class Backend(ModelValidated, Service):
    name = "ssm"

    def __init__(self, account_id: str, region: str, store=None):
        super().__init__(account_id, region, store)
        self.parameters: dict[str, Parameter] = {}
        self.tier_counts = {STANDARD: 0, ADVANCED: 0}

    # -- helpers --------------------------------------------------------------------------
    def _parameter(self, name: str) -> Parameter:
        found = self.parameters.get(names.key(name))
        if found is None:
            raise parameter_not_found()
        return found

    @staticmethod
    def _select(parameter: Parameter, selector: str | None) -> Version:
        if selector is None:
            return parameter.latest
        if selector.isdigit():
            version = parameter.versions.get(int(selector))
            if version is None:
                raise version_not_found(parameter.name, selector)
            return version
        version = parameter.labelled(selector)
        if version is None:
            raise parameter_not_found()
        return version

    def _value(self, parameter: Parameter, version: Version, decrypt: bool) -> str:
        if version.blob is not None and decrypt:
            return encryption.decrypt(self.store, self.account_id, self.region, version.blob, parameter.arn)
        return version.stored_value()

    def _read(self, ctx, raw_name: str, decrypt: bool) -> dict:
        name, selector = names.split_selector(raw_name, self.region, self.account_id)
        if references.is_reference(name):
            return references.fetch(ctx, self.account_id, self.region, name, selector, decrypt)
        parameter = self._parameter(name)
        version = self._select(parameter, selector)
        return parameter.value_entry(version, self._value(parameter, version, decrypt), selector)

    @staticmethod
    def _user(ctx) -> str:
        principal = ctx.principal if ctx is not None else None
        arn = getattr(principal, "arn", None)
        return arn or f"arn:aws:iam::{ctx.account_id if ctx is not None else ''}:root"

    # -- writing --------------------------------------------------------------------------
    def put_parameter(self, ctx, params) -> dict:
        name, value = params["Name"], params["Value"]
        overwrite = bool(params.get("Overwrite"))
        if overwrite and params.get("Tags"):
            raise validation(TAGS_AND_OVERWRITE)
        names.validate(name, self.region, self.account_id)
        if value == "":
            raise validation("1 validation error detected: Value '' at 'value' failed to satisfy constraint: Member "
                             "must have length greater than or equal to 1")
        parameter = self.parameters.get(names.key(name))
        if parameter is not None and not overwrite:
            raise AWSError("ParameterAlreadyExists", ALREADY_EXISTS)
        previous = parameter.latest if parameter is not None else None

        type_ = params.get("Type") or (previous.type if previous else None)
        if type_ is None:
            raise validation("A parameter type is required when you create a parameter.")
        data_type = params.get("DataType") or (previous.data_type if previous else "text")
        if data_type not in DATA_TYPES:
            raise validation(f"The following data type is not supported: {data_type} (Data type names are all "
                             "lowercase.)")
        if data_type == "aws:ec2:image" and not _AMI_ID.match(value):
            raise validation(f"Invalid value {value} for the parameter data type aws:ec2:image. The value must be an "
                             "AMI ID such as ami-12345abcdeEXAMPLE.")
        key_id = params.get("KeyId")
        if key_id is not None and type_ != SECURE:
            raise validation("KeyId is required for SecureString type parameter only.")
        if type_ == SECURE and key_id is None:
            key_id = previous.key_id if previous is not None and previous.type == SECURE else encryption.DEFAULT_KEY
        description = params["Description"] if "Description" in params else (previous.description if previous else None)
        allowed = params["AllowedPattern"] if "AllowedPattern" in params else (
            previous.allowed_pattern if previous else None)
        if allowed:
            _check_pattern(allowed, value)
        policies = _policies(params["Policies"]) if "Policies" in params else (previous.policies if previous else None)
        tier = _tier(params.get("Tier"), previous, value, policies)

        if parameter is None or previous.tier != tier:
            if self.tier_counts[tier] >= TIER_LIMITS[tier]:
                raise _limit_exceeded(tier)
        if parameter is not None and len(parameter.versions) >= MAX_VERSIONS:
            oldest = next(iter(parameter.versions.values()))
            if oldest.labels:
                raise AWSError("ParameterMaxVersionLimitExceeded",
                               f"You attempted to create a new version of {parameter.name} by calling the PutParameter "
                               f"API with the overwrite flag. Version {oldest.version}, the oldest version, can't be "
                               "deleted because it has a label associated with it. Move the label to another version "
                               "of the parameter, and try again.")

        arn = parameter.arn if parameter is not None else names.arn(self.region, self.account_id, name)
        blob = None
        if type_ == SECURE:
            blob = encryption.encrypt(self.store, self.account_id, self.region, key_id, arn, value)
        number = previous.version + 1 if previous is not None else 1
        version = Version(number, type_, None if blob is not None else value, blob, key_id, description, allowed,
                          tier, policies, data_type, clock.now(), self._user(ctx))
        if parameter is None:
            parameter = Parameter(name, arn)
            parameter.tags = {t["Key"]: t["Value"] for t in params.get("Tags") or ()}
            if len(parameter.tags) > MAX_TAGS:
                raise _too_many_tags()
            self.parameters[names.key(name)] = parameter
            self.tier_counts[tier] += 1
        else:
            if previous.tier != tier:
                self.tier_counts[previous.tier] -= 1
                self.tier_counts[tier] += 1
            if len(parameter.versions) >= MAX_VERSIONS:
                del parameter.versions[next(iter(parameter.versions))]
        parameter.versions[number] = version
        return {"Version": number, "Tier": tier}

    def delete_parameter(self, ctx, params) -> dict:
        parameter = self._parameter(params["Name"])
        self._remove(parameter)
        return {}

    def delete_parameters(self, ctx, params) -> dict:
        deleted, invalid = [], []
        for name in params["Names"]:
            parameter = self.parameters.get(names.key(name))
            if parameter is None:
                invalid.append(name)
            else:
                self._remove(parameter)
                deleted.append(name)
        return {"DeletedParameters": deleted, "InvalidParameters": invalid}

    def _remove(self, parameter: Parameter) -> None:
        del self.parameters[names.key(parameter.name)]
        self.tier_counts[parameter.latest.tier] -= 1

    # -- reading --------------------------------------------------------------------------
    def get_parameter(self, ctx, params) -> dict:
        return {"Parameter": self._read(ctx, params["Name"], bool(params.get("WithDecryption")))}

    def get_parameters(self, ctx, params) -> dict:
        found, invalid = [], []
        decrypt = bool(params.get("WithDecryption"))
        for raw in dict.fromkeys(params["Names"]):
            try:
                found.append(self._read(ctx, raw, decrypt))
            except AWSError as err:
                if err.code not in ("ParameterNotFound", "ParameterVersionNotFound"):
                    raise
                invalid.append(raw)
        return {"Parameters": found, "InvalidParameters": invalid}

    def get_parameters_by_path(self, ctx, params) -> dict:
        path = names.validate_path(params["Path"])
        recursive = bool(params.get("Recursive"))
        chosen = filters.compile_filters(params.get("ParameterFilters"), filters.BY_PATH_KEYS)
        wanted_labels = next((f.values for f in chosen if f.key == "Label"), None)
        decrypt = bool(params.get("WithDecryption"))
        matching = []
        for parameter in sorted(self.parameters.values(), key=lambda p: p.name):
            if not names.in_path(parameter.name, path, recursive):
                continue
            if wanted_labels is None:
                version = parameter.latest
            else:
                version = next((v for v in reversed(parameter.versions.values())
                                if any(label in v.labels for label in wanted_labels)), None)
                if version is None:
                    continue
            if filters.matches(chosen, parameter, version):
                matching.append((parameter, version))
        chunk, token = page(matching, params, 10)
        out = {"Parameters": [p.value_entry(v, self._value(p, v, decrypt)) for p, v in chunk]}
        if token:
            out["NextToken"] = token
        return out

    def get_parameter_history(self, ctx, params) -> dict:
        parameter = self._parameter(params["Name"])
        decrypt = bool(params.get("WithDecryption"))
        chunk, token = page(list(parameter.versions.values()), params, 50)
        out = {"Parameters": [parameter.history_entry(v, self._value(parameter, v, decrypt)) for v in chunk]}
        if token:
            out["NextToken"] = token
        return out

    def describe_parameters(self, ctx, params) -> dict:
        legacy, chosen = params.get("Filters"), params.get("ParameterFilters")
        if legacy and chosen:
            raise validation("You can use either Filters or ParameterFilters in a single request.")
        compiled = filters.compile_filters(chosen, filters.DESCRIBE_KEYS)
        matching = [p for p in sorted(self.parameters.values(), key=lambda p: p.name)
                    if filters.matches(compiled, p, p.latest) and filters.legacy_matches(legacy or [], p)]
        chunk, token = page(matching, params, 50)
        out = {"Parameters": [p.metadata() for p in chunk]}
        if token:
            out["NextToken"] = token
        return out

    # -- labels ---------------------------------------------------------------------------
    def label_parameter_version(self, ctx, params) -> dict:
        parameter = self._parameter(params["Name"])
        number = params.get("ParameterVersion") or parameter.latest.version
        version = parameter.versions.get(number)
        if version is None:
            raise version_not_found(parameter.name, number)
        requested = list(dict.fromkeys(params["Labels"]))
        invalid = [label for label in requested if not labels.valid(label)]
        new = [label for label in requested if labels.valid(label) and label not in version.labels]
        if len(version.labels) + len(new) > labels.MAX_PER_VERSION:
            raise AWSError("ParameterVersionLabelLimitExceeded",
                           f"A parameter version can have maximum {labels.MAX_PER_VERSION} labels. Move one or more "
                           "labels to another version and try again.")
        for label in new:
            # A label names one version: attaching it here detaches it from any other.
            holder = parameter.labelled(label)
            if holder is not None:
                holder.labels.remove(label)
            version.labels.append(label)
        out = {"ParameterVersion": number}
        if invalid:
            out["InvalidLabels"] = invalid
        return out

    def unlabel_parameter_version(self, ctx, params) -> dict:
        parameter = self._parameter(params["Name"])
        number = params["ParameterVersion"]
        version = parameter.versions.get(number)
        if version is None:
            raise version_not_found(parameter.name, number)
        removed, invalid = [], []
        for label in dict.fromkeys(params["Labels"]):
            if label in version.labels:
                version.labels.remove(label)
                removed.append(label)
            else:
                invalid.append(label)
        out = {}
        if removed:
            out["RemovedLabels"] = removed
        if invalid:
            out["InvalidLabels"] = invalid
        return out

    # -- tags -----------------------------------------------------------------------------
    def _tagged(self, params) -> Parameter:
        if params["ResourceType"] != "Parameter":
            # Documents, maintenance windows, ... are not emulated, so no such resource exists.
            raise AWSError("InvalidResourceId", "The resource ID is not valid. Verify the ID and try again.")
        resource_id = params["ResourceId"]
        name = names.split_selector(resource_id, self.region, self.account_id)[0]
        parameter = self.parameters.get(names.key(name))
        if parameter is None:
            raise AWSError("InvalidResourceId", "The resource ID is not valid. Verify the ID and try again.")
        return parameter

    def add_tags_to_resource(self, ctx, params) -> dict:
        parameter = self._tagged(params)
        merged = dict(parameter.tags)
        for tag in params["Tags"]:
            merged[tag["Key"]] = tag["Value"]
        if len(merged) > MAX_TAGS:
            raise _too_many_tags()
        parameter.tags = merged
        return {}

    def remove_tags_from_resource(self, ctx, params) -> dict:
        parameter = self._tagged(params)
        for key in params["TagKeys"]:
            parameter.tags.pop(key, None)
        return {}

    def list_tags_for_resource(self, ctx, params) -> dict:
        parameter = self._tagged(params)
        return {"TagList": [{"Key": k, "Value": v} for k, v in parameter.tags.items()]}


def _tier(requested: str | None, previous: Version | None, value: str, policies) -> str:
    current = previous.tier if previous is not None else None
    if requested == INTELLIGENT:
        needs_advanced = len(value) > STANDARD_VALUE_LIMIT or bool(policies) or current == ADVANCED
        tier = ADVANCED if needs_advanced else STANDARD
    else:
        tier = requested or current or STANDARD
    if current == ADVANCED and tier == STANDARD:
        raise validation(NO_DOWNGRADE)
    if tier == STANDARD and len(value) > STANDARD_VALUE_LIMIT:
        raise validation(STANDARD_TOO_LONG)
    if tier == ADVANCED and len(value) > ADVANCED_VALUE_LIMIT:
        raise validation(f"Advanced tier parameters support a maximum parameter value of {ADVANCED_VALUE_LIMIT} "
                         "characters.")
    if policies and tier == STANDARD:
        raise validation("Parameter policies are supported only for advanced tier parameters. Set Tier to Advanced "
                         "or Intelligent-Tiering.")
    return tier


def _check_pattern(pattern: str, value: str) -> None:
    try:
        compiled = re.compile(pattern)
    except re.error:
        raise AWSError("InvalidAllowedPatternException",
                       f"The allowed pattern {pattern} is not a valid regular expression.") from None
    if compiled.fullmatch(value) is None:
        raise AWSError("ParameterPatternMismatchException",
                       f"Parameter value, cannot be validated against allowedPattern: {pattern}")


def _policies(text: str) -> list:
    try:
        loaded = json.loads(text)
    except ValueError:
        loaded = None
    if not isinstance(loaded, list) or not all(isinstance(p, dict) for p in loaded):
        raise AWSError("InvalidPolicyTypeException", "The parameter policy is not a JSON list of policy objects.")
    for policy in loaded:
        if policy.get("Type") not in POLICY_TYPES:
            raise AWSError("InvalidPolicyTypeException",
                           f"The policy type {policy.get('Type')} is not supported. Parameter Store supports the "
                           "following policy types: Expiration, ExpirationNotification, and NoChangeNotification.")
        if not isinstance(policy.get("Attributes"), dict):
            raise AWSError("InvalidPolicyAttributeException",
                           f"The {policy['Type']} policy needs an Attributes object.")
    return loaded


def _limit_exceeded(tier: str) -> AWSError:
    kind = "standard" if tier == STANDARD else "advanced"
    advice = ("either delete existing parameters or upgrade to the advanced-parameter tier (charges apply)"
              if tier == STANDARD else "delete existing parameters")
    return AWSError("ParameterLimitExceeded", f"You have reached the maximum number of {kind} parameters for this AWS "
                                              f"account and Region ({TIER_LIMITS[tier]}). To add more parameters, "
                                              f"{advice}.")


def _too_many_tags() -> AWSError:
    return AWSError("TooManyTagsError", f"A resource can have at most {MAX_TAGS} tags.")
