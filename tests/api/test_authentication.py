"""Token authentication: a token lets its user in until it is revoked or the user is deactivated,
and each change counts from the very next request."""

from __future__ import annotations

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


def test_a_revoked_token_is_refused_on_the_next_request(scenario, viewer):
    client = client_for(viewer)
    assert client.get(f"{S}/document/").status_code == 200
    Token.objects.filter(user=viewer).delete()
    assert client.get(f"{S}/document/").status_code == 401


def test_a_deactivated_users_token_is_refused_on_the_next_request(scenario, viewer):
    client = client_for(viewer)
    assert client.get(f"{S}/document/").status_code == 200
    viewer.is_active = False
    viewer.save()
    response = client.get(f"{S}/document/")
    assert response.status_code == 401
    assert response.json()["detail"] == "User inactive or deleted."


def test_a_removed_member_gets_404_on_the_next_request(scenario, viewer):
    client = client_for(viewer)
    assert client.get(f"{S}/document/").status_code == 200
    Membership.objects.filter(scenario=scenario, user=viewer).delete()
    assert client.get(f"{S}/document/").status_code == 404


def test_a_scenario_made_private_is_hidden_on_the_next_request(scenario, outsider):
    scenario.is_public = True
    scenario.save()
    client = client_for(outsider)
    assert client.get(f"{S}/document/").status_code == 200
    scenario.is_public = False
    scenario.save()
    assert client.get(f"{S}/document/").status_code == 404
