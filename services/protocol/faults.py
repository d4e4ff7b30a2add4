"""What an ``AWSError`` means on the wire: its code, HTTP status and fault side, and the
error shape (if the model has one) whose members its fields fill."""
from __future__ import annotations

from iamulator.services.protocol.compiled import per_model

MESSAGE_MEMBERS = ("message", "Message", "errorMessage", "ErrorMessage")
# Members an error envelope already carries (the code, fault type, request id): a shape member
# of that name is the envelope's own value, never a second element.
ENVELOPE_MEMBERS = frozenset(("Code", "code", "Type", "type", "RequestId", "HostId", "__type"))


class Fault:
    __slots__ = ("code", "shape_name", "status", "sender", "shape", "message")

    def __init__(self, code, shape_name, status, sender, shape, message):
        self.code = code              # the wire code (the shape's error.code, else its name)
        self.shape_name = shape_name  # the error shape's name (json __type for query-compatible)
        self.status = status
        self.sender = sender
        self.shape = shape            # botocore StructureShape or None
        self.message = message


def _error_shapes(service_model) -> dict:
    """Error shapes by name and by wire code, built once per service."""
    def build():
        table = {}
        for shape in service_model.error_shapes:
            table.setdefault(shape.name, shape)
            table.setdefault(shape.error_code, shape)
        return table
    return per_model(service_model, "_iamulator_error_shapes", build)


def error_shape(service_model, code: str):
    return _error_shapes(service_model).get(code)


def resolve(service_model, error) -> Fault:
    shape = error_shape(service_model, error.code) if service_model is not None else None
    if shape is None:
        return Fault(error.code, error.code, error.status, error.sender_fault, None, error.message)
    trait = shape.metadata.get("error") or {}
    status = trait.get("httpStatusCode") or error.status
    if "senderFault" in trait:
        sender = bool(trait["senderFault"])
    elif "fault" in shape.metadata:
        sender = not shape.metadata["fault"]
    else:
        sender = error.sender_fault
    return Fault(shape.error_code, shape.name, status, sender, shape, error.message)


def modeled_fields(fault, fields: dict) -> tuple[dict, dict]:
    """Split an error's fields into the error shape's members and the rest (rendered as plain
    strings); the message member is left out since every protocol writes the message itself."""
    if not fields:
        return {}, {}
    if fault.shape is None:
        return {}, fields
    members = fault.shape.members
    modeled, plain = {}, {}
    for k, v in fields.items():
        if v is None or k in MESSAGE_MEMBERS or k in ENVELOPE_MEMBERS:
            continue
        (modeled if k in members else plain)[k] = v
    return modeled, plain
