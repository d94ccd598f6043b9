from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings

from negotiations.analysis import ProblemError, problem_from_document, suggestions
from tests.analysis.oracle import TOLERANCE, enumerate_packages
from tests.analysis.strategies import documents_with_packages
from tests.analysis.tables import document_from_tables
from tests.analysis.test_evaluate import worked_example


def logrolling_example(*, red_lines: dict | None = None) -> dict:
    """Principals A (reservation 40) and B (50), observer O (40); every party weighs x and y alike.

    Utilities: A x0 0, x1 40, x2 80, y0 50, y1 100; B x0 60, x1 60, x2 20, y0 100, y1 100;
    O 0 on every x option, y0 0, y1 100. At x0 y0: A 0 + 25 = 25, B 30 + 50 = 80, O 0.
    """
    return document_from_tables(
        parties={"a": ("principal", 40, 50), "b": ("principal", 50, 50), "o": ("observer", 40, 10)},
        options={"x": ["x0", "x1", "x2"], "y": ["y0", "y1"]},
        weights={p: {"x": 1, "y": 1} for p in "abo"},
        utilities={
            "a": {"x0": 0, "x1": 40, "x2": 80, "y0": 50, "y1": 100},
            "b": {"x0": 60, "x1": 60, "x2": 20, "y0": 100, "y1": 100},
            "o": {"x0": 0, "x1": 0, "x2": 0, "y0": 0, "y1": 100},
        },
        red_lines=red_lines,
    )


def test_suggestions_are_ranked_pareto_first_then_free_rescues_then_by_ratio():
    # x0 → x1: A +20 (to 45, over 40), B ±0: pareto, and a rescue of A at no cost.
    # x0 → x2: A +40 (to 65), B −20: a rescue of A, 40 points gained per 20 lost, ratio 2.
    # y0 → y1: A +25 (to 50), B ±0, O +50 (to 50, over 40): pareto, and rescues of A and of O.
    result = suggestions(problem_from_document(logrolling_example()), {"x": "x0", "y": "y0"})

    assert [
        (s["kind"], s["issue"], s["to"], s["beneficiary"], s["ratio"]) for s in result["suggestions"]
    ] == [
        ("pareto", "y", "y1", None, None),  # the principals gain 25 in all
        ("pareto", "x", "x1", None, None),  # 20 in all
        ("rescue", "y", "y1", "o", None),  # O gains 50 at no principal's cost
        ("rescue", "y", "y1", "a", None),  # A gains 25 at no cost
        ("rescue", "x", "x1", "a", None),  # A gains 20 at no cost
        ("rescue", "x", "x2", "a", 2),  # A gains 40 for B's 20
    ]
    last = result["suggestions"][-1]
    assert last["from"] == "x0"
    assert last["gains"] == {"a": 40, "b": -20, "o": 0}
    assert last["package"] == {"choices": {"x": "x2", "y": "y0"}, "scores": {"a": 65, "b": 60, "o": 0}}


def test_a_change_onto_a_principals_red_line_is_never_suggested():
    problem = problem_from_document(logrolling_example(red_lines={"b": ["x2"]}))

    result = suggestions(problem, {"x": "x0", "y": "y0"})

    assert "x2" not in {s["to"] for s in result["suggestions"]}
    assert len(result["suggestions"]) == 5


def test_a_rescue_weighs_the_gain_against_every_other_principals_loss():
    # Worked example with A's reservation at 30, at x1 y0: A 15 (below 30), B 100, M 10.
    # y0 → y2 lifts A by 0.25 × 80 = 20 to 35 and costs B 0.5 × 80 = 40: ratio 0.5. y0 → y1 lifts A
    # only to 25, and x1 → x0 crosses B's red line.
    result = suggestions(problem_from_document(worked_example(reservation_a=30)), {"x": "x1", "y": "y0"})

    assert result["suggestions"] == [
        {
            "issue": "y",
            "from": "y0",
            "to": "y2",
            "kind": "rescue",
            "beneficiary": "a",
            "gains": {"a": 20, "b": -40, "m": 20},
            "ratio": 0.5,
            "package": {"choices": {"x": "x1", "y": "y2"}, "scores": {"a": 35, "b": 60, "m": 30}},
        }
    ]


def test_a_partial_package_is_refused_naming_the_open_issue():
    with pytest.raises(ProblemError) as raised:
        suggestions(problem_from_document(logrolling_example()), {"x": "x0", "y": None})

    assert raised.value.errors == [
        "choices.y: the issue is open; this needs a complete package, one option per issue"
    ]


def expected_suggestions(document: dict, problem, every, n: int) -> dict[tuple, dict]:
    """Every single-issue neighbour of package n, judged from the brute-force scores and the
    document's red lines: {(issue, from, to, kind, beneficiary): {"gains", "ratio"}}."""
    red = {(v["party"], v["option"]) for v in document["valuations"] if v["red_line"]}
    keys = problem.party_keys
    principals = [p for p, role in enumerate(problem.roles) if role == "principal"]
    reservation = {party["key"]: party["reservation"] for party in document["parties"]}
    here = every.scores[n]
    expected = {}
    for m in range(len(every.packages)):
        differs = [i for i in range(len(problem.issue_keys)) if every.packages[m, i] != every.packages[n, i]]
        if len(differs) != 1:
            continue
        i = differs[0]
        was, to = problem.option_keys[i][every.packages[n, i]], problem.option_keys[i][every.packages[m, i]]
        if any((keys[p], to) in red for p in principals):
            continue
        gains = every.scores[m] - here
        if all(gains[p] >= -TOLERANCE for p in principals) and any(gains[p] > TOLERANCE for p in principals):
            expected[problem.issue_keys[i], was, to, "pareto", None] = {"gains": gains, "ratio": None}
        for q, key in enumerate(keys):
            line = reservation[key] - TOLERANCE
            if here[q] < line <= every.scores[m, q] and (key, to) not in red:
                loss = sum(-gains[p] for p in principals if p != q and -gains[p] > TOLERANCE)
                ratio = gains[q] / loss if loss else None
                expected[problem.issue_keys[i], was, to, "rescue", key] = {"gains": gains, "ratio": ratio}
    return expected


def rank(problem, suggestion: dict) -> tuple:
    """The documented order: pareto by total principal gain, free rescues by the beneficiary's gain,
    other rescues by ratio then gain; then issue, option and beneficiary order."""
    principals = [
        key for key, role in zip(problem.party_keys, problem.roles, strict=True) if role == "principal"
    ]
    issue = problem.issue_keys.index(suggestion["issue"])
    tail = (issue, problem.option_keys[issue].index(suggestion["to"]))
    if suggestion["kind"] == "pareto":
        return (0, 0, -round(sum(suggestion["gains"][p] for p in principals), 6), *tail, -1)
    gain = suggestion["gains"][suggestion["beneficiary"]]
    party = problem.party_keys.index(suggestion["beneficiary"])
    if suggestion["ratio"] is None:
        return (1, 0, -gain, *tail, party)
    return (2, -suggestion["ratio"], -gain, *tail, party)


@settings(max_examples=80, deadline=None)
@given(scenario=documents_with_packages())
def test_suggestions_agree_with_brute_force_over_every_neighbour(scenario):
    document, choices = scenario
    problem = problem_from_document(document)
    every = enumerate_packages(problem)
    n = int(np.flatnonzero((every.packages == problem.choice_indices(choices)).all(axis=1))[0])

    result = suggestions(problem, choices)["suggestions"]

    expected = expected_suggestions(document, problem, every, n)
    found = {(s["issue"], s["from"], s["to"], s["kind"], s["beneficiary"]): s for s in result}
    assert found.keys() == expected.keys()
    assert len(result) == len(found)
    for key, suggestion in found.items():
        gains = dict(zip(problem.party_keys, expected[key]["gains"], strict=True))
        assert suggestion["gains"] == pytest.approx(gains, abs=1e-6)
        assert suggestion["ratio"] == pytest.approx(expected[key]["ratio"], abs=1e-6)
        for party, score in suggestion["package"]["scores"].items():
            assert score == pytest.approx(
                every.scores[n, problem.party_index(party)] + gains[party], abs=1e-6
            )
    assert [rank(problem, s) for s in result] == sorted(rank(problem, s) for s in result)
