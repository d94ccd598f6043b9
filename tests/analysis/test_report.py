from __future__ import annotations

from negotiations.analysis import analyse, forecast, frontier, problem_from_document, solutions, zopa
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
