"""The AWS policy language and evaluator.

    from iamulator.authz import evaluate, compile_policy, PolicyError

``evaluate`` decides a request the way AWS's enforcement code does and explains why;
``compile_policy`` parses and validates a document once (cached by its JSON text).
See docs/authz.md.
"""
from .decision import ALLOWED, EXPLICIT, IMPLICIT, Decision, StatementRef
from .errors import PolicyError
from .evaluator import evaluate, evaluate_key_policy, evaluate_trust
from .policy.compiled import CompiledPolicy, compile_policy, policy_size
from .principal import RequestPrincipal, parse_principal

__all__ = [
    "evaluate", "evaluate_trust", "evaluate_key_policy", "compile_policy", "policy_size",
    "CompiledPolicy", "Decision", "StatementRef", "PolicyError", "RequestPrincipal",
    "parse_principal", "ALLOWED", "IMPLICIT", "EXPLICIT",
]
