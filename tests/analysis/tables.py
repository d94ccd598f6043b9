"""Scenario documents written as small tables, for hand-worked examples of the engine."""

from __future__ import annotations

from typing import Any


def document_from_tables(
    *,
    parties: dict[str, tuple[str, float, float]],
    options: dict[str, list[str]],
    weights: dict[str, dict[str, float]],
    utilities: dict[str, dict[str, float]],
    red_lines: dict[str, list[str]] | None = None,
    positions: dict[str, float] | None = None,
) -> dict[str, Any]:
    """`parties` maps a key to (role, reservation, capability); options are listed per issue key;
    weights per party and issue; utilities per party and option key; positions per option key
    (evenly spread over 0–100 when not given)."""
    red_lines = red_lines or {}
    positions = positions or {}
    return {
        "format": "negotiation-scenario",
        "format_version": 1,
        "scenario": {
            "name": "Worked example",
            "slug": "worked",
            "summary": "",
            "status": "draft",
            "sources": [],
        },
        "parties": [
            {
                "key": key,
                "name": key.upper(),
                "short": key.upper(),
                "role": role,
                "capability": capability,
                "reservation": reservation,
                "batna": "",
                "colour": "#336699",
            }
            for key, (role, reservation, capability) in parties.items()
        ],
        "issues": [
            {
                "key": issue,
                "name": issue.capitalize(),
                "description": "",
                "options": [
                    {
                        "key": o,
                        "label": o,
                        "description": "",
                        "position": positions.get(o, 100 * n / max(len(keys) - 1, 1)),
                        "value": None,
                        "unit": "",
                    }
                    for n, o in enumerate(keys)
                ],
            }
            for issue, keys in options.items()
        ],
        "stances": [
            {"party": p, "issue": i, "weight": w, "rationale": "", "sources": []}
            for p, row in weights.items()
            for i, w in row.items()
        ],
        "valuations": [
            {"party": p, "option": o, "utility": u, "red_line": o in red_lines.get(p, []), "rationale": ""}
            for p, row in utilities.items()
            for o, u in row.items()
        ],
        "packages": [],
    }
