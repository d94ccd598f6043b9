"""Every page, at a laptop's and a phone's size: no serious or critical axe-core violation, and
the page body never scrolls sideways (wide tables scroll inside their own frame)."""

from __future__ import annotations

import pytest

from tests.deal import deal_import

pytestmark = pytest.mark.django_db(transaction=True)

VIEWPORTS = {"laptop": (1366, 768), "phone": (390, 844)}
S = "/s/border-deal"
# (who is signed in, page): editors see every form, viewers the read-only markup.
PAGES = [
    (None, "/accounts/login/"),
    (None, "/"),
    ("editor", "/"),
    ("editor", "/account/token/"),
    ("editor", f"{S}/"),
    ("editor", f"{S}/edit/parties/"),
    ("viewer", f"{S}/edit/parties/"),
    ("editor", f"{S}/edit/issues/"),
    ("viewer", f"{S}/edit/issues/"),
    ("editor", f"{S}/edit/stances/"),
    ("viewer", f"{S}/edit/stances/"),
    ("editor", f"{S}/edit/valuations/north/"),
    ("viewer", f"{S}/edit/valuations/north/"),
    ("editor", f"{S}/builder/?north=north-a&south="),
    ("editor", f"{S}/builder/?package=ridge-deal"),
    ("editor", f"{S}/compare/?p=river-deal&p=ridge-deal&p=half-deal"),
    ("editor", f"{S}/analysis/"),
    ("editor", f"{S}/analysis/?package=centre-deal"),
]


@pytest.fixture
def deal(owner, viewer, editor):
    scenario = deal_import(owner=owner, viewer=viewer, editor=editor)
    scenario.is_public = True  # so the list shows it to anonymous visitors too
    scenario.save()
    return scenario


def report(violations: list[dict]) -> list[str]:
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']]}" for v in violations]


CASES = [pytest.param(who, url, viewport) for who, url in PAGES for viewport in VIEWPORTS]


@pytest.mark.parametrize(("who", "url", "viewport"), CASES)
def test_a_page_has_no_serious_accessibility_violation_and_fits(
    deal, new_page, sign_in, axe_violations, screenshot, who, url, viewport
):
    page = new_page(*VIEWPORTS[viewport])
    if who:
        sign_in(page, who)

    response = page.goto(url)
    if viewport == "phone":
        screenshot(page)

    assert response.status == 200
    assert report(axe_violations(page)) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS[viewport][0]


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_refusals_and_conflicts_are_accessible_too(deal, new_page, sign_in, axe_violations, viewport):
    page = new_page(*VIEWPORTS[viewport])
    sign_in(page, "editor")
    page.goto(f"{S}/edit/parties/")
    page.locator("#party-ana").get_by_label("Capability").fill("140")
    page.locator("#party-ana").get_by_role("button", name="Save Ana").click()
    page.locator("#party-ana").get_by_role("alert").wait_for()
    deal.parties.filter(key="bo").update(version=99)  # someone else saved Bo meanwhile
    page.locator("#party-bo").get_by_role("button", name="Save Bo").click()
    page.locator("#party-bo .conflict").wait_for()

    assert report(axe_violations(page)) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS[viewport][0]


def test_keyboard_focus_is_visible(deal, page, sign_in):
    sign_in(page, "editor")
    page.goto(f"{S}/edit/stances/")

    page.keyboard.press("Tab")  # the skip link comes first
    focused = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [document.activeElement.textContent.trim(), s.outlineStyle, s.outlineWidth]; }"
    )

    assert focused == ["Skip to content", "solid", "3px"]
    assert page.locator(".skip-link").bounding_box()["x"] >= 0  # shown on screen when focused
