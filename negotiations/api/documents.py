"""The scenario document (DESIGN §4) over HTTP: export, import, and replacing a scenario's content.

The document is read and written as bytes, not through DRF's parsers and renderers, so what a
client downloads is exactly `document_dumps` of the export and what it uploads is checked by
`document_loads` (size, depth, JSON) before `document_validate` sees it.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse, HttpResponseNotModified
from django.utils.http import parse_etags
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, permissions
from rest_framework.request import Request
from rest_framework.response import Response

from negotiations import selectors, services
from negotiations.access import Role
from negotiations.api.conditional import etag, expected_version
from negotiations.api.openapi import DOCUMENT, IF_NONE_MATCH
from negotiations.api.scenarios import created
from negotiations.api.scoping import READ, PlainMetadata, ScenarioScopedView
from negotiations.api.serializers import ScenarioSerializer
from negotiations.scenario_document import document_dumps, document_export, document_import, document_loads


def document_response(scenario_version: int, content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type="application/json")
    response["ETag"] = etag(scenario_version)
    return response


class ScenarioDocument(ScenarioScopedView):
    """The whole scenario as one document; its ETag is the scenario's version."""

    roles = {**READ, "PUT": Role.EDITOR}
    versioned = True
    metadata_class = PlainMetadata

    @extend_schema(
        parameters=[IF_NONE_MATCH],
        responses={200: DOCUMENT, 304: OpenApiResponse(description="Unchanged since the ETag you sent.")},
        operation_id="scenario_document_retrieve",
    )
    def get(self, request: Request, slug: str) -> HttpResponse:
        version = self.scenario.version
        if etag(version) in parse_etags(request.headers.get("If-None-Match", "")):
            response = HttpResponseNotModified()
            response["ETag"] = etag(version)
            return response
        # The version is read before the content: if a write lands in between, the ETag is older
        # than the body, so a later If-Match write is refused rather than losing that change.
        return document_response(version, selectors.scenario_document_bytes(self.scenario))

    @extend_schema(
        request={"application/json": DOCUMENT},
        responses={200: DOCUMENT},
        operation_id="scenario_document_replace",
    )
    def put(self, request: Request, slug: str) -> HttpResponse:
        document = document_loads(request.body)
        version = expected_version(request, self.scenario)
        scenario = services.scenario_replace_content(
            scenario=self.scenario, document=document, expected_version=version
        )
        return document_response(scenario.version, document_dumps(document_export(scenario)).encode())


class ScenarioImport(generics.GenericAPIView):
    """Create a new scenario from a document; you own it. A taken slug gets a numeric suffix."""

    permission_classes = [permissions.IsAuthenticated]
    versioned = True
    serializer_class = ScenarioSerializer

    @extend_schema(
        request={"application/json": DOCUMENT},
        responses={201: ScenarioSerializer},
        operation_id="scenario_import",
    )
    def post(self, request: Request, *args: Any) -> Response:
        scenario = document_import(document=document_loads(request.body), owner=request.user)
        data = ScenarioSerializer(scenario, context={"request": request, "role": Role.OWNER}).data
        response = created(request, scenario, data)
        response["ETag"] = etag(scenario.version)
        return response
