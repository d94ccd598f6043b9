"""Who may do what on every scenario page, as one table: each view × each person × private/public.

The rule (negotiations/access.py): a member reads; an editor or the owner writes; a public
scenario is readable by everyone; a non-member of a private scenario gets 404 and learns nothing of
it (not its name, nor that it exists); a reader who may not write gets 403.
"""

from __future__ import annotations

import pytest

from negotiations.models import Issue, Option, Party, Stance, Valuation
from tests.web.people import HTMX, PEOPLE, signed_in_as

S = "/s/border-deal"


def _version(model, **lookup) -> int:
    return model.objects.get(**lookup).version


# name → (method, path, data): reads, then writes that an editor's browser would send and succeed.
READS = {
    "overview": lambda: ("get", f"{S}/", {}),
    "export": lambda: ("get", f"{S}/export/", {}),
    "party editor": lambda: ("get", f"{S}/edit/parties/", {}),
    "issue editor": lambda: ("get", f"{S}/edit/issues/", {}),
    "stance editor": lambda: ("get", f"{S}/edit/stances/", {}),
    "valuation editor start": lambda: ("get", f"{S}/edit/valuations/", {}),
    "valuation editor": lambda: ("get", f"{S}/edit/valuations/north/", {}),
}
WRITES = {
    "save party": lambda: (
        "post",
        f"{S}/edit/parties/mia/",
        {
            "party-mia-version": _version(Party, key="mia"),
            "party-mia-name": "Mia",
            "party-mia-short": "M",
            "party-mia-role": "mediator",
            "party-mia-capability": "10",
            "party-mia-reservation": "0",
            "party-mia-colour": "#1d6b3a",
        },
    ),
    "save issue": lambda: (
        "post",
        f"{S}/edit/issues/south/",
        {"issue-south-version": _version(Issue, key="south"), "issue-south-name": "South"},
    ),
    "save option": lambda: (
        "post",
        f"{S}/edit/options/south-b/",
        {
            "option-south-b-version": _version(Option, key="south-b"),
            "option-south-b-label": "Ridge",
            "option-south-b-position": "90",
        },
    ),
    "delete party": lambda: (
        "post",
        f"{S}/edit/parties/mia/delete/",
        {"version": _version(Party, key="mia")},
    ),
    "delete issue": lambda: (
        "post",
        f"{S}/edit/issues/south/delete/",
        {"version": _version(Issue, key="south")},
    ),
    "delete option": lambda: (
        "post",
        f"{S}/edit/options/north-c/delete/",
        {"version": _version(Option, key="north-c")},
    ),
    "add party": lambda: (
        "post",
        f"{S}/add/parties/",
        {
            "new-party-key": "eve",
            "new-party-name": "Eve",
            "new-party-short": "E",
            "new-party-role": "observer",
            "new-party-capability": "1",
            "new-party-reservation": "0",
            "new-party-colour": "#000000",
        },
    ),
    "add issue": lambda: ("post", f"{S}/add/issues/", {"new-issue-key": "west", "new-issue-name": "West"}),
    "add option": lambda: (
        "post",
        f"{S}/add/options/to/south/",
        {
            "new-option-south-key": "south-c",
            "new-option-south-label": "Valley",
            "new-option-south-position": "50",
        },
    ),
    "save stance": lambda: (
        "post",
        f"{S}/stances/mia/south/",
        {"version": _version(Stance, party__key="mia", issue__key="south"), "weight": "2"},
    ),
    "save valuation": lambda: (
        "post",
        f"{S}/valuations/mia/south-a/",
        {"version": _version(Valuation, party__key="mia", option__key="south-a"), "utility": "40"},
    ),
}


def expected(who: str, *, write: bool, public: bool) -> int:
    member = who in ("viewer", "editor", "owner")
    if not (member or public):
        return 404
    if write and who not in ("editor", "owner"):
        return 403
    return 200  # redirects are followed: every allowed request ends on a page


@pytest.mark.parametrize("public", [False, True], ids=["private", "public"])
@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("view", [*READS, *WRITES])
def test_the_authorization_matrix(client, request, deal, view, who, public):
    deal.is_public = public
    deal.save()
    write = view in WRITES
    method, path, data = (WRITES if write else READS)[view]()
    signed_in_as(client, request, who)
    before = {model: model.objects.count() for model in (Party, Issue, Option)}

    headers = HTMX if write and "save" in view else {}
    response = getattr(client, method)(path, data, follow=True, headers=headers)

    assert response.status_code == expected(who, write=write, public=public)
    if response.status_code == 404:
        assert b"Border deal" not in response.content
        assert b"border-deal" not in response.content
    if response.status_code != 200 and write:
        assert {model: model.objects.count() for model in (Party, Issue, Option)} == before
