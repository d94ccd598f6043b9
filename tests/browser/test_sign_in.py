from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_user_signs_in_and_sees_the_scenario_list(page, sign_in, screenshot):
    UserFactory(username="analyst")
    sign_in(page, "analyst")
    screenshot(page)
    assert page.get_by_role("heading", name="Scenarios").is_visible()
    assert page.get_by_role("button", name="Sign out analyst").is_visible()


def test_a_wrong_password_keeps_the_user_out(page, sign_in):
    UserFactory(username="analyst")
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("analyst")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Sign in").click()

    # The refusal is a new page: wait for it (is_visible() would look at once, maybe still at the form).
    expect(page.get_by_text("Please enter a correct username and password")).to_be_visible()
    assert page.url.endswith("/accounts/login/")
    expect(page.get_by_role("button", name="Sign out analyst")).to_have_count(0)
