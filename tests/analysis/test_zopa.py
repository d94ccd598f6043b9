from __future__ import annotations

import importlib
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from negotiations.analysis import problem_from_document, zopa
from tests.analysis.oracle import enumerate_packages
from tests.analysis.strategies import scenario_documents
from tests.analysis.tables import document_from_tables
from tests.analysis.test_evaluate import worked_example


def test_a_red_line_and_a_high_reservation_leave_no_zopa():
    # B's red line x0 leaves x1 with y0, y1, y2; A scores 15 + 0, 15 + 10, 15 + 20, all below 50.
    answer = zopa(problem_from_document(worked_example()))

    assert answer == {"size": 0, "exact": True, "lower": 0, "upper": 0, "empty": True, "note": None}


def test_lowering_a_reservation_opens_the_zopa_one_package_at_a_time():
    # A at 30: only x1 y2 (A 35, B 50 + 10 = 60). A at 20: x1 y1 too (A 25, B 50 + 30 = 80).
    assert zopa(problem_from_document(worked_example(reservation_a=30)))["size"] == 1
    assert zopa(problem_from_document(worked_example(reservation_a=20)))["size"] == 2


def test_a_score_exactly_at_the_reservation_is_acceptable():
    # A at 35 is exactly what x1 y2 gives A (0.75 × 20 + 0.25 × 80).
    assert zopa(problem_from_document(worked_example(reservation_a=35)))["size"] == 1


def test_only_principals_veto():
    document = worked_example(reservation_a=30)
    document["parties"][2]["reservation"] = 100  # the mediator accepts nothing
    document["valuations"] = [
        {**v, "red_line": True} if v["party"] == "m" else v for v in document["valuations"]
    ]

    assert zopa(problem_from_document(document))["size"] == 1


def test_without_the_red_line_x0_y0_joins():
    # x0 y0: A 75 + 0 = 75, B 0 + 50 = 50 ≥ 40; x0 y1 gives B 30 and x0 y2 gives B 10.
    document = worked_example(reservation_a=30)
    document["valuations"] = [{**v, "red_line": False} for v in document["valuations"]]

    assert zopa(problem_from_document(document))["size"] == 2


def opposed_scenario(issues: int, reservation: float) -> dict:
    """A and B split every issue: option j gives A 25·j and B 100 − 25·j, all weights equal.

    With T = Σ j over the issues, A scores (25/issues)·T and B 100 − (25/issues)·T.
    """
    options = {f"i{i}": [f"i{i}o{j}" for j in range(5)] for i in range(issues)}
    return document_from_tables(
        parties={"a": ("principal", reservation, 50), "b": ("principal", reservation, 50)},
        options=options,
        weights={p: dict.fromkeys(options, 1) for p in "ab"},
        utilities={
            "a": {o: 25 * j for keys in options.values() for j, o in enumerate(keys)},
            "b": {o: 100 - 25 * j for keys in options.values() for j, o in enumerate(keys)},
        },
    )


def packages_with_total(issues: int, totals: range) -> int:
    """How many ways issues picks of 0..4 add up to a total in `totals`: the coefficients of
    (1 + x + x² + x³ + x⁴)^issues, multiplied out with Python integers."""
    coefficients = [1]
    for _ in range(issues):
        grown = [0] * (len(coefficients) + 4)
        for total, ways in enumerate(coefficients):
            for j in range(5):
                grown[total + j] += ways
        coefficients = grown
    return sum(coefficients[t] for t in totals)


def test_thirty_issues_count_exactly_without_listing_ten_to_the_twenty_one_packages():
    # Both at 40: A needs (25/30)·T ≥ 40, so T ≥ 48; B needs 100 − (25/30)·T ≥ 40, so T ≤ 72.
    answer = zopa(problem_from_document(opposed_scenario(30, reservation=40)))

    assert answer["exact"] is True
    assert answer["size"] == packages_with_total(30, range(48, 73))
    assert 0 < answer["size"] < 5**30


def test_an_impossible_pair_of_demands_is_an_exactly_empty_zopa():
    # Both at 60: T ≥ 72 and T ≤ 48 at once.
    answer = zopa(problem_from_document(opposed_scenario(30, reservation=60)))

    assert (answer["size"], answer["exact"], answer["empty"]) == (0, True, True)


@settings(max_examples=150, deadline=None)
@given(document=scenario_documents())
def test_zopa_size_agrees_with_brute_force(document):
    problem = problem_from_document(document)

    answer = zopa(problem)

    assert answer["exact"] is True
    assert answer["size"] == int(enumerate_packages(problem).in_zopa.sum())
    assert answer["empty"] is (answer["size"] == 0)


@settings(max_examples=100, deadline=None)
@given(document=scenario_documents(), work=st.integers(1, 200))
def test_a_count_cut_short_says_so_and_brackets_the_truth(document, work):
    problem = problem_from_document(document)
    truth = int(enumerate_packages(problem).in_zopa.sum())

    answer = zopa(problem, max_work=work)

    assert answer["lower"] <= truth <= answer["upper"]
    assert answer["size"] == answer["lower"]
    assert answer["exact"] is (answer["lower"] == answer["upper"])
    assert (answer["note"] is None) is answer["exact"]


@settings(max_examples=150, deadline=None)
@given(document=scenario_documents(), tail=st.sampled_from([1, 5, 30, 200]), leaf=st.sampled_from([1, 2, 7]))
def test_zopa_size_agrees_with_brute_force_however_the_walk_and_the_tail_share_the_issues(
    document, tail, leaf
):
    # Small tails make the walk go deep; small boxes make box corners settle most comparisons.
    problem = problem_from_document(document)
    module = importlib.import_module("negotiations.analysis.zopa")  # the package exports the function

    with mock.patch.object(module, "TAIL", tail), mock.patch.object(module, "LEAF", leaf):
        answer = zopa(problem)

    assert answer["exact"] is True
    assert answer["size"] == int(enumerate_packages(problem).in_zopa.sum())
