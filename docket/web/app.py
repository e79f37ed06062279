"""The workbench app: routes, static files, error pages and the security headers.

Every response carries a strict Content-Security-Policy (scripts, styles and images from this
server only, no inline code, no framing), so even if article text slipped through escaping it
could not run; the templates therefore hold no inline scripts or styles, and data for the map
travels in `data-*` attributes or a JSON block that the browser never executes.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from docket.errors import LedgerError
from docket.settings import Settings
from docket.web.throttle import LoginThrottle
from docket.workflows.background import BackgroundWriter

STATIC_DIR = Path(__file__).resolve().parent / "static"
SHUTDOWN_WAIT_SECONDS = 120.0  # for the background writer's job in hand when the server stops

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}


class SecurityHeaders:
    """ASGI middleware: the security headers on every HTTP response, static files included."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.raw = [(k.lower().encode("latin-1"), v.encode("latin-1"))
                    for k, v in SECURITY_HEADERS.items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                names = {k for k, _ in self.raw}
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
                message["headers"] = kept + self.raw
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            # Starlette answers an unhandled error outside this middleware, without the
            # headers: answer it here, with them, then let the error go on to be logged.
            if not started:
                body = b"<!doctype html><title>500</title><p>Something went wrong.</p>"
                await send_with_headers({"type": "http.response.start", "status": 500,
                                         "headers": [(b"content-type", b"text/html")]})
                await send({"type": "http.response.body", "body": body})
            raise


def _http_error(request: Request, exc: Exception) -> Response:
    from docket.web.templating import render

    status = exc.status_code if isinstance(exc, HTTPException) else 500
    detail = exc.detail if isinstance(exc, HTTPException) else "Something went wrong."
    return render(request, "error.html", status_code=status, status=status, message=detail)


def _ledger_error(request: Request, exc: Exception) -> Response:
    from docket.web.templating import render

    # No ledger yet, or one that cannot be read: say so and what to do, not a stack trace.
    return render(request, "error.html", status_code=503, status=503, message=str(exc))


@contextlib.asynccontextmanager
async def _lifespan(app: Starlette) -> AsyncIterator[None]:
    yield
    # A server that stops lets the job in hand finish (a relink left half-way would be rolled
    # back and redone by the next run, but there is no reason to waste it).
    await run_in_threadpool(app.state.writer.wait_idle, SHUTDOWN_WAIT_SECONDS)


def create_app(settings: Settings) -> Starlette:
    """The workbench over the ledger `settings` name (`docket serve`)."""
    from docket.web.actions import action_routes
    from docket.web.auth import auth_routes
    from docket.web.browse import browse_routes
    from docket.web.downloads import download_routes
    from docket.web.pages import page_routes

    routes = [
        *page_routes(),
        *browse_routes(),
        *auth_routes(),
        *action_routes(),
        *download_routes(),
        Mount("/static", app=StaticFiles(directory=STATIC_DIR), name="static"),
    ]
    app = Starlette(routes=routes, middleware=[Middleware(SecurityHeaders)],
                    exception_handlers={HTTPException: _http_error, LedgerError: _ledger_error},
                    lifespan=_lifespan)
    # Handlers (pages here, actions and login in `actions` and `auth`) read it from the app.
    app.state.settings = settings
    # Relinking and reprocessing after a judgement run here, never inside a request.
    app.state.writer = BackgroundWriter(settings)
    app.state.login_throttle = LoginThrottle(settings.login_failures_per_account,
                                             settings.login_failures_per_address,
                                             settings.login_window_seconds)
    return app


def app_from_environment() -> Starlette:
    """The app for `docket serve --workers N`: each worker process builds its own from the
    DOCKET_* environment the command sets (a Settings object cannot cross processes)."""
    return create_app(Settings.load())
