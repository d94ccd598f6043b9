from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from negotiations import services
from negotiations.analysis import analyse, problem_from_document
from negotiations.analysis.bargaining import NAMES
from negotiations.models import Stance, StoredAnalysis
from negotiations.scenario_document import document_import
from tests.analysis.test_evaluate import worked_example


@pytest.fixture
def worked(owner):
    return document_import(document=worked_example(reservation_a=20), owner=owner)


def run(*arguments: str) -> str:
    out = StringIO()
    call_command("analyse", *arguments, stdout=out)
    return out.getvalue()


def test_it_prints_the_engine_analysis_as_json(worked):
    printed = json.loads(run(worked.slug, "--json"))

    assert printed == json.loads(json.dumps(analyse(problem_from_document(worked_example(reservation_a=20)))))
    assert printed["nash"]["choices"] == {"x": "x1", "y": "y2"}  # 15 × 20 beats 5 × 40


def test_it_prints_a_readable_report_by_default(worked):
    text = run(worked.slug)

    assert text.startswith(f"Analysis of {worked.name}\n")
    assert "ZOPA: 2 of 6 packages are acceptable to every principal." in text
    assert (
        "Egalitarian:\n  x=x1, y=y2\n  scores: a 35.0, b 60.0, m 30.0\n  objective 15.0; binding: a" in text
    )
    assert "Utilitarian:\n  x=x1, y=y1\n" in text


def test_unbounded_lets_a_frontier_over_the_time_bound_be_exact(worked, monkeypatch):
    exact = analyse(problem_from_document(worked_example(reservation_a=20)))["frontier"]
    # A bound this low stops even the worked example's frontier, as 2·10^10 stops one of millions.
    monkeypatch.setattr("negotiations.analysis.report.MAX_WORK", 10)

    bounded = json.loads(run(worked.slug, "--json"))["frontier"]
    unbounded = json.loads(run(worked.slug, "--json", "--unbounded"))["frontier"]

    assert (bounded["exact"], bounded["size"]) == (False, None)
    assert "in bounded time" in bounded["note"]
    assert exact["exact"] is True
    assert unbounded == json.loads(json.dumps(exact))


def test_unbounded_lets_the_bargaining_solutions_take_as_long_as_they_need(worked, monkeypatch):
    exact = analyse(problem_from_document(worked_example(reservation_a=20)), bounded=False)
    monkeypatch.setattr("negotiations.analysis.report.SECONDS", 0)

    bounded = json.loads(run(worked.slug, "--json"))
    unbounded = json.loads(run(worked.slug, "--json", "--unbounded"))

    for name in NAMES:
        assert bounded[name] is None
        assert bounded["reasons"][name].startswith("Not settled: the bargaining solutions may take 0 seconds")
        assert unbounded[name] == json.loads(json.dumps(exact[name]))
        assert unbounded[name] is not None


def test_the_report_says_when_the_nearest_misses_were_cut_short(owner, monkeypatch):
    scenario = document_import(document=worked_example(), owner=owner)
    monkeypatch.setattr("negotiations.analysis.report.SECONDS", 0)

    text = run(scenario.slug)

    assert "Nearest misses:\n  No nearest miss is listed: the solver had not proven the next one" in text


def test_nothing_is_stored_when_the_scenario_changes_while_it_is_analysed(worked, monkeypatch):
    def analyse_during_an_edit(problem, **bounds):
        result = analyse(problem, **bounds)
        stance = Stance.objects.get(party__scenario=worked, party__key="a", issue__key="x")
        services.content_update(stance, expected_version=None, weight=stance.weight + 1)
        return result

    monkeypatch.setattr("negotiations.management.commands.analyse.analyse", analyse_during_an_edit)

    with pytest.raises(CommandError, match="changed while it was being analysed, so nothing was stored"):
        call_command("analyse", worked.slug, "--store", stdout=StringIO(), stderr=StringIO())
    assert not StoredAnalysis.objects.filter(scenario=worked).exists()


def test_a_stored_analysis_is_shown_in_the_admin_and_can_only_be_deleted_there(worked, admin_client):
    run(worked.slug, "--store")
    stored = StoredAnalysis.objects.get(scenario=worked)
    url = f"/admin/negotiations/storedanalysis/{stored.pk}"

    listing = admin_client.get("/admin/negotiations/storedanalysis/")
    shown = admin_client.get(f"{url}/change/")
    edited = admin_client.post(f"{url}/change/", {"fingerprint": "0" * 64})
    added = admin_client.get("/admin/negotiations/storedanalysis/add/")

    assert listing.status_code == 200
    assert worked.name in listing.content.decode()
    assert f"{len(stored.result):,}" in shown.content.decode()
    assert (edited.status_code, added.status_code) == (403, 403)
    assert StoredAnalysis.objects.get(pk=stored.pk).fingerprint == stored.fingerprint
    deleted = admin_client.post(f"{url}/delete/", {"post": "yes"})
    assert deleted.status_code == 302
    assert not StoredAnalysis.objects.filter(pk=stored.pk).exists()


def test_an_empty_zopa_shows_the_nearest_misses(owner):
    scenario = document_import(document=worked_example(), owner=owner)

    text = run(scenario.slug)

    assert "ZOPA: 0 of 6 packages" in text
    assert "Nearest misses:\n  x=x0, y=y0: below b; min surplus 10.0" in text


def test_an_unknown_slug_is_a_clear_error(db):
    with pytest.raises(CommandError, match="No scenario with slug 'nowhere'"):
        run("nowhere")


def test_a_scenario_that_cannot_be_analysed_says_why(owner):
    # Imports take only complete scenarios; one loses a stance while it is being edited.
    scenario = document_import(document=worked_example(), owner=owner)
    Stance.objects.filter(party__scenario=scenario, party__key="a", issue__key="y").delete()

    with pytest.raises(CommandError, match="party 'a' has no weight for y"):
        run(scenario.slug)
