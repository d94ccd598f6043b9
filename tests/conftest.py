from __future__ import annotations

import pytest

from negotiations.models import Membership
from negotiations.scenario_document import document_import
from tests.documents import make_document
from tests.factories import MembershipFactory, UserFactory


@pytest.fixture
def owner(db):
    return UserFactory(username="owner")


@pytest.fixture
def viewer(db):
    return UserFactory(username="viewer")


@pytest.fixture
def editor(db):
    return UserFactory(username="editor")


@pytest.fixture
def outsider(db):
    return UserFactory(username="outsider")


@pytest.fixture
def scenario(owner, viewer, editor):
    """A private, complete scenario (3 parties × 3 issues × 3 options) with a viewer and an editor."""
    scenario = document_import(document=make_document(slug="private-scenario"), owner=owner)
    MembershipFactory(scenario=scenario, user=viewer, role=Membership.Role.VIEWER)
    MembershipFactory(scenario=scenario, user=editor, role=Membership.Role.EDITOR)
    return scenario


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The production hasher is slow on purpose; tests only need passwords to work.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
