"""The best package of the ZOPA under a monotone objective, by a direct search (spaces up to
`SEARCH_UP_TO` packages).

For the max-min and Nash solutions a mixed-integer programme spends most of its time proving that no
other package ties with the best one; over a space of up to 10^7 packages a search meeting in the
middle settles both at once. The issues are split into a head and a tail (the last issues, about
the square root of the space): every tail package's principal scores are summed once and put in
boxes (`zopa.boxes`), and each (head package, box) pair is bounded by the objective at the box's
high corner, since the objectives never fall when a principal's score rises. The pairs of highest
bound are opened first; then every pair whose bound reaches the best value found, less the tie
tolerance and a margin for rounding, is opened too, so every package that could tie is seen.

Sums here add up in another order than `evaluate`'s, so they can differ from it in the last bits:
the candidates are rescored by the objective's own `value` and `admits`, and the tie rule of DESIGN
§3.10 applied to those exact values (the lexicographically smallest of the packages within the
tolerance of the best, the next one the runner-up).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from negotiations.analysis import milp
from negotiations.analysis.merge import ranges
from negotiations.analysis.milp import Found, Objective, time_left
from negotiations.analysis.problem import TOLERANCE, Problem
from negotiations.analysis.zopa import boxes


class UndecidedError(Exception):
    """Too many packages tie to be scored one by one: the search leaves the order to the programmes."""


SEARCH_UP_TO = 10**7
# `objective_of(surpluses, crossed, edge)`: see `ranked_packages`.
ObjectiveOf = Callable[[np.ndarray, np.ndarray, float], np.ndarray]
# Tail packages per box. Fewer, larger boxes than the ZOPA count's: every (head package, box) pair's
# bound is computed, few pairs are opened (at 10^7 packages, 128 took half the time of 32 or 512).
LEAF = 128
# The pairs of highest bound opened first, to find a good value to compare the other bounds with.
FIRST = 64
# Packages within the tie tolerance of the best rescored one by one, at most (in Python, some 20 µs each).
MAX_CANDIDATES = 4096
# (Head package, box) pairs opened at a time: at most LEAF packages each.
BLOCK = 2**11
# Rounding allowed between these sums and `evaluate`'s (scores of 0–100, a few dozen terms).
MARGIN = 1e-11


def best(problem: Problem, objective: Objective, objective_of: ObjectiveOf) -> Found | None:
    """`milp.best`: by the search up to SEARCH_UP_TO packages (over the ZOPA), else by programmes."""
    if problem.space_size <= SEARCH_UP_TO:
        with suppress(UndecidedError):
            found = ranked_packages(problem, objective, objective_of, limit=1)
            return found[0] if found else None
    return milp.best(objective)


def ranked(
    problem: Problem, objective: Objective, objective_of: ObjectiveOf, limit: int, **space: Any
) -> Iterator[Found]:
    """`milp.ranked`: by the search up to SEARCH_UP_TO packages (all at once), else by programmes
    (one at a time, each once proven). `space` is `ranked_packages`'s."""
    if problem.space_size <= SEARCH_UP_TO:
        with suppress(UndecidedError):
            return iter(ranked_packages(problem, objective, objective_of, limit=limit, **space))
    return milp.ranked(objective, limit)


def maximum(problem: Problem, objective: Objective, n: int) -> float | None:
    """The largest `objective.value`, the n-th principal's score, over the ZOPA (None: it is empty);
    by the search up to SEARCH_UP_TO packages, else by a programme."""
    if problem.space_size > SEARCH_UP_TO:
        found = milp.maximum(objective)
        return None if found is None else found[1]
    time_left()
    split = _split(problem, True, None, True)
    if split is None:
        return None
    box = _Boxes(split, lambda surplus, *_: surplus[:, n], over_zopa=True)
    bound = np.where(split.reachable, split.corner[:, n], -np.inf)
    # Only the value is asked for, so of the packages within rounding of the largest sum one per
    # distinct sum is rescored, however many tie.
    rows, members = _near_best(box, bound, 1, lambda top: MARGIN * max(1.0, abs(top)))
    _, one_each = np.unique(split.heads[rows, n] + split.tails[members, n], return_index=True)
    packages = [split.package(rows[i], members[i]) for i in one_each]
    scores = [objective.value(package) for package in packages if objective.admits(package)]
    return max(scores) if scores else None


def ranked_packages(
    problem: Problem,
    objective: Objective,
    objective_of: ObjectiveOf,
    *,
    limit: int,
    over_zopa: bool = True,
    reservation: np.ndarray | None = None,
    red_lines: bool = True,
) -> list[Found]:
    """Up to `limit` packages in order of `objective.value`, largest first, each the
    lexicographically smallest of what is left within the tie tolerance of the best of it (as
    `milp.ranked` orders them), each with the next such package as its runner-up; over the ZOPA or
    over every package. `reservation` (per principal) and `red_lines` False change what the ZOPA
    asks: improvements on a deal ask every principal to keep its score and ignore red lines.

    `objective_of(surpluses, crossed, edge)` is the objective of many packages at once from their
    principals' surpluses and whether each principal's red lines are crossed (rows), a surplus of
    at least `edge` counting as meeting the reservation; it is never smaller where a surplus is
    larger or a red line is not crossed. The floor is set from values with the edge MARGIN above
    −TOLERANCE, the candidates found with it MARGIN below, so rounding moves no package out.

    The work is bounded by the size of the space (at worst every package once, a few seconds at
    10^7), so under `milp.time_bound` it only checks that time is left before it starts."""
    time_left()
    split = _split(problem, over_zopa, None if reservation is None else tuple(reservation), red_lines)
    if split is None:
        return []
    # A box's bound is the objective at its high corner, with only the red lines its every package
    # crosses.
    bound = np.full(len(split.corner), -np.inf)
    reachable = split.reachable if over_zopa else np.ones(len(split.corner), bool)
    bound[reachable] = objective_of(
        split.corner[reachable], split.corner_crossed[reachable], -TOLERANCE - MARGIN
    )
    tolerance = objective.tolerance
    rows, members = _near_best(
        _Boxes(split, objective_of, over_zopa=over_zopa),
        bound,
        limit,
        lambda last: 2 * tolerance(last) + MARGIN * max(1.0, abs(last)),
    )
    if len(rows) > MAX_CANDIDATES:
        raise UndecidedError  # many ties (issues no principal weighs, say): the programmes order them
    candidates = sorted({tuple(split.package(r, m)) for r, m in zip(rows, members, strict=True)})
    left = [(np.array(c), objective.value(np.array(c))) for c in candidates if objective.admits(np.array(c))]
    found = []
    while left and len(found) < limit:
        top = max(v for _, v in left)
        tied = [n for n, (_, v) in enumerate(left) if v >= top - tolerance(top)]
        runner_up = left[tied[1]][0] if len(tied) > 1 else None
        found.append(Found(left[tied[0]][0], left[tied[0]][1], runner_up))
        del left[tied[0]]
    return found


def _near_best(box: _Boxes, bound: np.ndarray, n: int, allowance) -> tuple[np.ndarray, np.ndarray]:
    """Head and tail rows of every package whose objective is at least the n-th best less
    `allowance(that value)`. The n-th best is taken over packages certainly in the ZOPA (MARGIN
    inside), the packages returned from those possibly in it (MARGIN outside); with fewer than n
    certainly in, every package possibly in is returned."""
    last = box.nth_best(np.argpartition(bound, max(0, len(bound) - FIRST))[-FIRST:], n, MARGIN)
    if not np.isfinite(last):  # fewer than n packages in the best pairs: the floor comes from all
        last = box.nth_best(np.flatnonzero(np.isfinite(bound)), n, MARGIN)
    floor = last - allowance(last) if np.isfinite(last) else -np.inf
    return box.reaching(np.flatnonzero(np.isfinite(bound) & (bound >= floor)), floor, -MARGIN)


@dataclass(frozen=True, eq=False)
class _Split:
    """The package space cut into head packages and boxes of tail packages (principals' score sums,
    the red lines they cross, option positions among `allowed`), and each (head, box) pair's high
    corner less the reservations; pairs are numbered head × boxes + box."""

    reservation: np.ndarray
    allowed: list[np.ndarray]
    heads: np.ndarray
    head_crossed: np.ndarray
    head_options: np.ndarray
    tails: np.ndarray
    tail_crossed: np.ndarray
    tail_options: np.ndarray
    bounds: np.ndarray
    corner: np.ndarray
    corner_crossed: np.ndarray
    reachable: np.ndarray  # corners under which every reservation could be met

    def package(self, row: int, member: int) -> np.ndarray:
        positions = (*self.head_options[row], *self.tail_options[member])
        return np.array([int(self.allowed[i][o]) for i, o in enumerate(positions)])


@lru_cache(maxsize=8)
def _split(problem: Problem, over_zopa: bool, reservation: tuple | None, red_lines: bool) -> _Split | None:
    """The split of a search's space, kept for the few searches of one analysis; None when some
    issue has no option left."""
    principals = np.flatnonzero(problem.principal)
    k = len(principals)
    reservation = problem.reservation[principals] if reservation is None else np.array(reservation)
    red = [r[principals] & red_lines for r in problem.red_lines]
    allowed = [np.flatnonzero(~r.any(axis=0)) if over_zopa else np.arange(r.shape[1]) for r in red]
    if any(len(options) == 0 for options in allowed):
        return None
    terms = [c[principals][:, options].T for c, options in zip(problem.contributions, allowed, strict=True)]
    crossings = [r[:, options].T for r, options in zip(red, allowed, strict=True)]
    start = _tail_start(terms)
    heads, head_crossed, head_options = _partial_packages(terms[:start], crossings[:start], k)
    tails, tail_crossed, tail_options = _partial_packages(terms[start:], crossings[start:], k)
    order, bounds = boxes(tails, LEAF)
    tails, tail_crossed, tail_options = tails[order], tail_crossed[order], tail_options[order]
    high = np.maximum.reduceat(tails, bounds[:-1])
    surely_crossed = np.minimum.reduceat(tail_crossed.view(np.uint8), bounds[:-1]).astype(bool)
    corner = (heads[:, None, :] + high[None, :, :] - reservation).reshape(-1, k)
    return _Split(
        reservation=reservation,
        allowed=allowed,
        heads=heads,
        head_crossed=head_crossed,
        head_options=head_options,
        tails=tails,
        tail_crossed=tail_crossed,
        tail_options=tail_options,
        bounds=bounds,
        corner=corner,
        corner_crossed=(head_crossed[:, None, :] | surely_crossed[None, :, :]).reshape(-1, k),
        reachable=(corner >= -TOLERANCE - MARGIN).all(axis=1),
    )


def _tail_start(terms: list[np.ndarray]) -> int:
    """Where the tail starts: the last issues making at most the square root of the space (at least
    the last issue)."""
    limit = max(1, math.isqrt(math.prod(len(t) for t in terms)))
    start, size = len(terms) - 1, len(terms[-1])
    while start > 0 and size * len(terms[start - 1]) <= limit:
        start -= 1
        size *= len(terms[start])
    return start


def _partial_packages(
    terms: list[np.ndarray], crossings: list[np.ndarray], k: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every package of these issues in lexicographic order: the `k` principals' score sums, which
    of their red lines it crosses, and its option positions (no issues: one package of nothing)."""
    sums, crossed = np.zeros((1, k)), np.zeros((1, k), dtype=bool)
    options = np.zeros((1, 0), dtype=np.int64)
    for t, c in zip(terms, crossings, strict=True):
        width = len(t)
        sums = (sums[:, None, :] + t[None, :, :]).reshape(-1, k)
        crossed = (crossed[:, None, :] | c[None, :, :]).reshape(-1, k)
        options = np.hstack(
            [np.repeat(options, width, axis=0), np.tile(np.arange(width), len(options))[:, None]]
        )
    return sums, crossed, options


class _Boxes:
    """Opening (head package, box) pairs: every package in them, a block of `BLOCK` pairs at a
    time, so memory stays small whatever the number of pairs."""

    def __init__(self, split: _Split, objective_of: ObjectiveOf, *, over_zopa: bool):
        self.split, self.objective_of, self.over_zopa = split, objective_of, over_zopa

    def nth_best(self, pairs: np.ndarray, n: int, inside: float) -> float:
        """The n-th largest objective of the packages in these pairs (over the ZOPA, those whose
        surpluses are all at least −TOLERANCE + `inside`); minus infinity when there are fewer."""
        best = np.full(n, -np.inf)
        for start in range(0, len(pairs), BLOCK):
            _, _, values = self._open(pairs[start : start + BLOCK], inside)
            best = np.sort(np.concatenate([best, values]))[-n:]
        return float(best[0])

    def reaching(self, pairs: np.ndarray, floor: float, inside: float) -> tuple[np.ndarray, np.ndarray]:
        """Head and tail rows of the packages of these pairs whose objective is at least `floor`."""
        rows, members = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)]
        for start in range(0, len(pairs), BLOCK):
            head, tail, values = self._open(pairs[start : start + BLOCK], inside)
            kept = np.isfinite(values) & (values >= floor)
            rows.append(head[kept])
            members.append(tail[kept])
        return np.concatenate(rows), np.concatenate(members)

    def _open(self, pairs: np.ndarray, inside: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        split = self.split
        head, box = np.divmod(pairs, len(split.bounds) - 1)
        members, pair = ranges(split.bounds[box], split.bounds[box + 1] - split.bounds[box])
        rows = head[pair]
        surplus = split.heads[rows] + split.tails[members] - split.reservation
        if len(surplus) == 0:
            return rows, members, np.zeros(0)
        edge = -TOLERANCE + inside
        values = self.objective_of(surplus, split.head_crossed[rows] | split.tail_crossed[members], edge)
        if self.over_zopa:
            values = np.where((surplus >= edge).all(axis=1), values, -np.inf)
        return rows, members, values
