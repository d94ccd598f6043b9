"""The base of every view under /api/scenarios/{slug}/: the scenario, fetched once, scoped to the user.

The lookup runs before anything else in the request (before input is parsed or validated), so a
non-member of a private scenario always gets the same 404, whatever else is wrong with the request.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model, QuerySet
from rest_framework import generics
from rest_framework.metadata import SimpleMetadata
from rest_framework.request import Request
from rest_framework.response import Response

from negotiations import selectors, services
from negotiations.access import Role
from negotiations.api.conditional import etag, expected_version

READ = {"GET": Role.PUBLIC, "HEAD": Role.PUBLIC, "OPTIONS": Role.PUBLIC}
WRITE = {"POST": Role.EDITOR, "PUT": Role.EDITOR, "PATCH": Role.EDITOR, "DELETE": Role.EDITOR}


class PlainMetadata(SimpleMetadata):
    """OPTIONS for views whose bodies are not serializers (documents, analysis): no form of actions."""

    def determine_actions(self, request: Request, view: Any) -> dict[str, Any]:
        return {}


class ScenarioScopedView(generics.GenericAPIView):
    # The role each method needs; views that manage members or delete the scenario ask for more.
    roles: dict[str, Role] = {**READ, **WRITE}

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        need = self.roles.get(request.method, Role.OWNER)
        self.scenario, self.role = selectors.scenario_for_user(request.user, kwargs["slug"], need=need)

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):  # the schema is being generated: no scenario
            return self.get_serializer_class().Meta.model.objects.none()
        return self.scoped_queryset()

    def scoped_queryset(self) -> QuerySet:
        raise NotImplementedError

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        if hasattr(self, "scenario"):  # absent while the schema is generated
            context["scenario"] = self.scenario
        return context


class ETagMixin:
    """Detail responses carry the object's version as their ETag."""

    versioned = True  # openapi.AutoSchema documents the ETag and If-Match

    def finalize_response(self, request: Request, response: Response, *args: Any, **kwargs: Any) -> Response:
        data = getattr(response, "data", None)
        if response.status_code in (200, 201) and isinstance(data, dict) and "version" in data:
            response["ETag"] = etag(data["version"])
        return super().finalize_response(request, response, *args, **kwargs)


class VersionedWrites:
    """Updates and deletes through the services, checked against If-Match."""

    def perform_update(self, serializer: Any) -> None:
        instance = serializer.instance
        version = expected_version(self.request, instance)
        services.content_update(instance, expected_version=version, **serializer.validated_data)

    def perform_destroy(self, instance: Model) -> None:
        services.content_delete(instance, expected_version=expected_version(self.request, instance))
