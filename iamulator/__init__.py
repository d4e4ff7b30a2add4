"""iamulator: a mock of AWS for tests, with IAM at its centre.

Public face: ``mock_aws`` (and ``mock_<service>`` for every shipped service, which behave the
same: while any mock is active, every AWS call is served by the emulator) and
``set_initial_no_auth_action_count``.
"""
from iamulator.mock import mock_aws, set_initial_no_auth_action_count

__all__ = ["mock_aws", "set_initial_no_auth_action_count"]
__version__ = "0.1.0"


#: Public names served from their own modules, imported on first use to keep import fast.
_LAZY = {
    "decisions": "iamulator.audit", "clear_decisions": "iamulator.audit",
    "explain": "iamulator.audit", "save_decisions": "iamulator.audit",
    "generate_policy": "iamulator.policy_generation", "policy_diff": "iamulator.policy_generation",
    "load_decisions": "iamulator.policy_generation",
}


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is not None:
        import importlib

        return getattr(importlib.import_module(module), name)
    # mock_s3, mock_dynamodb, mock_logs, ...: one per shipped service, all the same mock.
    if name.startswith("mock_"):
        from iamulator.services import registry

        if name[5:].replace("_", "-") in registry.shipped():
            return mock_aws
    raise AttributeError(f"module 'iamulator' has no attribute {name!r}")


def __dir__():
    from iamulator.services import registry

    return sorted([*globals(), *_LAZY, *(f"mock_{s.replace('-', '_')}" for s in registry.shipped())])
