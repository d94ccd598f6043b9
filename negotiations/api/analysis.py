"""The analysis over HTTP: the engine's results as they are, the same JSON as `manage.py analyse`.

Each view reads the scenario's engine input (cached per scenario version), calls one engine
function and returns what it gives. A scenario that cannot be analysed yet answers 409 with every
reason; choices or parameters that are wrong answer 400 naming the field (`choices.territory`, `n`).
Nothing here writes, so whoever may read a scenario may analyse it.
"""

from __future__ import annotations

import math
from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from negotiations import selectors
from negotiations.access import Role
from negotiations.analysis import Problem, ProblemError, evaluate, forecast, sensitivity, suggestions
from negotiations.api import openapi
from negotiations.api.errors import invalid_choices
from negotiations.api.scoping import READ, PlainMetadata, ScenarioScopedView

MAX_DRAWS = 100_000  # sensitivity draws; the engine refuses more
MIN_KAPPA = 1e-6  # smaller Dirichlet concentrations underflow (see analysis/sensitivity.py)


class FiniteFloatField(serializers.FloatField):
    def to_internal_value(self, data: Any) -> float:
        value = super().to_internal_value(data)
        if not math.isfinite(value):
            self.fail("invalid")
        return value


class PackageChoices(serializers.Serializer):
    choices = serializers.DictField(
        child=serializers.CharField(allow_null=True),
        help_text="Issue key → option key, or null for an issue left open. Issues left out are open.",
    )


class SensitivityQuery(serializers.Serializer):
    n = serializers.IntegerField(
        min_value=1, max_value=MAX_DRAWS, default=1000, help_text="How many perturbed scenarios to draw."
    )
    seed = serializers.IntegerField(
        min_value=0, max_value=2**63 - 1, default=0, help_text="Same seed, same inputs, same answer."
    )
    kappa = FiniteFloatField(
        min_value=MIN_KAPPA,
        default=100.0,
        help_text="Dirichlet concentration around each party's weights: the higher, the smaller the changes.",
    )
    delta = FiniteFloatField(
        min_value=0,
        max_value=100,
        default=5.0,
        help_text="Utilities move by up to ± this (clipped to 0–100).",
    )


class AnalysisView(ScenarioScopedView):
    roles = READ
    metadata_class = PlainMetadata
    analyses = True  # openapi.AutoSchema: 409 when the scenario cannot be analysed

    def problem(self) -> Problem:
        return selectors.scenario_problem(self.scenario)

    def package_choices(self) -> dict[str, str | None]:
        return selectors.package_choices(self.scenario, self.kwargs["key"])


class Evaluate(AnalysisView):
    """Score a package that need not be saved: who accepts it and why, or what is still open."""

    roles = {**READ, "POST": Role.PUBLIC}  # evaluating writes nothing
    serializer_class = PackageChoices

    @extend_schema(
        request=PackageChoices, responses={200: openapi.EVALUATION}, operation_id="scenario_evaluate"
    )
    def post(self, request: Request, slug: str) -> Response:
        serializer = PackageChoices(data=request.data)
        serializer.is_valid(raise_exception=True)
        problem = self.problem()
        try:
            return Response(evaluate(problem, serializer.validated_data["choices"]))
        except ProblemError as exc:
            raise invalid_choices(exc) from exc


class Analysis(AnalysisView):
    """The ZOPA, the Pareto frontier, the bargaining solutions (or why there are none) and the forecast."""

    @extend_schema(responses={200: openapi.ANALYSIS}, operation_id="scenario_analysis")
    def get(self, request: Request, slug: str) -> Response:
        return Response(selectors.scenario_analysis(self.scenario))


class Forecast(AnalysisView):
    """Where each issue is likely to settle: the voice-weighted median of the parties' ideal points."""

    @extend_schema(responses={200: openapi.FORECAST}, operation_id="scenario_forecast")
    def get(self, request: Request, slug: str) -> Response:
        return Response(forecast(self.problem()))


class PackageSuggestions(AnalysisView):
    """Single-issue changes to a saved (complete) package that help: Pareto moves and rescues, ranked."""

    @extend_schema(responses={200: openapi.SUGGESTIONS}, operation_id="package_suggestions")
    def get(self, request: Request, slug: str, key: str) -> Response:
        return Response(suggestions(self.problem(), self.package_choices()))


class PackageSensitivity(AnalysisView):
    """How likely a saved (complete) package stays acceptable when the judgements behind it move."""

    @extend_schema(
        parameters=[SensitivityQuery],
        responses={200: openapi.SENSITIVITY},
        operation_id="package_sensitivity",
    )
    def get(self, request: Request, slug: str, key: str) -> Response:
        query = SensitivityQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        return Response(sensitivity(self.problem(), self.package_choices(), **query.validated_data))
