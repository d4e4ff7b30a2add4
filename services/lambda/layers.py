"""Layers: PublishLayerVersion, GetLayerVersion, GetLayerVersionByArn, ListLayers,
ListLayerVersions, DeleteLayerVersion, and layer version permissions (AddLayerVersionPermission,
GetLayerVersionPolicy, RemoveLayerVersionPermission). Version numbers keep counting after a
version is deleted, as Lambda's do. Invoke puts the layers a function names on its Python path."""
from __future__ import annotations

import json

from iamulator.authz.partitions import partition_of

from . import code as packages
from .clock import timestamp
from .errors import conflict, resource_not_found, revision_mismatch
from .names import layer_arn, parse_layer, parse_layer_version
from .pagination import page
from .permissions import checked_document, document
from .records import Layer, LayerVersion, new_revision


def _view(lv: LayerVersion, with_content: bool = True) -> dict:
    out: dict = {}
    if with_content:
        out["Content"] = {"Location": f"https://awslambda-{lv.layer.arn.split(':')[3]}-layers.s3.amazonaws.com/"
                                      f"snapshots/{lv.layer.arn.split(':')[4]}/{lv.layer.name}-{lv.code.snapshot}",
                          "CodeSha256": lv.code.sha256, "CodeSize": lv.code.size}
        out["LayerArn"] = lv.layer.arn
    out.update({"LayerVersionArn": lv.arn, "Description": lv.description, "CreatedDate": lv.created,
                "Version": lv.version})
    if lv.runtimes:
        out["CompatibleRuntimes"] = list(lv.runtimes)
    if lv.license is not None:
        out["LicenseInfo"] = lv.license
    if lv.architectures:
        out["CompatibleArchitectures"] = list(lv.architectures)
    return out


def _matches(lv: LayerVersion, runtime: str | None, architecture: str | None) -> bool:
    return ((runtime is None or runtime in lv.runtimes)
            and (architecture is None or architecture in lv.architectures))


class LayerOperations:
    def _layer_owner(self, ctx, layer_name: str):
        region, account, name = parse_layer(layer_name, self.account_id, self.region)
        return self._owner(ctx, account), name

    def _layer_version(self, name: str, number: int) -> LayerVersion:
        layer = self.layers.get(name)
        lv = layer.versions.get(number) if layer is not None else None
        if lv is None:
            raise resource_not_found()
        return lv

    def publish_layer_version(self, ctx, params) -> dict:
        owner, name = self._layer_owner(ctx, params["LayerName"])
        package = packages.from_request(ctx, params.get("Content") or {}, "PublishLayerVersion")
        with self._holding(owner):
            layer = owner.layers.get(name)
            if layer is None:
                layer = owner.layers[name] = Layer(name, layer_arn(owner.region, owner.account_id, name))
            number = layer.next_version
            layer.next_version += 1
            lv = LayerVersion(layer, number, f"{layer.arn}:{number}", params.get("Description") or "", timestamp(),
                              package, list(params.get("CompatibleRuntimes") or []), params.get("LicenseInfo"),
                              list(params.get("CompatibleArchitectures") or []))
            layer.versions[number] = lv
            return _view(lv)

    def get_layer_version(self, ctx, params) -> dict:
        owner, name = self._layer_owner(ctx, params["LayerName"])
        with self._holding(owner):
            return _view(owner._layer_version(name, params["VersionNumber"]))

    def get_layer_version_by_arn(self, ctx, params) -> dict:
        parsed = parse_layer_version(params["Arn"])
        if parsed is None:
            raise resource_not_found()
        region, account, name, number = parsed
        if region != self.region:
            raise resource_not_found()
        owner = self._owner(ctx, account)
        with self._holding(owner):
            return _view(owner._layer_version(name, number))

    def delete_layer_version(self, ctx, params) -> dict:
        owner, name = self._layer_owner(ctx, params["LayerName"])
        with self._holding(owner):
            layer = owner.layers.get(name)
            if layer is not None:
                layer.versions.pop(params["VersionNumber"], None)
        return {}

    def list_layers(self, ctx, params) -> dict:
        runtime, architecture = params.get("CompatibleRuntime"), params.get("CompatibleArchitecture")
        rows = []
        for name in sorted(self.layers):
            layer = self.layers[name]
            matching = [layer.versions[n] for n in sorted(layer.versions, reverse=True)
                        if _matches(layer.versions[n], runtime, architecture)]
            if matching:
                rows.append({"LayerName": name, "LayerArn": layer.arn,
                             "LatestMatchingVersion": _view(matching[0], with_content=False)})
        chosen, marker = page(rows, [r["LayerName"] for r in rows], params.get("Marker"), params.get("MaxItems"))
        out: dict = {"Layers": chosen}
        if marker:
            out["NextMarker"] = marker
        return out

    def list_layer_versions(self, ctx, params) -> dict:
        owner, name = self._layer_owner(ctx, params["LayerName"])
        runtime, architecture = params.get("CompatibleRuntime"), params.get("CompatibleArchitecture")
        with self._holding(owner):
            layer = owner.layers.get(name)
            versions = [] if layer is None else [
                layer.versions[n] for n in sorted(layer.versions, reverse=True)
                if _matches(layer.versions[n], runtime, architecture)]
            # Newest first: the marker orders keys the same way.
            keys = [f"{10 ** 10 - lv.version:010d}" for lv in versions]
            chosen, marker = page(versions, keys, params.get("Marker"), params.get("MaxItems"))
            out: dict = {"LayerVersions": [_view(lv, with_content=False) for lv in chosen]}
            if marker:
                out["NextMarker"] = marker
            return out

    # -- who may use a layer version -------------------------------------------------------
    def add_layer_version_permission(self, ctx, params) -> dict:
        owner, name = self._layer_owner(ctx, params["LayerName"])
        with self._holding(owner):
            lv = owner._layer_version(name, params["VersionNumber"])
            if params.get("RevisionId") and params["RevisionId"] != lv.revision_id:
                raise revision_mismatch()
            sid = params["StatementId"]
            if any(s["Sid"] == sid for s in lv.statements):
                raise conflict(f"The statement id ({sid}) provided already exists. Please provide a new statement "
                               "id, or remove the existing statement.")
            principal = params["Principal"]
            statement = {"Sid": sid, "Effect": "Allow",
                         "Principal": "*" if principal == "*" else
                         {"AWS": principal if principal.startswith("arn:")
                          else f"arn:{partition_of(owner.region)}:iam::{principal}:root"},
                         "Action": params["Action"], "Resource": lv.arn}
            if params.get("OrganizationId"):
                statement["Condition"] = {"StringEquals": {"aws:PrincipalOrgID": params["OrganizationId"]}}
            checked_document([*lv.statements, statement])
            lv.statements.append(statement)
            lv.revision_id = new_revision()
            return {"Statement": json.dumps(statement, separators=(",", ":")), "RevisionId": lv.revision_id}

    def get_layer_version_policy(self, ctx, params) -> dict:
        owner, name = self._layer_owner(ctx, params["LayerName"])
        with self._holding(owner):
            lv = owner._layer_version(name, params["VersionNumber"])
            if not lv.statements:
                raise resource_not_found("No policy is associated with the given resource.")
            return {"Policy": document(lv.statements), "RevisionId": lv.revision_id}

    def remove_layer_version_permission(self, ctx, params) -> dict:
        owner, name = self._layer_owner(ctx, params["LayerName"])
        with self._holding(owner):
            lv = owner._layer_version(name, params["VersionNumber"])
            if params.get("RevisionId") and params["RevisionId"] != lv.revision_id:
                raise revision_mismatch()
            sid = params["StatementId"]
            kept = [s for s in lv.statements if s["Sid"] != sid]
            if len(kept) == len(lv.statements):
                raise resource_not_found(f"Statement {sid} is not found in resource policy.")
            lv.statements = kept
            lv.revision_id = new_revision()
        return {}
