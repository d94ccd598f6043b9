from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import beta

from negotiations.analysis import ProblemError, evaluate, problem_from_document, sensitivity
from tests.analysis.strategies import documents_with_packages
from tests.analysis.tables import document_from_tables
from tests.analysis.test_evaluate import worked_example

PACKAGE = {"x": "x0", "y": "y0"}
# With 100,000 draws a share's standard error is at most 0.0016: 0.01 is six of them.
DRAWS, SPREAD = 100_000, 0.01


def one_party(*, utilities: tuple[float, float], reservation: float, weights: tuple[float, float] = (1, 1)):
    """A single principal and a package of one option on each of x and y."""
    return problem_from_document(
        document_from_tables(
            parties={"a": ("principal", reservation, 50)},
            options={"x": ["x0"], "y": ["y0"]},
            weights={"a": {"x": weights[0], "y": weights[1]}},
            utilities={"a": {"x0": utilities[0], "y0": utilities[1]}},
        )
    )


def test_the_same_seed_gives_the_same_answer_and_another_seed_another():
    # A scores 35 against 30 at x1 y2: a margin that perturbation sometimes overturns.
    problem = problem_from_document(worked_example(reservation_a=30))
    package = {"x": "x1", "y": "y2"}

    first = sensitivity(problem, package, n=2000, seed=7)

    assert first == sensitivity(problem, package, n=2000, seed=7)
    assert 0 < first["parties"]["a"]["acceptable"] < 1
    assert sensitivity(problem, package, n=2000, seed=8)["parties"]["a"] != first["parties"]["a"]
    assert {k: first[k] for k in ("n", "seed", "kappa", "delta")} == {
        "n": 2000,
        "seed": 7,
        "kappa": 100,
        "delta": 5,
    }


def test_utility_noise_gives_the_triangular_chance_of_keeping_a_margin():
    # Score 0.5 × (50 + e₁) + 0.5 × (50 + e₂) with e uniform on ±δ: the shift (e₁ + e₂)/2 is
    # triangular on ±δ, and stays above −2 (the margin over 48) with probability 1 − (δ − 2)²/(2δ²):
    # δ = 2 → 1, δ = 10 → 1 − 64/200 = 0.68, δ = 50 → 1 − 2304/5000 = 0.5392.
    problem = one_party(utilities=(50, 50), reservation=48)

    def share(delta):
        return sensitivity(problem, PACKAGE, n=DRAWS, kappa=1e30, delta=delta)["parties"]["a"]["acceptable"]

    assert share(0) == 1
    assert share(2) == 1
    assert share(10) == pytest.approx(0.68, abs=SPREAD)
    assert share(50) == pytest.approx(0.5392, abs=SPREAD)


def test_weights_follow_a_dirichlet_of_concentration_kappa_around_the_normalised_weights():
    # Score 100·w with w ~ Beta(κ/2, κ/2), the first weight of a Dirichlet(κ × (0.5, 0.5)); it
    # clears 40 when w ≥ 0.4. κ = 2 makes w uniform: 0.6. Larger κ concentrates w at 0.5.
    problem = one_party(utilities=(100, 0), reservation=40)

    def share(kappa):
        return sensitivity(problem, PACKAGE, n=DRAWS, kappa=kappa, delta=0)["parties"]["a"]["acceptable"]

    assert share(2) == pytest.approx(0.6, abs=SPREAD)
    assert share(20) == pytest.approx(beta.sf(0.4, 10, 10), abs=SPREAD)
    assert share(200) == pytest.approx(beta.sf(0.4, 100, 100), abs=SPREAD)
    assert share(2) < share(20) < share(200)


def test_an_issue_given_no_weight_stays_out_of_every_draw():
    # A weighs only y, where the package gives it 100 against a reservation of 100; x (utility 0)
    # would pull it down if any weight leaked onto it, even at κ = 1 and with no utility noise.
    problem = one_party(utilities=(0, 100), reservation=100, weights=(0, 3))

    assert sensitivity(problem, PACKAGE, kappa=1, delta=0)["parties"]["a"]["acceptable"] == 1


@settings(max_examples=60, deadline=None)
@given(scenario=documents_with_packages())
def test_with_no_noise_and_an_immense_kappa_the_answer_is_evaluates(scenario):
    document, choices = scenario
    problem = problem_from_document(document)
    verdict = evaluate(problem, choices)

    result = sensitivity(problem, choices, n=200, kappa=1e30, delta=0)

    assert result["in_zopa"] == (1 if verdict["in_zopa"] else 0)
    for key, party in verdict["parties"].items():
        assert result["parties"][key]["acceptable"] == (1 if party["acceptable"] else 0)


@settings(max_examples=40, deadline=None)
@given(
    scenario=documents_with_packages(),
    kappa=st.floats(0.5, 1000),
    delta=st.floats(0, 100),
    seed=st.integers(0, 2**32),
)
def test_shares_are_probabilities_and_the_zopa_needs_every_principal(scenario, kappa, delta, seed):
    document, choices = scenario
    problem = problem_from_document(document)
    verdict = evaluate(problem, choices)

    result = sensitivity(problem, choices, n=300, seed=seed, kappa=kappa, delta=delta)

    shares = {key: party["acceptable"] for key, party in result["parties"].items()}
    assert all(0 <= share <= 1 for share in shares.values())
    principals = [key for key, party in verdict["parties"].items() if party["principal"]]
    assert 0 <= result["in_zopa"] <= min(shares[key] for key in principals)
    for key, party in verdict["parties"].items():
        if party["red_lines"]:
            assert shares[key] == 0


def test_bad_settings_are_refused_naming_each_field():
    problem = problem_from_document(worked_example())

    with pytest.raises(ProblemError) as raised:
        sensitivity(problem, {"x": "x1", "y": "y2"}, n=100_001, seed=-1, kappa=0, delta=100.5)

    assert raised.value.errors == [
        "n: the number of draws must be a whole number from 1 to 100000, not 100001",
        "seed: must be a whole number 0 or more, not -1",
        "kappa: the concentration must be a number of at least 1e-06, not 0",
        "delta: the utility spread must be a number from 0 to 100, not 100.5",
    ]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("n", 0),
        ("n", 2.5),
        ("n", True),
        ("seed", "7"),
        ("kappa", 1e-7),
        ("kappa", float("inf")),
        ("kappa", float("nan")),
        ("delta", -1),
        ("delta", float("nan")),
    ],
)
def test_each_out_of_range_setting_is_named(field, value):
    with pytest.raises(ProblemError) as raised:
        sensitivity(problem_from_document(worked_example()), {"x": "x1", "y": "y2"}, **{field: value})

    assert [error.split(":")[0] for error in raised.value.errors] == [field]


def test_a_partial_package_is_refused_naming_the_open_issue():
    with pytest.raises(ProblemError, match=r"choices\.y: the issue is open"):
        sensitivity(problem_from_document(worked_example()), {"x": "x1"})
