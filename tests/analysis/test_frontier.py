from __future__ import annotations

import importlib
from unittest.mock import patch

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiations.analysis import evaluate, frontier, frontier_2d, problem_from_document
from negotiations.analysis.frontier import MAX_WORK, nondominated
from negotiations.analysis.merge import quantise
from tests.analysis.oracle import enumerate_packages, pareto_mask
from tests.analysis.strategies import scenario_documents
from tests.analysis.tables import document_from_tables
from tests.analysis.test_zopa import opposed_scenario


def tied_example() -> dict:
    """Principals A and B, observer M; issues x (3 options), y (2) and z (2).

    A weighs x and y equally and z not at all; B cares only about x; M only about z. A has a red
    line on x1, B on y1: red lines play no part in Pareto.

        package   A = ½·x + ½·y     B = x
        x0 y0     ½·0  + ½·0   = 0    100
        x0 y1     ½·0  + ½·100 = 50   100   beats x0 y0 (A higher, B equal)
        x1 y0     ½·50 + ½·0   = 25    50
        x1 y1     ½·50 + ½·100 = 75    50   beats x1 y0, x2 y0 and x2 y1 (70, 40)
        x2 y0     ½·40 + ½·0   = 20    40
        x2 y1     ½·40 + ½·100 = 70    40

    z changes neither principal's score, so x0 y1 and x1 y1 each stand for two packages with the
    same score vector, and all four are efficient.
    """
    return document_from_tables(
        parties={"a": ("principal", 60, 50), "b": ("principal", 60, 50), "m": ("observer", 0, 10)},
        options={"x": ["x0", "x1", "x2"], "y": ["y0", "y1"], "z": ["z0", "z1"]},
        weights={"a": {"x": 1, "y": 1, "z": 0}, "b": {"x": 1, "y": 0, "z": 0}, "m": {"x": 0, "y": 0, "z": 1}},
        utilities={
            "a": {"x0": 0, "x1": 50, "x2": 40, "y0": 0, "y1": 100, "z0": 30, "z1": 70},
            "b": {"x0": 100, "x1": 50, "x2": 40, "y0": 10, "y1": 90, "z0": 0, "z1": 100},
            "m": {"x0": 0, "x1": 100, "x2": 100, "y0": 100, "y1": 0, "z0": 30, "z1": 80},
        },
        red_lines={"a": ["x1"], "b": ["y1"]},
    )


def test_hand_worked_frontier_keeps_every_package_with_an_efficient_score_vector():
    answer = frontier(problem_from_document(tied_example()))

    assert answer == {
        "size": 4,
        "exact": True,
        "packages": [
            {"choices": {"x": "x0", "y": "y1", "z": "z0"}, "scores": {"a": 50, "b": 100, "m": 30}},
            {"choices": {"x": "x0", "y": "y1", "z": "z1"}, "scores": {"a": 50, "b": 100, "m": 80}},
            {"choices": {"x": "x1", "y": "y1", "z": "z0"}, "scores": {"a": 75, "b": 50, "m": 30}},
            {"choices": {"x": "x1", "y": "y1", "z": "z1"}, "scores": {"a": 75, "b": 50, "m": 80}},
        ],
        "truncated": False,
        "note": None,
    }


def test_a_frontier_over_the_limit_lists_one_package_per_score_vector():
    answer = frontier(problem_from_document(tied_example()), limit=3)

    assert (answer["size"], answer["exact"], answer["truncated"]) == (4, True, True)
    assert [p["choices"] for p in answer["packages"]] == [
        {"x": "x0", "y": "y1", "z": "z0"},
        {"x": "x1", "y": "y1", "z": "z0"},
    ]


def test_hand_worked_two_party_frontiers():
    problem = problem_from_document(tied_example())

    ab = frontier_2d(problem, "a", "b")
    # M counts here: between A (best 75, from x1 y1) and M (best 80, from z1) nothing is traded off.
    am = frontier_2d(problem, "a", "m")

    assert [(p["scores"]["a"], p["scores"]["b"]) for p in ab["frontier"]] == [(50, 100), (75, 50)]
    assert [p["choices"] for p in ab["frontier"]] == [
        {"x": "x0", "y": "y1", "z": "z0"},
        {"x": "x1", "y": "y1", "z": "z0"},
    ]
    assert ab["reservation"] == {"a": 60, "b": 60}
    assert (ab["parties"], ab["exact"]) == (["a", "b"], True)
    assert [p["choices"] for p in am["frontier"]] == [{"x": "x1", "y": "y1", "z": "z1"}]


def test_a_small_space_is_sampled_whole_in_lexicographic_order():
    answer = frontier_2d(problem_from_document(tied_example()), "a", "b")

    # x0 y0 z0, x0 y0 z1, x0 y1 z0, ...: z changes neither score, so each point comes twice.
    expected = [(0, 100), (50, 100), (25, 50), (75, 50), (20, 40), (70, 40)]
    assert [(s["x"], s["y"]) for s in answer["sample"]] == [point for point in expected for _ in range(2)]


def test_thirty_issues_of_opposed_interests_put_every_package_on_the_frontier():
    # A scores (25/30)·T and B 100 − (25/30)·T: every gain of one is the other's loss, so all 5^30
    # packages are efficient, behind the 121 possible totals T = 0..120.
    answer = frontier(problem_from_document(opposed_scenario(30, reservation=40)))

    assert (answer["size"], answer["exact"], answer["truncated"]) == (5**30, True, True)
    assert len(answer["packages"]) == 121
    a_scores = [p["scores"]["a"] for p in answer["packages"]]
    assert sorted(a_scores) == [round(25 * total / 30, 6) for total in range(121)]


def random_document(issues: int, options: int, principals: int, seed: int) -> dict:
    """Unrelated random interests: the frontier of many principals is most of the package space."""
    rng = np.random.default_rng(seed)
    option_keys = {f"i{i}": [f"i{i}o{j}" for j in range(options)] for i in range(issues)}
    parties = {f"p{p}": ("principal", 50, 50) for p in range(principals)}
    return document_from_tables(
        parties=parties,
        options=option_keys,
        weights={p: {i: int(rng.integers(1, 10)) for i in option_keys} for p in parties},
        utilities={
            p: {o: int(rng.integers(0, 101)) for keys in option_keys.values() for o in keys} for p in parties
        },
    )


def test_thirty_issues_of_unrelated_interests_give_an_honest_answer_in_bounded_memory():
    problem = problem_from_document(random_document(30, 5, principals=4, seed=1))

    answer = frontier(problem, limit=20)

    assert answer["exact"] is False
    assert answer["size"] is None
    assert "too large to compute exactly" in answer["note"]
    assert answer["truncated"] is True
    # What is listed is certainly efficient: no listed package beats another, and the package with
    # the largest total score is at least as good on that total as any package drawn at random.
    listed = np.array([[p["scores"][k] for k in problem.party_keys] for p in answer["packages"]])
    assert 1 <= len(listed) <= 20
    for row in listed:
        assert not ((listed >= row).all(axis=1) & (listed > row).any(axis=1)).any()
    rng = np.random.default_rng(3)
    drawn = [
        evaluate(
            problem,
            {
                i: str(rng.choice(keys))
                for i, keys in zip(problem.issue_keys, problem.option_keys, strict=True)
            },
        )
        for _ in range(300)
    ]
    best_drawn = max(sum(p["score"] for p in result["parties"].values()) for result in drawn)
    assert listed.sum(axis=1).max() >= best_drawn - 1e-6


def test_thirty_issues_two_party_frontier_is_exact_and_beaten_by_no_sampled_package():
    problem = problem_from_document(random_document(30, 5, principals=4, seed=2))

    answer = frontier_2d(problem, "p0", "p3", sample=5000, seed=7)

    points = np.array([(p["scores"]["p0"], p["scores"]["p3"]) for p in answer["frontier"]])
    sample = np.array([(s["x"], s["y"]) for s in answer["sample"]])
    assert answer["exact"] is True
    assert len(sample) == 5000
    assert (np.diff(points[:, 0]) > 0).all()
    assert (np.diff(points[:, 1]) < 0).all()
    for point in points:
        assert not ((sample >= point + 1e-6).all(axis=1)).any()
    assert answer == frontier_2d(problem, "p0", "p3", sample=5000, seed=7)
    assert answer["sample"] != frontier_2d(problem, "p0", "p3", sample=5000, seed=8)["sample"]


def test_eight_unrelated_principals_over_a_million_packages_get_the_exact_frontier():
    # 10^6 packages, 82,144 of them efficient behind as many score vectors: four times the cap of
    # 20,000 vectors that applies above EXACT_UP_TO. Brute force scores every package and filters
    # their score vectors at once (`nondominated` is checked against `pareto_mask` below; the
    # quadratic `pareto_mask` itself would take hours here).
    problem = problem_from_document(random_document(6, 10, principals=8, seed=0))
    table = enumerate_packages(problem)
    keys = quantise(table.scores[:, problem.principal])
    distinct, first, inverse = np.unique(keys, axis=0, return_index=True, return_inverse=True)
    undominated = nondominated(distinct)
    efficient = np.flatnonzero(undominated[inverse.ravel()])
    representatives = np.sort(first[undominated])

    whole = frontier(problem, limit=problem.space_size)
    listed = frontier(problem)

    spread = representatives[np.rint(np.linspace(0, len(representatives) - 1, 200)).astype(int)]
    assert (whole["size"], whole["exact"], whole["truncated"]) == (len(efficient), True, False)
    assert indices_of(problem, whole) == table.packages[efficient].tolist()
    assert (listed["size"], listed["exact"], listed["truncated"]) == (len(efficient), True, True)
    assert indices_of(problem, listed) == table.packages[spread].tolist()


def test_the_subset_listed_of_a_large_frontier_is_the_same_every_time():
    document = random_document(7, 5, principals=8, seed=4)

    answers = [frontier(problem_from_document(document), limit=25) for _ in range(2)]

    assert answers[0] == answers[1]
    assert answers[0]["size"] > 25
    assert (answers[0]["exact"], answers[0]["truncated"], len(answers[0]["packages"])) == (True, True, 25)
    indices = indices_of(problem_from_document(document), answers[0])
    assert indices == sorted(indices)


def indices_of(problem, answer):
    return [problem.choice_indices(p["choices"]) for p in answer["packages"]]


def test_the_dominance_filter_agrees_with_brute_force_down_to_its_smallest_pieces(monkeypatch):
    # Pieces this small send a few hundred rows through every branch of the divide and conquer.
    module = importlib.import_module("negotiations.analysis.frontier")
    monkeypatch.setattr(module, "LEAF", 16)
    monkeypatch.setattr(module, "SMALL", 4)
    rng = np.random.default_rng(0)
    banded = 0
    for round in range(300):
        scores, top = int(rng.integers(3, 9)), int(rng.integers(2, 12))
        keys = rng.integers(0, top, size=(int(rng.integers(1, 400)), scores))
        weights = np.zeros(scores)
        if round % 3 == 1:  # one score exactly opposed to another: splitting on it prunes pieces whole
            keys[:, -1] = top - keys[:, 0]
            weights[[0, -1]] = 1.0
        elif round % 3 == 2:  # scores that add up to nearly the same: most rows undominated
            keys[:, -1] = scores * top - keys[:, :-1].sum(axis=1) + rng.integers(0, 2, len(keys))
            weights[:] = 1.0
        keys = np.unique(keys, axis=0)
        expected = pareto_mask(keys.astype(float))

        assert np.array_equal(nondominated(keys), expected)
        if round % 3:
            # The same rows compared only within bands of the first score that the sum confines.
            band = module._Band(0, weights, spread=0.0)
            assert np.array_equal(nondominated(keys, band), expected)
            banded += band.nondominated(keys, module._Budget(None)) is not None

    # Scores of a dozen values leave many rows per band: a quarter were narrow enough to be used.
    assert banded > 40


def test_a_zero_sum_frontier_is_settled_within_far_less_work_than_comparing_every_score(monkeypatch):
    # Eight principals split every option's 100 points, weighing the issues alike: every package
    # scores 100 in all, so none dominates another and all 10^5 are efficient, behind 10^5 distinct
    # score vectors that the general test would have to tell apart in eight dimensions.
    document = random_document(5, 10, principals=8, seed=0)
    share_out(document, seed=0)
    problem = problem_from_document(document)
    work = 2 * 10**8

    settled = frontier(problem, max_work=work)
    monkeypatch.setattr(importlib.import_module("negotiations.analysis.frontier"), "BAND", -1)
    unbanded = frontier(problem, max_work=work)

    assert (settled["size"], settled["exact"]) == (10**5, True)
    assert (unbanded["size"], unbanded["exact"]) == (None, False)
    assert "more work than 200,000,000 comparisons" in unbanded["note"]


def share_out(document: dict, seed: int) -> None:
    """Make a `random_document` zero-sum: every principal weighs the issues as p0 does, and each
    option's utilities are a random split of 100 points between the principals."""
    rng = np.random.default_rng(seed)
    weights = {s["issue"]: s["weight"] for s in document["stances"] if s["party"] == "p0"}
    for stance in document["stances"]:
        stance["weight"] = weights[stance["issue"]]
    parties = sorted({v["party"] for v in document["valuations"]})
    shares = {}
    for valuation in document["valuations"]:
        option = valuation["option"]
        if option not in shares:
            shares[option] = dict(zip(parties, 100 * rng.dirichlet(np.ones(len(parties))), strict=True))
        valuation["utility"] = float(shares[option][valuation["party"]])


def test_a_frontier_needing_more_work_than_allowed_says_so():
    problem = problem_from_document(random_document(5, 4, principals=4, seed=5))
    table, efficient, _ = brute_force_frontier(problem, np.flatnonzero(problem.principal))

    exact = frontier(problem, limit=5)
    bounded = frontier(problem, limit=5, max_work=1_000)

    assert (exact["exact"], exact["size"]) == (True, len(efficient))
    assert (bounded["exact"], bounded["size"], bounded["truncated"]) == (False, None, True)
    assert "in bounded time" in bounded["note"]
    assert "more work than 1,000 comparisons" in bounded["note"]
    listed = [p["choices"] for p in bounded["packages"]]
    assert listed
    assert all(c in choices(problem, table, efficient) for c in listed)


def brute_force_frontier(problem, parties):
    """Option-index packages on the frontier over `parties`, and their distinct score vectors'
    lexicographically smallest packages."""
    table = enumerate_packages(problem)
    scores = table.scores[:, parties]
    efficient = np.flatnonzero(pareto_mask(scores))
    seen, representatives = set(), []
    for n in efficient:
        key = tuple(np.rint(scores[n] / 1e-9).astype(np.int64))
        if key not in seen:
            seen.add(key)
            representatives.append(n)
    return table, efficient, representatives


def choices(problem, table, rows):
    return [problem.choices_of(table.packages[n]) for n in rows]


@settings(max_examples=200, deadline=None)
@given(
    document=st.one_of(scenario_documents(), scenario_documents(related=True)),
    limit=st.sampled_from([1, 2, 5, 200]),
)
def test_frontier_agrees_with_brute_force(document, limit):
    problem = problem_from_document(document)
    table, efficient, representatives = brute_force_frontier(problem, np.flatnonzero(problem.principal))

    # Bands are looked for in spaces this small too, and used where they are narrow.
    with patch.object(importlib.import_module("negotiations.analysis.frontier"), "BANDS_FROM", 0):
        answer = frontier(problem, limit=limit)

    assert (answer["size"], answer["exact"], answer["note"]) == (len(efficient), True, None)
    assert answer["truncated"] is (len(efficient) > limit)
    listed = [p["choices"] for p in answer["packages"]]
    if len(efficient) <= limit:
        assert listed == choices(problem, table, efficient)
    else:
        spread = np.unique(
            np.rint(np.linspace(0, len(representatives) - 1, min(limit, len(representatives))))
        )
        assert listed == choices(problem, table, [representatives[int(n)] for n in spread])
    for package in answer["packages"]:
        row = np.ravel_multi_index(problem.choice_indices(package["choices"]), problem.option_counts)
        assert package["scores"] == dict(zip(problem.party_keys, np.round(table.scores[row], 6), strict=True))


@settings(max_examples=100, deadline=None)
@given(
    document=scenario_documents(),
    cap=st.one_of(st.none(), st.integers(1, 4)),
    work=st.sampled_from([0, 20, 400, MAX_WORK]),
)
def test_a_frontier_over_its_memory_or_time_bound_lists_only_efficient_packages(document, cap, work):
    problem = problem_from_document(document)
    table, efficient, _ = brute_force_frontier(problem, np.flatnonzero(problem.principal))

    # The cap on vectors only ever applies above EXACT_UP_TO packages: lowered to 0, it applies here.
    bounds = {"max_work": work} if cap is None else {"exact_up_to": 0, "max_vectors": cap, "max_work": work}
    answer = frontier(problem, limit=5, **bounds)

    if answer["exact"]:
        assert answer["size"] == len(efficient)
    else:
        assert answer["size"] is None
        assert answer["note"]
        assert 1 <= len(answer["packages"]) <= 5
        listed = {tuple(p["choices"].items()) for p in answer["packages"]}
        assert listed <= {tuple(c.items()) for c in choices(problem, table, efficient)}


@settings(max_examples=150, deadline=None)
@given(document=scenario_documents(), data=st.data())
def test_two_party_frontier_agrees_with_brute_force(document, data):
    problem = problem_from_document(document)
    first = data.draw(st.sampled_from(problem.party_keys))
    second = data.draw(st.sampled_from(problem.party_keys))
    pair = [problem.party_index(first), problem.party_index(second)]
    table, _, representatives = brute_force_frontier(problem, pair)

    answer = frontier_2d(problem, first, second, sample=50)

    by_score = sorted(representatives, key=lambda n: tuple(np.round(table.scores[n, pair], 6)))
    assert [p["choices"] for p in answer["frontier"]] == choices(problem, table, by_score)
    if problem.space_size <= 50:
        expected = [{"x": round(float(x), 6), "y": round(float(y), 6)} for x, y in table.scores[:, pair]]
        assert answer["sample"] == expected
    else:
        possible = {(round(float(x), 6), round(float(y), 6)) for x, y in table.scores[:, pair]}
        assert len(answer["sample"]) == 50
        assert {(s["x"], s["y"]) for s in answer["sample"]} <= possible
