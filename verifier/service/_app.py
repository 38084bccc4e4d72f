"""The web side of the service (Starlette): the reports as a site, a page to submit an
issue, and the JSON API (`_openapi.API` documents it at ``/api/openapi.json``).

Safety: writes (submissions, reviews) need the token when one is set (required when the
service listens beyond this machine), compared in constant time; a body over
`MAX_ISSUE_BYTES` is refused with 413 before it is read whole; writes are rate-limited
per client; a request from another site's page is refused (its `Origin`), and the form
carries a double-submit CSRF token; every response has the security headers. What the
crawler may fetch is the settings' private-address guard, unchanged: a submitted issue
cannot make the service fetch its own network.
"""

from __future__ import annotations

import hmac
import json
import re
import secrets
import time
import uuid
from collections import defaultdict, deque
from collections.abc import Awaitable, Callable
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from verifier import parse, pipeline, report
from verifier._version import __version__
from verifier.errors import IssueError, VerifierError
from verifier.service._openapi import API
from verifier.service._queue import Queue
from verifier.settings import Settings
from verifier.types import Decision, Issue

MAX_ISSUE_BYTES = 5 * 1024 * 1024
"""The largest issue accepted (413 beyond): a newsletter is tens of kilobytes."""
WRITES_PER_MINUTE = 60
"""Submissions and reviews one client may make a minute (429 beyond)."""
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-cache",
}
SUFFIXES = {"text/markdown": ".md", "text/html": ".html", "text/plain": ".txt"}
CSRF_COOKIE = "verifier_csrf"


class ServiceError(Exception):
    """A request the service refuses: its status and one clear message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def create_app(queue: Queue, token: str | None) -> Starlette:
    """The service's app over `queue` (its settings name the reports and the archive)."""
    service = _Service(queue, token)
    routes = [
        Route("/submit", service.page, methods=["GET"]),
        Route("/api/health", service.health, methods=["GET"]),
        Route("/api/openapi.json", service.openapi, methods=["GET"]),
        Route("/api/issues", service.submit, methods=["POST"]),
        Route("/api/issues", service.issues, methods=["GET"]),
        Route("/api/issues/{issue_id}/report.json", service.report_json, methods=["GET"]),
        Route("/api/issues/{issue_id}/reviews", service.review, methods=["POST"]),
        Route("/api/jobs/{job_id}", service.job, methods=["GET"]),
        Mount("/", StaticFiles(directory=queue.settings.reports_dir, html=True)),
    ]
    middleware = [Middleware(BaseHTTPMiddleware, dispatch=_headers)]
    return Starlette(routes=routes, middleware=middleware)


async def _headers(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    response = await call_next(request)
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


class _Service:
    """The handlers, around one queue and the write token."""

    def __init__(self, queue: Queue, token: str | None) -> None:
        self.queue, self.token = queue, token
        self.settings = queue.settings
        self._writes: dict[str, deque[float]] = defaultdict(deque)

    # --- reading ----------------------------------------------------------------------

    async def health(self, request: Request) -> Response:
        return JSONResponse({"status": "ok", "version": __version__})

    async def openapi(self, request: Request) -> Response:
        return JSONResponse(API)

    async def issues(self, request: Request) -> Response:
        found = []
        for path in sorted(self.settings.reports_dir.glob("*/report.json")):
            data = _read_json(path)
            if data is not None:
                issue = data["issue"]
                found.append(
                    {
                        "id": issue["id"],
                        "title": issue["title"],
                        "date": issue["date"],
                        "generated_at": data["generated_at"],
                        "to_fix": len(data.get("triage", {}).get("fix", [])),
                        "report": f"/{issue['id']}/index.html",
                        "json": f"/api/issues/{issue['id']}/report.json",
                    }
                )
        return JSONResponse({"issues": found})

    async def report_json(self, request: Request) -> Response:
        issue_id = request.path_params["issue_id"]
        path = self.settings.reports_dir / issue_id / "report.json"
        if "/" in issue_id or issue_id in {".", ".."} or not path.is_file():
            return _error(404, f"no report of issue {issue_id}")
        return FileResponse(path, media_type="application/json")

    async def job(self, request: Request) -> Response:
        found = self.queue.store.get(request.path_params["job_id"])
        if found is None:
            return _error(404, "no such job")
        return JSONResponse(found.as_json(found.report_page))

    async def page(self, request: Request) -> Response:
        csrf = request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(24)
        html = _submit_page().replace("{{csrf}}", csrf)
        response = HTMLResponse(html, headers={"Content-Security-Policy": _page_policy()})
        response.set_cookie(CSRF_COOKIE, csrf, httponly=False, samesite="strict")
        return response

    # --- writing ----------------------------------------------------------------------

    async def submit(self, request: Request) -> Response:
        job_id = uuid.uuid4().hex
        try:
            self._allowed(request)
            data, name, options = await self._issue(request, job_id)
            issue = _parse(data, name, self.settings)
        except ServiceError as exc:
            return _error(exc.status, str(exc))
        job = self.queue.store.submit(job_id, issue.id, name, data, options)
        self.queue.enqueue(job.id)
        location = f"/api/jobs/{job.id}"
        return JSONResponse({"job": job.id, "issue": issue.id, "status": location}, 202)

    async def review(self, request: Request) -> Response:
        try:
            self._allowed(request)
            body = json.loads(await _body(request))
            decision = Decision(body["decision"])
            finding, note = str(body["finding"]), str(body.get("note", ""))
        except ServiceError as exc:
            return _error(exc.status, str(exc))
        except (ValueError, KeyError, TypeError):
            return _error(400, 'expected JSON {"finding": ID, "decision": "accepted"|'
                          '"dismissed"|"fixed", "note": TEXT}')  # fmt: skip
        issue_id = request.path_params["issue_id"]
        try:
            entry = pipeline.review(self.settings, issue_id, finding, decision, note)
        except VerifierError as exc:
            return _error(404, str(exc))
        return JSONResponse({"issue": issue_id, "finding": entry["id"], "decision": decision})

    def _allowed(self, request: Request) -> None:
        """A write: from this site (or no browser at all), with the token when one is set,
        the form's CSRF token when it comes with the form's cookie, within the rate."""
        origin = request.headers.get("origin")
        if origin and origin.rstrip("/") != f"{request.url.scheme}://{request.url.netloc}":
            raise ServiceError(403, "a request from another site's page is refused")
        cookie = request.cookies.get(CSRF_COOKIE)
        if cookie and not hmac.compare_digest(cookie, request.headers.get("x-csrf-token", "")):
            raise ServiceError(403, "the form's CSRF token is missing or wrong; reload the page")
        if self.token is not None:
            given = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
            if not hmac.compare_digest(given.encode(), self.token.encode()):
                raise ServiceError(401, "writes need the service's token (Authorization: Bearer)")
        self._within_rate(request.client.host if request.client else "?")

    def _within_rate(self, client: str) -> None:
        now, recent = time.monotonic(), self._writes[client]
        while recent and now - recent[0] > 60:
            recent.popleft()
        if len(recent) >= WRITES_PER_MINUTE:
            raise ServiceError(429, f"more than {WRITES_PER_MINUTE} writes a minute; wait")
        recent.append(now)

    async def _issue(self, request: Request, job_id: str) -> tuple[bytes, str, dict[str, Any]]:
        """The submitted issue's bytes, its file name (an uploaded file's own, else one of
        this submission's: an issue without a number takes its id from it), its options."""
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind == "multipart/form-data":
            data, filename, suffix, options = await _form(request)
            return data, filename or f"submitted-{job_id[:8]}{suffix}", options
        if kind not in SUFFIXES:
            raise ServiceError(415, "send the issue as text/plain, text/markdown, text/html "
                               "or a multipart file")  # fmt: skip
        zone = request.query_params.get("issue_timezone")
        options = {"issue_timezone": zone} if zone else {}
        return await _body(request), f"submitted-{job_id[:8]}{SUFFIXES[kind]}", options


def _too_large() -> ServiceError:
    return ServiceError(413, f"an issue is at most {MAX_ISSUE_BYTES // (1024 * 1024)} MB")


def _refuse_declared_too_large(request: Request) -> None:
    """413 before reading a body whose declared length is over `MAX_ISSUE_BYTES`."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > MAX_ISSUE_BYTES:
        raise _too_large()


async def _body(request: Request) -> bytes:
    """The request body, refused with 413 as soon as it passes `MAX_ISSUE_BYTES`."""
    _refuse_declared_too_large(request)
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_ISSUE_BYTES:
            raise _too_large()
        chunks.append(chunk)
    return b"".join(chunks)


async def _form(request: Request) -> tuple[bytes, str | None, str, dict[str, Any]]:
    """A multipart submission: the file (or the pasted text), the file's own name (None
    for pasted text), its suffix, and the options."""
    _refuse_declared_too_large(request)
    async with request.form(max_files=1, max_fields=8, max_part_size=MAX_ISSUE_BYTES) as form:
        upload, pasted = form.get("file"), form.get("text")
        zone = form.get("issue_timezone")
        options = {"issue_timezone": zone} if isinstance(zone, str) and zone else {}
        filename: str | None = None
        if upload is not None and not isinstance(upload, str) and upload.filename:
            data = await upload.read(MAX_ISSUE_BYTES + 1)
            filename = _safe_name(upload.filename)
            suffix = Path(filename).suffix.lower()
            if suffix not in {".txt", ".md", ".markdown", ".html", ".htm"}:
                suffix, filename = ".txt", filename + ".txt"
        elif isinstance(pasted, str) and pasted.strip():
            data, suffix = pasted.encode("utf-8"), _sniffed(pasted)
        else:
            raise ServiceError(400, "no issue: paste its text or choose its file")
    if len(data) > MAX_ISSUE_BYTES:
        raise _too_large()
    return data, filename, suffix, options


def _safe_name(name: str) -> str:
    """An uploaded file's own name, as a plain file name (no folders, no leading dot)."""
    base = re.sub(r"[^\w.-]+", "-", Path(name.replace("\\", "/")).name).lstrip(".-")
    return base[:100] or "issue.txt"


def _sniffed(text: str) -> str:
    """A pasted issue's kind: HTML when it starts as markup, else plain text (the parser
    reads Markdown's links in plain text as well)."""
    return ".html" if text.lstrip()[:1] == "<" else ".txt"


def _parse(data: bytes, name: str, settings: Settings) -> Issue:
    """The issue (read as the workers will read its file), or 400 with why it is none:
    binary, empty, or no citation in it."""
    try:
        text = parse.decode_issue(data, "the submitted issue")
        issue = parse.parse_text(text, name, settings=settings)
    except IssueError as exc:
        raise ServiceError(400, str(exc)) from None
    if not issue.citations:
        raise ServiceError(400, "the submitted text cites no source: not an issue")
    return issue


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status)


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("schema") == report.SCHEMA else None


@cache
def _submit_page() -> str:
    return (files("verifier.service") / "submit.html").read_text("utf-8")


@cache
def _page_policy() -> str:
    """The submit page's policy: its own inline script and style by their hashes, requests
    to this server only, nothing else."""
    page = _submit_page()
    script = report.csp_hash(page.split("<script>", 1)[1].split("</script>", 1)[0])
    style = report.csp_hash(page.split("<style>", 1)[1].split("</style>", 1)[0])
    return (
        f"default-src 'none'; script-src '{script}'; style-src '{style}'; "
        "connect-src 'self'; img-src data:; base-uri 'none'; form-action 'self'; "
        "frame-ancestors 'none'"
    )
