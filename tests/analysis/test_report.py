from __future__ import annotations

import importlib

import pytest
import scipy

from negotiations.analysis import (
    analyse,
    analysis_key,
    forecast,
    frontier,
    problem_from_document,
    solutions,
    zopa,
)
from tests.analysis.test_evaluate import worked_example


def test_the_analysis_gathers_every_part_under_its_name():
    problem = problem_from_document(worked_example(reservation_a=20))

    answer = analyse(problem)

    assert list(answer) == [
        "zopa",
        "frontier",
        "nash",
        "asymmetric_nash",
        "kalai_smorodinsky",
        "egalitarian",
        "utilitarian",
        "reasons",
        "nearest_misses",
        "forecast",
    ]
    assert answer["zopa"] == zopa(problem)
    assert answer["frontier"] == frontier(problem)
    assert answer["forecast"] == forecast(problem)
    assert {key: answer[key] for key in solutions(problem)} == solutions(problem)
    assert answer["zopa"]["size"] == 2
    assert answer["egalitarian"]["choices"] == {"x": "x1", "y": "y2"}


def changed(edit) -> dict:
    document = worked_example()
    edit(document)
    return document


@pytest.mark.parametrize(
    "edit",
    [
        lambda d: d["valuations"][0].update(utility=d["valuations"][0]["utility"] + 1e-9),
        lambda d: d["valuations"][0].update(red_line=not d["valuations"][0]["red_line"]),
        lambda d: d["stances"][0].update(weight=d["stances"][0]["weight"] + 1),
        lambda d: d["parties"][0].update(reservation=d["parties"][0]["reservation"] + 1),
        lambda d: d["parties"][2].update(role="principal"),
        lambda d: d["parties"][0].update(capability=d["parties"][0]["capability"] + 1),
    ],
    ids=["utility", "red line", "weight", "reservation", "role", "capability"],
)
def test_the_analysis_key_changes_with_any_judgement(edit):
    assert analysis_key(problem_from_document(changed(edit))) != analysis_key(
        problem_from_document(worked_example())
    )


def test_the_analysis_key_is_the_same_for_the_same_judgements_whatever_the_packages():
    with_package = changed(
        lambda d: d["packages"].append({"key": "deal", "name": "Deal", "notes": "", "choices": {"x": "x0"}})
    )

    assert analysis_key(problem_from_document(with_package)) == analysis_key(
        problem_from_document(worked_example())
    )


def test_the_engine_digest_changes_with_the_numerical_libraries(monkeypatch):
    report = importlib.import_module("negotiations.analysis.report")
    running = report._engine_digest()

    monkeypatch.setattr(scipy, "__version__", "an older release")

    assert running == report.ENGINE_DIGEST
    assert report._engine_digest() != running
