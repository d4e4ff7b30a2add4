"""The pytest plugin, registered through the ``pytest11`` entry point: fixtures, markers and
assertion helpers for testing least-privilege policies against the mock."""
