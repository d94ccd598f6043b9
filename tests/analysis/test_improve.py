from __future__ import annotations

from unittest.mock import patch

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiations.analysis import ProblemError, improvements, problem_from_document, search
from negotiations.analysis.search import SEARCH_UP_TO
from tests.analysis.oracle import enumerate_packages, pareto_mask, ranking
from tests.analysis.strategies import scenario_documents
from tests.analysis.tables import document_from_tables


def two_by_two() -> dict:
    """A and B weigh x and y equally; M (a mediator) only cares about y.

    Scores (A, B): x0 y0 (30, 60), x0 y1 (50, 40), x1 y0 (50, 80), x1 y1 (70, 60); M: y0 20, y1 90.
    """
    return document_from_tables(
        parties={"a": ("principal", 0, 50), "b": ("principal", 0, 50), "m": ("mediator", 0, 10)},
        options={"x": ["x0", "x1"], "y": ["y0", "y1"]},
        weights={"a": {"x": 1, "y": 1}, "b": {"x": 1, "y": 1}, "m": {"x": 0, "y": 1}},
        utilities={
            "a": {"x0": 20, "x1": 60, "y0": 40, "y1": 80},
            "b": {"x0": 30, "x1": 70, "y0": 90, "y1": 50},
            "m": {"x0": 0, "x1": 0, "y0": 20, "y1": 90},
        },
    )


def test_a_dominated_deal_has_improvements_led_by_the_largest_shared_gain():
    answer = improvements(problem_from_document(two_by_two()), {"x": "x0", "y": "y0"})

    # From (30, 60): x1 y0 gives (+20, +20); x1 y1 gives (+40, 0), which still counts (one gains,
    # nobody loses); x0 y1 costs B 20.
    assert [p["choices"] for p in answer["packages"]] == [{"x": "x1", "y": "y0"}, {"x": "x1", "y": "y1"}]
    assert answer["packages"][0]["gains"] == {"a": 20, "b": 20, "m": 0}
    assert answer["packages"][1]["gains"] == {"a": 40, "b": 0, "m": 70}  # M is shown, not counted
    assert answer["recommended"] == answer["packages"][0]
    assert (answer["distance"], answer["efficient"]) == (20, False)


def test_a_deal_on_the_frontier_has_no_improvement():
    answer = improvements(problem_from_document(two_by_two()), {"x": "x1", "y": "y0"})

    assert answer == {"distance": 0, "efficient": True, "recommended": None, "packages": [], "note": None}


def test_only_weak_improvements_leave_the_distance_at_zero():
    # From x0 y1 (50, 40): x1 y0 (50, 80) gains B 40 but A nothing; x1 y1 (70, 60) gains both 20.
    answer = improvements(problem_from_document(two_by_two()), {"x": "x0", "y": "y1"}, limit=1)

    assert answer["recommended"]["choices"] == {"x": "x1", "y": "y1"}
    assert answer["distance"] == 20
    assert len(answer["packages"]) == 1


def test_weak_improvements_tied_over_an_issue_nobody_weighs_are_all_found():
    # From x0 y0 z0, A scores 0 and B 37.5. Only x1 helps: B gains 5 (half of 10), A nothing; z is
    # weighed by nobody, so x1 y0 with any z ties, listed in option order. (The solver's presolve
    # once called this programme infeasible: B's gain of 5 clears the "someone gains" row, while
    # y0 alone misses it by a hair.)
    document = document_from_tables(
        parties={"a": ("principal", 0, 50), "b": ("principal", 0, 50)},
        options={"x": ["x0", "x1"], "y": ["y0", "y1", "y2", "y3", "y4"], "z": ["z0", "z1", "z2", "z3", "z4"]},
        weights={"a": {"x": 0, "y": 1, "z": 0}, "b": {"x": 1, "y": 1, "z": 0}},
        utilities={
            "a": {"x0": 0, "x1": 0, "y0": 0, "y1": 10, "y2": 0, "y3": 10, "y4": 0}
            | dict.fromkeys(["z0", "z1", "z2", "z3", "z4"], 0),
            "b": {"x0": 0, "x1": 10, "y0": 75, "y1": 50, "y2": 0, "y3": 50, "y4": 0}
            | dict.fromkeys(["z0", "z1", "z2", "z3", "z4"], 0),
        },
    )

    answer = improvements(problem_from_document(document), {"x": "x0", "y": "y0", "z": "z0"}, limit=4)

    assert [p["choices"] for p in answer["packages"]] == [
        {"x": "x1", "y": "y0", "z": z} for z in ("z0", "z1", "z2", "z3")
    ]
    assert answer["packages"][0]["gains"] == {"a": 0, "b": 5}
    assert (answer["distance"], answer["efficient"]) == (0, False)


def test_an_open_issue_is_an_error_naming_it():
    with pytest.raises(ProblemError, match=r"choices\.y: the issue is open"):
        improvements(problem_from_document(two_by_two()), {"x": "x0"})


@pytest.mark.parametrize("search_up_to", [SEARCH_UP_TO, 0], ids=["search", "programmes"])
@settings(max_examples=100, deadline=None)
@given(document=scenario_documents(), data=st.data())
def test_improvements_agree_with_brute_force(search_up_to, document, data):
    problem = problem_from_document(document)
    e = enumerate_packages(problem)
    deal = data.draw(st.integers(0, len(e.packages) - 1))
    gains = e.scores[:, problem.principal] - e.scores[deal, problem.principal]
    better = (gains >= -1e-9).all(axis=1) & (gains > 1e-9).any(axis=1)

    with patch.object(search, "SEARCH_UP_TO", search_up_to):
        answer = improvements(problem, problem.choices_of(e.packages[deal]), limit=4)

    expected = ranking(gains.min(axis=1), better, 4)
    assert [p["choices"] for p in answer["packages"]] == [problem.choices_of(e.packages[n]) for n in expected]
    assert answer["efficient"] is bool(pareto_mask(e.scores[:, problem.principal])[deal])
    distance = max(0.0, round(float(gains[expected[0]].min()), 6)) if expected else 0.0
    assert answer["distance"] == pytest.approx(distance, abs=1e-6)
    assert np.isclose(answer["distance"], 0) or not answer["efficient"]
