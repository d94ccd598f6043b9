"""Serializers validate input and format output; every write goes through negotiations.services."""

from __future__ import annotations

import re
from typing import Any

from django.db import models
from django.utils.encoding import smart_str
from rest_framework import serializers

from negotiations.access import role_for
from negotiations.models import (
    KEY_PATTERN,
    Issue,
    Membership,
    Option,
    Package,
    Party,
    Scenario,
    Stance,
    Valuation,
    key_validator,
)


class PermanentKeyMixin:
    """Keys address objects in URLs and documents, so they are set once, at creation."""

    def validate_key(self, value: str) -> str:
        if self.instance is not None and value != self.instance.key:
            raise serializers.ValidationError(
                f"Keys are permanent: this one is {self.instance.key!r}, got {value!r}."
            )
        return value


class ScenarioSerializer(serializers.ModelSerializer):
    slug = serializers.CharField(
        max_length=50,
        validators=[key_validator],
        required=False,
        help_text="Made from the name when left out; a taken slug gets a numeric suffix. Permanent.",
    )
    sources = serializers.ListField(child=serializers.CharField(), required=False)
    owner = serializers.CharField(source="owner.get_username", read_only=True)
    role = serializers.SerializerMethodField(help_text="Your role: public, viewer, editor or owner.")

    class Meta:
        model = Scenario
        fields = [
            "slug", "name", "summary", "status", "sources", "is_public",
            "owner", "role", "version", "created", "updated",
        ]  # fmt: skip
        read_only_fields = ["version", "created", "updated"]

    def get_role(self, scenario: Scenario) -> str:
        role = self.context.get("role")  # a detail view already knows it from scenario_for_user
        user = self.context["request"].user
        if role is None and hasattr(scenario, "membership_role"):
            # Lists come from selectors.scenarios_for_user with `membership_role` annotated;
            # "" (rather than None) tells role_for not to query for it again.
            role = role_for(user, scenario, scenario.membership_role or "")
        elif role is None:
            role = role_for(user, scenario)
        return role.name.lower()

    def validate_slug(self, value: str) -> str:
        if self.instance is not None and value != self.instance.slug:
            raise serializers.ValidationError(f"Slugs are permanent: this one is {self.instance.slug!r}.")
        return value


class PartySerializer(PermanentKeyMixin, serializers.ModelSerializer):
    class Meta:
        model = Party
        fields = [
            "key", "name", "short", "role", "capability", "reservation",
            "batna", "colour", "order", "version",
        ]  # fmt: skip
        read_only_fields = ["version"]


class IssueSerializer(PermanentKeyMixin, serializers.ModelSerializer):
    class Meta:
        model = Issue
        fields = ["key", "name", "description", "order", "version"]
        read_only_fields = ["version"]


class KeyRelatedField(serializers.SlugRelatedField):
    """A related object named by its key. Text that cannot be a key names nothing, and is refused
    before it reaches the database (PostgreSQL cannot even compare text holding a NUL character)."""

    def to_internal_value(self, data):
        if not isinstance(data, str) or not re.fullmatch(KEY_PATTERN, data):
            self.fail("does_not_exist", slug_name=self.slug_field, value=smart_str(data))
        return super().to_internal_value(data)


class OptionSerializer(PermanentKeyMixin, serializers.ModelSerializer):
    issue = KeyRelatedField(
        slug_field="key", queryset=Issue.objects.none(), help_text="Key of the issue this option settles."
    )

    class Meta:
        model = Option
        fields = ["key", "issue", "label", "description", "order", "position", "value", "unit", "version"]
        read_only_fields = ["version"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scenario = self.context.get("scenario")
        if scenario is not None:
            self.fields["issue"].queryset = scenario.issues.all()

    def validate_issue(self, value: Issue) -> Issue:
        if self.instance is not None and value.pk != self.instance.issue_id:
            raise serializers.ValidationError("An option stays on its issue; create a new option instead.")
        return value


class StanceSerializer(serializers.ModelSerializer):
    party = serializers.CharField(source="party.key", read_only=True)
    issue = serializers.CharField(source="issue.key", read_only=True)
    sources = serializers.ListField(child=serializers.CharField(), required=False)

    class Meta:
        model = Stance
        fields = ["party", "issue", "weight", "rationale", "sources", "version"]
        read_only_fields = ["version"]


class ValuationSerializer(serializers.ModelSerializer):
    party = serializers.CharField(source="party.key", read_only=True)
    option = serializers.CharField(source="option.key", read_only=True)
    issue = serializers.CharField(source="option.issue.key", read_only=True)

    class Meta:
        model = Valuation
        fields = ["party", "option", "issue", "utility", "red_line", "rationale", "version"]
        read_only_fields = ["version"]


class ChoicesField(serializers.DictField):
    """A package's choices: every issue of the scenario in order, each an option key or null."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(child=serializers.CharField(allow_null=True), source="*", **kwargs)

    def to_representation(self, package: Package) -> dict[str, str | None]:
        chosen = {c.issue_id: c.option.key for c in package.choices.all()}
        return {issue.key: chosen.get(issue.pk) for issue in self.parent.issues(package)}

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        return {"choices": super().to_internal_value(data)}


class PackageSerializer(PermanentKeyMixin, serializers.ModelSerializer):
    key = serializers.CharField(
        max_length=50,
        validators=[key_validator],
        required=False,
        help_text="Made from the name when left out. Permanent.",
    )
    choices = ChoicesField(
        help_text="Issue key → option key, or null for an issue left open. Responses list every issue."
    )
    author = serializers.SerializerMethodField(help_text="Username of who created it, if known.")

    class Meta:
        model = Package
        fields = ["key", "name", "notes", "choices", "author", "order", "version", "created", "updated"]
        read_only_fields = ["order", "version", "created", "updated"]

    def get_author(self, package: Package) -> str | None:
        return package.author.get_username() if package.author else None

    def issues(self, package: Package) -> list[Issue]:
        issues = self.context.get("issues")
        if issues is None:
            issues = list(package.scenario.issues.order_by("order", "id"))
        return issues


class MemberSerializer(serializers.ModelSerializer):
    user = serializers.CharField(source="user.get_username", help_text="The member's username.")

    class Meta:
        model = Membership
        fields = ["user", "role"]


SERIALIZERS: dict[type[models.Model], type[serializers.Serializer]] = {
    Scenario: ScenarioSerializer,
    Party: PartySerializer,
    Issue: IssueSerializer,
    Option: OptionSerializer,
    Stance: StanceSerializer,
    Valuation: ValuationSerializer,
    Package: PackageSerializer,
}


def serializer_for(instance: models.Model, context: dict[str, Any]) -> dict[str, Any]:
    """The API representation of any versioned object (for the body of a 412)."""
    return SERIALIZERS[type(instance)](instance, context=context).data
