"""A hand-worked scenario for the package pages: every figure below can be checked with a pencil.

Ana (principal, reservation 50) weighs north 3 and south 1, so ŵ = 0.75 / 0.25.
Bo (principal, reservation 55) weighs both issues 1, so ŵ = 0.5 / 0.5.
Mia (mediator, reservation 0) weighs both issues 1.

            north-a  north-b  north-c  south-a  south-b
  Ana         100       0       50        0       100
  Bo           20     100       10      100        40 (red line on north-b for Ana)
  Mia          50      50       50       50        50

Package {north-a, south-a}: Ana 75, Bo 60, Mia 50: everyone accepts; Nash product 25 × 5 = 125.
Package {north-b, south-b}: Ana 25 (red line north-b), Bo 70.
Package {north-c, south-a}: Ana 37.5, Bo 55: dominated by {north-a, south-a}, gains 37.5 and 5.
The ZOPA is {north-a, south-a} alone, so it is every bargaining solution; the frontier for Ana
and Bo is {a, a} (75, 60), {a, b} (100, 30), {b, a} (0, 100), {b, b} (25, 70).
Forecast: north median 0 (Line A), mean 2000 / 70 = 28.6; south median 0 (River), mean 37.5.
"""

from __future__ import annotations

from negotiations.models import Membership
from negotiations.scenario_document import document_import
from tests.factories import MembershipFactory

DEAL = {
    "format": "negotiation-scenario",
    "format_version": 1,
    "scenario": {
        "name": "Border deal",
        "slug": "border-deal",
        "summary": "",
        "status": "draft",
        "sources": [],
    },
    "parties": [
        {
            "key": "ana",
            "name": "Ana",
            "short": "A",
            "role": "principal",
            "capability": 60,
            "reservation": 50,
            "batna": "",
            "colour": "#1c4e80",
        },
        {
            "key": "bo",
            "name": "Bo",
            "short": "B",
            "role": "principal",
            "capability": 40,
            "reservation": 55,
            "batna": "",
            "colour": "#8a4b00",
        },
        {
            "key": "mia",
            "name": "Mia",
            "short": "M",
            "role": "mediator",
            "capability": 10,
            "reservation": 0,
            "batna": "",
            "colour": "#1d6b3a",
        },
    ],
    "issues": [
        {
            "key": "north",
            "name": "North border",
            "description": "",
            "options": [
                {
                    "key": "north-a",
                    "label": "Line A",
                    "description": "",
                    "position": 0,
                    "value": None,
                    "unit": "",
                },
                {
                    "key": "north-b",
                    "label": "Line B",
                    "description": "",
                    "position": 100,
                    "value": None,
                    "unit": "",
                },
                {
                    "key": "north-c",
                    "label": "Line C",
                    "description": "",
                    "position": 50,
                    "value": None,
                    "unit": "",
                },
            ],
        },
        {
            "key": "south",
            "name": "South border",
            "description": "",
            "options": [
                {
                    "key": "south-a",
                    "label": "River",
                    "description": "",
                    "position": 0,
                    "value": None,
                    "unit": "",
                },
                {
                    "key": "south-b",
                    "label": "Ridge",
                    "description": "",
                    "position": 100,
                    "value": None,
                    "unit": "",
                },
            ],
        },
    ],
    "stances": [
        {"party": p, "issue": i, "weight": w, "rationale": "", "sources": []}
        for p, i, w in [
            ("ana", "north", 3),
            ("ana", "south", 1),
            ("bo", "north", 1),
            ("bo", "south", 1),
            ("mia", "north", 1),
            ("mia", "south", 1),
        ]
    ],
    "valuations": [
        {"party": p, "option": o, "utility": u, "red_line": red, "rationale": ""}
        for p, o, u, red in [
            ("ana", "north-a", 100, False),
            ("ana", "north-b", 0, True),
            ("ana", "north-c", 50, False),
            ("ana", "south-a", 0, False),
            ("ana", "south-b", 100, False),
            ("bo", "north-a", 20, False),
            ("bo", "north-b", 100, False),
            ("bo", "north-c", 10, False),
            ("bo", "south-a", 100, False),
            ("bo", "south-b", 40, False),
            ("mia", "north-a", 50, False),
            ("mia", "north-b", 50, False),
            ("mia", "north-c", 50, False),
            ("mia", "south-a", 50, False),
            ("mia", "south-b", 50, False),
        ]
    ],
    "packages": [
        {
            "key": "river-deal",
            "name": "River deal",
            "notes": "",
            "choices": {"north": "north-a", "south": "south-a"},
        },
        {
            "key": "ridge-deal",
            "name": "Ridge deal",
            "notes": "",
            "choices": {"north": "north-b", "south": "south-b"},
        },
        {
            "key": "half-deal",
            "name": "Half deal",
            "notes": "",
            "choices": {"north": "north-a", "south": None},
        },
        {
            "key": "centre-deal",
            "name": "Centre deal",
            "notes": "",
            "choices": {"north": "north-c", "south": "south-a"},
        },
    ],
}


def members(scenario, *, viewer, editor):
    MembershipFactory(scenario=scenario, user=viewer, role=Membership.Role.VIEWER)
    MembershipFactory(scenario=scenario, user=editor, role=Membership.Role.EDITOR)
    return scenario


def deal_import(*, owner, viewer, editor):
    """The private hand-worked scenario above, with a viewer and an editor."""
    return members(document_import(document=DEAL, owner=owner), viewer=viewer, editor=editor)
