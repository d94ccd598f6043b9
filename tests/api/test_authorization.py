"""The authorization matrix: every endpoint × every kind of caller × private and public scenarios.

A private scenario exists only for its members: anyone else gets the same 404 as for a slug that
was never used, and no response to them carries anything of it (name, slug or keys).
"""

from __future__ import annotations

import json

import pytest

from negotiations.models import Scenario
from tests.api.conftest import client_for
from tests.documents import make_document
from tests.factories import UserFactory

S = "/api/scenarios/private-scenario"
PARTY = {"key": "new", "name": "New party", "short": "NEW", "capability": 10, "reservation": 5}
READ, MEMBERS_READ, WRITE, OWNER, SIGNED_IN, ANYONE = (
    "read",
    "members-read",
    "write",
    "owner",
    "signed-in",
    "anyone",
)

# (method, path, body, who may do it, status on success)
ENDPOINTS = [
    ("GET", "/api/scenarios/", None, ANYONE, 200),
    ("POST", "/api/scenarios/", {"name": "Another"}, SIGNED_IN, 201),
    ("POST", "/api/scenarios/import/", make_document(slug="imported"), SIGNED_IN, 201),
    ("GET", f"{S}/", None, READ, 200),
    ("PATCH", f"{S}/", {"summary": "Changed"}, WRITE, 200),
    ("PUT", f"{S}/", {"name": "Renamed", "summary": ""}, WRITE, 200),
    ("DELETE", f"{S}/", None, OWNER, 204),
    ("GET", f"{S}/document/", None, READ, 200),
    ("PUT", f"{S}/document/", make_document(parties=4), WRITE, 200),
    ("GET", f"{S}/parties/", None, READ, 200),
    ("POST", f"{S}/parties/", PARTY, WRITE, 201),
    ("GET", f"{S}/parties/p0/", None, READ, 200),
    ("PATCH", f"{S}/parties/p0/", {"reservation": 30}, WRITE, 200),
    ("PUT", f"{S}/parties/p0/", {**PARTY, "key": "p0"}, WRITE, 200),
    ("DELETE", f"{S}/parties/p2/", None, WRITE, 204),
    ("GET", f"{S}/issues/", None, READ, 200),
    ("POST", f"{S}/issues/", {"key": "new", "name": "New issue"}, WRITE, 201),
    ("GET", f"{S}/issues/i0/", None, READ, 200),
    ("PATCH", f"{S}/issues/i0/", {"name": "Ceasefire"}, WRITE, 200),
    ("DELETE", f"{S}/issues/i2/", None, WRITE, 204),
    ("GET", f"{S}/options/", None, READ, 200),
    ("POST", f"{S}/options/", {"key": "new", "issue": "i0", "label": "New", "position": 5}, WRITE, 201),
    ("GET", f"{S}/options/i0-o0/", None, READ, 200),
    ("PATCH", f"{S}/options/i0-o0/", {"position": 12}, WRITE, 200),
    ("DELETE", f"{S}/options/i0-o0/", None, WRITE, 204),
    ("GET", f"{S}/stances/", None, READ, 200),
    ("GET", f"{S}/stances/p0/i0/", None, READ, 200),
    ("PUT", f"{S}/stances/p0/i0/", {"weight": 3}, WRITE, 200),
    ("PATCH", f"{S}/stances/p0/i0/", {"rationale": "Why"}, WRITE, 200),
    ("DELETE", f"{S}/stances/p0/i0/", None, WRITE, 204),
    ("GET", f"{S}/valuations/", None, READ, 200),
    ("GET", f"{S}/valuations/p0/i0-o0/", None, READ, 200),
    ("PUT", f"{S}/valuations/p0/i0-o0/", {"utility": 30}, WRITE, 200),
    ("PATCH", f"{S}/valuations/p0/i0-o0/", {"red_line": True}, WRITE, 200),
    ("DELETE", f"{S}/valuations/p0/i0-o0/", None, WRITE, 204),
    ("GET", f"{S}/packages/", None, READ, 200),
    ("POST", f"{S}/packages/", {"name": "Deal", "choices": {"i0": "i0-o0"}}, WRITE, 201),
    ("GET", f"{S}/packages/pkg0/", None, READ, 200),
    ("PATCH", f"{S}/packages/pkg0/", {"choices": {"i0": None}}, WRITE, 200),
    ("PUT", f"{S}/packages/pkg0/", {"name": "Deal", "choices": {}}, WRITE, 200),
    ("DELETE", f"{S}/packages/pkg1/", None, WRITE, 204),
    ("POST", f"{S}/evaluate/", {"choices": {"i0": "i0-o0"}}, READ, 200),
    ("GET", f"{S}/analysis/", None, READ, 200),
    ("GET", f"{S}/forecast/", None, READ, 200),
    ("GET", f"{S}/packages/pkg0/suggestions/", None, READ, 200),
    ("GET", f"{S}/packages/pkg0/sensitivity/?n=50&seed=1", None, READ, 200),
    ("GET", f"{S}/members/", None, MEMBERS_READ, 200),
    ("POST", f"{S}/members/", {"user": "newcomer", "role": "viewer"}, OWNER, 201),
    ("GET", f"{S}/members/viewer/", None, MEMBERS_READ, 200),
    ("PUT", f"{S}/members/editor/", {"role": "viewer"}, OWNER, 200),
    ("DELETE", f"{S}/members/editor/", None, OWNER, 204),
]

CALLERS = ["anonymous", "outsider", "viewer", "editor", "owner"]
RANK = {"viewer": 1, "editor": 2, "owner": 3}


def expected(who: str, caller: str, public: bool, success: int) -> int:
    """The status the rule gives: 404 hides private scenarios, 401 asks for a login, 403 for a role."""
    member = caller in RANK
    if who == ANYONE:
        return success
    if who == SIGNED_IN:
        return success if caller != "anonymous" else 401
    if not public and not member:
        return 404
    if who == READ:
        return success
    need = {MEMBERS_READ: "viewer", WRITE: "editor", OWNER: "owner"}[who]
    if member and RANK[caller] >= RANK[need]:
        return success
    return 401 if caller == "anonymous" else 403


def secrets_of(scenario: Scenario) -> list[str]:
    """What a non-member must never see of a private scenario."""
    keys = [scenario.slug, scenario.name]
    keys += [f'"{k}"' for k in scenario.parties.values_list("key", flat=True)]
    keys += [f'"{k}"' for k in scenario.options.values_list("key", flat=True)]
    keys += [f'"{k}"' for k in scenario.packages.values_list("key", flat=True)]
    return keys


@pytest.mark.parametrize("public", [False, True], ids=["private", "public"])
@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize(("method", "path", "body", "who", "success"), ENDPOINTS, ids=lambda v: str(v)[:40])
def test_authorization_matrix(request, scenario, public, caller, method, path, body, who, success):
    UserFactory(username="newcomer")
    Scenario.objects.filter(pk=scenario.pk).update(is_public=public)
    user = None if caller == "anonymous" else request.getfixturevalue(caller)
    secrets = secrets_of(scenario)
    client = client_for(user)
    data = json.dumps(body) if body is not None else None
    response = client.generic(method, path, data or "", content_type="application/json")

    assert response.status_code == expected(who, caller, public, success), response.content
    if not public and caller not in RANK:
        text = response.content.decode()
        assert not [s for s in secrets if s in text]
