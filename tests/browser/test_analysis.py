from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_frontier_point_opens_its_package_in_the_builder(deal, page, sign_in, screenshot):
    sign_in(page, "viewer")
    page.goto("/s/border-deal/analysis/")
    screenshot(page, "analysis")

    # Hand-worked in tests/deal.py: {Line A, Ridge} is on Ana's and Bo's frontier (100, 30).
    point = page.get_by_role("link", name="Ana 100.0, Bo 30.0: open this package in the builder")
    point.click()

    page.wait_for_url("**/builder/**")
    expect(page.get_by_role("radio", name="Line A")).to_be_checked()
    expect(page.get_by_role("radio", name="Ridge")).to_be_checked()
    panel = page.locator("#score-panel")
    expect(panel.get_by_text("score 100.0 · reservation 50.0 · surplus 50.0")).to_be_visible()
    screenshot(page, "builder")


def test_choosing_two_parties_redraws_the_plot_in_place(deal, page, sign_in):
    sign_in(page, "viewer")
    page.goto("/s/border-deal/analysis/")
    page.evaluate("window.stillTheSamePage = true")

    page.get_by_label("Across (x)").select_option("Mia")

    # Mia scores 50 on every package, so against Bo the frontier is Bo's best package alone.
    expect(page.get_by_text("1 package on the frontier of Mia (across) against Bo (up)")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile(r"^Mia 50\.0, Bo 100\.0"))).to_be_visible()
    assert page.evaluate("window.stillTheSamePage") is True


def test_a_package_is_chosen_and_its_trades_shown_in_place(deal, page, sign_in, screenshot):
    sign_in(page, "viewer")
    page.goto("/s/border-deal/analysis/")
    page.evaluate("window.stillTheSamePage = true")

    page.get_by_label("Saved package").select_option("Centre deal")

    # From {Line C, River}, Line A helps both Ana and Bo (tests/deal.py).
    prospects = page.locator("#prospects")
    trade = prospects.get_by_text("On North border, change Line C to Line A: no principal loses")
    expect(trade).to_be_visible()
    assert page.evaluate("window.stillTheSamePage") is True
    screenshot(page, "prospects")


def test_sensitivity_runs_in_place_and_shows_its_result(deal, page, sign_in, screenshot):
    sign_in(page, "viewer")
    page.goto("/s/border-deal/analysis/?package=centre-deal#package")
    page.evaluate("window.stillTheSamePage = true")

    page.get_by_label("Concentration κ").fill("1000000")
    page.get_by_label("Utility noise ±δ").fill("0")
    page.get_by_role("button", name="Run").click()

    # With the weights all but fixed and no utility noise, Ana stays below her reservation
    # (37.5 < 50) in every draw and Mia, who values every option 50, accepts in every draw.
    result = page.locator("table.sensitivity-result")
    expect(result.get_by_role("row", name="Ana")).to_contain_text("0.0 % of draws")
    expect(result.get_by_role("row", name="Mia")).to_contain_text("100.0 % of draws")
    assert page.evaluate("window.stillTheSamePage") is True
    screenshot(page, "sensitivity")


def test_a_bad_sensitivity_setting_is_named_beside_its_field(deal, page, sign_in):
    sign_in(page, "viewer")
    page.goto("/s/border-deal/analysis/?package=river-deal#package")

    page.get_by_label("Draws").fill("0")
    page.get_by_role("button", name="Run").click()

    expect(
        page.get_by_text("The number of draws must be a whole number from 1 to 100000, not 0.")
    ).to_be_visible()
    expect(page.get_by_label("Draws")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("table.sensitivity-result")).to_have_count(0)


def test_the_analysis_page_fits_a_phone(deal, new_page, sign_in, screenshot, axe_violations):
    page = new_page(390, 844)
    sign_in(page, "viewer")
    page.goto("/s/border-deal/analysis/?package=centre-deal")
    screenshot(page)

    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # Opened, the wide tables scroll in frames the keyboard can reach.
    page.evaluate("document.querySelectorAll('details').forEach(details => details.open = true)")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert axe_violations(page) == []


def test_without_javascript_the_forms_still_submit(deal, new_page, sign_in, screenshot):
    page = new_page(javascript=False)
    sign_in(page, "viewer")
    page.goto("/s/border-deal/analysis/")

    page.get_by_label("Saved package").select_option("Centre deal")
    page.get_by_role("button", name="Show its prospects").click()
    page.wait_for_url("**package=centre-deal**")  # a full page load
    expect(page.get_by_text("Every principal could gain 5.0 points at once")).to_be_visible()

    page.get_by_label("Draws").fill("50")
    page.get_by_role("button", name="Run").click()
    page.wait_for_url("**n=50**")
    expect(page.locator("table.sensitivity-result")).to_contain_text("50 draws, seed 0")

    page.get_by_label("Across (x)").select_option("Mia")
    page.get_by_role("button", name="Plot").click()
    page.wait_for_url("**x=mia**")
    expect(page.get_by_text("1 package on the frontier of Mia (across) against Bo (up)")).to_be_visible()
    expect(page.get_by_label("Saved package")).to_have_value("centre-deal")  # the other choice kept
    screenshot(page)


def test_a_frontier_point_is_reached_and_opened_from_the_keyboard(deal, page, sign_in):
    sign_in(page, "viewer")
    page.goto("/s/border-deal/analysis/")
    point = page.get_by_role("link", name="Ana 75.0, Bo 60.0: open this package in the builder")

    point.focus()
    assert page.evaluate("document.activeElement.getAttribute('aria-label')").startswith("Ana 75.0, Bo 60.0")
    page.keyboard.press("Enter")

    page.wait_for_url("**/builder/**")
    expect(page.get_by_role("radio", name="Line A")).to_be_checked()
    expect(page.get_by_role("radio", name="River")).to_be_checked()


def test_a_score_opens_its_breakdown_in_the_builder(deal, page, sign_in):
    sign_in(page, "viewer")
    page.goto("/s/border-deal/analysis/")

    ana = page.locator("table.solutions").get_by_role("row", name=re.compile("^Ana"))
    ana.get_by_role("link", name="75.0").first.click()

    page.wait_for_url("**/builder/**#breakdown")
    expect(page.get_by_role("cell", name="0.75 × 100 = 75.0")).to_be_visible()
