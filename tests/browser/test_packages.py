from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from negotiations.models import Package

pytestmark = pytest.mark.django_db(transaction=True)


def test_scores_update_in_place_as_a_package_is_built_and_it_is_saved(deal, page, sign_in, screenshot):
    sign_in(page, "editor")
    page.goto("/s/border-deal/builder/")
    page.evaluate("window.stillTheSamePage = true")
    panel = page.locator("#score-panel")

    page.get_by_role("group", name="North border").get_by_text("Line A").click()
    page.get_by_role("group", name="South border").get_by_text("River").click()

    expect(panel.get_by_text("score 75.0 · reservation 50.0 · surplus 25.0")).to_be_visible()
    expect(panel.get_by_text("Every principal accepts: in the ZOPA")).to_be_visible()
    expect(page).to_have_url(re.compile(r"north=north-a&south=south-a"))  # the state is a link
    assert page.evaluate("window.stillTheSamePage") is True  # swapped in, not reloaded
    screenshot(page, "built")

    page.get_by_label("Package name").fill("Riverside")
    page.get_by_role("button", name="Save as a new package").click()

    expect(page.get_by_text("Saved package “Riverside”.")).to_be_visible()
    package = Package.objects.get(scenario=deal, name="Riverside")
    assert {c.issue.key: c.option.key for c in package.choices.all()} == {
        "north": "north-a",
        "south": "south-a",
    }
    screenshot(page, "saved")


def test_the_builder_is_usable_from_the_keyboard(deal, page, sign_in):
    sign_in(page, "viewer")
    page.goto("/s/border-deal/builder/?north=north-a&south=south-a")
    page.evaluate("window.stillTheSamePage = true")

    page.get_by_role("radio", name="Line A").focus()
    page.keyboard.press("ArrowRight")  # native radios: the arrow moves to and picks Line B

    expect(page.get_by_text("Red line crossed: Line B")).to_be_visible()
    expect(page).to_have_url(re.compile(r"north=north-b"))
    assert page.evaluate("window.stillTheSamePage") is True


def test_a_breakdown_explains_each_score(deal, page, sign_in):
    sign_in(page, "viewer")
    page.goto("/s/border-deal/builder/?north=north-a&south=south-a")

    page.get_by_text("How each score adds up").click()

    expect(page.get_by_role("cell", name="0.75 × 100 = 75.0")).to_be_visible()


def test_three_packages_are_compared_side_by_side(deal, page, sign_in, screenshot):
    sign_in(page, "viewer")
    page.goto("/s/border-deal/builder/")
    for name in ["River deal", "Ridge deal", "Half deal"]:
        page.get_by_role("checkbox", name=name).check()
    page.get_by_role("button", name="Compare the ticked packages").click()

    page.wait_for_url("**/compare/**")
    screenshot(page)
    choices = page.locator("table.compare-table").first
    assert choices.locator("thead th").count() == 4  # the issue column and three packages
    assert page.get_by_role("img", name="Score of each package for each party").is_visible()
    assert page.get_by_text("A = River deal, B = Ridge deal, C = Half deal").is_visible()
    pareto = page.get_by_role("row", name=re.compile("^Pareto status"))
    expect(pareto).to_contain_text("On the frontier")  # River deal
    expect(pareto).to_contain_text("undecided (issues open)")  # Half deal


@pytest.mark.parametrize(
    "url",
    [
        "/s/border-deal/builder/?north=north-a&south=",
        "/s/border-deal/compare/?p=river-deal&p=ridge-deal&p=half-deal",
    ],
)
def test_package_pages_have_no_serious_accessibility_violations(deal, page, sign_in, axe_violations, url):
    sign_in(page, "editor")
    page.goto(url)

    assert axe_violations(page) == []


def test_the_builder_fits_a_phone(deal, new_page, sign_in, screenshot):
    page = new_page(390, 844)
    sign_in(page, "editor")
    page.goto("/s/border-deal/builder/?north=north-a&south=south-a")
    screenshot(page)

    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_the_open_breakdown_fits_a_phone_and_its_frame_takes_the_keyboard(
    deal, new_page, sign_in, axe_violations, screenshot
):
    page = new_page(390, 844)
    sign_in(page, "editor")
    page.goto("/s/border-deal/builder/?package=ridge-deal")

    page.get_by_text("How each score adds up").click()
    screenshot(page)

    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # the table scrolls in its frame
    assert axe_violations(page) == []  # the scrolling frame is focusable and labelled
