"""The Pareto frontier (DESIGN §3.6), exact without listing the package space.

A package is on the frontier when no complete package gives every principal at least as much and
one principal more. Red lines and reservations play no part: Pareto is over all complete packages.

Scores add up over issues, so a package whose first i choices are beaten by another partial package
on the same issues is beaten whatever the remaining choices are. The Nemhauser–Ullmann programme
uses that: it walks the issues in order, extends every surviving partial package by every option of
the next issue and keeps only those no other partial package dominates. Partial packages with the
same principal score vector (compared at the 1e-9 resolution of `merge`) are merged into one row
with a multiplicity, and all of them are kept, so the frontier's size is exact even when it holds
more packages than could ever be listed (a 30-issue scenario where every package is efficient has
5^30 of them behind a few hundred score vectors). Each surviving row remembers the row it extends,
so packages are read back from the score vectors without having kept them.

Up to `EXACT_UP_TO` = 10^7 packages the walk needs no cap on vectors: the candidates of an issue
are at most the partial packages up to it, so at most 10^7, and memory is bounded by that, whatever
the scores (with eight principals, 2.1 GB measured in the worst case of ten million candidates at
one issue, every package efficient; the uniformly random eight-principal scenarios of 10^7 packages
in benchmarks stay under 200 MiB).
Above 10^7 packages at most `MAX_VECTORS` distinct partial score vectors may survive an issue, so the
walk holds at most that many times the issue's number of options rows, whatever the size of the
package space. When more survive (many principals with unrelated interests make nearly every package
efficient), the answer says it is not exact, and why, and lists packages that are certainly on the
frontier instead (`supported_packages`). At any size the walk may do at most `MAX_WORK` work (see
`frontier`), so that no scenario holds the analysis for minutes: frontiers of up to a million or so
efficient score vectors over 10^7 packages (eight principals of unrelated interests) are settled
exactly within it, and so are frontiers of ten million where a sum of scores is the same for every
package (two principals exactly opposed, or a zero-sum negotiation: see the bands below). Millions
of efficient packages with nothing of the kind to tell them apart (two principals nearly but not
exactly opposed) take more, and get the same honest not-exact answer.

Dominance among the candidates of an issue is a sort and a sweep for one or two principals. For
more (`nondominated`), each score is replaced by its dense rank (small integers compare faster),
rows are ordered by one score, then by sum of ranks, both falling (a row can then only be dominated
by rows before it), and the first half's skyline filters the second half by median splits (Kung,
Luccio and Preparata): a row at or above the median of a score can only be beaten by rows at or
above it too, a row below it by rows above it (that score then settled) or below it, so pairs on
opposite sides are never compared. Each piece is first cut to its bounding boxes (only rows at
least the lowest of the rows to beat can beat any of them), and the ordering and the splits use the
score most opposed to another: where two principals want opposite things, rows above the median of
one are below most rows on the other, and the boxes drop that cross piece whole. Two exactly
opposed principals among eight over 10^7 packages (1.3 million efficient score vectors) take 7 s
instead of 81 s of CPU; eight unrelated ones need two fifths of the comparisons they did with splits
in turn (docs/benchmarks.md).

Before the general test: where some weighted sum of the principals' scores is the same, or nearly,
for every package (`_Band`, found by one small linear programme over the issues' terms), a row can
only be dominated by rows in a narrow band of one score above it; sorting by that score and
comparing each row with its band settles ten million efficient packages with a few comparisons
each, where the general test would make billions (docs/benchmarks.md: the opposed and the zero-sum
scenarios of 10^7 packages).

`frontier_2d` walks the same way over two parties' scores, with no cap: a two-party frontier is a
staircase with one point per distinct score of the first party at most, in practice a few hundred
points even for 10^21 packages (benchmarks/analysis_bench.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.optimize import linprog

from negotiations.analysis.evaluate import rounded
from negotiations.analysis.merge import count_dtype, group_rows, quantise, ranges
from negotiations.analysis.problem import TOLERANCE, Problem

EXACT_UP_TO = 10**7
MAX_VECTORS = 20_000
LIMIT = 200
# `nondominated` compares sets of rows by brute force once they make at most LEAF pairs (boolean
# arrays of LEAF bytes), and a run of at most SMALL rows with itself: smaller pieces cost more in
# Python than they save in comparisons, larger ones compare more pairs than they need to (measured
# from 2^14 to 2^19 on eight random principals' candidates and on ones with two opposed principals).
LEAF = 2**16
SMALL = 256
# Candidate score vectors are quantised this many at a time, so the floating-point sums of a whole
# issue are never held at once.
CHUNK = 2**16
# Which score a piece of the dominance test is split on is judged from this many of its rows.
OPPOSITION_SAMPLE = 256
# Work one frontier may do, counted in comparisons of two score vectors (about 1.2 ns each here).
# What else takes time is counted as the comparisons it takes as long as, estimated from four scenarios
# of 10^6 and 10^7 packages (unrelated principals, and two exactly opposed): each candidate partial
# package ROW (summing, merging, ranking), each piece of the dominance test PIECE (its calls to NumPy)
# and SPAN more for every row it holds (selecting and bounding them). MAX_WORK is some 20–35 s of CPU
# on the benchmark machines (memory speed matters); see `frontier` for what stays within it.
MAX_WORK = 2 * 10**10
ROW = 1_500
PIECE = 8_000
SPAN = 40
# The banded test (`_Band`) is used when its bands hold at most BAND rows besides the row itself on
# average; each pair it compares costs BAND_PAIR comparisons' time (gathering two rows' scores).
# Its sorting and searching take about 0.5 µs a row at 10^7 rows, no more than the general test's
# ranking, which ROW counts.
# Below BANDS_FROM packages the general test is quick, and the linear programme finding the band
# (some 3 ms) is not worth its time.
BAND = 16
BAND_PAIR = 40
BANDS_FROM = 2**16


def frontier(
    problem: Problem,
    *,
    limit: int = LIMIT,
    exact_up_to: int = EXACT_UP_TO,
    max_vectors: int = MAX_VECTORS,
    max_work: int | None = MAX_WORK,
) -> dict[str, Any]:
    """`{"size", "exact", "packages", "truncated", "note"}`: the frontier over the principals.

    `size` is the exact number of efficient packages. `packages` lists them in lexicographic order
    of their option indices (the tie-break order of DESIGN §3.10) when there are at most `limit`.
    When there are more, `truncated` is true and `packages` is a documented subset: one package per
    distinct principal score vector, the lexicographically smallest package having it, in that
    order; when even the vectors number more than `limit`, `limit` of them evenly spaced along that
    order (the first and the last included). The same problem always gives the same subset.

    The answer is exact whenever the package space holds at most `exact_up_to` packages
    (`EXACT_UP_TO`, 10^7). Above that, when more than `max_vectors` distinct partial score vectors
    survive some issue, the frontier is not computed: `exact` is false, `size` None, and `packages`
    are up to `limit` packages that are certainly efficient (see `supported_packages`), with
    `truncated` true.

    Time is bounded too: when the walk would take more work than `max_work` comparisons of two
    score vectors (`MAX_WORK`, 2·10^10, its other steps counted as the comparisons they take as long
    as: some 20–35 s of CPU, by machine), it stops with the same not-exact answer, before it starts
    an issue whose candidates alone would go over. Only frontiers of millions of distinct score
    vectors come near it: every scenario of the benchmarks stays exact, eight principals of
    unrelated random interests over 10^7 packages included, and ten million efficient packages where
    two principals are exactly opposed or the principals share out a fixed total; two principals
    nearly opposed over 10^7 packages do not (docs/benchmarks.md). `max_work` None lifts the bound.

    Memory does not grow with the package space: it is bounded by `exact_up_to` candidate rows at
    one issue below that size, by `max_vectors` times an issue's options above (module docstring).
    """
    principals = np.flatnonzero(problem.principal)
    cap = None if problem.space_size <= exact_up_to else max_vectors
    try:
        walk = _walk([c[principals].T for c in problem.contributions], cap, _Budget(max_work))
    except _UnsettledError as unsettled:
        return {
            "size": None,
            "exact": False,
            "packages": scored_packages(problem, supported_packages(problem, limit)),
            "truncated": True,
            "note": (
                f"The frontier is too large to compute exactly {unsettled}; the packages listed are "
                "certainly efficient, but they are not all of them."
            ),
        }
    size = int(sum(walk.counts.tolist()))
    if size <= limit:
        return _answer(problem, size, walk.packages(), truncated=False)
    vectors = len(walk.counts)
    chosen = np.unique(np.rint(np.linspace(0, vectors - 1, min(limit, vectors))).astype(np.int64))
    return _answer(problem, size, [walk.representative(g) for g in chosen], truncated=True)


def frontier_2d(
    problem: Problem, first: str, second: str, *, sample: int = 400, seed: int = 0
) -> dict[str, Any]:
    """The packages no other beats on the scores of two parties (any two, principals or not), for a
    plot; exact at any size, because two-party frontiers stay small.

    `frontier` has one package per efficient pair of scores (the lexicographically smallest package
    reaching it), ordered by the first party's score, rising. `sample` is every package as
    `{"x", "y"}` (first and second party's score) when there are at most `sample` of them, in
    lexicographic order, otherwise `sample` packages drawn uniformly with `numpy.random.Generator`
    (PCG64) seeded with `seed`: the same problem and seed give the same points.
    """
    pair = [problem.party_index(first), problem.party_index(second)]
    walk = _walk([c[pair].T for c in problem.contributions], max_vectors=None, budget=_Budget(None))
    representatives = [walk.representative(g) for g in range(len(walk.counts))]
    packages = scored_packages(problem, representatives)
    packages.sort(key=lambda package: (package["scores"][first], package["scores"][second]))
    counts = problem.option_counts
    if problem.space_size <= sample:
        drawn = np.array(np.unravel_index(np.arange(problem.space_size), counts)).T
    else:
        generator = np.random.Generator(np.random.PCG64(seed))
        drawn = np.column_stack([generator.integers(0, n, size=sample) for n in counts])
    points = _scores(problem, drawn)[:, pair]
    return {
        "parties": [first, second],
        "frontier": packages,
        "sample": [{"x": rounded(x), "y": rounded(y)} for x, y in points],
        "reservation": {
            first: rounded(problem.reservation[pair[0]]),
            second: rounded(problem.reservation[pair[1]]),
        },
        "exact": True,
    }


def supported_packages(problem: Problem, limit: int = LIMIT, *, seed: int = 0) -> list[list[int]]:
    """Up to `limit` packages certainly on the frontier, found without the frontier, in
    lexicographic order.

    A package that maximises a sum of principal scores with positive weights is efficient: a package
    dominating it would have a larger sum. Such a package is found issue by issue (scores are
    additive). Tried in turn: each principal's best package (the largest total score among
    that principal's best ones), the largest total score, then weight vectors drawn with a seeded
    generator, until `limit` distinct packages are found or the draws run out.
    """
    terms = [c[problem.principal].T for c in problem.contributions]  # (options, principals)
    k = terms[0].shape[1]
    generator = np.random.Generator(np.random.PCG64(seed))
    found: set[tuple[int, ...]] = set()
    for attempt in range(k + 1 + 4 * limit):
        if len(found) >= limit:
            break
        if attempt < k:
            chosen = tuple(_best_option(t[:, attempt], t.sum(axis=1)) for t in terms)
        elif attempt == k:
            chosen = tuple(_best_option(t.sum(axis=1), t.sum(axis=1)) for t in terms)
        else:
            weights = generator.dirichlet(np.ones(k))
            chosen = tuple(_best_option(t @ weights, t.sum(axis=1)) for t in terms)
        found.add(chosen)
    return sorted(list(p) for p in found)


def _best_option(primary: np.ndarray, secondary: np.ndarray) -> int:
    """The first option best on `primary` (within the tolerance), then on `secondary`."""
    tied = np.flatnonzero(primary >= primary.max() - TOLERANCE)
    return int(tied[np.argmax(secondary[tied] >= secondary[tied].max() - TOLERANCE)])


def scored_packages(problem: Problem, indices: list) -> list[dict[str, Any]]:
    """`{"choices", "scores"}` for packages given as option indices, scores for every party."""
    if len(indices) == 0:
        return []
    scores = _scores(problem, np.asarray(indices, dtype=np.int64))
    return [
        {
            "choices": problem.choices_of(row),
            "scores": {key: rounded(score) for key, score in zip(problem.party_keys, totals, strict=True)},
        }
        for row, totals in zip(indices, scores, strict=True)
    ]


def _scores(problem: Problem, packages: np.ndarray) -> np.ndarray:
    """Every party's score of each package (rows of option indices): (packages, parties)."""
    scores = np.zeros((len(packages), len(problem.party_keys)))
    for i, contributions in enumerate(problem.contributions):
        scores += contributions[:, packages[:, i]].T
    return scores


def _answer(problem: Problem, size: int, indices: list, *, truncated: bool) -> dict[str, Any]:
    return {
        "size": size,
        "exact": True,
        "packages": scored_packages(problem, indices),
        "truncated": truncated,
        "note": None,
    }


@dataclass
class _Walk:
    """The surviving rows of every issue: row r of issue i extends row `parents[i][r]`'s group of
    issue i − 1 by option `options[i][r]` and belongs to group `groups[i][r]`. Groups (distinct
    score vectors) are numbered in lexicographic order of their smallest package; `firsts[i][g]` is
    the row of that package. `counts[g]` is how many packages the final group g stands for."""

    parents: list[np.ndarray]
    options: list[np.ndarray]
    groups: list[np.ndarray]
    firsts: list[np.ndarray]
    counts: np.ndarray

    def representative(self, group: int) -> list[int]:
        """The lexicographically smallest package of a final group, as option indices."""
        package = []
        for issue in reversed(range(len(self.groups))):
            row = self.firsts[issue][group]
            package.append(int(self.options[issue][row]))
            group = int(self.parents[issue][row])
        return package[::-1]

    def packages(self) -> list[list[int]]:
        """Every package of every final group, in lexicographic order (only called when few)."""
        ends = [((), g) for g in range(len(self.counts))]
        for issue in reversed(range(len(self.groups))):
            order = np.argsort(self.groups[issue], kind="stable")
            bounds = np.searchsorted(self.groups[issue][order], np.arange(len(self.firsts[issue]) + 1))
            ends = [
                ((int(self.options[issue][r]), *tail), int(self.parents[issue][r]))
                for tail, g in ends
                for r in order[bounds[g] : bounds[g + 1]]
            ]
        return sorted(list(package) for package, _ in ends)


class _UnsettledError(Exception):
    """The walk stopped before settling the frontier; the message says why."""


@dataclass
class _Budget:
    """Work the walk has done, and may do (`limit`; None: no limit), in comparisons of two score
    vectors."""

    limit: int | None
    spent: int = 0

    def spend(self, work: int) -> None:
        self.spent += work
        if self.limit is not None and self.spent > self.limit:
            raise _UnsettledError(
                f"in bounded time: telling its efficient packages apart takes more work than {self.limit:,} "
                "comparisons of score vectors"
            )


def _walk(terms: list[np.ndarray], max_vectors: int | None, budget: _Budget) -> _Walk:
    """Nemhauser–Ullmann over the issues; `terms[i]` is (options of issue i, parties compared).

    Raises `_UnsettledError` when more than `max_vectors` distinct score vectors survive an issue,
    or the walk needs more work than `budget` allows.
    """
    k = terms[0].shape[1]
    space = 1
    for t in terms:
        space *= len(t)
    band = _Band.of(terms) if space >= BANDS_FROM else None
    states = np.zeros((1, k))
    counts = np.ones(1, dtype=count_dtype(space))
    walk = _Walk([], [], [], [], counts)
    for t in terms:
        width = len(t)
        # Row numbers in 32 bits halve the walk's index arrays: below EXACT_UP_TO there are at most
        # 10^7 candidates, above it at most max_vectors times the options of an issue.
        index = np.int32 if len(states) * width < 2**31 else np.int64
        budget.spend(len(states) * width * ROW)
        parents = np.repeat(np.arange(len(states), dtype=index), width)
        options = np.tile(np.arange(width, dtype=index), len(states))
        keys = _candidate_keys(states, t)
        first, group, totals = group_rows(keys, np.repeat(counts, width), in_key_order=False)
        distinct = keys[first]
        del keys  # the largest array of the walk, not needed by the dominance test
        efficient = _nondominated(distinct, budget, band)
        del distinct
        if max_vectors is not None and efficient.sum() > max_vectors:
            raise _UnsettledError(
                f"in bounded memory: more than {max_vectors} distinct partial score vectors of the "
                "principals survive"
            )
        kept = np.flatnonzero(efficient)
        kept = kept[np.argsort(first[kept])]  # candidates come in lexicographic order of packages
        renumber = np.full(len(first), -1, dtype=index)
        renumber[kept] = np.arange(len(kept))
        groups = renumber[group]
        surviving = np.flatnonzero(groups >= 0)
        # Row numbers of the surviving rows, so `firsts` can point into the stored arrays.
        position = np.full(len(groups), -1, dtype=index)
        position[surviving] = np.arange(len(surviving))
        walk.parents.append(parents[surviving])
        walk.options.append(options[surviving])
        walk.groups.append(groups[surviving])
        rows = first[kept]
        walk.firsts.append(position[rows])
        states, counts = states[parents[rows]] + t[options[rows]], totals[kept]
    walk.counts = counts
    return walk


def _candidate_keys(states: np.ndarray, terms: np.ndarray) -> np.ndarray:
    """The quantised score vectors of every state extended by every option (state-major, so in
    lexicographic order of packages), summed CHUNK rows at a time."""
    width, k = terms.shape
    keys = np.empty((len(states) * width, k), dtype=np.int64)
    step = max(1, CHUNK // width)
    for start in range(0, len(states), step):
        block = states[start : start + step]
        sums = block[:, None, :] + terms[None, :, :]
        keys[start * width : (start + len(block)) * width] = quantise(sums.reshape(-1, k))
    return keys


def nondominated(keys: np.ndarray, band: _Band | None = None) -> np.ndarray:
    """Which rows of distinct integer score vectors no other row dominates (≥ everywhere, and so,
    the rows being distinct, > somewhere)."""
    return _nondominated(keys, _Budget(None), band)


def _nondominated(keys: np.ndarray, budget: _Budget, band: _Band | None = None) -> np.ndarray:
    n, k = keys.shape
    if n <= 1:
        return np.ones(n, dtype=bool)
    if band is not None and band.spread * n <= BAND:
        banded = band.nondominated(keys, budget)
        if banded is not None:
            return banded
    if k == 1:
        return keys[:, 0] == keys[:, 0].max()
    if k == 2:
        # Best first score first (ties: best second score first): a row survives when its second
        # score beats every row before it.
        order = np.lexsort((-keys[:, 1], -keys[:, 0]))
        second = keys[order, 1]
        before = np.maximum.accumulate(np.concatenate(([np.iinfo(np.int64).min], second[:-1])))
        keep = np.empty(n, dtype=bool)
        keep[order] = second > before
        return keep
    ranks = _dense_ranks(keys)
    # A row dominating another is at least as high on any one score, and has the larger sum of
    # ranks: by falling score, then falling sum, a row can only be dominated by rows before it. The
    # score is the one most opposed to another, so that where two principals want opposite things
    # the halves of `_skyline` are apart on both and the bounding boxes settle them at once.
    order = np.lexsort((-ranks.sum(axis=0, dtype=np.int64), -ranks[_most_opposed(ranks)]))
    keep = np.zeros(n, dtype=bool)
    keep[order[_skyline(np.take(ranks, order, axis=1), budget)]] = True
    return keep


@dataclass(frozen=True)
class _Band:
    """A weighted sum of the principals' scores that hardly changes from package to package, and
    the score it confines most: two principals who want exactly opposite things (their sum is the
    same for every package), or a zero-sum negotiation.

    With weights w ≥ 0 (1 on `score`), a row y dominating a row x has every w_p·(y_p − x_p) ≥ 0,
    and they add up to the difference of the two rows' sums. So y's `score` lies between x's and x's
    plus (the largest sum − x's sum): only rows in that band of `score` can dominate x. Where the
    sum hardly varies, the band holds a row or two, and sorting by `score` and comparing each row
    with its band settles millions of rows that the general test (`_skyline`) would compare far
    more often: all of them efficient, nothing else tells them apart.

    `spread` is how much the sum can vary over the packages, as a share of `score`'s range: about
    the share of rows in a band.
    """

    score: int
    weights: np.ndarray
    spread: float

    @classmethod
    def of(cls, terms: list[np.ndarray]) -> _Band | None:
        """The band over `terms` (as `_walk`'s) whose sum varies least, found by one linear
        programme; None for fewer than three scores (sorting settles those).

        The sum varies by the sum over the issues of its largest less its smallest term. The
        programme's variables are the weights, then each issue's largest and smallest term; the
        weights are scaled so that each score's range counts once (Σ w_p·range_p = 1), and the band
        is on the score of largest weighted range, whose band is then narrowest.
        """
        k, m = terms[0].shape[1], len(terms)
        if k < 3:
            return None
        extents = sum(t.max(axis=0) - t.min(axis=0) for t in terms)
        rows = []
        for i, t in enumerate(terms):
            for sign, position in ((1.0, k + i), (-1.0, k + m + i)):
                block = np.zeros((len(t), k + 2 * m))
                block[:, :k] = sign * t
                block[:, position] = -sign
                rows.append(block)
        spreads = np.vstack(rows)
        result = linprog(
            np.r_[np.zeros(k), np.ones(m), -np.ones(m)],
            A_ub=spreads,
            b_ub=np.zeros(len(spreads)),
            A_eq=np.r_[extents, np.zeros(2 * m)][None, :],
            b_eq=[1.0],
            bounds=[(0, None)] * k + [(None, None)] * (2 * m),
            method="highs",
        )
        if result.status != 0:  # no score varies at all: nothing to dominate, nothing to band
            return None
        weights = np.maximum(result.x[:k], 0.0)
        score = int(np.argmax(weights * extents))
        return cls(score, weights / weights[score], max(result.fun, 0.0) / (weights[score] * extents[score]))

    def nondominated(self, keys: np.ndarray, budget: _Budget) -> np.ndarray | None:
        """`_nondominated` by comparing each row with the rows in its band, or None when the bands
        hold more than BAND other rows a row on average."""
        n = len(keys)
        column = keys[:, self.score]
        sums = np.zeros(n)
        for p in np.flatnonzero(self.weights):  # a column at a time: no float copy of all the keys
            sums += self.weights[p] * keys[:, p]
        # The sums are rounded floating-point numbers (by far less than a unit of the keys, for
        # scores of 0–100): the band reaches a unit further to make up for it.
        largest = max(abs(int(keys.max())), abs(int(keys.min())))
        slack = 1.0 + 1e-12 * largest * float(self.weights.sum())
        reach = column + np.floor(sums.max() - sums + slack).astype(np.int64)
        order = np.argsort(column, kind="stable")
        ordered = column[order]
        low = np.searchsorted(ordered, ordered, side="left")
        widths = np.searchsorted(ordered, reach[order], side="right") - low
        pairs = int(widths.sum()) - n
        if pairs > BAND * n:
            return None
        budget.spend(pairs * BAND_PAIR)
        dominated = np.zeros(n, dtype=bool)
        ends = np.cumsum(widths)
        start = 0
        while start < n:
            done = int(ends[start - 1]) if start else 0
            stop = max(start + 1, int(np.searchsorted(ends, done + CHUNK * BAND, side="right")))
            theirs, mine = ranges(low[start:stop], widths[start:stop])
            mine += start
            beats = (keys[order[theirs]] >= keys[order[mine]]).all(axis=1) & (theirs != mine)
            dominated[mine[beats]] = True
            start = stop
        keep = np.empty(n, dtype=bool)
        keep[order] = ~dominated
        return keep


def _dense_ranks(keys: np.ndarray) -> np.ndarray:
    """Each score column replaced by its dense rank, as (scores, rows): dominance is the same, and
    comparing int16 (int32 past 32,767 distinct values) columns is several times faster."""
    ranks = np.empty(keys.shape[::-1], dtype=np.int32)
    for d, column in enumerate(keys.T):
        ranks[d] = np.unique(column, return_inverse=True)[1].ravel()
    return ranks.astype(np.int16) if ranks.max() < 2**15 else ranks


def _skyline(columns: np.ndarray, budget: _Budget) -> np.ndarray:
    """The undominated rows of `columns` (scores, rows), no row dominated by a later one, as row
    numbers.

    The first half's own skyline is found first; the second half's rows that it dominates go
    (nothing after a row can dominate it), and what is left of the second half is done the same way.
    """
    n = columns.shape[1]
    if n <= SMALL:
        beats = _at_least(columns, columns, budget)
        np.fill_diagonal(beats, False)
        return np.flatnonzero(~beats.any(axis=0))
    half = n // 2
    head = _skyline(columns[:, :half], budget)
    tail = half + np.flatnonzero(~_beaten(columns[:, half:], np.take(columns, head, axis=1), budget))
    tail = tail[_skyline(np.take(columns, tail, axis=1), budget)]
    return np.concatenate([head, tail])


def _beaten(rows: np.ndarray, others: np.ndarray, budget: _Budget) -> np.ndarray:
    """Which of `rows` some column of `others` is at least on every score (both as (scores, rows)).

    Divide and conquer on the median of one score at a time (Kung, Luccio and Preparata's filter):
    a row at or above the median can only be beaten by others at or above it; a row below it by
    others above it, where that score no longer needs comparing, or by others below it. Pairs split
    to opposite sides are never compared. Each piece is cut to what can matter (bounding boxes),
    split on its most opposed score (`_most_opposed`), and compared by brute force once it makes at
    most LEAF pairs. Low rows meet high others first, so rows beaten there are not compared again.
    """
    beaten = np.zeros(rows.shape[1], dtype=bool)
    # Each piece of work: row numbers, their scores, the others' scores (the scores still compared).
    work = [(np.arange(rows.shape[1]), rows, others)]
    while work:
        mine, scores, theirs = work.pop()
        unsettled = ~beaten[mine]
        mine, scores = mine[unsettled], scores.compress(unsettled, axis=1)
        if len(mine) == 0 or theirs.shape[1] == 0:
            continue
        if len(scores) == 0:
            beaten[mine] = True
            continue
        budget.spend(PIECE + SPAN * (len(mine) + theirs.shape[1]))
        # Only others at least the lowest of these rows on every score can beat any of them, and
        # only rows at most the highest of those others can be beaten.
        theirs = theirs.compress((theirs >= scores.min(axis=1, keepdims=True)).all(axis=0), axis=1)
        if theirs.shape[1] == 0:
            continue
        exposed = (scores <= theirs.max(axis=1, keepdims=True)).all(axis=0)
        mine, scores = mine[exposed], scores.compress(exposed, axis=1)
        if len(mine) == 0:
            continue
        if len(mine) * theirs.shape[1] <= LEAF:
            beaten[mine] = _at_least(theirs, scores, budget).any(axis=0)
            continue
        split = _most_opposed(np.concatenate([scores, theirs], axis=1))
        rest = np.arange(len(scores)) != split
        values = np.concatenate([scores[split], theirs[split]])
        middle = np.partition(values, len(values) // 2)[len(values) // 2]
        if middle == values.min():  # at least one value must fall below the split
            above = values[values > middle]
            if len(above) == 0:  # all equal on this score: it separates nothing
                work.append((mine, scores[rest], theirs[rest]))
                continue
            middle = above.min()
        high, their_high = scores[split] >= middle, theirs[split] >= middle
        low_scores, their_high_scores = scores.compress(~high, axis=1), theirs.compress(their_high, axis=1)
        # Popped last to first.
        work.append((mine[~high], low_scores, theirs.compress(~their_high, axis=1)))
        work.append((mine[~high], low_scores[rest], their_high_scores[rest]))
        work.append((mine[high], scores.compress(high, axis=1), their_high_scores))
    return beaten


def _most_opposed(scores: np.ndarray) -> int:
    """The score (row) most negatively correlated with another, judged from evenly spaced columns:
    where two scores pull against each other, splitting on one puts the rows across the split apart
    on the other too, and the bounding boxes drop them without comparing them."""
    sample = scores[:, :: max(1, scores.shape[1] // OPPOSITION_SAMPLE)].astype(np.float64)
    sample -= sample.mean(axis=1, keepdims=True)
    spread = np.sqrt((sample * sample).sum(axis=1)) + 1e-12  # a score equal on every row has none
    correlation = (sample @ sample.T) / spread[:, None] / spread[None, :]
    np.fill_diagonal(correlation, 1.0)
    return int(np.argmin(correlation.min(axis=1)))


def _at_least(rows: np.ndarray, others: np.ndarray, budget: _Budget) -> np.ndarray:
    """`out[a, b]`: column a of `rows` is at least column b of `others` on every score (row)."""
    budget.spend(rows.shape[1] * others.shape[1])
    if rows.shape[1] > others.shape[1]:
        # NumPy loops fastest along a long last axis (up to three times here): compare the other way
        # round and answer with the transposed view.
        return _all_scores(np.less_equal, others, rows).T
    return _all_scores(np.greater_equal, rows, others)


def _all_scores(compare: np.ufunc, rows: np.ndarray, others: np.ndarray) -> np.ndarray:
    out = compare(rows[0][:, None], others[0][None, :])
    for d in range(1, len(rows)):
        out &= compare(rows[d][:, None], others[d][None, :])
    return out
