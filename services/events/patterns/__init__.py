"""Event patterns as EventBridge reads and matches them.

``compile_pattern(text)`` validates a pattern (``InvalidEventPatternException`` otherwise) and
returns a ``Pattern`` whose ``matches(event)`` takes the event as a parsed JSON object.
Compiled patterns are cached by their text.
"""
from iamulator.services.events.patterns.compile import Pattern, compile_pattern

__all__ = ["Pattern", "compile_pattern"]
