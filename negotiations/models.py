"""The domain tables of DESIGN §2.

Integrity lives in the database: unique keys, range checks, and triggers (migration 0002) that
keep a stance, valuation or package choice inside one scenario and a choice on its own issue.
Every editable row carries a `version` that services bump atomically for optimistic concurrency.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q

KEY_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
COLOUR_PATTERN = r"^#[0-9a-f]{6}$"
key_validator = RegexValidator(
    KEY_PATTERN, "Use lowercase letters, digits and single hyphens, e.g. 'nato-membership'."
)
colour_validator = RegexValidator(COLOUR_PATTERN, "Use a colour of the form #rrggbb, lowercase.")
percent_validators = [MinValueValidator(0), MaxValueValidator(100)]


def KeyField() -> models.CharField:  # noqa: N802 - reads as a field class at call sites
    return models.CharField(max_length=50, validators=[key_validator])


def in_percent_range(field: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__gte": 0, f"{field}__lte": 100}),
        name=f"%(app_label)s_%(class)s_{field}_0_100",
        violation_error_message=f"{field} must be between 0 and 100.",
    )


def unique_key(*fields: str) -> models.UniqueConstraint:
    return models.UniqueConstraint(
        fields=fields,
        name=f"%(app_label)s_%(class)s_unique_{'_'.join(fields)}",
    )


class Scenario(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft"
        ACTIVE = "active"
        ARCHIVED = "archived"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=50, unique=True, validators=[key_validator])
    summary = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT)
    sources = models.JSONField(default=list, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="owned_scenarios"
    )
    is_public = models.BooleanField(
        default=False, help_text="Public scenarios are readable by everyone, signed in or not."
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "slug"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft", "active", "archived"]),
                name="%(app_label)s_%(class)s_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    class Role(models.TextChoices):
        VIEWER = "viewer"
        EDITOR = "editor"
        OWNER = "owner"

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=10, choices=Role, default=Role.VIEWER)

    class Meta:
        ordering = ["scenario", "user"]
        constraints = [
            unique_key("scenario", "user"),
            models.CheckConstraint(
                condition=Q(role__in=["viewer", "editor", "owner"]),
                name="%(app_label)s_%(class)s_role_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.role}) in {self.scenario}"


class Party(models.Model):
    class Role(models.TextChoices):
        PRINCIPAL = "principal"
        MEDIATOR = "mediator"
        GUARANTOR = "guarantor"
        OBSERVER = "observer"

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="parties")
    key = KeyField()
    name = models.CharField(max_length=200)
    short = models.CharField(max_length=8)
    role = models.CharField(max_length=10, choices=Role, default=Role.PRINCIPAL)
    capability = models.FloatField(validators=percent_validators, help_text="Influence at the table, 0–100.")
    reservation = models.FloatField(
        validators=percent_validators,
        help_text="Score of the party's best alternative to agreement (BATNA), 0–100.",
    )
    batna = models.TextField("BATNA", blank=True)
    colour = models.CharField(max_length=7, default="#4a5568", validators=[colour_validator])
    order = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["scenario", "order", "id"]
        verbose_name_plural = "parties"
        constraints = [
            unique_key("scenario", "key"),
            in_percent_range("capability"),
            in_percent_range("reservation"),
            models.CheckConstraint(
                condition=Q(role__in=["principal", "mediator", "guarantor", "observer"]),
                name="%(app_label)s_%(class)s_role_valid",
            ),
            models.CheckConstraint(
                condition=Q(colour__regex=COLOUR_PATTERN),
                name="%(app_label)s_%(class)s_colour_hex",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Issue(models.Model):
    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="issues")
    key = KeyField()
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    order = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["scenario", "order", "id"]
        constraints = [unique_key("scenario", "key")]

    def __str__(self) -> str:
        return self.name


class Option(models.Model):
    # The scenario is repeated here so option keys can be unique scenario-wide in the database.
    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="options")
    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="options")
    key = KeyField()
    label = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    order = models.PositiveIntegerField(default=0)
    position = models.FloatField(
        validators=percent_validators, help_text="Place on the issue's 0–100 spectrum."
    )
    value = models.FloatField(null=True, blank=True, help_text="Optional figure, e.g. a tank ceiling.")
    unit = models.CharField(max_length=40, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["issue__order", "issue_id", "order", "id"]
        constraints = [unique_key("scenario", "key"), in_percent_range("position")]

    def __str__(self) -> str:
        return self.label


class Stance(models.Model):
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="stances")
    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="stances")
    weight = models.FloatField(validators=[MinValueValidator(0)], help_text="Importance, ≥ 0.")
    rationale = models.TextField(blank=True)
    sources = models.JSONField(default=list, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["party__order", "party_id", "issue__order", "issue_id"]
        constraints = [
            unique_key("party", "issue"),
            models.CheckConstraint(
                condition=Q(weight__gte=0),
                name="%(app_label)s_%(class)s_weight_non_negative",
                violation_error_message="weight must be 0 or more.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.party} on {self.issue}"


class Valuation(models.Model):
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="valuations")
    option = models.ForeignKey(Option, on_delete=models.CASCADE, related_name="valuations")
    utility = models.FloatField(validators=percent_validators)
    red_line = models.BooleanField(
        default=False, help_text="Unacceptable to this party whatever else is in the package."
    )
    rationale = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["party__order", "party_id", "option__issue__order", "option__order", "option_id"]
        constraints = [unique_key("party", "option"), in_percent_range("utility")]

    def __str__(self) -> str:
        return f"{self.party} on {self.option}"


class Package(models.Model):
    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="packages")
    key = KeyField()
    name = models.CharField(max_length=200)
    notes = models.TextField(blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    order = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["scenario", "order", "id"]
        constraints = [unique_key("scenario", "key")]

    def __str__(self) -> str:
        return self.name


class StoredAnalysis(models.Model):
    """A scenario's whole analysis computed without the time bounds of a request (`manage.py analyse
    SLUG --store`), served while the engine's input and code are those it was computed from
    (`fingerprint`, analysis.analysis_key): saving packages leaves it standing, changing a judgement
    or the engine does not."""

    scenario = models.OneToOneField(Scenario, on_delete=models.CASCADE, related_name="stored_analysis")
    fingerprint = models.CharField(max_length=64)
    # The JSON text as the API returns it: a JSON column could reorder its keys.
    result = models.TextField()
    computed = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"analysis of {self.scenario}"


class PackageChoice(models.Model):
    """The option a package picks on one issue; an issue with no row is left open."""

    package = models.ForeignKey(Package, on_delete=models.CASCADE, related_name="choices")
    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="+")
    option = models.ForeignKey(Option, on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["package", "issue__order", "issue_id"]
        constraints = [unique_key("package", "issue")]

    def __str__(self) -> str:
        return f"{self.package}: {self.option}"
