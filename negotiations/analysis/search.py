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
from collections.abc import Callable

import numpy as np

from negotiations.analysis.milp import Found, time_left
from negotiations.analysis.problem import TOLERANCE, Problem
from negotiations.analysis.zopa import boxes


class UndecidedError(Exception):
    """The search leaves the answer to the programmes: rounding leaves it unsure which packages are
    in the ZOPA, or too many packages tie to score one by one."""


SEARCH_UP_TO = 10**7
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


def search_best(
    problem: Problem,
    objective_of: Callable[[np.ndarray], np.ndarray],
    value: Callable[[np.ndarray], float],
    admits: Callable[[np.ndarray], bool],
    tolerance: Callable[[float], float],
) -> Found | None:
    """The package of the ZOPA of largest `value`, ties going to the lexicographically smallest;
    None when the ZOPA is empty. `objective_of(surpluses)` is the objective of many packages at once
    from their principals' surpluses (rows), never smaller where every surplus is larger. Its work
    is bounded by the size of the space (at worst every package once, a few seconds at 10^7), so
    under `milp.time_bound` it only checks that time is left before it starts."""
    time_left()  # its work is bounded by the package space, but it starts only within the time bound
    principals = np.flatnonzero(problem.principal)
    reservation = problem.reservation[principals]
    allowed = [np.flatnonzero(~red[principals].any(axis=0)) for red in problem.red_lines]
    if any(len(options) == 0 for options in allowed):
        return None
    terms = [c[principals][:, options].T for c, options in zip(problem.contributions, allowed, strict=True)]
    split = _tail_start(terms)
    heads, head_options = _partial_packages(terms[:split], len(principals))
    tails, tail_options = _partial_packages(terms[split:], len(principals))
    order, bounds = boxes(tails, LEAF)
    tails, tail_options = tails[order], tail_options[order]
    high = np.maximum.reduceat(tails, bounds[:-1])

    corner = (heads[:, None, :] + high[None, :, :] - reservation).reshape(-1, len(principals))
    reachable = (corner >= -TOLERANCE - MARGIN).all(axis=1)  # pairs numbered head × boxes + box
    bound = np.full(len(corner), -np.inf)
    bound[reachable] = objective_of(corner[reachable])
    box = _Boxes(heads, tails, bounds, reservation, objective_of)
    # The best value is taken over packages certainly in the ZOPA (MARGIN inside), the candidates
    # from those possibly in it (MARGIN outside): every package tying with the best is among them.
    first = np.argpartition(bound, max(0, len(bound) - FIRST))[-FIRST:]
    top = box.best(first, MARGIN)
    if not np.isfinite(top):
        everywhere = np.flatnonzero(np.isfinite(bound))
        top = box.best(everywhere, MARGIN)
        if not np.isfinite(top):
            if np.isfinite(box.best(everywhere, -MARGIN)):
                raise UndecidedError  # every package that might be in the ZOPA is within rounding of its edge
            return None
    floor = top - 2 * tolerance(top) - MARGIN * max(1.0, abs(top))
    rows, members = box.reaching(np.flatnonzero(bound >= floor), floor, -MARGIN)
    if len(rows) > MAX_CANDIDATES:
        raise UndecidedError  # many ties (issues no principal weighs, say): the programmes order them
    candidates = sorted(
        {
            tuple(int(allowed[i][o]) for i, o in enumerate((*head_options[r], *tail_options[m])))
            for r, m in zip(rows, members, strict=True)
        }
    )
    packages = [np.array(c) for c in candidates if admits(np.array(c))]
    exact = [value(p) for p in packages]
    best_value = max(exact)
    tied = [(p, v) for p, v in zip(packages, exact, strict=True) if v >= best_value - tolerance(best_value)]
    return Found(tied[0][0], tied[0][1], tied[1][0] if len(tied) > 1 else None)


def _tail_start(terms: list[np.ndarray]) -> int:
    """Where the tail starts: the last issues making at most the square root of the space (at least
    the last issue)."""
    limit = max(1, math.isqrt(math.prod(len(t) for t in terms)))
    start, size = len(terms) - 1, len(terms[-1])
    while start > 0 and size * len(terms[start - 1]) <= limit:
        start -= 1
        size *= len(terms[start])
    return start


def _partial_packages(terms: list[np.ndarray], k: int) -> tuple[np.ndarray, np.ndarray]:
    """Every package of these issues in lexicographic order: the `k` principals' score sums and the
    option positions (one row of zeros and no columns when there are no issues)."""
    sums = np.zeros((1, k))
    options = np.zeros((1, 0), dtype=np.int64)
    for t in terms:
        width = len(t)
        sums = (sums[:, None, :] + t[None, :, :]).reshape(-1, k)
        options = np.hstack(
            [np.repeat(options, width, axis=0), np.tile(np.arange(width), len(options))[:, None]]
        )
    return sums, options


class _Boxes:
    """Opening (head package, box) pairs, numbered head × boxes + box: every package in them, a
    block of `BLOCK` pairs at a time, so memory stays small whatever the number of pairs."""

    def __init__(self, heads, tails, bounds, reservation, objective_of):
        self.heads, self.tails, self.bounds = heads, tails, bounds
        self.reservation, self.objective_of = reservation, objective_of

    def best(self, pairs: np.ndarray, inside: float) -> float:
        """The largest objective of a package in these pairs whose surpluses are all at least
        −TOLERANCE + `inside` (minus infinity: none)."""
        top = -np.inf
        for start in range(0, len(pairs), BLOCK):
            _, _, values = self._open(pairs[start : start + BLOCK], inside)
            if len(values):
                top = max(top, float(values.max()))
        return top

    def reaching(self, pairs: np.ndarray, floor: float, inside: float) -> tuple[np.ndarray, np.ndarray]:
        """Head and tail rows of the packages of these pairs whose objective is at least `floor`
        (surpluses at least −TOLERANCE + `inside`)."""
        rows, members = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)]
        for start in range(0, len(pairs), BLOCK):
            head, tail, values = self._open(pairs[start : start + BLOCK], inside)
            rows.append(head[values >= floor])
            members.append(tail[values >= floor])
        return np.concatenate(rows), np.concatenate(members)

    def _open(self, pairs: np.ndarray, inside: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        head, box = np.divmod(pairs, len(self.bounds) - 1)
        sizes = self.bounds[box + 1] - self.bounds[box]
        rows = np.repeat(head, sizes)
        offsets = np.repeat(self.bounds[box] - np.concatenate([[0], np.cumsum(sizes)[:-1]]), sizes)
        members = offsets + np.arange(int(sizes.sum()))
        surplus = self.heads[rows] + self.tails[members] - self.reservation
        if len(surplus) == 0:
            return rows, members, np.zeros(0)
        kept = (surplus >= -TOLERANCE + inside).all(axis=1)
        return rows, members, np.where(kept, self.objective_of(surplus), -np.inf)
