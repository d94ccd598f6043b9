from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiations.analysis import ProblemError, evaluate, problem_from_document
from tests.analysis.oracle import enumerate_packages
from tests.analysis.strategies import scenario_documents
from tests.analysis.tables import document_from_tables


def worked_example(*, reservation_a: float = 50) -> dict:
    """Two principals A and B and a mediator M, over issues x (2 options) and y (3 options).

    Normalised weights: A 0.75 on x, 0.25 on y; B 0.5 and 0.5; M 0 and 1. B's red line is x0.
    """
    return document_from_tables(
        parties={"a": ("principal", reservation_a, 60), "b": ("principal", 40, 40), "m": ("mediator", 0, 10)},
        options={"x": ["x0", "x1"], "y": ["y0", "y1", "y2"]},
        weights={"a": {"x": 3, "y": 1}, "b": {"x": 1, "y": 1}, "m": {"x": 0, "y": 2}},
        utilities={
            "a": {"x0": 100, "x1": 20, "y0": 0, "y1": 40, "y2": 80},
            "b": {"x0": 0, "x1": 100, "y0": 100, "y1": 60, "y2": 20},
            "m": {"x0": 50, "x1": 50, "y0": 10, "y1": 90, "y2": 30},
        },
        red_lines={"b": ["x0"]},
    )


def test_scores_add_up_from_weight_times_utility():
    result = evaluate(problem_from_document(worked_example()), {"x": "x1", "y": "y1"})

    a = result["parties"]["a"]
    assert a["breakdown"]["x"] == {
        "weight": 0.75,
        "option": "x1",
        "utility": 20,
        "contribution": 15,
        "range": [15, 15],
    }
    assert a["breakdown"]["y"]["contribution"] == 10  # 0.25 × 40
    assert a["score"] == 25
    assert a["surplus"] == -25
    assert (a["acceptable"], a["status"]) == (False, "below_reservation")
    assert result["parties"]["b"]["score"] == 80  # 0.5 × 100 + 0.5 × 60
    assert result["parties"]["m"]["score"] == 90  # 0 × 50 + 1 × 90
    assert result["complete"] is True
    assert result["in_zopa"] is False
    assert result["nash_product"] is None


def test_a_red_line_makes_a_party_walk_away_whatever_its_score():
    result = evaluate(problem_from_document(worked_example()), {"x": "x0", "y": "y0"})

    b = result["parties"]["b"]
    assert b["score"] == 50  # above its reservation of 40...
    assert b["red_lines"] == ["x0"]  # ...but x0 is a red line
    assert (b["acceptable"], b["status"]) == (False, "red_line")


def test_a_package_every_principal_accepts_is_in_the_zopa_with_its_nash_product():
    result = evaluate(problem_from_document(worked_example(reservation_a=30)), {"x": "x1", "y": "y2"})

    assert result["parties"]["a"]["surplus"] == 5  # 15 + 20 − 30
    assert result["parties"]["b"]["surplus"] == 20  # 50 + 10 − 40
    assert result["in_zopa"] is True
    assert result["nash_product"] == 100  # 5 × 20; the mediator does not count


def test_the_mediator_does_not_veto():
    # Give M a reservation it misses: the package stays in the ZOPA.
    document = worked_example(reservation_a=30)
    document["parties"][2]["reservation"] = 95
    result = evaluate(problem_from_document(document), {"x": "x1", "y": "y2"})

    assert result["parties"]["m"]["acceptable"] is False
    assert result["in_zopa"] is True


def test_open_issues_give_the_range_a_party_can_still_reach():
    result = evaluate(problem_from_document(worked_example()), {"x": None, "y": "y1"})

    assert result["parties"]["a"]["range"] == [25, 85]  # x open: 0.75 × [20, 100] = [15, 75], plus 10
    assert result["parties"]["a"]["breakdown"]["x"]["range"] == [15, 75]
    assert result["parties"]["a"]["score"] is None
    assert result["parties"]["b"]["range"] == [30, 80]
    assert result["parties"]["a"]["status"] == "undecided"
    assert result["complete"] is False
    assert result["in_zopa"] is None


def test_a_partial_package_already_out_of_the_zopa_says_so():
    result = evaluate(problem_from_document(worked_example()), {"x": "x0"})

    assert result["choices"] == {"x": "x0", "y": None}
    assert result["parties"]["b"]["status"] == "red_line"
    assert result["in_zopa"] is False


def test_unknown_keys_are_named_in_the_error():
    problem = problem_from_document(worked_example())

    with pytest.raises(ProblemError) as raised:
        evaluate(problem, {"x": "y0", "z": "x0"})

    assert raised.value.errors == [
        "choices.z: no issue with key 'z'",
        "choices.x: 'y0' is not an option of issue 'x'; choose one of x0, x1 or null",
    ]


def test_a_party_with_no_priorities_cannot_be_analysed():
    document = worked_example()
    for stance in document["stances"]:
        if stance["party"] == "b":
            stance["weight"] = 0

    with pytest.raises(ProblemError) as raised:
        problem_from_document(document)

    assert raised.value.errors == [
        "stances: party 'b' has all weights zero, so it has no priorities; "
        "give at least one issue a positive weight"
    ]


def test_a_missing_valuation_is_an_error_not_a_zero():
    document = worked_example()
    document["valuations"] = [v for v in document["valuations"] if (v["party"], v["option"]) != ("a", "y2")]

    with pytest.raises(ProblemError) as raised:
        problem_from_document(document)

    assert raised.value.errors == ["valuations: no utility for party 'a' on option 'y2'"]


def test_a_scenario_without_principals_cannot_be_analysed():
    document = worked_example()
    for party in document["parties"]:
        party["role"] = "observer"

    with pytest.raises(ProblemError, match="at least one party must be a principal"):
        problem_from_document(document)


@settings(max_examples=60, deadline=None)
@given(document=scenario_documents(), pick=st.integers(min_value=0))
def test_evaluate_agrees_with_brute_force(document, pick):
    problem = problem_from_document(document)
    every = enumerate_packages(problem)
    n = pick % len(every.packages)

    result = evaluate(problem, problem.choices_of(every.packages[n]))

    assert result["in_zopa"] == bool(every.in_zopa[n])
    for p, key in enumerate(problem.party_keys):
        assert result["parties"][key]["score"] == pytest.approx(every.scores[n, p], abs=1e-6)
        assert result["parties"][key]["acceptable"] == bool(every.acceptable[n, p])
