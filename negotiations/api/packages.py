"""Packages (candidate deals) with their choices, addressed by key."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from rest_framework import generics

from negotiations import services
from negotiations.api.conditional import expected_version
from negotiations.api.scoping import ETagMixin, ScenarioScopedView, VersionedWrites
from negotiations.api.serializers import PackageSerializer
from negotiations.models import Package, PackageChoice


class PackageViewMixin:
    serializer_class = PackageSerializer

    def scoped_queryset(self) -> QuerySet[Package]:
        choices = PackageChoice.objects.select_related("option").only("package", "issue", "option__key")
        return self.scenario.packages.select_related("author").prefetch_related(
            Prefetch("choices", queryset=choices)
        )

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        if hasattr(self, "scenario"):
            # Every package lists every issue; read them once for the whole page.
            context["issues"] = list(self.scenario.issues.order_by("order", "id"))
        return context


class PackageList(PackageViewMixin, ETagMixin, ScenarioScopedView, generics.ListCreateAPIView):
    ordering_fields = ["order", "key", "name", "created", "updated"]

    def perform_create(self, serializer: PackageSerializer) -> None:
        package = services.package_create(
            scenario=self.scenario, author=self.request.user, **serializer.validated_data
        )
        serializer.instance = self.get_queryset().get(pk=package.pk)


class PackageDetail(
    PackageViewMixin, VersionedWrites, ETagMixin, ScenarioScopedView, generics.RetrieveUpdateDestroyAPIView
):
    lookup_field = "key"

    def perform_update(self, serializer: PackageSerializer) -> None:
        package = serializer.instance
        fields = dict(serializer.validated_data)
        if not serializer.partial:  # PUT replaces the package: issues it leaves out are open
            fields["choices"] = {
                issue: None for issue in self.scenario.issues.values_list("key", flat=True)
            } | fields["choices"]
        version = expected_version(self.request, package)
        services.package_update(package=package, expected_version=version, **fields)
        serializer.instance = self.get_queryset().get(pk=package.pk)
