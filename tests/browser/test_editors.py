"""Editing judgements in the browser: cells saved in place, shares updated, conflicts explained."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from negotiations.models import Party, Stance, Valuation
from tests.deal import deal_import

pytestmark = pytest.mark.django_db(transaction=True)

STANCES = "/s/border-deal/edit/stances/"


@pytest.fixture
def deal(owner, viewer, editor):
    return deal_import(owner=owner, viewer=viewer, editor=editor)


def test_editing_a_weight_updates_the_normalised_shares_in_place(deal, page, sign_in, screenshot):
    sign_in(page, "editor")
    page.goto(STANCES)
    page.evaluate("window.stillTheSamePage = true")
    expect(page.locator("#share-ana-north")).to_have_text("75.0 %")

    weight = page.get_by_label("Weight of Ana on North border")
    weight.fill("9")
    weight.press("Enter")

    # Ana weighs north 9 and south 1 now: 9/10 and 1/10.
    expect(page.locator("#share-ana-north")).to_have_text("90.0 %")
    expect(page.locator("#share-ana-south")).to_have_text("10.0 %")
    expect(page.locator("#stance-ana").get_by_role("status")).to_contain_text("Saved")
    expect(page.get_by_label("Weight of Ana on North border")).to_be_focused()  # keep typing where you were
    assert page.evaluate("window.stillTheSamePage") is True  # swapped in, not reloaded
    assert Stance.objects.get(party__key="ana", issue__key="north").weight == 9
    screenshot(page)


def test_a_second_person_saving_first_gets_a_conflict_message_with_both_values(
    deal, new_page, sign_in, screenshot
):
    first, second = new_page(), new_page()
    sign_in(first, "owner")
    sign_in(second, "editor")
    first.goto(STANCES)
    second.goto(STANCES)

    first.get_by_label("Weight of Bo on South border").fill("5")
    first.get_by_role("button", name="Save weight of Bo on South border").click()
    expect(first.locator("#share-bo-south")).to_have_text("83.3 %")  # 5 of 6

    second.get_by_label("Weight of Bo on South border").fill("2")
    second.get_by_role("button", name="Save weight of Bo on South border").click()

    alert = second.locator("#stance-bo-south").get_by_role("alert")
    expect(alert).to_contain_text("Someone else saved this first.")
    expect(alert.get_by_role("row", name="Weight 2 5")).to_be_visible()  # yours, then saved now
    expect(second.get_by_label("Weight of Bo on South border")).to_have_value("5")  # reloaded to retry
    assert Stance.objects.get(party__key="bo", issue__key="south").weight == 5
    screenshot(second)


def test_a_red_line_is_toggled_and_saved_in_place(deal, page, sign_in, screenshot):
    sign_in(page, "editor")
    page.goto("/s/border-deal/edit/valuations/north/")

    page.get_by_label("Red line", exact=False).nth(2).check()  # Ana, Line C
    page.get_by_role("button", name="Save utility of Line C to Ana").click()

    cell = page.locator("#valuation-ana-north-c")
    expect(cell.get_by_role("status")).to_contain_text("Saved")
    expect(cell).to_have_class("judgement red-line")
    assert Valuation.objects.get(party__key="ana", option__key="north-c").red_line is True
    screenshot(page)


def test_a_party_card_shows_a_refused_value_beside_the_field(deal, page, sign_in, screenshot):
    sign_in(page, "editor")
    page.goto("/s/border-deal/edit/parties/")
    page.evaluate("window.stillTheSamePage = true")
    card = page.locator("#party-ana")

    card.get_by_label("Capability").fill("140")
    card.get_by_role("button", name="Save Ana").click()

    expect(page.locator("#party-ana").get_by_role("alert")).to_have_text(
        "Capability “140”: Ensure this value is less than or equal to 100."
    )
    expect(page.locator("#party-ana").get_by_label("Capability")).to_have_value("140")
    assert page.evaluate("window.stillTheSamePage") is True
    assert Party.objects.get(key="ana").capability == 60
    screenshot(page)


def test_viewers_see_the_grids_without_controls(deal, page, sign_in):
    sign_in(page, "viewer")
    page.goto(STANCES)

    expect(page.locator("#share-ana-north")).to_have_text("75.0 %")
    assert page.locator("main input, main textarea, main button").count() == 0


def test_deleting_a_party_someone_else_deleted_says_so_in_its_place(deal, page, sign_in, screenshot):
    sign_in(page, "editor")
    page.goto("/s/border-deal/edit/parties/")
    Party.objects.get(key="mia").delete()

    page.locator("#party-mia").get_by_label("Name:", exact=True).fill("Mia the mediator")
    page.get_by_role("button", name="Save Mia").click()

    expect(page.locator("#party-mia").get_by_role("alert")).to_contain_text(
        "The party “mia” was deleted by someone else while you were editing it."
    )
    screenshot(page)


@pytest.fixture
def page_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def test_without_javascript_the_forms_still_save_and_refuse(
    deal, page_without_javascript, sign_in, screenshot
):
    page = page_without_javascript
    sign_in(page, "editor")
    page.goto(STANCES)

    page.get_by_label("Weight of Ana on North border").fill("1")
    page.get_by_role("button", name="Save weight of Ana on North border").click()

    page.wait_for_url(f"**{STANCES}#stance-ana")  # a full page load, back at the row
    expect(page.locator("#share-ana-north")).to_have_text("50.0 %")
    expect(page.locator("#share-ana-south")).to_have_text("50.0 %")

    page.goto("/s/border-deal/edit/parties/")
    page.locator("#party-bo").get_by_label("Reservation").fill("101")
    page.get_by_role("button", name="Save Bo").click()

    expect(page.locator("#party-bo").get_by_role("alert")).to_contain_text("Reservation “101”:")
    assert Party.objects.get(key="bo").reservation == 55
    screenshot(page)
