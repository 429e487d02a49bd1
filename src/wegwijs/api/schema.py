"""OpenAPI post-processing: every operation documents its problem+json error responses."""

from __future__ import annotations

from typing import Any

PROBLEM = {
    "type": "object",
    "description": "An error (RFC 9457 problem details).",
    "properties": {
        "type": {"type": "string", "example": "about:blank"},
        "title": {"type": "string", "example": "Bad Request"},
        "status": {"type": "integer", "example": 400},
        "detail": {"type": "string"},
        "errors": {
            "type": "array",
            "description": "Validation errors, one per problem, with the field path in the request body.",
            "items": {
                "type": "object",
                "properties": {
                    "path": {"type": "string", "example": "opening_hours.1.closes"},
                    "message": {"type": "string"},
                    "code": {"type": "string", "example": "invalid"},
                },
                "required": ["path", "message", "code"],
            },
        },
    },
    "required": ["type", "title", "status"],
}

ERRORS = {
    "400": "The input is not valid; nothing was stored.",
    "401": "Not authenticated.",
    "403": "Not allowed for this user.",
    "404": "Not found, not visible to this user, or a page past the end.",
}


def add_problem_responses(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM
    ref = {"$ref": "#/components/schemas/Problem"}
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            codes = ["401", "403"]
            has_query = any(p.get("in") == "query" for p in operation.get("parameters", []))
            if method in ("post", "put", "patch") or has_query:
                codes.append("400")
            if "{" in path or has_query:  # a detail, or a page number past the end
                codes.append("404")
            for code in codes:
                responses.setdefault(
                    code,
                    {
                        "description": ERRORS[code],
                        "content": {"application/problem+json": {"schema": ref}},
                    },
                )
    return result
