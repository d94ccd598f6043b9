"""Scenarios: the list a user may read, creating one, and one scenario's own fields."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.urls import reverse
from rest_framework import generics, permissions
from rest_framework.request import Request
from rest_framework.response import Response

from negotiations import selectors, services
from negotiations.access import Role
from negotiations.api import listing
from negotiations.api.conditional import expected_version
from negotiations.api.scoping import READ, WRITE, ETagMixin, ScenarioScopedView, VersionedWrites
from negotiations.api.serializers import ScenarioSerializer
from negotiations.models import Scenario


def created(request: Request, scenario: Scenario, data: dict[str, Any]) -> Response:
    """201 with the new scenario and where it lives."""
    location = request.build_absolute_uri(reverse("api-scenario", args=[scenario.slug]))
    return Response(data, status=201, headers={"Location": location})


class ScenarioList(ETagMixin, generics.ListCreateAPIView):
    """Scenarios you own, scenarios shared with you, and public ones (anonymous clients: public only)."""

    serializer_class = ScenarioSerializer
    filterset_class = listing.ScenarioFilter
    ordering_fields = ["name", "slug", "created", "updated"]

    def get_permissions(self) -> list[permissions.BasePermission]:
        if self.request.method == "POST":
            return [permissions.IsAuthenticated()]
        return super().get_permissions()

    def get_queryset(self) -> QuerySet[Scenario]:
        return selectors.scenarios_for_user(self.request.user)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        scenario = services.scenario_create(owner=request.user, **fields)
        context = {**self.get_serializer_context(), "role": Role.OWNER}
        return created(request, scenario, ScenarioSerializer(scenario, context=context).data)


class ScenarioDetail(VersionedWrites, ETagMixin, ScenarioScopedView, generics.RetrieveUpdateDestroyAPIView):
    """Editors change the fields; only the owner changes visibility (is_public) or deletes."""

    serializer_class = ScenarioSerializer
    roles = {**READ, **WRITE, "DELETE": Role.OWNER}

    def get_object(self) -> Scenario:
        return self.scenario

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        if hasattr(self, "role"):
            context["role"] = self.role
        return context

    def perform_update(self, serializer: Any) -> None:
        fields = serializer.validated_data
        if (
            "is_public" in fields
            and fields["is_public"] != self.scenario.is_public
            and not self.role.can_manage
        ):
            raise PermissionDenied("Only the scenario's owner can change its visibility (is_public).")
        fields.pop("slug", None)  # validated as unchanged; never written
        version = expected_version(self.request, self.scenario)
        services.content_update(self.scenario, expected_version=version, **fields)
