"""The whole analysis of a scenario in one value: what `manage.py analyse SLUG --json` prints and
`GET /api/scenarios/{slug}/analysis/` returns (DESIGN §3)."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import numpy
import scipy

from negotiations.analysis.bargaining import SECONDS, solutions
from negotiations.analysis.forecast import forecast
from negotiations.analysis.frontier import MAX_WORK, frontier
from negotiations.analysis.problem import Problem
from negotiations.analysis.zopa import zopa


def analyse(problem: Problem, *, bounded: bool = True) -> dict[str, Any]:
    """`{"zopa", "frontier", "nash", "asymmetric_nash", "kalai_smorodinsky", "egalitarian",
    "utilitarian", "reasons", "nearest_misses", "forecast"}`.

    The API and the pages answer within a request, so the frontier stops at `MAX_WORK` (20–35 s)
    and the bargaining solutions at `SECONDS` (10 s), each saying what it left unsettled. Not
    `bounded` (the `analyse` command's `--unbounded`), both take as long as they need: the frontier
    is then exact up to 10^7 packages whatever the scores, memory permitting."""
    counted = zopa(problem)
    return {
        "zopa": counted,
        "frontier": frontier(problem, max_work=MAX_WORK if bounded else None),
        **solutions(problem, seconds=SECONDS if bounded else None, empty=counted["empty"]),
        "forecast": forecast(problem),
    }


def analysis_key(problem: Problem) -> str:
    """What `analyse` depends on, as a SHA-256 digest: the problem and the engine's own code, so an
    analysis kept under it is never served for other judgements or by another version of the engine."""
    return hashlib.sha256((problem.fingerprint + ENGINE_DIGEST).encode()).hexdigest()


def _engine_digest() -> str:
    """The engine's source files and the versions of the numerical libraries it runs on: a new SciPy
    brings a new HiGHS, which may answer where the old one erred, or err where it did not (milp.py)."""
    digest = hashlib.sha256(f"numpy {numpy.__version__} scipy {scipy.__version__}".encode())
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


# Read when the engine is imported, so it names the code running, not what is on disk later.
ENGINE_DIGEST = _engine_digest()
