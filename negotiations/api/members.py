"""Members of a scenario and their roles: members may see them, the owner manages them."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response

from negotiations import services
from negotiations.access import Role
from negotiations.api.scoping import ScenarioScopedView
from negotiations.api.serializers import MemberSerializer
from negotiations.models import Membership

ROLES = {"GET": Role.VIEWER, "HEAD": Role.VIEWER, "OPTIONS": Role.VIEWER}


class MemberViewMixin:
    serializer_class = MemberSerializer
    roles = ROLES  # other methods need the owner
    members_only = True  # openapi.AutoSchema: reading needs a role, so 401/403 are possible

    def scoped_queryset(self) -> QuerySet[Membership]:
        return self.scenario.memberships.select_related("user").order_by("user__username")

    def save(self, request: Request, username: str) -> Response:
        data = request.data if isinstance(request.data, dict) else {}
        serializer = self.get_serializer(data={**data, "user": username})
        serializer.is_valid(raise_exception=True)
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise ValidationError({"user": [f"No user is called {username!r}."]})
        created = not self.get_queryset().filter(user=user).exists()
        membership = services.membership_set(
            scenario=self.scenario, user=user, role=serializer.validated_data["role"]
        )
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(self.get_serializer(membership).data, status=code)


class MemberList(MemberViewMixin, ScenarioScopedView, generics.ListCreateAPIView):
    ordering_fields = ["role"]

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        username = request.data.get("user") if isinstance(request.data, dict) else None
        if not isinstance(username, str):
            raise ValidationError({"user": ["Give the username of the person to add."]})
        return self.save(request, username)


class MemberDetail(MemberViewMixin, ScenarioScopedView, generics.RetrieveUpdateDestroyAPIView):
    def get_object(self) -> Membership:
        return get_object_or_404(self.get_queryset(), user__username=self.kwargs["username"])

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self.get_object()
        return self.save(request, kwargs["username"])

    def perform_destroy(self, instance: Membership) -> None:
        services.membership_remove(scenario=self.scenario, user=instance.user)
