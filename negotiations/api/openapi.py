"""What the schema says beyond what drf-spectacular finds on its own.

Every operation is described with the errors it can answer (one error body, see errors.py), the
ETag it returns and the If-Match it honours; the scenario document and the analysis results,
which are not serializers, are described here as plain JSON Schema.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular import openapi

from negotiations.api.errors import ErrorSerializer


def _obj(properties: dict[str, Any], required: list[str] | None = None, **extra: Any) -> dict[str, Any]:
    return {"type": "object", "properties": properties, "required": required or list(properties), **extra}


STR = {"type": "string"}
NUM = {"type": "number"}
NULLABLE_NUM = {"type": "number", "nullable": True}
NULLABLE_STR = {"type": "string", "nullable": True}
STRINGS = {"type": "array", "items": STR}
KEY = {"type": "string", "pattern": r"^[a-z0-9]+(?:-[a-z0-9]+)*$", "maxLength": 50}
PERCENT = {"type": "number", "minimum": 0, "maximum": 100}
CHOICES = {
    "type": "object",
    "additionalProperties": NULLABLE_STR,
    "description": "Issue key → option key, or null for an issue left open.",
}

DOCUMENT = _obj(
    {
        "format": {"type": "string", "enum": ["negotiation-scenario"]},
        "format_version": {"type": "integer", "enum": [1]},
        "scenario": _obj(
            {
                "name": STR,
                "slug": KEY,
                "summary": STR,
                "status": {"type": "string", "enum": ["draft", "active", "archived"]},
                "sources": STRINGS,
            },
            ["name", "slug"],
        ),
        "parties": {
            "type": "array",
            "items": _obj(
                {
                    "key": KEY,
                    "name": STR,
                    "short": {"type": "string", "maxLength": 8},
                    "role": {"type": "string", "enum": ["principal", "mediator", "guarantor", "observer"]},
                    "capability": PERCENT,
                    "reservation": PERCENT,
                    "batna": STR,
                    "colour": {"type": "string", "pattern": "^#[0-9a-f]{6}$"},
                },
                ["key", "name", "short", "role", "capability", "reservation"],
            ),
        },
        "issues": {
            "type": "array",
            "items": _obj(
                {
                    "key": KEY,
                    "name": STR,
                    "description": STR,
                    "options": {
                        "type": "array",
                        "items": _obj(
                            {
                                "key": KEY,
                                "label": STR,
                                "description": STR,
                                "position": PERCENT,
                                "value": NULLABLE_NUM,
                                "unit": STR,
                            },
                            ["key", "label", "position"],
                        ),
                    },
                },
                ["key", "name", "options"],
            ),
        },
        "stances": {
            "type": "array",
            "items": _obj(
                {
                    "party": KEY,
                    "issue": KEY,
                    "weight": {"type": "number", "minimum": 0},
                    "rationale": STR,
                    "sources": STRINGS,
                },
                ["party", "issue", "weight"],
            ),
        },
        "valuations": {
            "type": "array",
            "items": _obj(
                {
                    "party": KEY,
                    "option": KEY,
                    "utility": PERCENT,
                    "red_line": {"type": "boolean"},
                    "rationale": STR,
                },
                ["party", "option", "utility"],
            ),
        },
        "packages": {
            "type": "array",
            "items": _obj(
                {"key": KEY, "name": STR, "notes": STR, "choices": CHOICES}, ["key", "name", "choices"]
            ),
        },
    },
    ["format", "format_version", "scenario"],
    description="The scenario document (one JSON document holds a whole scenario). Exported "
    "canonically: export → import → export gives the same bytes.",
)

ETAG_HEADER = {
    "ETag": {
        "schema": {"type": "string"},
        "description": 'The version of the object as a strong entity tag, e.g. "7". Send it back in '
        "If-Match to make a write conditional.",
        "required": True,
    }
}
IF_MATCH = {
    "in": "header",
    "name": "If-Match",
    "required": False,
    "schema": {"type": "string"},
    "description": 'The ETag you read, e.g. "7". When it is no longer the current version the write is '
    "refused with 412 and the current version in the body. Leave it out (or send *) to write "
    "unconditionally.",
}
ERROR_TEXT = {
    "400": "Invalid input: `fields` names each bad field, or `errors` lists every problem of a "
    "document with its JSON path. Nothing was changed.",
    "401": "Not authenticated: send `Authorization: Token <key>` (or sign in for a session).",
    "403": "You can read this scenario but your role does not allow this.",
    "404": "No such scenario (or you may not read it), or no such object in it.",
    "409": "The scenario cannot be analysed as it stands: `errors` says why.",
    "412": "Someone saved first: `current_version` and `current` hold the object as it is now.",
    "429": "Too many requests; retry after the number of seconds in Retry-After.",
}


class AutoSchema(openapi.AutoSchema):
    def get_operation(self, *args: Any, **kwargs: Any) -> dict[str, Any] | None:
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        responses = operation["responses"]
        error = self.resolve_serializer(ErrorSerializer, "response").ref
        for code in self._error_codes(operation):
            responses.setdefault(
                code, {"description": ERROR_TEXT[code], "content": {"application/json": {"schema": error}}}
            )
        if getattr(self.view, "versioned", False):
            self._describe_versions(operation)
        return operation

    def _error_codes(self, operation: dict[str, Any]) -> list[str]:
        codes = ["429"]
        scoped = "{slug}" in self.path
        writes = self.method in ("POST", "PUT", "PATCH", "DELETE")
        if writes or any(p["in"] == "query" for p in operation.get("parameters", [])):
            codes.append("400")
        if writes or getattr(self.view, "members_only", False):
            codes += ["401", "403"]
        if scoped:
            codes.append("404")
        if getattr(self.view, "analyses", False):
            codes.append("409")
        if getattr(self.view, "versioned", False) and self.method in ("PUT", "PATCH", "DELETE"):
            codes.append("412")
        return codes

    def _describe_versions(self, operation: dict[str, Any]) -> None:
        if self.method in ("PUT", "PATCH", "DELETE"):
            operation.setdefault("parameters", []).append(IF_MATCH)
        for code in ("200", "201"):
            if code in operation["responses"] and not self._is_list_view():
                operation["responses"][code]["headers"] = ETAG_HEADER
