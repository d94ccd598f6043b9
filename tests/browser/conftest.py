"""Browser tests: Playwright driving Debian's Chromium against Django's live server.

Each test may save screenshots under test-artifacts/ (git-ignored) for a person to look at.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from tests.deal import deal_import

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make between
# page actions are still synchronous, so Django's async-safety guard does not apply here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",  # the suite runs as root on CI machines
    "--disable-gpu",
    "--disable-background-networking",  # the network is closed; do not let Chromium reach out
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        pytest.fail("Chromium is not installed: scripts/test installs Debian's 'chromium' package.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server):
    """Open pages in fresh contexts (one per simulated person); all closed after the test."""
    contexts = []

    def open_page(width: int = 1366, height: int = 768, *, javascript: bool = True):
        context = browser.new_context(
            viewport={"width": width, "height": height},
            base_url=live_server.url,
            java_script_enabled=javascript,
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def sign_in():
    def sign_in(page, username: str, password: str = "correct horse battery") -> None:
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(lambda url: "/accounts/login/" not in url)

    return sign_in


@pytest.fixture
def screenshot(request):
    def take(page, name: str = "") -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        # Test ids may hold URLs: keep the file name to one safe path segment.
        stem = re.sub(r"[^\w.-]+", "_", request.node.name + (f"-{name}" if name else ""))
        path = ARTIFACTS / f"{stem}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def axe_violations():
    """Run the vendored axe-core on the page; return serious and critical violations."""

    def run(page) -> list[dict]:
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]

    return run


@pytest.fixture
def deal(owner, viewer, editor):
    """The hand-worked border deal of tests/deal.py, private, with a viewer and an editor."""
    return deal_import(owner=owner, viewer=viewer, editor=editor)
