"""The analysis engine: plain data in, plain data out, no Django (DESIGN §3).

Import everything from here; the modules behind it may move.
"""

from negotiations.analysis.evaluate import evaluate
from negotiations.analysis.problem import Problem, ProblemError, problem_from_document
from negotiations.analysis.zopa import zopa

__all__ = [
    "Problem",
    "ProblemError",
    "evaluate",
    "problem_from_document",
    "zopa",
]
