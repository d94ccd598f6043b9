"""Time and peak memory of the analysis engine's exact functions on seeded scenarios of 10^4 to 10^21
packages, against brute force over every package (where feasible) and NegMAS (where installed).

    python benchmarks/analysis_bench.py [--sizes 1e4 1e6 1e7 1e9 1e21] [--seed 0] [--no-negmas]
        [--unrelated 10x5 7x10 [--principals 8] [--opposed [--noise 0.01] | --zero-sum] [--rest]]

Scenarios are generated from the seed: parties fall into two camps whose utilities follow an
option's position on its issue in opposite directions (opposed between camps, correlated within),
plus each party's own noise; weights are random, some issues left out by some parties; the
parties that are not principals (mediators, observers, guarantors: they score packages but do not
veto) have a few red lines. Every exact function exported by
`negotiations.analysis` that takes only a problem is timed (`zopa`, `frontier`, `solutions` when
present), plus `frontier_2d` for the first two principals and `improvements` for a random package
when present. After `solutions` (all five together), the principals' ideal scores and each
bargaining solution are timed alone; a solution that needs the ideals is timed without them and
its line gives the sum too. Peak memory is what `tracemalloc` sees (NumPy's arrays included).

Brute force (NumPy, every package scored) runs up to 10^7 packages and its answers are checked
against the engine's: the ZOPA's size, the frontier's size and packages, and each bargaining
solution's package, each with its time and the ratio to the engine's. NegMAS (`pip install
.[bench]`) is given the same scenario as a linear additive utility function per principal over a
discrete outcome space; its Pareto frontier and Nash point are compared with ours as sets of packages.

With `--unrelated`, `frontier` alone is then timed on principals whose utilities and weights are
uniformly random (the tests' `random_document`), where nearly every package is efficient; `--sizes`
with no size skips the scenarios above. `--opposed` makes the second principal want exactly the
opposite of the first (its utilities 100 minus the first's, drawn real-valued, and the same weights
on every issue), so that every package is efficient for the two of them and nearly every package
for all: the hardest case for the frontier, with `--zero-sum` (every principal weighs the issues
as the first does and each option's utilities are a random split of 100 between them, so every
package is efficient). `--noise X` adds to the second principal's opposite utilities a uniform draw
in ±X (clipped to 0–100): nearly opposed, no sum the same for every package. `--rest` then times
the rest of what the API and the pages compute on such a scenario, within their time bounds: the
bargaining solutions (or nearest misses) and the improvements on three packages, saying what each
settled.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import negotiations.analysis as analysis
from negotiations.analysis import bargaining, frontier, frontier_2d, problem_from_document, zopa
from negotiations.analysis.frontier import nondominated
from negotiations.analysis.merge import quantise
from negotiations.analysis.problem import TOLERANCE

# Size label: (issues, options per issue, parties, principals).
SHAPES = {
    "1e4": (4, 10, 4, 3),
    "1e6": (6, 10, 6, 4),
    "1e7": (7, 10, 6, 4),
    "1e9": (9, 10, 8, 5),
    "1e21": (30, 5, 8, 5),
}
BRUTE_FORCE_MAX = 10**7
BRUTE_FORCE_FRONTIER_MAX = 10**7
NEGMAS_MAX = 10**6
BLOCK = 1_000_000
# The bargaining solutions whose programmes start from the principals' ideal scores.
NEEDS_IDEALS = {"nash", "asymmetric_nash", "kalai_smorodinsky"}


def scenario(issues: int, options: int, parties: int, principals: int, seed: int) -> dict:
    """A seeded scenario document of issues × options packages (see the module docstring)."""
    rng = np.random.default_rng(seed)
    option_keys = [[f"i{i}o{o}" for o in range(options)] for i in range(issues)]
    positions = [np.sort(rng.uniform(0, 100, options)) for _ in range(issues)]
    roles = ["principal"] * principals + ["mediator", "observer", "guarantor"][: parties - principals]
    party_list, stances, valuations = [], [], []
    for p in range(parties):
        camp = 1 if p % 2 == 0 else -1
        # How much p follows its camp: near 1 most of the time, sometimes hardly at all.
        loyalty = rng.uniform(0.3, 1.0)
        weights = rng.integers(0, 10, issues)
        weights[rng.integers(issues)] += 1  # at least one issue matters
        party_list.append(
            {
                "key": f"p{p}",
                "name": f"Party {p}",
                "short": f"P{p}",
                "role": roles[p] if p < len(roles) else "observer",
                "capability": float(rng.integers(10, 100)),
                "reservation": float(rng.uniform(30, 45)) if p < principals else 0.0,
                "batna": "",
                "colour": "#336699",
            }
        )
        for i in range(issues):
            stances.append(
                {
                    "party": f"p{p}",
                    "issue": f"i{i}",
                    "weight": int(weights[i]),
                    "rationale": "",
                    "sources": [],
                }
            )
            lean = positions[i] if camp > 0 else 100 - positions[i]
            utility = loyalty * lean + (1 - loyalty) * rng.uniform(0, 100, options)
            for o in range(options):
                valuations.append(
                    {
                        "party": f"p{p}",
                        "option": option_keys[i][o],
                        "utility": round(float(np.clip(utility[o], 0, 100)), 1),
                        # Red lines for the other parties only: NegMAS's utility functions,
                        # compared below, cannot express a principal's red line.
                        "red_line": bool(p >= principals and rng.random() < 0.05),
                        "rationale": "",
                    }
                )
    return {
        "format": "negotiation-scenario",
        "format_version": 1,
        "scenario": {"name": "Benchmark", "slug": "bench", "summary": "", "status": "draft", "sources": []},
        "parties": party_list,
        "issues": [
            {
                "key": f"i{i}",
                "name": f"Issue {i}",
                "description": "",
                "options": [
                    {
                        "key": key,
                        "label": key,
                        "description": "",
                        "position": float(positions[i][o]),
                        "value": None,
                        "unit": "",
                    }
                    for o, key in enumerate(option_keys[i])
                ],
            }
            for i in range(issues)
        ],
        "stances": stances,
        "valuations": valuations,
        "packages": [],
    }


def timed(function, *args, repeat: int = 1):
    """(result, wall seconds, CPU seconds), each the best of `repeat` runs. The CPU time of the
    process is what the ratios use: on a shared machine wall time also counts other work."""
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        result = function(*args)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return result, min(walls), min(cpus)


def peak_memory(function, *args) -> float:
    """Peak MiB allocated during one run, as tracemalloc sees it (NumPy's arrays included)."""
    tracemalloc.start()
    function(*args)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return peak


def brute_force_scores(problem, start: int, stop: int) -> tuple[np.ndarray, np.ndarray]:
    """Principals' scores and red lines crossed, packages start..stop in lexicographic order."""
    packages = np.array(np.unravel_index(np.arange(start, stop), problem.option_counts)).T
    principals = problem.principal
    scores = np.zeros((len(packages), int(principals.sum())))
    crossed = np.zeros(scores.shape, dtype=bool)
    for i, contributions in enumerate(problem.contributions):
        scores += contributions[principals][:, packages[:, i]].T
        crossed |= problem.red_lines[i][principals][:, packages[:, i]].T
    return scores, crossed


def brute_force_zopa(problem) -> int:
    reservation = problem.reservation[problem.principal] - TOLERANCE
    count = 0
    for start in range(0, problem.space_size, BLOCK):
        scores, crossed = brute_force_scores(problem, start, min(start + BLOCK, problem.space_size))
        count += int(((scores >= reservation) & ~crossed).all(axis=1).sum())
    return count


def brute_force_frontier(problem) -> tuple[int, set]:
    """Frontier size and its packages (option indices), filtering every package's principal score
    vector at once."""
    scores, _ = brute_force_scores(problem, 0, problem.space_size)
    distinct, inverse = np.unique(quantise(scores), axis=0, return_inverse=True)
    efficient = np.flatnonzero(nondominated(distinct)[inverse.ravel()])
    packages = set()
    if len(efficient) <= NEGMAS_MAX:
        packages = {
            tuple(map(int, row)) for row in np.array(np.unravel_index(efficient, problem.option_counts)).T
        }
    return len(efficient), packages


def listed_packages(problem, answer) -> set:
    return {tuple(problem.choice_indices(p["choices"])) for p in answer["packages"]}


def brute_force_nash(problem) -> tuple[int, ...] | None:
    """The package of the ZOPA with the largest product of principal surpluses (the first in
    lexicographic order among equal ones), or None when the ZOPA is empty."""
    reservation = problem.reservation[problem.principal]
    best, best_value = None, -np.inf
    for start in range(0, problem.space_size, BLOCK):
        scores, crossed = brute_force_scores(problem, start, min(start + BLOCK, problem.space_size))
        in_zopa = ((scores >= reservation - TOLERANCE) & ~crossed).all(axis=1)
        products = np.where(in_zopa, np.prod(scores - reservation, axis=1), -np.inf)
        at = int(np.argmax(products))
        if in_zopa[at] and products[at] > best_value:
            best, best_value = start + at, products[at]
    if best is None:
        return None
    return tuple(int(n) for n in np.unravel_index(best, problem.option_counts))


def brute_force_solution(problem, name: str) -> tuple[int, ...] | None:
    """One bargaining solution (DESIGN §3.7–10) by scoring every package: over the ZOPA, the largest
    objective, the first package in lexicographic order among those within the tie tolerance of it
    (1e-9, relative); None when the ZOPA is empty. Kalai–Smorodinsky's ideals come from the same
    scores, as the engine's solution comes with its ideal scores."""
    scores, crossed = brute_force_scores(problem, 0, problem.space_size)
    reservation = problem.reservation[problem.principal]
    surplus = scores - reservation
    in_zopa = ((surplus >= -TOLERANCE) & ~crossed).all(axis=1)
    if not in_zopa.any():
        return None
    positive = np.where(surplus > TOLERANCE, surplus, 0.0)
    if name == "nash":
        values = np.prod(positive, axis=1)
    elif name == "asymmetric_nash":
        capability = problem.capability[problem.principal]
        values = np.prod(positive ** (capability / capability.sum()), axis=1)
    elif name == "kalai_smorodinsky":
        spans = scores[in_zopa].max(axis=0) - reservation
        room = spans > TOLERANCE
        values = (surplus[:, room] / spans[room]).min(axis=1)
    elif name == "egalitarian":
        values = surplus.min(axis=1)
    else:
        values = scores.sum(axis=1)
    values = np.where(in_zopa, values, -np.inf)
    top = values.max()
    first = int(np.argmax(values >= top - TOLERANCE * max(1.0, abs(top))))
    return tuple(int(n) for n in np.unravel_index(first, problem.option_counts))


def dominated_within_tolerance(problem, package: tuple[int, ...]) -> bool:
    """Whether some package scores at least as high for every principal, allowing 1e-9, and higher
    by more than 1e-9 for one (DESIGN §3.4 and §3.6)."""
    scores, _ = brute_force_scores(problem, 0, problem.space_size)
    own = scores[np.ravel_multi_index(package, problem.option_counts)]
    return bool(((scores >= own - TOLERANCE).all(axis=1) & (scores > own + TOLERANCE).any(axis=1)).any())


def negmas_frontier_and_nash(problem):
    """NegMAS's Pareto frontier (a set of option-index packages) and Nash points, with timings.

    The frontier is asked of utility functions with reserved values of 0 (Pareto is over every
    package, DESIGN §3.6); the Nash points of those with the principals' reservations."""
    import negmas
    from negmas.preferences import LinearAdditiveUtilityFunction, TableFun
    from negmas.preferences.ops import nash_points, pareto_frontier

    outcome_space = negmas.make_os(
        [
            negmas.make_issue(list(range(n)), name=key)
            for key, n in zip(problem.issue_keys, problem.option_counts, strict=True)
        ]
    )

    def ufun(p: int, reserved_value: float | None) -> LinearAdditiveUtilityFunction:
        values = [
            TableFun({o: float(problem.utilities[i][p, o]) for o in range(n)})
            for i, n in enumerate(problem.option_counts)
        ]
        return LinearAdditiveUtilityFunction(
            values=values,
            weights=[float(w) for w in problem.weights[p]],
            outcome_space=outcome_space,
            reserved_value=reserved_value,
        )

    principals = np.flatnonzero(problem.principal)
    outcomes = list(outcome_space.enumerate_or_sample())
    (front_utils, front_indices), front_wall, front_cpu = timed(
        pareto_frontier, [ufun(p, 0.0) for p in principals], outcomes
    )
    reserved = [ufun(p, float(problem.reservation[p])) for p in principals]
    # NegMAS's Nash point multiplies u − r over whatever frontier it is given, even where two
    # factors are negative, so it is given the part of the frontier every principal accepts.
    rational = [
        n for n, u in enumerate(front_utils) if (np.array(u) >= problem.reservation[principals]).all()
    ]
    nash, nash_wall, nash_cpu = timed(
        nash_points, reserved, [front_utils[n] for n in rational], None, outcome_space
    )
    return {
        "frontier": {tuple(outcomes[n]) for n in front_indices},
        "frontier_times": (front_wall, front_cpu),
        "nash": {tuple(outcomes[front_indices[rational[n]]]) for _, n in nash},
        "nash_times": (nash_wall, nash_cpu),
    }


def run(label: str, seed: int, use_negmas: bool) -> None:
    issues, options, parties, principals = SHAPES[label]
    problem = problem_from_document(scenario(issues, options, parties, principals, seed))
    size = problem.space_size
    print(
        f"\n## {label}: {issues} issues × {options} options = {size:.3g} packages, "
        f"{parties} parties ({principals} principals)"
    )
    keys = [k for k, role in zip(problem.party_keys, problem.roles, strict=True) if role == "principal"]
    calls = {
        "zopa": (zopa, (problem,)),
        "frontier": (frontier, (problem,)),
        "frontier_2d": (frontier_2d, (problem, keys[0], keys[1])),
    }
    if hasattr(analysis, "solutions"):
        calls["solutions"] = (analysis.solutions, (problem,))
        calls.update(solution_calls(problem))
    if hasattr(analysis, "improvements"):
        rng = np.random.default_rng(seed)
        choices = {
            i: str(rng.choice(o)) for i, o in zip(problem.issue_keys, problem.option_keys, strict=True)
        }
        calls["improvements"] = (analysis.improvements, (problem, choices))
    results = {}
    for name, (function, args) in calls.items():
        result, wall, cpu = timed(function, *args)
        if cpu < 2:
            result, wall, cpu = timed(function, *args, repeat=3)
        results[name] = (result, cpu)
        peak = peak_memory(function, *args)
        note = summary(name, result)
        if name in NEEDS_IDEALS:
            ideals = results["ideal_scores"][1]
            note += f"; excludes ideal_scores, {(cpu + ideals) * 1000:.1f} ms CPU with them"
        elif name in bargaining.NAMES:
            note += "; needs no ideal scores"
        print(f"{name:<18}{times(wall, cpu)}  peak {peak:7.1f} MiB  {note}")

    if size <= BRUTE_FORCE_MAX:
        count, wall, cpu = timed(brute_force_zopa, problem)
        same = count == results["zopa"][0]["size"]
        print(f"brute zopa    {times(wall, cpu)}  {cpu / results['zopa'][1]:7.1f}× ours  identical: {same}")
        if "solutions" in results:
            compare_solutions(problem, results)
    everything = None
    if size <= BRUTE_FORCE_FRONTIER_MAX and results["frontier"][0]["exact"]:
        everything = listed_packages(problem, frontier(problem, limit=size))
        (count, packages), wall, cpu = timed(brute_force_frontier, problem)
        same = count == results["frontier"][0]["size"] and packages == everything
        print(
            f"brute frontier{times(wall, cpu)}  {cpu / results['frontier'][1]:7.1f}× ours  identical: {same}"
        )
    if use_negmas and size <= NEGMAS_MAX and importlib.util.find_spec("negmas"):
        compare_negmas(problem, results, everything)


def compare_solutions(problem, results) -> None:
    """Each bargaining solution by brute force, against the engine's (with the ideal scores it
    needs): time, ratio and whether the package is the same."""
    answer = results["solutions"][0]
    for name in bargaining.NAMES:
        package, wall, cpu = timed(brute_force_solution, problem, name)
        ours = results[name][1] + (results["ideal_scores"][1] if name in NEEDS_IDEALS else 0)
        found = answer[name]
        same = package == (None if found is None else tuple(problem.choice_indices(found["choices"])))
        print(f"brute {name:<12}{times(wall, cpu)}  {cpu / ours:7.1f}× ours  identical: {same}")


def solution_calls(problem) -> dict:
    """The principals' ideal scores, then each bargaining solution alone given them (as `solutions`
    computes them: the ideals once, shared by the three solutions that need them)."""
    ideals = bargaining.ideal_scores(problem)
    if ideals is None:
        return {}
    spans = ideals - problem.reservation[problem.principal]
    calls = {"ideal_scores": (bargaining.ideal_scores, (problem,))}
    for name in bargaining.NAMES:
        calls[name] = (bargaining.solution, (problem, name, spans))
    return calls


def compare_negmas(problem, results, everything: set | None) -> None:
    """NegMAS's frontier against all of ours (listed whole, untimed), its Nash points against the
    brute-force Nash package (and ours when `solutions` exists)."""
    negmas_result = negmas_frontier_and_nash(problem)
    wall, cpu = negmas_result["frontier_times"]
    same = "not compared" if everything is None else str(negmas_result["frontier"] == everything)
    if everything is not None and negmas_result["frontier"] != everything:
        extra = negmas_result["frontier"] - everything
        beaten = sum(dominated_within_tolerance(problem, package) for package in extra)
        same += (
            f" (ours lacks {len(everything - negmas_result['frontier'])}; NegMAS adds {len(extra)}, "
            f"{beaten} of them beaten by another package once scores equal to 1e-9 count as equal)"
        )
    print(f"negmas pareto {times(wall, cpu)}  {cpu / results['frontier'][1]:7.1f}× ours  identical: {same}")
    nash = brute_force_nash(problem)
    line = f"negmas nash   {times(*negmas_result['nash_times'])}  brute force's Nash among NegMAS's: "
    line += str(nash in negmas_result["nash"])
    if "solutions" in results and results["solutions"][0].get("nash"):
        ours = tuple(problem.choice_indices(results["solutions"][0]["nash"]["choices"]))
        line += (
            f"  ours among NegMAS's: {ours in negmas_result['nash']}, ours is brute force's: {ours == nash}"
        )
    print(line)


def times(wall: float, cpu: float) -> str:
    return f"{wall * 1000:10.1f} ms wall {cpu * 1000:10.1f} ms CPU"


def summary(name: str, result: dict) -> str:
    if name == "zopa":
        return f"size {result['size']} exact {result['exact']}"
    if name == "frontier":
        return f"size {result['size']} exact {result['exact']} listed {len(result['packages'])}"
    if name == "frontier_2d":
        return f"points {len(result['frontier'])}"
    if name == "improvements":
        cut = f" ({result['note']})" if result["note"] else ""
        listed = len(result["packages"])
        return f"distance {result['distance']} efficient {result['efficient']}, {listed} listed{cut}"
    if name == "solutions":
        return ", ".join(
            f"{k} {'-' if v is None else round(v['objective'], 3)}"
            for k, v in result.items()
            if k in ("nash", "egalitarian")
        )
    if name == "ideal_scores":
        return "shared by " + ", ".join(sorted(NEEDS_IDEALS))
    if name in bargaining.NAMES:
        answer, _ = result
        return "objective " + ("-" if answer is None else str(round(answer["objective"], 3)))
    return ""


def run_unrelated(
    shape: str, principals: int, seed: int, relation: str | None, noise: float, rest: bool
) -> None:
    """`frontier` alone on principals with uniformly random utilities and weights (the tests'
    `random_document`): unlike the camps above, nearly every package is efficient for many of them.
    `relation` is None, "opposed" or "zero-sum" (see the module's docstring)."""
    from tests.analysis.test_frontier import random_document, share_out

    issues, options = map(int, shape.split("x"))
    document = random_document(issues, options, principals=principals, seed=seed)
    kind = "unrelated principals"
    if relation == "opposed":
        oppose_first_two(document, seed, noise)
        kind += ", the first two opposed" + (f" up to ±{noise:g}" if noise else "")
    elif relation == "zero-sum":
        share_out(document, seed)
        kind = "zero-sum principals"
    problem = problem_from_document(document)
    result, wall, cpu = timed(frontier, problem)
    peak = peak_memory(frontier, problem)
    print(
        f"frontier, {principals} {kind}, {issues} × {options} = {problem.space_size:.3g} "
        f"packages:{times(wall, cpu)}  peak {peak:7.1f} MiB  {summary('frontier', result)}"
    )
    if rest:
        run_rest(problem)


def run_rest(problem) -> None:
    """The bargaining solutions and three packages' improvements, each within its time bound."""
    empty = zopa(problem)["empty"]
    answer, wall, cpu = timed(lambda: bargaining.solutions(problem, empty=empty))
    settled = [name for name in bargaining.NAMES if answer[name] is not None]
    cut = answer["reasons"]["nearest_misses"]
    misses = f"; {len(answer['nearest_misses'])} nearest misses" + (", cut short" if cut else "")
    print(
        f"  solutions (bound {bargaining.SECONDS:g} s):{times(wall, cpu)}  ZOPA empty {empty}; "
        f"settled: {', '.join(settled) or 'none'}{misses}"
    )
    for k in range(3):
        choices = {
            key: problem.option_keys[i][(k * (i + 1)) % len(problem.option_keys[i])]
            for i, key in enumerate(problem.issue_keys)
        }
        found, wall, cpu = timed(analysis.improvements, problem, choices)
        settled = "not settled" if found["efficient"] is None else summary("improvements", found)
        print(f"  improvements on package {k}:{times(wall, cpu)}  {settled}")


def oppose_first_two(document: dict, seed: int, noise: float = 0.0) -> None:
    """Party p1 wants exactly the opposite of p0 (give or take a uniform draw in ±`noise`) and weighs
    the issues as p0 does; p0's utilities are redrawn real-valued, so that no two packages tie on
    p0's score."""
    rng = np.random.default_rng(seed)
    weights = {s["issue"]: s["weight"] for s in document["stances"] if s["party"] == "p0"}
    for stance in document["stances"]:
        if stance["party"] == "p1":
            stance["weight"] = weights[stance["issue"]]
    first = {}
    for valuation in document["valuations"]:
        if valuation["party"] == "p0":
            valuation["utility"] = first[valuation["option"]] = float(rng.uniform(0, 100))
    for valuation in document["valuations"]:
        if valuation["party"] == "p1":
            opposite = 100 - first[valuation["option"]] + (rng.uniform(-noise, noise) if noise else 0.0)
            valuation["utility"] = float(min(100.0, max(0.0, opposite)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="*", default=list(SHAPES), choices=list(SHAPES))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-negmas", action="store_true")
    parser.add_argument(
        "--unrelated",
        nargs="*",
        default=[],
        metavar="ISSUESxOPTIONS",
        help="then time frontier alone on --principals principals with random utilities, e.g. 10x5 7x10",
    )
    parser.add_argument("--principals", type=int, default=8)
    relation = parser.add_mutually_exclusive_group()
    relation.add_argument(
        "--opposed",
        dest="relation",
        action="store_const",
        const="opposed",
        help="with --unrelated: p1 opposes p0",
    )
    relation.add_argument(
        "--zero-sum",
        dest="relation",
        action="store_const",
        const="zero-sum",
        help="with --unrelated: the principals split every option's 100 points",
    )
    parser.add_argument("--noise", type=float, default=0.0, help="with --opposed: p1 opposes p0 up to ±NOISE")
    parser.add_argument(
        "--rest", action="store_true", help="with --unrelated: also the solutions and improvements, bounded"
    )
    args = parser.parse_args()
    print(f"seed {args.seed}; engine times best of 3 runs when under 2 s CPU; ratios on CPU time")
    for label in args.sizes:
        run(label, args.seed, use_negmas=not args.no_negmas)
    for shape in args.unrelated:
        run_unrelated(shape, args.principals, args.seed, args.relation, args.noise, args.rest)


if __name__ == "__main__":
    main()
