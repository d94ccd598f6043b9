"""The scenario list in the browser: import a document (and see every error), export, sign out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from negotiations.models import Scenario
from negotiations.scenario_document import document_dumps, document_export
from tests.deal import DEAL, deal_import

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def deal(owner, viewer, editor):
    return deal_import(owner=owner, viewer=viewer, editor=editor)


def test_a_bad_document_is_refused_with_every_error_and_its_path(owner, page, sign_in, screenshot, tmp_path):
    broken = json.loads(json.dumps(DEAL))
    broken["issues"][0]["options"][1]["position"] = 140
    broken["valuations"][0]["utility"] = -3
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(broken))
    sign_in(page, "owner")

    page.get_by_label("Scenario document (.json)").set_input_files(path)
    page.get_by_role("button", name="Import").click()

    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Nothing was imported: the document has 2 errors.")
    expect(alert).to_contain_text("issues[0].options[1].position: must be between 0 and 100, got 140")
    expect(alert).to_contain_text("valuations[0].utility:")
    assert not Scenario.objects.exists()
    screenshot(page)


def test_a_good_document_is_imported_and_opened(owner, page, sign_in, tmp_path):
    path = tmp_path / "deal.json"
    path.write_text(json.dumps(DEAL))
    sign_in(page, "owner")

    page.get_by_label("Scenario document (.json)").set_input_files(path)
    page.get_by_role("button", name="Import").click()

    expect(page.get_by_role("heading", name="Border deal", level=1)).to_be_visible()
    expect(page.get_by_text("Imported “Border deal”.")).to_be_visible()


def test_export_downloads_the_scenario_document(deal, page, sign_in):
    sign_in(page, "viewer")

    with page.expect_download() as download:
        page.get_by_role("link", name="Export Border deal (.json)").click()

    assert download.value.suggested_filename == "border-deal.json"
    assert Path(download.value.path()).read_text(encoding="utf-8") == document_dumps(document_export(deal))


def test_a_viewer_clones_a_scenario_and_can_edit_the_copy(deal, page, sign_in, screenshot):
    sign_in(page, "viewer")

    page.get_by_role("button", name="Clone Border deal").click()

    expect(page.get_by_text("the copy is yours and private")).to_be_visible()
    expect(page.get_by_text("you may edit")).to_be_visible()
    screenshot(page)


def test_signing_out_returns_to_the_sign_in_page(deal, page, sign_in):
    sign_in(page, "editor")

    page.get_by_role("button", name="Sign out editor").click()

    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    assert page.goto("/s/border-deal/").status == 404  # the private scenario is out of reach again
