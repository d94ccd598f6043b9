"""Packages as a mixed-integer programme, and the exact best package under an objective.

A package is a 0/1 vector x with one entry per option, exactly one per issue (x[i, o] = 1 when issue
i settles on option o). Every score is linear in x, `score[p] = Σ contributions[p, i, o]·x[i, o]`,
so "over the ZOPA" (DESIGN §3.5) is a few linear rows (each principal's score ≥ its reservation)
plus upper bounds of 0 on the options a principal rules out. The bargaining solutions, nearest
misses and improvements are then small mixed-integer programmes: one binary per option and a few
continuous variables, with no big-M constants over the ZOPA. SciPy's `milp` (HiGHS) solves them;
30 issues of 5 options are 150 binaries whatever the size of the package space (5^30 ≈ 10^21).

Exactness does not rest on the solver's tolerances. Rows and objectives are scaled so HiGHS'
absolute tolerances (1e-6) sit below the engine's 1e-9; every package the solver returns is scored
again exactly as `evaluate` scores it, and one that fails the check is cut off
(`Σ x[i, chosen_i] ≤ issues − 1`) and the programme solved again.

`best` finds the optimum and then settles ties (objective values within 1e-9, relative; DESIGN
§3.10) with one more programme: everything scoring at least `optimum − tolerance` except the
optimum found. When nothing is left the optimum is unique. With an approximate objective (Nash's)
that programme also proves the package optimal, since anything beating it would be left (one it
finds is taken as the new best and the search repeated); only when it finds a tie is optimality
proved on its own, by looking for a package beating the best.
Otherwise the winner is the tied package with the lexicographically smallest option indices:
`lexicographic_first` minimises the option indices a block of issues at a time, under integer
weights that order the block's packages exactly as the lexicographic order does (an integer
objective leaves the solver no tolerance to hide in). The runner-up is the next tied package in
that order.

Some programmes are hard whatever the method: where two principals want exactly opposite things,
asking whose scores come closest to a reservation is a subset-sum problem. Within `time_bound` every
solve must finish by a deadline (HiGHS' own time limit, wall-clock), or `TimeBoundError` is raised:
an answer is either proven or not given, never a guess.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from time import monotonic

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

from negotiations.analysis.problem import TOLERANCE, Problem

# Score rows are multiplied by ROW_SCALE and objectives by OBJECTIVE_SCALE, so HiGHS' absolute
# feasibility and optimality tolerances (1e-6) are 1e-9 of a score point and 1e-10 of an objective.
ROW_SCALE = 1e3
OBJECTIVE_SCALE = 1e4
# A block of issues with at most this many packages is ordered by one integer objective.
LEX_BLOCK = 2**20
# The runner-up is first looked for among packages that keep all but the last this many choices
# of the winner, one issue at a time.
SUFFIX_ISSUES = 8
# HiGHS' feasibility-jump start heuristic stays on. Turned off (it took about a third of the time
# of the bargaining programmes), HiGHS 1.12 was seen to return a package short of the optimum with
# status "optimal" (its dual bound equal to it): the nearest misses' programme of
# tests/analysis/examples/misses-wrong-optimum.json, with presolve on; on, or with presolve off,
# it finds the optimum. SciPy passes options it does not name to HiGHS verbatim, with a warning
# saying so on every call: silenced once here (a `catch_warnings` around each call would cost every
# solve and is not thread-safe).
EXACT = {"mip_rel_gap": 0.0}
OPTIONS = EXACT
warnings.filterwarnings("ignore", "Unrecognized options detected: .*mip_heuristic_run_", RuntimeWarning)
# HiGHS' sub-MIP heuristics (RINS, RENS) took a fifth to a third of the time of the max-min
# programmes (egalitarian, Kalai–Smorodinsky) without changing an answer; Nash's are faster with them.
WITHOUT_SUB_MIPS = {**OPTIONS, "mip_heuristic_run_rins": False, "mip_heuristic_run_rens": False}
# Reduced costs rule an option out only when it misses by more than this (in scaled objective
# units, 1e-8 of an objective unit): the relaxation's duals are exact to within 1e-7 per column.
REDUCED_COST_MARGIN = 1e-4


class SolverError(RuntimeError):
    """The solver stopped without an optimum or a proof that there is none."""


class TimeBoundError(RuntimeError):
    """The deadline of `time_bound` came before the solver settled a programme."""


# When the solves of the current `time_bound` must be over (`time.monotonic`); None: no bound.
_DEADLINE: ContextVar[float | None] = ContextVar("deadline", default=None)


@contextmanager
def time_bound(seconds: float | None) -> Iterator[None]:
    """Within the block, every solve must be over `seconds` from now (None lifts the bound); one that
    is not raises TimeBoundError. A context variable rather than an argument, so the bound reaches
    every programme an answer needs without each function passing it on."""
    token = _DEADLINE.set(None if seconds is None else monotonic() + seconds)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def time_left() -> float | None:
    """Seconds left before the deadline of the current `time_bound` (None: no bound); raises
    TimeBoundError when there are none."""
    deadline = _DEADLINE.get()
    if deadline is None:
        return None
    left = deadline - monotonic()
    if left <= 0:
        raise TimeBoundError
    return left


def _bounded(options: dict) -> dict:
    """The solver's options with the time left before the deadline, if there is one."""
    left = time_left()
    return options if left is None else {**options, "time_limit": left}


def tie_tolerance(value: float) -> float:
    """How far below the best value a package still ties with it (1e-9, relative; DESIGN §3.10)."""
    return TOLERANCE * max(1.0, abs(value))


class Programme:
    """A mixed-integer programme over packages: the option columns x, then `extra` more columns.

    Over the ZOPA by default (principals' reservations as rows, their red lines as zero bounds), or
    over every package. Rows are dense: even 30 issues of 5 options and hundreds of cuts are small.
    """

    def __init__(
        self,
        problem: Problem,
        *,
        over_zopa: bool = True,
        extra: int = 0,
        extra_lower: float = -np.inf,
        extra_upper: float = np.inf,
        extra_integer: bool = False,
        options: dict = OPTIONS,
    ):
        self.problem = problem
        self.options = options
        self.principals = np.flatnonzero(problem.principal)
        self.starts = np.concatenate([[0], np.cumsum(problem.option_counts)]).astype(int)
        self.columns = int(self.starts[-1])
        self.width = self.columns + extra
        self.scores = np.hstack(problem.contributions)  # (parties, columns): score[p] = scores[p] @ x
        self.crossed = np.hstack(problem.red_lines)
        self.lower = np.concatenate([np.zeros(self.columns), np.full(extra, extra_lower)])
        self.upper = np.concatenate([np.ones(self.columns), np.full(extra, extra_upper)])
        self.integrality = np.concatenate([np.ones(self.columns), np.full(extra, float(extra_integer))])
        self.rows: list[np.ndarray] = []
        self.row_lower: list[float] = []
        self.row_upper: list[float] = []
        for a, b in zip(self.starts[:-1], self.starts[1:], strict=True):
            row = np.zeros(self.columns)
            row[a:b] = 1
            self.add_row(row, 1, 1)
        if over_zopa:
            self.upper[: self.columns][self.crossed[self.principals].any(axis=0)] = 0
            for p in self.principals:
                self.add_score_row(self.scores[p], lower=problem.reservation[p] - TOLERANCE)

    def copy(self) -> Programme:
        twin = object.__new__(Programme)
        twin.__dict__.update(self.__dict__)
        twin.lower, twin.upper = self.lower.copy(), self.upper.copy()
        twin.rows, twin.row_lower, twin.row_upper = (
            list(self.rows),
            list(self.row_lower),
            list(self.row_upper),
        )
        return twin

    def add_row(self, row: np.ndarray, lower: float, upper: float) -> None:
        """`lower ≤ row @ columns ≤ upper`; a row shorter than the columns is padded with zeros."""
        full = np.zeros(self.width)
        full[: len(row)] = row
        self.rows.append(full)
        self.row_lower.append(lower)
        self.row_upper.append(upper)

    def add_score_row(self, row: np.ndarray, *, lower: float = -np.inf, upper: float = np.inf) -> None:
        """A row measured in score points, scaled for the solver."""
        self.add_row(row * ROW_SCALE, lower * ROW_SCALE, upper * ROW_SCALE)

    def exclude(self, package: np.ndarray) -> None:
        """Cut off exactly one package (or, given its first issues only, every package that
        begins like that): it may not keep every one of those choices."""
        row = np.zeros(self.columns)
        row[self.starts[: len(package)] + package] = 1
        self.add_row(row, -np.inf, len(package) - 1)

    def fix(self, issue: int, option: int) -> None:
        a, b = self.starts[issue], self.starts[issue + 1]
        self.upper[a:b] = np.where(np.arange(b - a) == option, self.upper[a:b], 0)

    def smallest_allowed(self, issue: int) -> int:
        return int(np.argmax(self.upper[self.starts[issue] : self.starts[issue + 1]] > 0))

    def minimise(self, cost: np.ndarray) -> np.ndarray | None:
        """The package (option index per issue) of least `cost @ columns`, or None if none is allowed."""
        arguments = {
            "c": np.concatenate([cost, np.zeros(self.width - len(cost))]),
            "integrality": self.integrality,
            "bounds": Bounds(self.lower, self.upper),
            "constraints": LinearConstraint(np.array(self.rows), self.row_lower, self.row_upper),
        }
        result = milp(**arguments, options=_bounded(self.options))
        if result.status == 4:
            # Presolve can disagree with the final check on a row at the tolerance. The retry goes
            # without it and with every heuristic as HiGHS sets it.
            result = milp(**arguments, options=_bounded({**EXACT, "presolve": False}))
        if result.status == 1:  # HiGHS' time limit, the only limit set
            raise TimeBoundError
        if result.status == 2:
            return None
        if result.status != 0:
            raise SolverError(f"the solver stopped without an answer: {result.message}")
        return np.array(
            [int(np.argmax(result.x[a:b])) for a, b in zip(self.starts[:-1], self.starts[1:], strict=True)]
        )

    def drop_hopeless(self, cost: np.ndarray, ceiling: float) -> None:
        """Rule out every option that cannot be in a package of cost at most `ceiling`.

        The programme's linear relaxation, minimising `cost`, bounds what choosing an option costs:
        at least the relaxation's optimum plus the option's reduced cost. An option over the
        ceiling by more than the solver's tolerances is set to 0. The solver does this itself
        against the best package it has found; with a ceiling known in advance (a tied package
        may score no less than the optimum − tolerance) it can start from a much smaller programme.
        """
        matrix = np.array(self.rows)
        equal = np.array(self.row_lower) == np.array(self.row_upper)
        lower, upper = np.array(self.row_lower)[~equal], np.array(self.row_upper)[~equal]
        has_lower, has_upper = np.isfinite(lower), np.isfinite(upper)
        inequalities = matrix[~equal]
        result = linprog(
            np.concatenate([cost, np.zeros(self.width - len(cost))]),
            A_ub=np.vstack([inequalities[has_upper], -inequalities[has_lower]]),
            b_ub=np.concatenate([upper[has_upper], -lower[has_lower]]),
            A_eq=matrix[equal],
            b_eq=np.array(self.row_lower)[equal],
            bounds=np.column_stack([self.lower, self.upper]),
            method="highs",
        )
        if result.status != 0:
            return  # nothing to learn: the solver will say whether any package is left
        reduced = result.lower.marginals[: self.columns]
        hopeless = result.fun + reduced > ceiling + REDUCED_COST_MARGIN
        self.upper[: self.columns][hopeless] = 0

    def package_scores(self, package: np.ndarray) -> np.ndarray:
        """Every party's score, added up issue by issue as `evaluate` adds it."""
        total = np.zeros(len(self.problem.party_keys))
        for i, option in enumerate(package):
            total = total + self.problem.contributions[i][:, option]
        return total

    def surpluses(self, package: np.ndarray) -> np.ndarray:
        """The principals' surpluses (score − reservation)."""
        return self.package_scores(package)[self.principals] - self.problem.reservation[self.principals]

    def acceptable(self, package: np.ndarray) -> np.ndarray:
        """Per principal: crosses none of its red lines and scores at least its reservation."""
        crossed = self.crossed[self.principals][:, self.starts[:-1] + package].any(axis=1)
        return ~crossed & (self.surpluses(package) >= -TOLERANCE)


@dataclass
class Objective:
    """What `best` maximises.

    `programme` holds the packages allowed and whatever extra columns the objective needs;
    `relaxed` is a linear objective over its columns, equal to `value` (the exact objective of a
    package) or, when `refine` is given, an upper approximation of it that `refine(programme,
    package)` makes exact at a package. `restrict(programme, threshold)` adds the rows that keep
    only packages whose objective may be at least `threshold`. `admits` confirms that a package the
    solver returns really is allowed. `tolerance(value)` is how far below the best a tie may be;
    `relaxed_bound(value)` is what `relaxed` is at least wherever the objective is at least `value`.
    """

    programme: Programme
    relaxed: np.ndarray
    value: Callable[[np.ndarray], float]
    restrict: Callable[[Programme, float], None]
    admits: Callable[[np.ndarray], bool]
    refine: Callable[[Programme, np.ndarray], None] | None = None
    tolerance: Callable[[float], float] = field(default=tie_tolerance)
    relaxed_bound: Callable[[float], float] = field(default=float)


@dataclass(frozen=True)
class Found:
    """The winning package, its objective value, and the runner-up when a tie was broken."""

    package: np.ndarray
    value: float
    runner_up: np.ndarray | None


def best(objective: Objective) -> Found | None:
    """The package of largest objective, ties going to the lexicographically smallest; None when
    the programme allows no package."""
    first = _solve(objective, objective.programme.copy(), _maximising(objective.relaxed))
    if first is None:
        return None
    package, top = first, objective.value(first)
    while True:
        if objective.refine is not None:
            objective.refine(objective.programme, package)
        threshold = top - objective.tolerance(top)
        ties = _at_least(objective, threshold)
        others = ties.copy()
        others.exclude(package)
        other = _solve(objective, others, np.zeros(0), threshold)
        if other is None:
            # Nothing else even ties with it, so nothing beats it: with an approximate objective
            # this settles optimality and ties in one programme.
            return Found(package, top, None)
        value = objective.value(other)
        if value > top:  # an approximate objective's first answer can be beaten
            package, top = other, value
            continue
        if objective.refine is None:
            break
        proven, proven_top = _prove_optimal(objective, package, top)
        if proven_top == top:
            break
        package, top = proven, proven_top
    start = min(package.tolist(), other.tolist())
    winner = lexicographic_first(objective, ties.copy(), threshold, np.array(start))
    assert winner is not None  # the tied set holds `start`
    return Found(winner, objective.value(winner), _runner_up(objective, ties, threshold, winner))


def _at_least(objective: Objective, threshold: float) -> Programme:
    """The objective's programme kept to packages whose objective may be at least `threshold`."""
    ties = objective.programme.copy()
    objective.restrict(ties, threshold)
    floor = objective.relaxed_bound(threshold)
    if np.isfinite(floor):
        ties.drop_hopeless(_maximising(objective.relaxed), -floor * OBJECTIVE_SCALE)
    return ties


def _runner_up(
    objective: Objective, ties: Programme, threshold: float, winner: np.ndarray
) -> np.ndarray | None:
    """The next tied package after `winner` in lexicographic order.

    It is the tied package that keeps the longest run of the winner's first choices: among those
    that first differ at issue k, the smallest. Late issues are tried one at a time, last first,
    because those programmes leave few issues free and are quick; if none of them holds a tied
    package, every package keeping the winner's choices up to there is ruled out at once and the
    smallest of what is left found directly.
    """
    issues = len(winner)
    stop = max(0, issues - SUFFIX_ISSUES)
    for k in reversed(range(stop, issues)):
        later = ties.copy()
        for i in range(k):
            later.fix(i, int(winner[i]))
        later.upper[later.starts[k] : later.starts[k] + winner[k] + 1] = 0
        if later.upper[later.starts[k] : later.starts[k + 1]].any():
            found = lexicographic_first(objective, later, threshold)
            if found is not None:
                return found
    if stop == 0:
        return None
    earlier = ties.copy()
    earlier.exclude(winner[:stop])
    return lexicographic_first(objective, earlier, threshold)


def maximum(objective: Objective) -> tuple[np.ndarray, float] | None:
    """A package of largest (linear) objective and that value, without settling ties."""
    package = _solve(objective, objective.programme.copy(), _maximising(objective.relaxed))
    return None if package is None else (package, objective.value(package))


def ranked(objective: Objective, limit: int) -> Iterator[Found]:
    """Up to `limit` packages in order of a linear objective (largest first), ties in
    lexicographic order, each yielded once its place is proven (so a time bound running out
    leaves the ones yielded so far right).

    Each package found is followed by one solve for the best of the rest: when that falls short
    of a tie, the package needed no tie-break and the solve has already found the next one.
    """
    assert objective.refine is None, "ranking needs an exact (linear) objective"
    programme = objective.programme.copy()
    leader = maximum(replace(objective, programme=programme))
    for _ in range(limit):
        if leader is None:
            return
        package, top = leader
        rest = programme.copy()
        rest.exclude(package)
        following = maximum(replace(objective, programme=rest))
        if following is not None and following[1] >= top - objective.tolerance(top):
            settled = best(replace(objective, programme=programme))
            assert settled is not None  # the programme allows `package`
            package = settled.package
            rest = programme.copy()
            rest.exclude(package)
            following = maximum(replace(objective, programme=rest))
        yield Found(package, objective.value(package), None)
        programme, leader = rest, following


def _maximising(relaxed: np.ndarray) -> np.ndarray:
    return -relaxed * OBJECTIVE_SCALE


def _solve(
    objective: Objective, programme: Programme, cost: np.ndarray, threshold: float = -np.inf
) -> np.ndarray | None:
    """The solver's package of least `cost` that `admits` confirms and whose exact value is at
    least `threshold`; others are cut off (and the approximation refined at them) on the way."""
    while True:
        package = programme.minimise(cost)
        if package is None:
            return None
        if objective.admits(package) and objective.value(package) >= threshold:
            return package
        if objective.refine is not None:
            objective.refine(programme, package)
        programme.exclude(package)


def _prove_optimal(objective: Objective, package: np.ndarray, top: float) -> tuple[np.ndarray, float]:
    """With an approximate objective (already refined at `package`), look for a package beating
    `top` until none is left."""
    assert objective.refine is not None
    higher = objective.programme.copy()
    while True:
        # A margin of ten tolerances (1e-8 of the value; 1e-5 in the scaled row, ten times HiGHS'
        # absolute feasibility tolerance) keeps the package at `top` off the edge of feasible. The
        # solver's LP, whose tolerances are relative to its own scaling of the rows, can still take
        # such a package for feasible; HiGHS' check against the rows as given then rejects it (1.12
        # prints a line on standard output when it tries to repair one), so none comes back.
        # A package beating `top` by less than the margin goes unseen: only a tie leads here.
        objective.restrict(higher, top + 10 * objective.tolerance(top))
        candidate = _solve(objective, higher, _maximising(objective.relaxed))
        if candidate is None:
            return package, top
        value = objective.value(candidate)
        objective.refine(objective.programme, candidate)
        objective.refine(higher, candidate)
        if value > top:
            package, top = candidate, value
        else:
            higher.exclude(candidate)


def lexicographic_first(
    objective: Objective, programme: Programme, threshold: float, start: np.ndarray | None = None
) -> np.ndarray | None:
    """The lexicographically smallest package the programme allows, `admits` confirms and whose
    value is at least `threshold`.

    `start`, when given, is one such package: blocks of issues where it already takes the smallest
    option the programme allows need no solve. Changes the programme's bounds.
    """
    counts = programme.problem.option_counts
    current = start
    first = 0
    while first < len(counts):
        last, span = first, counts[first]
        while last + 1 < len(counts) and span * counts[last + 1] <= LEX_BLOCK:
            last += 1
            span *= counts[last]
        block = range(first, last + 1)
        if current is None or any(current[i] != programme.smallest_allowed(i) for i in block):
            current = _solve(objective, programme, _lexicographic_cost(programme, block), threshold)
            if current is None:
                return None
        for i in block:
            programme.fix(i, int(current[i]))
        first = last + 1
    return current


def _lexicographic_cost(programme: Programme, block: range) -> np.ndarray:
    """Option o of issue i costs o × (packages of the block's issues after i): integer costs that
    order the block's packages lexicographically."""
    cost = np.zeros(programme.columns)
    weight = 1
    for i in reversed(block):
        count = programme.problem.option_counts[i]
        cost[programme.starts[i] : programme.starts[i + 1]] = weight * np.arange(count)
        weight *= count
    return cost
