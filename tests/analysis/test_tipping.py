from __future__ import annotations

import copy

import pytest
from hypothesis import given, settings

from negotiations.analysis import ProblemError, evaluate, problem_from_document, tipping_points
from tests.analysis.strategies import documents_with_packages
from tests.analysis.tables import document_from_tables
from tests.analysis.test_evaluate import worked_example


def settlement(*, ukraine_red_line: bool = False) -> dict:
    """Russia weighs NATO membership 40 and the ceasefire 60; the package gives it 0 and 100 there,
    so it scores (40 × 0 + 60 × 100) / 100 = 60 against a reservation of 48."""
    document = document_from_tables(
        parties={"ru": ("principal", 48, 80), "ua": ("principal", 60, 60)},
        options={"nato": ["open", "neutral"], "ceasefire": ["now", "later"]},
        weights={"ru": {"nato": 40, "ceasefire": 60}, "ua": {"nato": 50, "ceasefire": 50}},
        utilities={
            "ru": {"open": 0, "neutral": 100, "now": 100, "later": 0},
            "ua": {"open": 100, "neutral": 0, "now": 80, "later": 20},
        },
        red_lines={"ua": ["open"] if ukraine_red_line else []},
    )
    document["parties"][0]["name"], document["parties"][1]["name"] = "Russia", "Ukraine"
    document["issues"][0]["name"], document["issues"][1]["name"] = "NATO membership", "the ceasefire"
    document["issues"][1]["options"][0]["label"] = "a ceasefire now"
    return document


def test_each_judgement_tips_russia_at_a_closed_form_threshold_smallest_first():
    result = tipping_points(
        problem_from_document(settlement(ukraine_red_line=True)), {"nato": "open", "ceasefire": "now"}
    )

    # Utility of the ceasefire: 0.6 per point, so (48 − 60) / 0.6 = −20 points, to 80.
    # Weight of the ceasefire: w × 100 / (40 + w) = 48 gives 52w = 1920, w = 36.923077, −23.076923.
    # Weight of NATO membership: 60 × 100 / (w + 60) = 48 gives w = 65, 25 more.
    # Russia's utility for NATO membership is 0 already: lowering it cannot tip Russia.
    assert [
        (t["party"], t["kind"], t["issue"], t["option"], t["current"], t["threshold"], t["change"])
        for t in result["tipping_points"]
    ] == [
        ("ru", "utility", "ceasefire", "now", 100, 80, -20),
        ("ru", "weight", "ceasefire", None, 60, 36.923077, -23.076923),
        ("ru", "weight", "nato", None, 40, 65, 25),
    ]
    assert [t["sentence"] for t in result["tipping_points"]] == [
        "If Russia valued a ceasefire now over 20 points lower (utility 100 → 80), it would walk away.",
        "If Russia cared over 23.08 points less about the ceasefire (weight 60 → 36.92), it would walk away.",
        "If Russia cared over 25 points more about NATO membership (weight 40 → 65), it would walk away.",
    ]
    assert {t["flips_to"] for t in result["tipping_points"]} == {"walks_away"}


def test_a_party_behind_a_red_line_has_no_tipping_point():
    # Ukraine scores 0.5 × 100 + 0.5 × 80 = 90 against 60. Without a red line, valuing "open" or "now"
    # 60 points lower would tip it (the tie goes to the earlier issue); its weights cannot, as both
    # utilities are over 60. With "open" as its red line it walks away whatever it weighs.
    package = {"nato": "open", "ceasefire": "now"}
    without = tipping_points(problem_from_document(settlement()), package)["tipping_points"]
    assert [(t["kind"], t["option"], t["threshold"]) for t in without if t["party"] == "ua"] == [
        ("utility", "open", 40),
        ("utility", "now", 20),
    ]

    result = tipping_points(problem_from_document(settlement(ukraine_red_line=True)), package)

    assert "ua" not in {t["party"] for t in result["tipping_points"]}


def test_a_party_below_its_line_is_told_what_would_make_it_accept():
    # Worked example, A at 30, package x1 y0: A scores 0.75 × 20 + 0.25 × 0 = 15. Valuing x1 at 40
    # (+20, 0.75 each) or y0 at 60 (+60, 0.25 each) brings it to 30; its weights cannot: x1 and y0
    # give it 20 and 0, both under 30.
    result = tipping_points(problem_from_document(worked_example(reservation_a=30)), {"x": "x1", "y": "y0"})

    a = [t for t in result["tipping_points"] if t["party"] == "a"]
    assert [(t["kind"], t["option"], t["threshold"], t["flips_to"]) for t in a] == [
        ("utility", "x1", 40, "accepts"),
        ("utility", "y0", 60, "accepts"),
    ]
    assert a[0]["sentence"] == "If A valued x1 20 points higher (utility 20 → 40), it would accept."


def test_a_party_exactly_on_its_line_tips_with_any_move():
    # Worked example, A at 35, package x1 y2: A scores exactly 15 + 20 = 35.
    result = tipping_points(problem_from_document(worked_example(reservation_a=35)), {"x": "x1", "y": "y2"})

    a = [t for t in result["tipping_points"] if t["party"] == "a"]
    assert {t["change"] for t in a} == {0}
    assert "If A cared any more about X, it would walk away." in [t["sentence"] for t in a]
    assert "If A valued y2 any lower, it would walk away." in [t["sentence"] for t in a]


def test_a_partial_package_is_refused_naming_the_open_issue():
    with pytest.raises(ProblemError, match=r"choices\.y: the issue is open"):
        tipping_points(problem_from_document(worked_example()), {"x": "x1"})


def accepts_with(document: dict, choices: dict, party: str, kind: str, issue: str, value: float) -> bool:
    """Whether `party` accepts the package once one weight (on `issue`) or one utility (of the option
    chosen on `issue`) is set to `value`, judged by evaluate on the edited document."""
    edited = copy.deepcopy(document)
    if kind == "weight":
        rows, match = edited["stances"], {"party": party, "issue": issue}
        field = "weight"
    else:
        rows, match = edited["valuations"], {"party": party, "option": choices[issue]}
        field = "utility"
    for row in rows:
        if all(row[k] == v for k, v in match.items()):
            row[field] = value
    return evaluate(problem_from_document(edited), choices)["parties"][party]["acceptable"]


def ranges(document: dict, party: str, issue: str) -> dict[str, tuple[float, float] | None]:
    """How far each judgement can go: a weight from 0 (unless it is the party's only one) to
    practically unbounded, a utility from 0 to 100."""
    weights = {s["issue"]: s["weight"] for s in document["stances"] if s["party"] == party}
    rest = sum(weights.values()) - weights[issue]
    big = 1e6 * (sum(weights.values()) + 1)
    return {"weight": (0 if rest > 0 else None, big), "utility": (0, 100)}


EPSILON = 1e-3


@settings(max_examples=50, deadline=None)
@given(scenario=documents_with_packages())
def test_tipping_points_flip_at_their_threshold_and_exist_exactly_where_some_move_flips(scenario):
    document, choices = scenario
    problem = problem_from_document(document)
    now = evaluate(problem, choices)["parties"]

    result = tipping_points(problem, choices)["tipping_points"]

    found = {(t["party"], t["kind"], t["issue"]): t for t in result}
    assert len(found) == len(result)
    for party in problem.party_keys:
        for issue in problem.issue_keys:
            for kind, (low, high) in ranges(document, party, issue).items():
                flips = [
                    end is not None
                    and accepts_with(document, choices, party, kind, issue, end) != now[party]["acceptable"]
                    for end in (low, high)
                ]
                assert ((party, kind, issue) in found) == any(flips)
                if not any(flips):
                    continue
                point = found[party, kind, issue]
                direction = -1 if flips[0] else 1
                assert point["change"] * direction >= 0
                assert point["threshold"] == pytest.approx(point["current"] + point["change"], abs=1e-6)
                assert point["flips_to"] == ("walks_away" if now[party]["acceptable"] else "accepts")
                past = min(max(point["threshold"] + direction * EPSILON, low), high)
                assert accepts_with(document, choices, party, kind, issue, past) != now[party]["acceptable"]
                if abs(point["change"]) > EPSILON:
                    short = point["threshold"] - direction * EPSILON
                    assert (
                        accepts_with(document, choices, party, kind, issue, short) == now[party]["acceptable"]
                    )
    parties = [t["party"] for t in result]
    assert parties == sorted(parties, key=problem.party_keys.index)
    for party in problem.party_keys:
        changes = [abs(t["change"]) for t in result if t["party"] == party]
        assert changes == sorted(changes)
