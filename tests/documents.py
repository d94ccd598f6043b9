"""Seeded scenario documents of any size, for tests that need a complete, valid scenario."""

from __future__ import annotations

import random
from typing import Any

ROLES = ["principal", "principal", "principal", "mediator", "observer", "guarantor"]


def make_document(
    *,
    parties: int = 3,
    issues: int = 3,
    options: int = 3,
    packages: int = 2,
    seed: int = 0,
    slug: str = "generated",
) -> dict[str, Any]:
    """A complete scenario document: every stance and valuation present, some red lines."""
    rng = random.Random(seed)
    party_keys = [f"p{n}" for n in range(parties)]
    issue_keys = [f"i{n}" for n in range(issues)]
    option_keys = {i: [f"{i}-o{m}" for m in range(options)] for i in issue_keys}
    return {
        "format": "negotiation-scenario",
        "format_version": 1,
        "scenario": {
            "name": f"Generated {slug}",
            "slug": slug,
            "summary": "",
            "status": "draft",
            "sources": [],
        },
        "parties": [
            {
                "key": k,
                "name": f"Party {k}",
                "short": k.upper(),
                "role": ROLES[n % len(ROLES)] if n else "principal",
                "capability": rng.randint(1, 100),
                "reservation": rng.randint(0, 40),
                "batna": "",
                "colour": f"#{rng.randrange(0x1000000):06x}",
            }
            for n, k in enumerate(party_keys)
        ],
        "issues": [
            {
                "key": i,
                "name": f"Issue {i}",
                "description": "",
                "options": [
                    {
                        "key": o,
                        "label": f"Option {o}",
                        "description": "",
                        "position": round(100 * m / max(options - 1, 1), 2),
                        "value": None,
                        "unit": "",
                    }
                    for m, o in enumerate(option_keys[i])
                ],
            }
            for i in issue_keys
        ],
        "stances": [
            {"party": p, "issue": i, "weight": rng.randint(1, 10), "rationale": "", "sources": []}
            for p in party_keys
            for i in issue_keys
        ],
        "valuations": [
            {
                "party": p,
                "option": o,
                "utility": rng.randint(0, 100),
                "red_line": rng.random() < 0.03,
                "rationale": "",
            }
            for p in party_keys
            for i in issue_keys
            for o in option_keys[i]
        ],
        "packages": [
            {
                "key": f"pkg{n}",
                "name": f"Package {n}",
                "notes": "",
                "choices": {i: rng.choice(option_keys[i]) for i in issue_keys},
            }
            for n in range(packages)
        ],
    }
