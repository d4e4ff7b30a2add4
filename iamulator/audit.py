"""The decision log in process: ``decisions()``, ``clear_decisions()``, ``explain()``,
``save_decisions()``."""
from __future__ import annotations
