"""How many packages are in the ZOPA (DESIGN §3.5), counted exactly without listing them.

A package is in the ZOPA when it crosses no principal's red line and every principal scores at
least its reservation. Red lines belong to single options, so options a principal rules out are
dropped first; what is left is counting the packages whose principal score vectors, sums of one
vector per issue, clear every reservation.

The count walks the issues as a tree, a block of partial packages at a time (vectorised):

- partial packages with the same principal score vector are merged, with a multiplicity;
- one whose best completion misses some principal's reservation is dropped;
- one whose worst completion already clears every principal is counted whole (multiplicity ×
  number of completions) and goes no further.

The last few issues (up to `TAIL` of their packages) are not walked: their score vectors are
summed up once, merged, and put in boxes, and each partial package reaching them is compared with
all of them at once, most of them settled box by box (`_tail`, `_count_completions`).

The walk goes depth first over blocks of at most `BLOCK` partial packages, so memory is bounded by
issues × options × `BLOCK` rows whatever the size of the package space. Its work is capped at
`max_work` expanded partial packages (comparisons with the tail count `TAIL_UNIT` to the unit,
which takes about as long); when the cap is hit the answer says it is not exact, and why, and gives
exact bounds: the packages already counted, and those plus every package still undecided.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from negotiations.analysis.merge import count_dtype, group_rows, quantise
from negotiations.analysis.problem import TOLERANCE, Problem

BLOCK = 16_384
MAX_WORK = 4_000_000
TAIL = 10_000  # at most this many packages of the last issues are judged at once (see `_tail`)
LEAF = 32  # score vectors per box of the tail
TAIL_CELLS = 2**21  # partial packages × boxes compared at a time
TAIL_UNIT = 128  # comparisons with the tail that count as one unit of work (they take about as long)
# Bounds decide a whole subtree only with this much to spare (sums of 0–100 scores carry errors near
# 1e-13), so floating-point error in a bound never decides a package; packages closer to a
# reservation than this are walked to the end and compared like `evaluate` compares them.
MARGIN = 1e-11


def zopa(problem: Problem, *, max_work: int = MAX_WORK) -> dict[str, Any]:
    """`{"size", "exact", "lower", "upper", "empty", "note"}`; `size` is exact when `exact` is true,
    otherwise it is the lower bound (packages certainly in the ZOPA) and `upper` the upper bound."""
    principals = np.flatnonzero(problem.principal)
    terms = []
    for contributions, red_lines in zip(problem.contributions, problem.red_lines, strict=True):
        allowed = ~red_lines[principals].any(axis=0)
        terms.append(contributions[principals][:, allowed].T)  # (options left, principals)
    if any(len(t) == 0 for t in terms):
        return _answer(0, 0)
    # Issues that move scores most go first: their bounds decide subtrees soonest.
    terms.sort(key=lambda t: -float((t.max(axis=0) - t.min(axis=0)).max()))
    counted, undecided = _walk(terms, problem.reservation[principals] - TOLERANCE, max_work)
    return _answer(counted, undecided)


def _walk(terms: list[np.ndarray], reservation: np.ndarray, max_work: int) -> tuple[int, int]:
    n, k = len(terms), len(reservation)
    best_rest = _suffix_sums(np.array([t.max(axis=0) for t in terms]))  # [i]: most issues i.. can add
    worst_rest = _suffix_sums(np.array([t.min(axis=0) for t in terms]))
    completions = [1] * (n + 1)  # completions[i]: packages of issues i..
    for i in range(n - 1, -1, -1):
        completions[i] = completions[i + 1] * len(terms[i])
    tail = _tail(terms)
    dtype = count_dtype(completions[0])
    stack = [(0, np.zeros((1, k)), np.ones(1, dtype=dtype))]
    counted = undecided = work = 0
    while stack:
        issue, states, counts = stack.pop()
        if work >= max_work:
            undecided += int(counts.sum()) * completions[issue]
            continue
        if issue == tail.start:
            clearing, compared = _count_completions(states, counts, tail, reservation)
            counted += clearing
            work += compared // TAIL_UNIT
            continue
        width = len(terms[issue])
        scores = (states[:, None, :] + terms[issue][None, :, :]).reshape(-1, k)
        counts = np.repeat(counts, width)
        work += len(scores)
        dead = (scores + best_rest[issue + 1] < reservation - MARGIN).any(axis=1)
        safe = (scores + worst_rest[issue + 1] >= reservation + MARGIN).all(axis=1) & ~dead
        counted += int(counts[safe].sum()) * completions[issue + 1]
        going = ~(dead | safe)
        scores, counts = scores[going], counts[going]
        first, _, totals = group_rows(quantise(scores), counts)
        states = scores[first]
        for start in reversed(range(0, len(first), BLOCK)):  # the first block on top of the stack
            stack.append((issue + 1, states[start : start + BLOCK], totals[start : start + BLOCK]))
    return counted, undecided


@dataclass(frozen=True)
class _Tail:
    """The last issues' distinct score vectors in boxes: box b holds `vectors[bounds[b]:bounds[b + 1]]`,
    which `weights` packages each give, between corners `low[b]` and `high[b]`; `totals[b]` is how
    many packages the box stands for."""

    start: int
    vectors: np.ndarray  # (distinct vectors, principals), box after box
    weights: np.ndarray
    bounds: np.ndarray
    low: np.ndarray  # (boxes, principals)
    high: np.ndarray
    totals: np.ndarray


def _tail(terms: list[np.ndarray]) -> _Tail:
    """The last issues, as many as make at most `TAIL` packages and at most the square root of the
    package space (always the last one), summed up.

    The walk stops where the tail starts and counts a partial package's acceptable completions by
    comparing it with the tail's score vectors at once, instead of walking the last issues one by
    one; meeting in the middle, the walk and the tail are then about the same size. The vectors are
    split into boxes of `LEAF` (halving along the widest score each time), so most (partial
    package, box) pairs are settled by the box's corners alone: every vector in it clears, or none
    does."""
    limit = min(TAIL, math.isqrt(math.prod(len(t) for t in terms)))
    start, size = len(terms) - 1, len(terms[-1])
    while start > 0 and size * len(terms[start - 1]) <= limit:
        start -= 1
        size *= len(terms[start])
    k = terms[0].shape[1]
    sums = np.zeros((1, k))
    for t in terms[start:]:
        sums = (sums[:, None, :] + t[None, :, :]).reshape(-1, k)
    first, _, totals = group_rows(quantise(sums), np.ones(len(sums), dtype=np.int64))
    vectors = sums[first]
    # With the whole space in the tail there is one partial package to compare: no boxes.
    order, bounds = boxes(vectors, LEAF if start > 0 else len(vectors))
    vectors, totals = vectors[order], totals[order]
    return _Tail(
        start=start,
        vectors=vectors,
        weights=totals.astype(np.float64),  # at most TAIL each: sums stay exact in float64
        bounds=bounds,
        low=np.minimum.reduceat(vectors, bounds[:-1]),
        high=np.maximum.reduceat(vectors, bounds[:-1]),
        totals=np.add.reduceat(totals, bounds[:-1]).astype(np.float64),
    )


def boxes(vectors: np.ndarray, leaf: int) -> tuple[np.ndarray, np.ndarray]:
    """An order of the vectors and the bounds of boxes of `leaf` consecutive vectors in it (the
    last box of a split may hold fewer): every box of more is split in two, along its widest score,
    one level at a time for all boxes at once."""
    n = len(vectors)
    order, starts = np.arange(n), np.zeros(1, dtype=np.int64)
    while True:
        lengths = np.diff(np.append(starts, n))
        big = lengths > leaf
        if not big.any():
            return order, np.append(starts, n)
        points = vectors[order]
        widest = (np.maximum.reduceat(points, starts) - np.minimum.reduceat(points, starts)).argmax(axis=1)
        box = np.repeat(np.arange(len(starts)), lengths)
        order = order[np.lexsort((points[np.arange(n), widest[box]], box))]
        halves = (-(-lengths[big] // leaf) + 1) // 2  # boxes of `leaf` in the first half
        starts = np.sort(np.concatenate([starts, starts[big] + leaf * halves]))


def _count_completions(
    states: np.ndarray, counts: np.ndarray, tail: _Tail, reservation: np.ndarray
) -> tuple[int, int]:
    """How many completions of the partial packages, weighted by their multiplicities, clear every
    reservation, and how many comparisons that took (boxes and vectors).

    A box counts whole when its low corner clears with `MARGIN` to spare, not at all when its high
    corner misses by `MARGIN`; otherwise its vectors are compared one by one, each added to the
    partial package as the walk would have."""
    total = 0
    compared = len(states) * len(tail.low)
    step = max(1, TAIL_CELLS // len(tail.low))
    for start in range(0, len(states), step):
        block = states[start : start + step]
        whole = np.ones((len(tail.low), len(block)), dtype=bool)
        none = np.zeros_like(whole)
        for d in range(len(reservation)):
            whole &= tail.low[:, None, d] + block[None, :, d] >= reservation[d] + MARGIN
            none |= tail.high[:, None, d] + block[None, :, d] < reservation[d] - MARGIN
        per_state = tail.totals @ whole
        box, state = np.nonzero(~(whole | none))
        cuts = np.searchsorted(box, np.arange(len(tail.low) + 1))
        for b in np.flatnonzero(np.diff(cuts)):
            rows = slice(tail.bounds[b], tail.bounds[b + 1])
            these = state[cuts[b] : cuts[b + 1]]
            clears = tail.vectors[None, rows, 0] + block[these, None, 0] >= reservation[0]
            for d in range(1, len(reservation)):
                clears &= tail.vectors[None, rows, d] + block[these, None, d] >= reservation[d]
            per_state[these] += clears @ tail.weights[rows]
            compared += clears.size
        total += int((counts[start : start + step] * np.rint(per_state).astype(np.int64)).sum())
    return total, compared


def _suffix_sums(rows: np.ndarray) -> np.ndarray:
    """`out[i] = rows[i:].sum(axis=0)`, with a final row of zeros."""
    out = np.zeros((len(rows) + 1, rows.shape[1]))
    out[:-1] = np.cumsum(rows[::-1], axis=0)[::-1]
    return out


def _answer(counted: int, undecided: int) -> dict[str, Any]:
    exact = undecided == 0
    note = None
    if not exact:
        note = (
            f"The ZOPA is too large to count exactly within the work limit: at least {counted} and at "
            f"most {counted + undecided} packages are acceptable to every principal."
        )
    return {
        "size": counted,
        "exact": exact,
        "lower": counted,
        "upper": counted + undecided,
        "empty": True if counted + undecided == 0 else (False if counted else None),
        "note": note,
    }
