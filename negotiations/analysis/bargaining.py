"""The bargaining solutions over the ZOPA (DESIGN §3.7–10), exact on package spaces of any size.

Each is a programme of `milp` over the ZOPA. Utilitarian is linear in the package. Egalitarian and
Kalai–Smorodinsky maximise a smallest share, which one continuous variable z turns linear
(`surplus[p] ≥ z · span[p]` for every principal p). Kalai–Smorodinsky needs each principal's ideal,
its best score within the ZOPA: one programme each, solved once and shared with Nash.

Nash maximises `Σ β[p]·log surplus[p]`, concave in the scores but not linear. Outer approximation
makes it a programme too: a variable t[p] per principal held under tangents of the logarithm,
`t[p] ≤ log a + (surplus[p] − a) / a`, so `Σ β[p]·t[p]` never underestimates the objective and
equals it where a tangent touches. Tangents at a geometric grid of surpluses start it off; the
optimum found gets its own tangents, and the search goes on for a package beating it until none
is left: the answer is the exact optimum, not an approximation of it (DESIGN §3, "Exactness").

Up to `search.SEARCH_UP_TO` = 10^7 packages, the ideal scores, Nash, asymmetric Nash, Kalai–Smorodinsky and
egalitarian are found instead by a direct search (`search.py`), exact too and faster there: the
programmes spend most of their time proving that nothing else ties with the best package.

A surplus within 1e-9 of zero counts as zero, as acceptability does (DESIGN §3.4), so a package
that leaves some principal exactly at its reservation has a Nash product of 0.

The programmes are small, but a few scenarios make them hard (two principals who want exactly
opposite things make "closest to the reservations" a subset-sum problem), so `solutions` may be
given a time bound: what the solver has not proven by then is left out and its reason says so.
Above 10^7 packages that can happen; up to it the searches settle such scenarios in under a second.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from negotiations.analysis import search
from negotiations.analysis.evaluate import rounded
from negotiations.analysis.frontier import scored_packages
from negotiations.analysis.milp import (
    WITHOUT_SUB_MIPS,
    Found,
    Objective,
    Programme,
    TimeBoundError,
    best,
    time_bound,
)
from negotiations.analysis.misses import nearest_misses
from negotiations.analysis.problem import TOLERANCE, Problem

NAMES = ("nash", "asymmetric_nash", "kalai_smorodinsky", "egalitarian", "utilitarian")
EMPTY_ZOPA = (
    "No package is acceptable to every principal (the ZOPA is empty), so there is nothing to choose from."
)
# Initial tangent points of the logarithm, as fractions of a principal's largest surplus: dense near
# the top, where the optimum usually lies, then sparse down to a millionth.
TANGENTS = np.concatenate([1.25 ** -np.arange(21), [1e-3, 1e-4, 1e-5, 1e-6]])


# Wall-clock seconds the solutions and nearest misses of one analysis may take together when bounded:
# with the frontier's bound (20–35 s of CPU, by machine) the analysis answers within a request.
SECONDS = 10.0
WITHOUT_BOUND = (
    "The command-line analysis (manage.py analyse --store) takes as long as it needs and keeps its "
    "answer for the API and the pages."
)
# Solved cheapest first, so that one hard programme running out the time leaves the others settled.
SOLVING_ORDER = ("utilitarian", "egalitarian", "kalai_smorodinsky", "nash", "asymmetric_nash")


def solutions(
    problem: Problem, *, seconds: float | None = SECONDS, empty: bool | None = None
) -> dict[str, Any]:
    """Nash, asymmetric Nash, Kalai–Smorodinsky, egalitarian and utilitarian, each a package with
    its `objective`, the party whose constraint `binding` holds it, and the `runner_up` when a tie
    was broken; `reasons` says why a solution is missing or what it left out; `nearest_misses`
    lists the packages closest to agreement when the ZOPA is empty (`reasons["nearest_misses"]`
    says when the list is cut short).

    Together they take at most `seconds` of wall-clock time (None: as long as they need): a
    solution not proven by then is None and its reason says so; the nearest misses proven by then
    are listed. `empty` True (the ZOPA's count found no package in it) spares proving that again."""
    with time_bound(seconds):
        try:
            ideals = None if empty else ideal_scores(problem)
        except TimeBoundError:
            return _answers(dict.fromkeys(NAMES, (None, _unsettled(seconds))))
        if ideals is None:
            misses, cut = [], None
            try:
                for miss in nearest_misses(problem):
                    misses.append(miss)
            except TimeBoundError:
                cut = _misses_cut(seconds, misses)
            return _answers(dict.fromkeys(NAMES, (None, EMPTY_ZOPA)), misses, cut)
        spans = ideals - problem.reservation[problem.principal]
        answers = {}
        for name in SOLVING_ORDER:
            try:
                answers[name] = solution(problem, name, spans)
            except TimeBoundError:
                answers[name] = None, _unsettled(seconds)
    return _answers(answers)


def _answers(
    answers: dict[str, tuple[dict | None, str | None]], misses: list | None = None, cut: str | None = None
) -> dict[str, Any]:
    return {
        **{name: answers[name][0] for name in NAMES},
        "reasons": {**{name: answers[name][1] for name in NAMES}, "nearest_misses": cut},
        "nearest_misses": misses or [],
    }


def _unsettled(seconds: float) -> str:
    return (
        f"Not settled: the bargaining solutions may take {seconds:g} seconds in all, and the solver "
        f"had not proven this one's package by then. {WITHOUT_BOUND}"
    )


def _misses_cut(seconds: float, misses: list) -> str:
    found = {0: "No nearest miss is", 1: "Only the closest miss is"}.get(
        len(misses), f"Only the {len(misses)} closest misses are"
    )
    return (
        f"{found} listed: the solver had not proven the next one within the {seconds:g} seconds the "
        f"bargaining solutions may take in all. {WITHOUT_BOUND}"
    )


def solution(problem: Problem, name: str, spans: np.ndarray) -> tuple[dict | None, str | None]:
    """One solution of NAMES over a ZOPA that is not empty, and why it is missing or what it left
    out. `spans` are the principals' `ideal − reservation` (from `ideal_scores`); Nash, asymmetric
    Nash and Kalai–Smorodinsky need them, egalitarian and utilitarian do not."""
    if name == "nash":
        return nash(problem, spans, np.ones(len(spans)))
    if name == "asymmetric_nash":
        return _asymmetric_nash(problem, spans)
    if name == "kalai_smorodinsky":
        return _kalai_smorodinsky(problem, spans)
    if name == "egalitarian":
        return _described(problem, _max_min(problem, np.ones(len(spans))), _smallest_share), None
    if name == "utilitarian":
        return _described(problem, utilitarian(problem), _at_reservation), None
    raise ValueError(f"no bargaining solution named {name!r}; choose one of {', '.join(NAMES)}")


def ideal_scores(problem: Problem) -> np.ndarray | None:
    """Each principal's best score within the ZOPA (one programme or search each); None when it is
    empty."""
    programme = Programme(problem)
    ideals = []
    for n, p in enumerate(programme.principals):
        objective = _linear(
            programme, programme.scores[p], lambda package, p=p: _score(programme, package, p)
        )
        ideal = search.maximum(problem, objective, n)
        if ideal is None:
            return None
        ideals.append(ideal)
    return np.array(ideals)


def utilitarian(problem: Problem) -> Found | None:
    """Over the ZOPA, the largest sum of the principals' scores (DESIGN §3.9)."""
    programme = Programme(problem)
    total = programme.scores[programme.principals].sum(axis=0)
    return best(_linear(programme, total, lambda package: float(_principal_scores(programme, package).sum())))


def _max_min(problem: Problem, spans: np.ndarray) -> Found | None:
    """Over the ZOPA, maximise `min surplus[p] / span[p]` over the principals with a finite span:
    egalitarian with every span 1 (DESIGN §3.9), Kalai–Smorodinsky with `ideal − reservation` (§3.8)."""
    counted = np.flatnonzero(np.isfinite(spans))
    programme = Programme(problem, extra=1, options=WITHOUT_SUB_MIPS)
    principals = programme.principals[counted]
    reservation = problem.reservation[principals]
    for p, r, span in zip(principals, reservation, spans[counted], strict=True):
        programme.add_score_row(np.append(programme.scores[p], -span), lower=r)

    def value(package: np.ndarray) -> float:
        return float(np.min(programme.surpluses(package)[counted] / spans[counted]))

    def restrict(ties: Programme, threshold: float) -> None:
        for p, r, span in zip(principals, reservation, spans[counted], strict=True):
            ties.add_score_row(ties.scores[p], lower=r + threshold * span)

    relaxed = np.zeros(programme.width)
    relaxed[-1] = 1
    objective = Objective(programme, relaxed, value, restrict, _in_zopa(programme))
    return search.best(
        problem, objective, lambda surplus, *_: (surplus[:, counted] / spans[counted]).min(axis=1)
    )


def _kalai_smorodinsky(problem: Problem, spans: np.ndarray) -> tuple[dict | None, str | None]:
    flat = spans <= TOLERANCE
    principals = np.flatnonzero(problem.principal)
    names = ", ".join(problem.party_keys[p] for p in principals[flat])
    if flat.all():
        return None, (
            "Every principal's best package in the ZOPA only just meets its reservation, so no one "
            "has room to gain and Kalai–Smorodinsky's shares are undefined."
        )
    shares = np.where(flat, np.inf, spans)
    found = _max_min(problem, shares)
    answer = _described(
        problem, found, lambda programme, package: _smallest_share(programme, package, shares)
    )
    reason = None
    if flat.any():
        reason = (
            f"Left out {names}: its best package in the ZOPA only just meets its reservation, so it "
            "has no room to gain (DESIGN §3.8)."
        )
    return answer, reason


def nash(problem: Problem, spans: np.ndarray, powers: np.ndarray) -> tuple[dict | None, str | None]:
    """Over the ZOPA, maximise `Π surplus[p]^powers[p]` over the principals (DESIGN §3.7)."""
    weighted = powers > 0
    if (spans[weighted] <= TOLERANCE).any():
        flat = np.flatnonzero(problem.principal)[weighted & (spans <= TOLERANCE)]
        names = ", ".join(problem.party_keys[p] for p in flat)
        programme = Programme(problem)
        found = best(_linear(programme, np.zeros(programme.columns), lambda package: 0.0))
        reason = (
            f"Every package in the ZOPA has a Nash product of 0 ({names} only just meets its reservation "
            "in all of them), so the first in option order is chosen."
        )
        return _described(problem, found, _at_reservation), reason
    counted = np.flatnonzero(weighted)

    def products(surplus: np.ndarray, *_) -> np.ndarray:
        # exp(Σ β log s) rather than Π s^β: the same up to rounding (which the search allows for),
        # and one exponential a package instead of one power a principal.
        kept = surplus[:, counted]
        positive = kept > TOLERANCE
        logs = np.log(np.where(positive, kept, 1.0)) @ powers[counted]
        return np.where(positive.all(axis=1), np.exp(logs), 0.0)

    found = search.best(problem, _nash_objective(problem, spans, powers), products)
    return _described(problem, found, _at_reservation), None


def _asymmetric_nash(problem: Problem, spans: np.ndarray) -> tuple[dict | None, str | None]:
    capability = problem.capability[problem.principal]
    if capability.sum() <= 0:
        return None, "Every principal has capability 0, so bargaining powers β = c / Σc are undefined."
    return nash(problem, spans, capability / capability.sum())


def _nash_objective(problem: Problem, spans: np.ndarray, powers: np.ndarray) -> Objective:
    counted = np.flatnonzero(powers > 0)
    programme = Programme(problem, extra=len(counted))
    programme.upper[programme.columns :] = np.log(spans[counted])
    principals = programme.principals[counted]
    reservation = problem.reservation[principals]

    def tangent(target: Programme, k: int, point: float) -> None:
        # point·t ≤ point·(log point − 1) + surplus, the tangent at `point` multiplied out
        row = np.append(-programme.scores[principals[k]], np.zeros(len(counted)))
        row[programme.columns + k] = point
        target.add_score_row(row, upper=point * (np.log(point) - 1) - reservation[k])

    for k in range(len(counted)):
        for fraction in TANGENTS:
            tangent(programme, k, spans[counted][k] * fraction)

    def value(package: np.ndarray) -> float:
        surplus = programme.surpluses(package)[counted]
        return float(np.prod(np.where(surplus > TOLERANCE, surplus, 0.0) ** powers[counted]))

    def refine(target: Programme, package: np.ndarray) -> None:
        for k, surplus in enumerate(programme.surpluses(package)[counted]):
            if surplus > TOLERANCE:
                tangent(target, k, surplus)

    def restrict(target: Programme, threshold: float) -> None:
        if threshold > 0:
            target.add_score_row(
                np.append(np.zeros(programme.columns), powers[counted]), lower=np.log(threshold)
            )

    def relaxed_bound(threshold: float) -> float:
        return float(np.log(threshold)) if threshold > 0 else -np.inf

    relaxed = np.append(np.zeros(programme.columns), powers[counted])
    return Objective(
        programme, relaxed, value, restrict, _in_zopa(programme), refine, relaxed_bound=relaxed_bound
    )


def _linear(programme: Programme, relaxed: np.ndarray, value) -> Objective:
    def restrict(target: Programme, threshold: float) -> None:
        target.add_score_row(relaxed, lower=threshold)

    return Objective(programme, relaxed, value, restrict, _in_zopa(programme))


def _in_zopa(programme: Programme):
    return lambda package: bool(programme.acceptable(package).all())


def _score(programme: Programme, package: np.ndarray, p: int) -> float:
    return float(programme.package_scores(package)[p])


def _principal_scores(programme: Programme, package: np.ndarray) -> np.ndarray:
    return programme.package_scores(package)[programme.principals]


def _smallest_share(programme: Programme, package: np.ndarray, spans: np.ndarray | None = None) -> str:
    """The principal whose share `surplus / span` is smallest (the first in party order on a tie);
    principals with an infinite span are left out."""
    spans = np.ones(len(programme.principals)) if spans is None else spans
    shares = np.where(np.isfinite(spans), programme.surpluses(package) / spans, np.inf)
    return programme.problem.party_keys[programme.principals[int(np.argmin(shares))]]


def _at_reservation(programme: Programme, package: np.ndarray) -> str | None:
    """The first principal held exactly at its reservation, if any."""
    held = np.flatnonzero(programme.surpluses(package) <= TOLERANCE)
    return programme.problem.party_keys[programme.principals[held[0]]] if len(held) else None


def _described(problem: Problem, found: Found | None, binding) -> dict[str, Any] | None:
    if found is None:
        return None
    programme = Programme(problem, over_zopa=False)
    runner_up = None if found.runner_up is None else scored_packages(problem, [found.runner_up])[0]
    return {
        **scored_packages(problem, [found.package])[0],
        "objective": rounded(found.value),
        "binding": binding(programme, found.package),
        "runner_up": runner_up,
        "tie_broken": runner_up is not None,
    }
