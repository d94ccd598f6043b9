"""The analysis engine: plain data in, plain data out, no Django (DESIGN §3).

Import everything from here; the modules behind it may move.
"""

from negotiations.analysis.bargaining import solutions
from negotiations.analysis.evaluate import evaluate
from negotiations.analysis.forecast import forecast
from negotiations.analysis.frontier import frontier, frontier_2d
from negotiations.analysis.improve import improvements
from negotiations.analysis.misses import nearest_misses
from negotiations.analysis.problem import Problem, ProblemError, problem_from_document
from negotiations.analysis.report import analyse, analysis_key
from negotiations.analysis.sensitivity import sensitivity
from negotiations.analysis.suggest import suggestions
from negotiations.analysis.tipping import tipping_points
from negotiations.analysis.zopa import zopa

__all__ = [
    "Problem",
    "ProblemError",
    "analyse",
    "analysis_key",
    "evaluate",
    "forecast",
    "frontier",
    "frontier_2d",
    "improvements",
    "nearest_misses",
    "problem_from_document",
    "sensitivity",
    "solutions",
    "suggestions",
    "tipping_points",
    "zopa",
]
