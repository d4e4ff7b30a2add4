"""Policies from a recorded run: the minimal identity policy that allows exactly the calls made
(``generate_policy``), and what a given policy grants beyond or lacks for them (``policy_diff``)."""
from __future__ import annotations
