"""What the schema says beyond what drf-spectacular finds on its own.

Every operation is described with the errors it can answer (one error body, see errors.py), the
ETag it returns and the If-Match it honours; the scenario document and the analysis results,
which are not serializers, are described here as plain JSON Schema.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular import openapi
from drf_spectacular.utils import OpenApiParameter

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
IF_NONE_MATCH = OpenApiParameter(
    "If-None-Match",
    str,
    OpenApiParameter.HEADER,
    description='The ETag of the copy you hold, e.g. "7": while it is current, the answer is 304 '
    "with no body.",
)
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


# ---------------------------------------------------------------------------------------------
# The analysis results (negotiations.analysis): plain JSON, keyed by the document's keys.

BOOL = {"type": "boolean"}
NULLABLE_BOOL = {"type": "boolean", "nullable": True}
INTEGER = {"type": "integer"}
PROBABILITY = {"type": "number", "minimum": 0, "maximum": 1}
RANGE = {"type": "array", "items": NUM, "minItems": 2, "maxItems": 2, "description": "[lowest, highest]"}
KEYS = {"type": "array", "items": STR}


def _by_key(value: dict[str, Any], what: str) -> dict[str, Any]:
    return {"type": "object", "additionalProperties": value, "description": f"Keyed by {what} key."}


SCORES = _by_key(NUM, "party")
PACKAGE = _obj(
    {"choices": CHOICES, "scores": SCORES},
    description="A package: its choices and every party's score (0–100), principals and others.",
)


def _package(extra: dict[str, Any], description: str, *, nullable: bool = False) -> dict[str, Any]:
    schema = _obj({**PACKAGE["properties"], **extra}, description=description)
    return {**schema, "nullable": True} if nullable else schema


EVALUATION = _obj(
    {
        "complete": {**BOOL, "description": "Every issue has an option."},
        "in_zopa": {
            **NULLABLE_BOOL,
            "description": "Acceptable to every principal; null while open issues could still go either way.",
        },
        "choices": CHOICES,
        "nash_product": {**NULLABLE_NUM, "description": "Product of the principals' surpluses, in the ZOPA."},
        "parties": _by_key(
            _obj(
                {
                    "name": STR,
                    "role": STR,
                    "principal": BOOL,
                    "reservation": NUM,
                    "score": {**NULLABLE_NUM, "description": "Σ ŵ·u; null while an issue is open."},
                    "range": {**RANGE, "description": "The score the party can still end up with."},
                    "surplus": {**NULLABLE_NUM, "description": "score − reservation; null while open."},
                    "acceptable": {
                        **NULLABLE_BOOL,
                        "description": "Score at least the reservation and no red line crossed; "
                        "null while open issues decide it.",
                    },
                    "status": {
                        "type": "string",
                        "enum": ["accepts", "red_line", "below_reservation", "undecided"],
                    },
                    "red_lines": {**KEYS, "description": "Option keys in the package this party refuses."},
                    "breakdown": _by_key(
                        _obj(
                            {
                                "weight": {**NUM, "description": "Normalised weight ŵ (0–1)."},
                                "option": NULLABLE_STR,
                                "utility": NULLABLE_NUM,
                                "contribution": {**NULLABLE_NUM, "description": "ŵ·u"},
                                "range": RANGE,
                            }
                        ),
                        "issue",
                    ),
                }
            ),
            "party",
        ),
    },
    description="One package scored for every party, with the terms each score came from.",
)

NULLABLE_INTEGER = {"type": "integer", "nullable": True}
SOLUTION_NAMES = ["nash", "asymmetric_nash", "kalai_smorodinsky", "egalitarian", "utilitarian"]
ZOPA = _obj(
    {
        "size": {
            **INTEGER,
            "description": "Complete packages acceptable to every principal (the lower "
            "bound when not exact).",
        },
        "exact": BOOL,
        "lower": INTEGER,
        "upper": INTEGER,
        "empty": {**NULLABLE_BOOL, "description": "null when the bounds leave it open."},
        "note": {**NULLABLE_STR, "description": "Why the count is not exact, when it is not."},
    },
    description="The zone of possible agreement, counted exactly (or exact bounds and why).",
)
FRONTIER = _obj(
    {
        "size": {**NULLABLE_INTEGER, "description": "Packages on the Pareto frontier; null when not exact."},
        "exact": BOOL,
        "packages": {"type": "array", "items": PACKAGE},
        "truncated": {**BOOL, "description": "Only a deterministic subset of the frontier is listed."},
        "note": NULLABLE_STR,
    },
    description="The complete packages no other package beats for every principal.",
)
SOLUTION = _package(
    {
        "objective": {**NUM, "description": "The value the solution maximises."},
        "binding": {**NULLABLE_STR, "description": "The party whose surplus limits it, if one does."},
        "runner_up": {**PACKAGE, "nullable": True},
        "tie_broken": {
            **BOOL,
            "description": "Another package scored the same; the rule of DESIGN §3.10 chose.",
        },
    },
    "A bargaining solution over the ZOPA; null when there is none (see `reasons`).",
    nullable=True,
)
NEAREST_MISS = _package(
    {
        "below": {**KEYS, "description": "Principals left below their reservation or red lines."},
        "min_surplus": NUM,
    },
    "A package that comes closest to agreement when the ZOPA is empty.",
)
REASON = {
    **NULLABLE_STR,
    "description": "Why the solution is null (no ZOPA, undefined, or not settled within the time bound), "
    "or what it left out.",
}
FORECAST = _obj(
    {
        "issues": _by_key(
            _obj(
                {
                    "median": {
                        **NULLABLE_NUM,
                        "description": "Voice-weighted median of the ideal points (0–100); null when no "
                        "party has a voice on the issue (see note).",
                    },
                    "mean": {**NULLABLE_NUM, "description": "Voice-weighted mean of the ideal points."},
                    "option": {
                        **NULLABLE_STR,
                        "description": "The option whose position is nearest the median.",
                    },
                    "note": {**NULLABLE_STR, "description": "Why there is no forecast, when there is none."},
                    "ideal_points": _by_key(
                        _obj(
                            {
                                "position": NUM,
                                "option": STR,
                                "voice": {**NUM, "description": "capability × ŵ"},
                            }
                        ),
                        "party",
                    ),
                }
            ),
            "issue",
        )
    },
    description="Where each issue is likely to settle (spatial median-voter forecast).",
)
ANALYSIS = _obj(
    {
        "zopa": ZOPA,
        "frontier": FRONTIER,
        **dict.fromkeys(SOLUTION_NAMES, SOLUTION),
        "reasons": _obj(
            {
                **dict.fromkeys(SOLUTION_NAMES, REASON),
                "nearest_misses": {
                    **NULLABLE_STR,
                    "description": "Why the nearest misses stop short of five: the time bound ran out.",
                },
            },
            description="Per solution, and for the nearest misses, why something is missing; null when "
            "nothing is.",
        ),
        "nearest_misses": {"type": "array", "items": NEAREST_MISS},
        "forecast": FORECAST,
    },
    description="The whole analysis of a scenario: the JSON of `manage.py analyse SLUG --json`.",
)
SUGGESTIONS = _obj(
    {
        "suggestions": {
            "type": "array",
            "items": _obj(
                {
                    "issue": STR,
                    "from": {**NULLABLE_STR, "description": "The option the package has now (null: open)."},
                    "to": STR,
                    "kind": {
                        "type": "string",
                        "enum": ["pareto", "rescue"],
                        "description": "pareto: no principal loses; rescue: lifts a party over its line.",
                    },
                    "beneficiary": NULLABLE_STR,
                    "gains": _by_key(NUM, "party"),
                    "ratio": {
                        **NULLABLE_NUM,
                        "description": "The beneficiary's gain per point the others lose.",
                    },
                    "package": PACKAGE,
                }
            ),
        }
    },
    description="Single-issue changes that help (logrolling), ranked.",
)
SENSITIVITY = _obj(
    {
        "n": INTEGER,
        "seed": INTEGER,
        "kappa": NUM,
        "delta": NUM,
        "parties": _by_key(_obj({"acceptable": PROBABILITY}), "party"),
        "in_zopa": PROBABILITY,
    },
    description="How often the package stays acceptable when weights and utilities are perturbed.",
)
