"""The bargaining solutions, nearest misses and improvements under a time bound: whatever time
they are given, what they give is what they give without a bound, and what they leave out says so."""

from __future__ import annotations

import pytest

from negotiations.analysis import improvements, milp, problem_from_document, solutions
from negotiations.analysis.bargaining import NAMES, SOLVING_ORDER
from tests.analysis.clock import SteppingClock
from tests.analysis.test_evaluate import worked_example
from tests.analysis.test_improve import two_by_two


@pytest.fixture
def stepping(monkeypatch):
    def install() -> None:
        monkeypatch.setattr(milp, "monotonic", SteppingClock())

    return install


@pytest.fixture
def programmes(monkeypatch):
    """Nearest misses and improvements ranked by the solver's programmes, one at a time, as above
    SEARCH_UP_TO packages (below it a direct search finds them all at once)."""
    monkeypatch.setattr("negotiations.analysis.search.SEARCH_UP_TO", 0)


def test_solutions_settled_in_time_are_the_unbounded_ones_and_the_others_say_so(stepping):
    problem = problem_from_document(worked_example(reservation_a=20))
    unbounded = solutions(problem, seconds=None)
    settled_counts = set()

    for seconds in range(1, 80):
        stepping()
        answer = solutions(problem, seconds=seconds)

        settled = tuple(name for name in SOLVING_ORDER if answer[name] is not None)
        assert settled == SOLVING_ORDER[: len(settled)]  # cheapest first: a hard one starves none before it
        for name in NAMES:
            if name in settled:
                assert (answer[name], answer["reasons"][name]) == (
                    unbounded[name],
                    unbounded["reasons"][name],
                )
            else:
                assert answer["reasons"][name].startswith("Not settled: the bargaining solutions may take")
                assert f"take {seconds} seconds in all" in answer["reasons"][name]
        settled_counts.add(len(settled))

    assert settled_counts == set(range(len(NAMES) + 1))


def test_nearest_misses_cut_short_are_the_first_of_the_full_list(stepping, programmes):
    problem = problem_from_document(worked_example())  # the ZOPA is empty
    unbounded = solutions(problem, seconds=None)["nearest_misses"]
    listed_counts = set()

    for seconds in range(1, 60):
        stepping()
        answer = solutions(problem, seconds=seconds, empty=True)

        misses, cut = answer["nearest_misses"], answer["reasons"]["nearest_misses"]
        assert misses == unbounded[: len(misses)]
        assert all("ZOPA is empty" in answer["reasons"][name] for name in NAMES)
        if len(misses) == len(unbounded):
            assert cut is None
        else:
            assert cut.endswith(
                f"the solver had not proven the next one within the {seconds} seconds "
                "the bargaining solutions may take in all. The command-line analysis "
                "(manage.py analyse --store) takes as long as it needs and keeps its answer for the API "
                "and the pages."
            )
        listed_counts.add(len(misses))

    assert listed_counts == set(range(len(unbounded) + 1))
    assert len(unbounded) == 5


def test_the_reason_counts_the_misses_listed(stepping, programmes):
    problem = problem_from_document(worked_example())
    reasons = {}
    for seconds in range(1, 60):
        stepping()
        answer = solutions(problem, seconds=seconds, empty=True)
        reasons.setdefault(len(answer["nearest_misses"]), answer["reasons"]["nearest_misses"])

    assert reasons[0].startswith("No nearest miss is listed:")
    assert reasons[1].startswith("Only the closest miss is listed:")
    assert reasons[3].startswith("Only the 3 closest misses are listed:")
    assert reasons[5] is None


def test_with_no_time_at_all_nothing_is_claimed():
    answer = solutions(problem_from_document(worked_example(reservation_a=20)), seconds=0)

    assert all(answer[name] is None for name in NAMES)
    assert all("may take 0 seconds in all" in answer["reasons"][name] for name in NAMES)
    assert answer["nearest_misses"] == []


def test_an_empty_zopa_known_from_its_count_gives_the_same_answer():
    problem = problem_from_document(worked_example())

    assert solutions(problem, empty=True) == solutions(problem)


def test_improvements_settled_in_time_are_the_first_of_the_full_list(stepping, programmes):
    problem = problem_from_document(two_by_two())
    deal = {"x": "x0", "y": "y0"}  # improved on by x1 y0 (+20, +20), then x1 y1 (+40, 0)
    unbounded = improvements(problem, deal, seconds=None)
    notes = {}

    for seconds in range(1, 40):
        stepping()
        answer = improvements(problem, deal, seconds=seconds)

        listed = answer["packages"]
        assert listed == unbounded["packages"][: len(listed)]
        notes.setdefault(len(listed), answer)

    assert unbounded["note"] is None
    assert len(unbounded["packages"]) == 2
    assert set(notes) == {0, 1, 2}
    nothing = notes[0]
    assert (nothing["distance"], nothing["efficient"], nothing["recommended"]) == (None, None, None)
    assert nothing["note"].startswith("Not settled: the solver had not proven within ")
    first = notes[1]
    assert (first["distance"], first["efficient"]) == (20, False)
    assert first["recommended"] == unbounded["recommended"]
    assert first["note"].startswith("Only the best improvement is listed: the solver had not proven the next")
    assert notes[2] == unbounded


def test_an_efficient_deal_is_only_called_efficient_once_that_is_proven(stepping):
    problem = problem_from_document(two_by_two())
    deal = {"x": "x1", "y": "y0"}  # (50, 80): nothing gives both at least as much and one more

    assert improvements(problem, deal, seconds=None)["efficient"] is True
    stepping()
    assert improvements(problem, deal, seconds=1)["efficient"] is None
