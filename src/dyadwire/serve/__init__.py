"""`dyadwire serve`: the HTTP API (FastAPI) and the offline dashboard, over one database."""

from __future__ import annotations

from pathlib import Path


def serve(db: str | Path, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve the API and the dashboard until interrupted."""
    import uvicorn

    from dyadwire.serve.app import create_app

    uvicorn.run(create_app(db), host=host, port=port, log_level="warning")
