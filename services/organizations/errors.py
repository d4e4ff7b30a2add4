"""Organizations' errors with AWS's wording."""
from __future__ import annotations

from iamulator.services.errors import AWSError


def not_in_use():
    return AWSError("AWSOrganizationsNotInUseException", "Your account is not a member of an organization.")


def access_denied():
    return AWSError("AccessDeniedException", "You don't have permissions to access this resource.")


def not_found(kind: str):
    messages = {
        "account": ("AccountNotFoundException", "You specified an account that doesn't exist."),
        "ou": ("OrganizationalUnitNotFoundException", "You specified an organizational unit that doesn't exist."),
        "parent": ("ParentNotFoundException", "You specified a parent that doesn't exist."),
        "child": ("ChildNotFoundException", "You specified a child that doesn't exist."),
        "policy": ("PolicyNotFoundException", "You specified a policy that doesn't exist."),
        "target": ("TargetNotFoundException", "You specified a target that doesn't exist."),
        "root": ("RootNotFoundException", "You specified a root that doesn't exist."),
        "status": ("CreateAccountStatusNotFoundException",
                   "We can't find an create account request with the CreateAccountRequestId that you specified."),
        "source": ("SourceParentNotFoundException",
                   "We can't find a source root or OU with the ParentId that you specified."),
        "destination": ("DestinationParentNotFoundException",
                        "We can't find the destination container (a root or OU) with the ParentId that you specified."),
    }
    code, message = messages[kind]
    return AWSError(code, message)


def invalid_input(reason: str, message: str):
    return AWSError("InvalidInputException", message, Reason=reason)


def constraint(reason: str, message: str):
    return AWSError("ConstraintViolationException", message, Reason=reason)
