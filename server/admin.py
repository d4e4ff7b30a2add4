"""The emulator's own endpoints under ``/_iamulator/``: health, reset, the auth counter, the
decision log and state snapshots."""
from __future__ import annotations

from iamulator.services.http import Request, Response


def handle(request: Request) -> Response:
    return Response(404, {"Content-Type": "application/json"},
                    b'{"error": "NotFound", "message": "no such admin endpoint"}')
