"""The operations commands, run as an operator would: export_scenario, import_scenario, load_demo."""

from __future__ import annotations

import io
import json
import re

import pytest
from django.apps import apps
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command

from negotiations.models import Party, Scenario
from negotiations.reference import REFERENCE_PATH, REFERENCE_SLUG
from negotiations.scenario_document import document_dumps, document_export
from tests.documents import make_document

pytestmark = pytest.mark.django_db


def run(*arguments: str) -> str:
    out = io.StringIO()
    call_command(*arguments, stdout=out)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def write_document(path, **changes) -> str:
    document = make_document(slug="from-file", parties=4, issues=2)
    document["scenario"].update(changes)
    text = document_dumps(document)
    path.write_text(text, encoding="utf-8")
    return text


# export_scenario


def test_export_prints_the_canonical_document(scenario):
    assert run("export_scenario", scenario.slug) == document_dumps(document_export(scenario))


def test_export_writes_the_same_bytes_to_a_file(scenario, tmp_path):
    target = tmp_path / "out.json"

    printed = run("export_scenario", scenario.slug, "-o", str(target))

    assert printed == ""
    assert target.read_bytes() == document_dumps(document_export(scenario)).encode("utf-8")


def test_export_of_an_unknown_slug_says_so(db):
    with pytest.raises(CommandError, match="No scenario with slug 'nowhere'"):
        run("export_scenario", "nowhere")


# import_scenario


def test_import_creates_a_scenario_owned_by_the_named_user(owner, tmp_path):
    path = tmp_path / "talks.json"
    text = write_document(path, name="Border talks")

    printed = run("import_scenario", str(path), "--owner", "owner")

    scenario = Scenario.objects.get(slug="from-file")
    assert printed.strip() == "Imported 'Border talks' as from-file."
    assert scenario.owner == owner
    # Equal as JSON: the file says 0.0 where the canonical export writes 0.
    assert json.loads(run("export_scenario", "from-file")) == json.loads(text)


def test_import_of_a_taken_slug_gets_a_free_one(scenario, owner, tmp_path):
    path = tmp_path / "again.json"
    write_document(path, slug=scenario.slug)

    printed = run("import_scenario", str(path), "--owner", "owner")

    imported = Scenario.objects.exclude(pk=scenario.pk).get(slug__startswith=scenario.slug)
    assert re.fullmatch(rf"{scenario.slug}-[0-9a-f]{{6}}", imported.slug)
    assert printed.strip().endswith(f"as {imported.slug}.")
    assert imported.owner == owner


def test_import_with_replace_swaps_the_content_and_keeps_slug_and_owner(scenario, editor, tmp_path):
    path = tmp_path / "new-content.json"
    write_document(path, name="Renamed talks")
    version = scenario.version

    run("import_scenario", str(path), "--owner", "editor", "--replace", scenario.slug)

    scenario.refresh_from_db()
    assert scenario.name == "Renamed talks"
    assert scenario.parties.count() == 4
    assert scenario.issues.count() == 2
    assert scenario.owner.username == "owner"
    assert scenario.version > version


def test_import_with_replace_of_an_unknown_slug_changes_nothing(owner, tmp_path):
    path = tmp_path / "doc.json"
    write_document(path)
    before = row_counts()

    with pytest.raises(CommandError, match="No scenario with slug 'nowhere'"):
        run("import_scenario", str(path), "--owner", "owner", "--replace", "nowhere")

    assert row_counts() == before


def test_import_for_an_unknown_owner_changes_nothing(db, tmp_path):
    path = tmp_path / "doc.json"
    write_document(path)
    before = row_counts()

    with pytest.raises(CommandError, match="No user named 'ghost'"):
        run("import_scenario", str(path), "--owner", "ghost")

    assert row_counts() == before


def test_import_of_a_missing_file_says_it_cannot_read_it(owner, tmp_path):
    missing = tmp_path / "missing.json"

    with pytest.raises(CommandError) as refused:
        run("import_scenario", str(missing), "--owner", "owner")

    assert str(refused.value) == f"Cannot read {missing}: No such file or directory"


def test_import_of_a_directory_says_it_cannot_read_it(owner, tmp_path):
    with pytest.raises(CommandError, match=f"Cannot read {tmp_path}: Is a directory"):
        run("import_scenario", str(tmp_path), "--owner", "owner")


def test_import_of_a_file_that_is_not_json_changes_nothing(scenario, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("Ceasefire first, then talks", encoding="utf-8")
    before = row_counts()

    with pytest.raises(CommandError) as refused:
        run("import_scenario", str(path), "--owner", "owner")

    lines = str(refused.value).splitlines()
    assert lines[0] == "The document was not imported:"
    assert lines[1].startswith("  $: not valid JSON (Expecting value: line 1 column 1")
    assert row_counts() == before


def test_import_of_a_bad_document_lists_every_error_and_changes_nothing(scenario, tmp_path):
    document = make_document(slug="broken")
    document["parties"][1]["colour"] = "blue"
    document["issues"][0]["options"][2]["position"] = 101
    document["packages"][1]["choices"]["i2"] = "i0-o0"
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    before = row_counts()

    with pytest.raises(CommandError) as refused:
        run("import_scenario", str(path), "--owner", "owner", "--replace", scenario.slug)

    assert str(refused.value).splitlines() == [
        "The document was not imported:",
        "  parties[1].colour: must be a colour of the form #rrggbb, lowercase, got 'blue'",
        "  issues[0].options[2].position: must be between 0 and 100, got 101",
        "  packages[1].choices.i2: option 'i0-o0' belongs to issue 'i0', not 'i2'",
    ]
    assert row_counts() == before


# load_demo


def test_load_demo_loads_the_public_reference_scenario_owned_by_demo(db, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "workshop-laptop-7")

    printed = run("load_demo")

    scenario = Scenario.objects.get(slug=REFERENCE_SLUG)
    assert scenario.is_public
    assert scenario.owner.username == "demo"
    assert scenario.owner.is_superuser
    assert authenticate(username="demo", password="workshop-laptop-7") == scenario.owner
    assert f"Loaded {scenario.name!r} ({REFERENCE_SLUG})." in printed
    assert "Sign in as 'demo' with password 'workshop-laptop-7' (shown once)." in printed
    assert run("export_scenario", REFERENCE_SLUG).encode("utf-8") == REFERENCE_PATH.read_bytes()


def test_load_demo_without_a_chosen_password_prints_a_random_one_that_works(db, monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)

    printed = run("load_demo")

    password = printed.split("with password ")[1].split(" (shown once)")[0].strip("'")
    assert len(password) >= 12
    assert authenticate(username="demo", password=password) is not None


def test_load_demo_twice_changes_nothing_and_shows_no_password(db):
    run("load_demo")
    before = row_counts()

    printed = run("load_demo")

    assert printed.strip() == f"The reference scenario is already loaded ({REFERENCE_SLUG})."
    assert row_counts() == before
    assert get_user_model().objects.filter(username="demo").count() == 1


def test_load_demo_reset_restores_an_edited_reference_scenario(db):
    run("load_demo")
    scenario = Scenario.objects.get(slug=REFERENCE_SLUG)
    Party.objects.filter(scenario=scenario).first().delete()

    run("load_demo", "--reset")

    assert run("export_scenario", REFERENCE_SLUG).encode("utf-8") == REFERENCE_PATH.read_bytes()
    assert Scenario.objects.filter(slug=REFERENCE_SLUG).count() == 1


def test_the_loaded_reference_scenario_is_in_the_admin(client, db):
    run("load_demo")
    scenario = Scenario.objects.get(slug=REFERENCE_SLUG)
    client.force_login(scenario.owner)

    listing = client.get("/admin/negotiations/scenario/")
    change = client.get(f"/admin/negotiations/scenario/{scenario.pk}/change/")

    assert listing.status_code == 200
    assert scenario.name in listing.content.decode()
    assert change.status_code == 200
    assert scenario.parties.first().name in change.content.decode()
