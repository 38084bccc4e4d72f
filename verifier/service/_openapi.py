"""The service's API as OpenAPI 3.1, served at ``/api/openapi.json`` (written by hand: the
API is small, and the document is its contract)."""

from __future__ import annotations

from typing import Any

from verifier._version import __version__

_ERROR = {
    "content": {
        "application/json": {
            "schema": {"type": "object", "properties": {"error": {"type": "string"}}}
        }
    }
}
_JOB = {
    "type": "object",
    "required": ["job", "issue", "state", "progress", "report", "error"],
    "properties": {
        "job": {"type": "string"},
        "issue": {"type": "string"},
        "state": {"enum": ["queued", "running", "done", "failed"]},
        "progress": {
            "type": "object",
            "properties": {"urls": {"type": "integer"}, "fetched": {"type": "integer"}},
        },
        "submitted_at": {"type": "string", "format": "date-time"},
        "finished_at": {"type": ["string", "null"], "format": "date-time"},
        "report": {"type": ["string", "null"], "description": "The report's page, when done."},
        "error": {"type": ["string", "null"]},
    },
}
_BEARER: list[dict[str, list[str]]] = [{"token": []}]
_NOT_FOUND = {"description": "Not found", **_ERROR}


def _answer(description: str, schema: dict[str, Any] | None = None) -> dict[str, Any]:
    found: dict[str, Any] = {"description": description}
    if schema is not None:
        found["content"] = {"application/json": {"schema": schema}}
    return found


API: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {
        "title": "verifier",
        "version": __version__,
        "description": "Submit a newsletter issue; follow its job; read its report; record "
        "review decisions. Writes need `Authorization: Bearer TOKEN` when the service has "
        "a token (always when it listens beyond this machine).",
    },
    "components": {"securitySchemes": {"token": {"type": "http", "scheme": "bearer"}}},
    "paths": {
        "/api/issues": {
            "post": {
                "summary": "Submit an issue to verify",
                "security": _BEARER,
                "parameters": [
                    {
                        "name": "issue_timezone",
                        "in": "query",
                        "schema": {"type": "string"},
                        "description": "The publisher's IANA time zone (default the service's).",
                    }
                ],
                "requestBody": {
                    "required": True,
                    "content": {
                        "text/plain": {"schema": {"type": "string"}},
                        "text/markdown": {"schema": {"type": "string"}},
                        "text/html": {"schema": {"type": "string"}},
                        "multipart/form-data": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "file": {"type": "string", "format": "binary"},
                                    "text": {"type": "string"},
                                    "issue_timezone": {"type": "string"},
                                },
                            }
                        },
                    },
                },
                "responses": {
                    "202": _answer(
                        "Queued",
                        {
                            "type": "object",
                            "properties": {
                                "job": {"type": "string"},
                                "issue": {"type": "string"},
                                "status": {"type": "string"},
                            },
                        },
                    ),
                    "400": {"description": "Binary, empty, or no issue", **_ERROR},
                    "401": {"description": "The token is missing or wrong", **_ERROR},
                    "403": {"description": "From another site's page, or no CSRF token", **_ERROR},
                    "413": {"description": "Over 5 MB", **_ERROR},
                    "415": {"description": "Not text, Markdown, HTML or multipart", **_ERROR},
                    "429": {"description": "Too many writes from this client", **_ERROR},
                },
            },
            "get": {
                "summary": "The issues with a report",
                "responses": {"200": _answer("Each issue, its report and its JSON")},
            },
        },
        "/api/jobs/{id}": {
            "get": {
                "summary": "A job's state and progress",
                "parameters": [{"name": "id", "in": "path", "required": True,
                                "schema": {"type": "string"}}],
                "responses": {"200": _answer("The job", _JOB), "404": _NOT_FOUND},
            }
        },
        "/api/issues/{issue_id}/report.json": {
            "get": {
                "summary": "An issue's report (docs/report.schema.json)",
                "parameters": [{"name": "issue_id", "in": "path", "required": True,
                                "schema": {"type": "string"}}],
                "responses": {"200": _answer("The report"), "404": _NOT_FOUND},
            }
        },
        "/api/issues/{issue_id}/reviews": {
            "post": {
                "summary": "Record a decision on a finding of the issue's report",
                "security": _BEARER,
                "parameters": [{"name": "issue_id", "in": "path", "required": True,
                                "schema": {"type": "string"}}],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["finding", "decision"],
                                "properties": {
                                    "finding": {"type": "string", "description": "id or c30-6"},
                                    "decision": {"enum": ["accepted", "dismissed", "fixed"]},
                                    "note": {"type": "string"},
                                },
                            }
                        }
                    },
                },
                "responses": {
                    "200": _answer("Recorded"),
                    "400": {"description": "Not such a decision", **_ERROR},
                    "404": {"description": "No such issue or finding", **_ERROR},
                },
            }
        },
        "/api/health": {"get": {"summary": "Up", "responses": {"200": _answer("ok")}}},
    },
}  # fmt: skip
