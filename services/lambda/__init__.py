"""AWS Lambda: functions from zip packages with versions, aliases, resource policies, layers and
tags; Invoke runs Python handlers for real in a child process, whose AWS calls are served by
this same emulator and authorized as the function's execution role.

The folder is named after the botocore service, which is a Python keyword: modules of this
package import each other relatively, and code elsewhere reaches it with
``importlib.import_module("iamulator.services.lambda")``.
"""
from iamulator.authz import resource_policies as _resource_policies

from .backend import Backend
from .invoke import wait_for_event_invocations
from .permissions import resource_policy

_resource_policies.register("lambda", resource_policy)

__all__ = ["Backend", "resource_policy", "wait_for_event_invocations"]
