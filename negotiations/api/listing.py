"""How lists page and filter: limit/offset pages with a ceiling, and a filter set per list."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from rest_framework.pagination import LimitOffsetPagination

from negotiations.models import Option, Party, Scenario, Stance, Valuation


class Pagination(LimitOffsetPagination):
    default_limit = 50
    max_limit = 500  # a 20-party × 30-issue scenario has 600 stances: two pages at most


class ScenarioFilter(django_filters.FilterSet):
    relation = django_filters.ChoiceFilter(
        choices=[("mine", "mine"), ("shared", "shared"), ("public", "public")],
        method="filter_relation",
        label="mine: you own it; shared: you are a member; public: readable by everyone",
    )

    class Meta:
        model = Scenario
        fields = ["status", "is_public"]

    def filter_relation(self, queryset: QuerySet[Scenario], name: str, value: str) -> QuerySet[Scenario]:
        user = self.request.user
        if value == "public":
            return queryset.filter(is_public=True)
        if not user.is_authenticated:
            return queryset.none()
        if value == "mine":
            return queryset.filter(owner=user)
        return queryset.filter(memberships__user=user).exclude(owner=user)


class PartyFilter(django_filters.FilterSet):
    class Meta:
        model = Party
        fields = ["role"]


class OptionFilter(django_filters.FilterSet):
    issue = django_filters.CharFilter(field_name="issue__key", label="issue key")

    class Meta:
        model = Option
        fields = ["issue"]


class StanceFilter(django_filters.FilterSet):
    party = django_filters.CharFilter(field_name="party__key", label="party key")
    issue = django_filters.CharFilter(field_name="issue__key", label="issue key")

    class Meta:
        model = Stance
        fields = ["party", "issue"]


class ValuationFilter(django_filters.FilterSet):
    party = django_filters.CharFilter(field_name="party__key", label="party key")
    option = django_filters.CharFilter(field_name="option__key", label="option key")
    issue = django_filters.CharFilter(field_name="option__issue__key", label="issue key")

    class Meta:
        model = Valuation
        fields = ["party", "option", "issue", "red_line"]
