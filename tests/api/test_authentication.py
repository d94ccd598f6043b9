"""Token authentication: a token lets its user in until it is revoked or the user is deactivated,
and each change counts from the very next request."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token

from negotiations.api.authentication import TokenAuthentication
from negotiations.models import Membership
from tests.api.conftest import client_for

S = "/api/scenarios/private-scenario"


def test_a_token_lets_its_user_in(api, scenario, viewer):
    assert api(viewer).get(f"{S}/document/").status_code == 200


def test_the_token_and_its_user_are_the_stored_ones(scenario, viewer):
    stored = Token.objects.create(user=viewer)

    user, token = TokenAuthentication().authenticate_credentials(stored.key)

    assert user == viewer
    assert (user.username, user.is_active) == ("viewer", True)
    assert (token.pk, token.user, token.created) == (stored.pk, viewer, stored.created)


def test_an_unknown_token_is_refused(api, scenario):
    client = api(None)
    client.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)
    response = client.get(f"{S}/document/")
    assert response.status_code == 401
    assert response.json()["detail"] == "Invalid token."


def revoke_token(scenario, user):
    Token.objects.filter(user=user).delete()


def deactivate(scenario, user):
    user.is_active = False
    user.save()


def remove_membership(scenario, user):
    Membership.objects.filter(scenario=scenario, user=user).delete()


def make_private(scenario, user):
    scenario.is_public = False
    scenario.save()


@pytest.mark.parametrize(
    ("who", "public", "change", "status", "detail"),
    [
        ("viewer", False, revoke_token, 401, "Invalid token."),
        ("viewer", False, deactivate, 401, "User inactive or deleted."),
        ("viewer", False, remove_membership, 404, None),
        ("outsider", True, make_private, 404, None),
    ],
)
def test_a_change_counts_from_the_very_next_request(request, scenario, who, public, change, status, detail):
    user = request.getfixturevalue(who)
    scenario.is_public = public
    scenario.save()
    client = client_for(user)
    assert client.get(f"{S}/document/").status_code == 200

    change(scenario, user)

    response = client.get(f"{S}/document/")
    assert response.status_code == status
    if detail is not None:
        assert response.json()["detail"] == detail
