"""Reserved concurrency (PutFunctionConcurrency, GetFunctionConcurrency, DeleteFunctionConcurrency)
and GetAccountSettings. Concurrency is stored and reported; invocations are not throttled."""
from __future__ import annotations

from .code import MAX_DIRECT_UPLOAD, MAX_UNZIPPED
from .errors import invalid

ACCOUNT_CONCURRENCY = 1000
# Lambda keeps this much of the account's concurrency unreserved at all times.
MIN_UNRESERVED = 100
TOTAL_CODE_SIZE = 80530636800


class ConcurrencyOperations:
    def _reserved_elsewhere(self, name: str) -> int:
        return sum(fn.concurrency or 0 for n, fn in self.functions.items() if n != name)

    def put_function_concurrency(self, ctx, params) -> dict:
        owner, ref = self._locate(ctx, params["FunctionName"])
        with self._holding(owner):
            fn = owner._function(owner._unqualified(ref))
            wanted = params["ReservedConcurrentExecutions"]
            unreserved = ACCOUNT_CONCURRENCY - owner._reserved_elsewhere(fn.name) - wanted
            if unreserved < MIN_UNRESERVED:
                raise invalid(f"Specified ReservedConcurrentExecutions for function decreases account's "
                              f"UnreservedConcurrentExecution below its minimum value of [{MIN_UNRESERVED}].")
            fn.concurrency = wanted
            return {"ReservedConcurrentExecutions": wanted}

    def get_function_concurrency(self, ctx, params) -> dict:
        owner, ref = self._locate(ctx, params["FunctionName"])
        with self._holding(owner):
            fn = owner._function(owner._unqualified(ref))
            return {} if fn.concurrency is None else {"ReservedConcurrentExecutions": fn.concurrency}

    def delete_function_concurrency(self, ctx, params) -> dict:
        owner, ref = self._locate(ctx, params["FunctionName"])
        with self._holding(owner):
            owner._function(owner._unqualified(ref)).concurrency = None
            return {}

    def get_account_settings(self, ctx, params) -> dict:
        total = 0
        for fn in self.functions.values():
            total += fn.latest.code.size + sum(v.code.size for v in fn.versions.values())
        for layer in self.layers.values():
            total += sum(lv.code.size for lv in layer.versions.values())
        return {
            "AccountLimit": {"TotalCodeSize": TOTAL_CODE_SIZE, "CodeSizeUnzipped": MAX_UNZIPPED,
                             "CodeSizeZipped": MAX_DIRECT_UPLOAD, "ConcurrentExecutions": ACCOUNT_CONCURRENCY,
                             "UnreservedConcurrentExecutions":
                                 ACCOUNT_CONCURRENCY - self._reserved_elsewhere("")},
            "AccountUsage": {"TotalCodeSize": total, "FunctionCount": len(self.functions)},
        }
