"""Parties, issues, options, stances and valuations of a scenario, addressed by their keys."""

from __future__ import annotations

from typing import Any

from django.db.models import Model, QuerySet
from django.shortcuts import get_object_or_404
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response

from negotiations import services
from negotiations.api import listing
from negotiations.api.conditional import expected_version
from negotiations.api.scoping import ETagMixin, ScenarioScopedView, VersionedWrites
from negotiations.api.serializers import (
    IssueSerializer,
    OptionSerializer,
    PartySerializer,
    StanceSerializer,
    ValuationSerializer,
)
from negotiations.models import Issue, Option, Party, Stance, Valuation


class ContentList(ETagMixin, ScenarioScopedView, generics.ListCreateAPIView):
    model: type[Model]

    def scoped_queryset(self) -> QuerySet:
        return self.model.objects.filter(scenario=self.scenario)

    def perform_create(self, serializer: Any) -> None:
        instance = self.model(scenario=self.scenario, **serializer.validated_data)
        serializer.instance = services.content_create(instance)


class ContentDetail(VersionedWrites, ETagMixin, ScenarioScopedView, generics.RetrieveUpdateDestroyAPIView):
    lookup_field = "key"

    def scoped_queryset(self) -> QuerySet:
        return self.serializer_class.Meta.model.objects.filter(scenario=self.scenario)


class PartyList(ContentList):
    model = Party
    serializer_class = PartySerializer
    filterset_class = listing.PartyFilter
    ordering_fields = ["order", "key", "name", "capability", "reservation"]


class PartyDetail(ContentDetail):
    serializer_class = PartySerializer


class IssueList(ContentList):
    model = Issue
    serializer_class = IssueSerializer
    ordering_fields = ["order", "key", "name"]


class IssueDetail(ContentDetail):
    serializer_class = IssueSerializer


class OptionList(ContentList):
    model = Option
    serializer_class = OptionSerializer
    filterset_class = listing.OptionFilter
    ordering_fields = ["order", "key", "label", "position"]

    def scoped_queryset(self) -> QuerySet:
        return super().scoped_queryset().select_related("issue")


class OptionDetail(ContentDetail):
    serializer_class = OptionSerializer

    def scoped_queryset(self) -> QuerySet:
        return super().scoped_queryset().select_related("issue")


# ---------------------------------------------------------------------------------------------
# Stances and valuations: one per party × issue and party × option, addressed by both keys.


class StanceList(ScenarioScopedView, generics.ListAPIView):
    serializer_class = StanceSerializer
    filterset_class = listing.StanceFilter
    ordering_fields = ["weight"]

    def scoped_queryset(self) -> QuerySet:
        return Stance.objects.filter(party__scenario=self.scenario).select_related("party", "issue")


class ValuationList(ScenarioScopedView, generics.ListAPIView):
    serializer_class = ValuationSerializer
    filterset_class = listing.ValuationFilter
    ordering_fields = ["utility"]

    def scoped_queryset(self) -> QuerySet:
        return Valuation.objects.filter(party__scenario=self.scenario).select_related(
            "party", "option__issue"
        )


class JudgementDetail(VersionedWrites, ETagMixin, ScenarioScopedView, generics.RetrieveUpdateDestroyAPIView):
    """A stance or valuation. PUT creates it if it is missing (201) or replaces it (200)."""

    target_field: str  # "issue" for stances, "option" for valuations
    target_model: type[Model]

    def targets(self) -> dict[str, Model]:
        return {
            "party": get_object_or_404(Party, scenario=self.scenario, key=self.kwargs["party"]),
            self.target_field: get_object_or_404(
                self.target_model, scenario=self.scenario, key=self.kwargs[self.target_field]
            ),
        }

    def get_object(self) -> Model:
        return get_object_or_404(self.get_queryset(), **self.targets())

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if kwargs.get("partial"):
            return super().update(request, *args, **kwargs)
        targets = self.targets()
        existing = self.get_queryset().filter(**targets).first()
        serializer = self.get_serializer(existing, data=request.data)
        serializer.is_valid(raise_exception=True)
        version = expected_version(request, existing) if existing is not None else None
        setter = services.stance_set if self.target_field == "issue" else services.valuation_set
        instance = setter(**targets, expected_version=version, **serializer.validated_data)
        code = status.HTTP_200_OK if existing is not None else status.HTTP_201_CREATED
        return Response(self.get_serializer(instance).data, status=code)


class StanceDetail(JudgementDetail):
    serializer_class = StanceSerializer
    target_field = "issue"
    target_model = Issue

    def scoped_queryset(self) -> QuerySet:
        return StanceList.scoped_queryset(self)


class ValuationDetail(JudgementDetail):
    serializer_class = ValuationSerializer
    target_field = "option"
    target_model = Option

    def scoped_queryset(self) -> QuerySet:
        return ValuationList.scoped_queryset(self)
