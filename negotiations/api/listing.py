"""How lists page and filter: limit/offset pages with a ceiling, and a filter set per list."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from rest_framework import serializers
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request

from negotiations.models import Option, Party, Scenario, Stance, Valuation


class Pagination(LimitOffsetPagination):
    """Limit/offset pages; a limit or offset that is not a whole number in range is refused, not ignored."""

    default_limit = 50
    max_limit = 500  # a 20-party × 30-issue scenario has 600 stances: two pages at most

    def get_limit(self, request: Request) -> int:
        return self._whole(request, self.limit_query_param, self.default_limit, 1, self.max_limit)

    def get_offset(self, request: Request) -> int:
        return self._whole(request, self.offset_query_param, 0, 0, None)

    def _whole(self, request: Request, name: str, default: int, low: int, high: int | None) -> int:
        raw = request.query_params.get(name)
        if raw is None:
            return default
        field = serializers.IntegerField(min_value=low, max_value=high)
        try:
            return field.run_validation(raw)
        except serializers.ValidationError as exc:
            raise serializers.ValidationError({name: exc.detail}) from None

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        limit, offset = super().get_schema_operation_parameters(view)
        limit["schema"] |= {"minimum": 1, "maximum": self.max_limit, "default": self.default_limit}
        offset["schema"] |= {"minimum": 0, "default": 0}
        return [limit, offset]


class StrictBooleanField(forms.Field):
    def to_python(self, value: str | None) -> bool | None:
        if value in (None, ""):
            return None
        if value not in ("true", "false"):
            # The value as a parameter, not in the text: the filter library formats the text with %.
            raise ValidationError("Give true or false, not %(value)r.", params={"value": value})
        return value == "true"


class StrictBooleanFilter(django_filters.BooleanFilter):
    """true or false; anything else is refused (django-filter's own filter ignores what it cannot read)."""

    field_class = StrictBooleanField


class ScenarioFilter(django_filters.FilterSet):
    relation = django_filters.ChoiceFilter(
        choices=[("mine", "mine"), ("shared", "shared"), ("public", "public")],
        method="filter_relation",
        label="mine: you own it; shared: you are a member; public: readable by everyone",
    )

    is_public = StrictBooleanFilter()

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
    red_line = StrictBooleanFilter()

    class Meta:
        model = Valuation
        fields = ["party", "option", "issue", "red_line"]
