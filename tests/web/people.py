"""The five people every page is tried as: anonymous, an outsider, and the three member roles."""

from __future__ import annotations

PEOPLE = ["anonymous", "outsider", "viewer", "editor", "owner"]
READERS = ["viewer", "editor", "owner"]  # members who may read a private scenario
WRITERS = ["editor", "owner"]


def signed_in_as(client, request, who: str):
    """`client` signed in as the user fixture named `who` (or left anonymous)."""
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    return client


# Headers that make a test client request look like one htmx sends.
HTMX = {"HX-Request": "true"}
