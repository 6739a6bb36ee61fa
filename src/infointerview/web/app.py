"""The FastAPI application: middleware, error pages, static files and the page routes."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path

import anyio.to_thread
from fastapi import Depends, FastAPI
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.staticfiles import StaticFiles

from infointerview import paths
from infointerview.errors import InfointerviewError, NotFound
from infointerview.services.workspace import Store
from infointerview.web import security
from infointerview.web.routes import (
    compose,
    conversations,
    exports,
    imports,
    meeting,
    network,
    overview,
    people,
    prep,
    stats,
    targets,
    today,
)
from infointerview.web.templating import render
from infointerview.web.uploads import Uploads

STATIC = Path(__file__).parent / "static"
# Pages run their database work in a thread pool, as it blocks. On SQLite, two threads
# keep the database busy while the event loop answers; more only contend for the
# interpreter lock (8 searches at once on 10,000 people: 15 ms of CPU a request with
# anyio's default 40 threads, 10 ms with 2, and the 95th percentile halved; see
# bench/web.py). A database server's pages mostly wait on the network: they keep the 40.
SQLITE_PAGE_THREADS = 2
# Where uploaded contact files wait between the import's preview and its confirmation.
UPLOADS_FOLDER = "uploads"


def _lifespan(store: Store) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    @asynccontextmanager
    async def _sized_thread_pool(_app: FastAPI) -> AsyncIterator[None]:
        if store.embedded:
            limiter = anyio.to_thread.current_default_thread_limiter()
            limiter.total_tokens = SQLITE_PAGE_THREADS
        yield

    return _sized_thread_pool


def create_app(store: Store, *, allowed_hosts: Sequence[str] | None = None) -> FastAPI:
    """Build the app serving ``store``.

    Args:
        store: the opened database every request works on.
        allowed_hosts: Host headers to accept (None accepts any); a server bound to
            loopback passes its loopback names, which defeats DNS rebinding.
    """
    app = FastAPI(
        title="infointerview",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        dependencies=[Depends(security.csrf_protect)],
        lifespan=_lifespan(store),
    )
    app.state.store = store
    app.state.uploads = Uploads(paths.data_dir() / UPLOADS_FOLDER)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for module in (
        today,
        overview,
        people,
        targets,
        conversations,
        compose,
        prep,
        meeting,
        stats,
        network,
        imports,
        exports,
    ):
        app.include_router(module.router)
    _error_pages(app)
    if allowed_hosts is not None:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))
    # Added last, so outermost: even a refused host gets the headers.
    app.add_middleware(security.SecurityHeaders)
    return app


def _error_pages(app: FastAPI) -> None:
    def _page(request: Request, status: int, title: str, message: str) -> Response:
        return render(
            request, "error.html", {"title": title, "message": message}, status_code=status
        )

    @app.exception_handler(NotFound)
    async def _not_found(request: Request, error: NotFound) -> Response:
        return _page(request, 404, "Not found", str(error))

    @app.exception_handler(InfointerviewError)
    async def _refused(request: Request, error: InfointerviewError) -> Response:
        return _page(request, error.http_status, "That did not work", str(error))

    @app.exception_handler(security.CsrfRejected)
    async def _forbidden(request: Request, error: security.CsrfRejected) -> Response:
        reason = (
            f"{error.reason}. Nothing was changed: go back, reload the form (what you typed "
            "may need typing again) and send it once more."
        )
        return _page(request, 403, "Refused", reason)

    @app.exception_handler(RequestValidationError)
    async def _malformed(request: Request, error: RequestValidationError) -> Response:
        if all(e["loc"][0] == "path" for e in error.errors()):
            return _page(request, 404, "Not found", "There is no page at this address.")
        problems = "; ".join(
            f"{'.'.join(str(part) for part in e['loc'][1:]) or 'request'}: {e['msg']}"
            for e in error.errors()
        )
        return _page(request, 400, "Bad request", problems)

    @app.exception_handler(Exception)
    async def _crashed(request: Request, error: Exception) -> Response:
        # Starlette answers this outside every middleware: add the headers here.
        response = _page(request, 500, "Something went wrong", "Nothing more was changed.")
        response.headers.update(security.HEADERS)
        return response

    @app.exception_handler(HTTPException)
    async def _http_error(request: Request, error: HTTPException) -> Response:
        if error.status_code == 404:
            return _page(request, 404, "Not found", "There is no page at this address.")
        response = _page(request, error.status_code, "Error", str(error.detail))
        response.headers.update(error.headers or {})  # e.g. Allow on a 405
        return response
