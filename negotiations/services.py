"""Writes shared by the API, the pages and the admin.

Every write is atomic and validated with `full_clean()`, so a bad value is refused with its field
named and nothing changes. Versioned rows are updated with `... WHERE version = expected`, so two
writers that read the same version can never both succeed: the loser gets VersionConflict.
Any change to a scenario's content also bumps the scenario's version (its document's ETag).
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.text import slugify

from negotiations import scenario_document
from negotiations.models import (
    Issue,
    Membership,
    Option,
    Package,
    PackageChoice,
    Party,
    Scenario,
    Stance,
    Valuation,
)


class VersionConflict(Exception):  # noqa: N818 - the name says what happened
    """Someone saved first. `current` is the row as it is now (None if it was deleted)."""

    def __init__(self, current: models.Model | None):
        super().__init__("This was changed by someone else since you loaded it.")
        self.current = current


def _scenario_id(instance: models.Model) -> int:
    if isinstance(instance, Scenario):
        return instance.pk
    if isinstance(instance, Stance | Valuation):
        return instance.party.scenario_id
    return instance.scenario_id


def scenario_touch(scenario_id: int) -> None:
    """Mark the scenario's content as changed: a new version (its document's ETag) and timestamp."""
    Scenario.objects.filter(pk=scenario_id).update(version=F("version") + 1, updated=timezone.now())


def _next_order(instance: models.Model) -> int:
    siblings = type(instance).objects.filter(
        **({"issue": instance.issue} if isinstance(instance, Option) else {"scenario": instance.scenario})
    )
    return (siblings.aggregate(top=Max("order"))["top"] or 0) + 1 if siblings.exists() else 0


@transaction.atomic
def content_create(instance: models.Model) -> models.Model:
    """Validate and insert a party, issue or option (appended to its list) and bump the scenario."""
    if isinstance(instance, Option) and instance.issue_id:
        instance.scenario_id = instance.issue.scenario_id
    if hasattr(instance, "order") and not instance.order:
        instance.order = _next_order(instance)
    instance.full_clean()
    instance.save()
    scenario_touch(_scenario_id(instance))
    return instance


@transaction.atomic
def content_update(instance: models.Model, *, expected_version: int | None, **fields: Any) -> models.Model:
    """Change fields of a versioned row, refusing a stale `expected_version`."""
    model = type(instance)
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.full_clean()
    rows = model.objects.filter(pk=instance.pk)
    if expected_version is not None:
        rows = rows.filter(version=expected_version)
    if any(f.name == "updated" for f in model._meta.fields):
        fields["updated"] = timezone.now()
    if not rows.update(**fields, version=F("version") + 1):
        raise VersionConflict(model.objects.filter(pk=instance.pk).first())
    instance.refresh_from_db(fields=["version"])
    if not isinstance(instance, Scenario):
        scenario_touch(_scenario_id(instance))
    return instance


@transaction.atomic
def content_delete(instance: models.Model, *, expected_version: int | None) -> None:
    model = type(instance)
    rows = model.objects.filter(pk=instance.pk)
    if expected_version is not None:
        rows = rows.filter(version=expected_version)
    scenario_id = _scenario_id(instance)
    deleted, _ = rows.delete()
    if not deleted:
        raise VersionConflict(model.objects.filter(pk=instance.pk).first())
    if not isinstance(instance, Scenario):
        scenario_touch(scenario_id)


@transaction.atomic
def stance_set(*, party: Party, issue: Issue, expected_version: int | None = None, **fields: Any) -> Stance:
    """Create or change a party's stance on an issue (weight, rationale, sources)."""
    stance = Stance.objects.filter(party=party, issue=issue).select_related("party").first()
    if stance is None:
        return content_create(Stance(party=party, issue=issue, **fields))
    return content_update(stance, expected_version=expected_version, **fields)


@transaction.atomic
def valuation_set(
    *, party: Party, option: Option, expected_version: int | None = None, **fields: Any
) -> Valuation:
    """Create or change a party's valuation of an option (utility, red line, rationale)."""
    valuation = Valuation.objects.filter(party=party, option=option).select_related("party").first()
    if valuation is None:
        return content_create(Valuation(party=party, option=option, **fields))
    return content_update(valuation, expected_version=expected_version, **fields)


# ---------------------------------------------------------------------------------------------
# Packages


def _resolve_choices(scenario: Scenario, choices: dict[str, str | None]) -> list[tuple[Issue, Option]]:
    if not isinstance(choices, dict):
        raise ValidationError({"choices": ["Give an object mapping issue keys to option keys or null."]})
    issues = {i.key: i for i in scenario.issues.all()}
    options = {o.key: o for o in Option.objects.filter(scenario=scenario)}
    errors, resolved = [], []
    for issue_key, option_key in choices.items():
        issue = issues.get(issue_key)
        option = options.get(option_key) if isinstance(option_key, str) else None
        if issue is None:
            errors.append(f"{issue_key!r} is not an issue of this scenario.")
        elif option_key is None:
            continue
        elif option is None:
            errors.append(f"{option_key!r} is not an option of this scenario.")
        elif option.issue_id != issue.pk:
            errors.append(f"Option {option_key!r} settles another issue, not {issue_key!r}.")
        else:
            resolved.append((issue, option))
    if errors:
        raise ValidationError({"choices": errors})
    return resolved


def key_from_name(name: str, *, fallback: str) -> str:
    """A key the key pattern accepts (lowercase letters and digits joined by single hyphens), short
    enough to take a "-N" suffix; `fallback` when the name has no such letters (say, "???")."""
    words = re.findall(r"[a-z0-9]+", slugify(name))
    return "-".join(words)[:44].strip("-") or fallback


def _free_package_key(scenario: Scenario, name: str) -> str:
    base = key_from_name(name, fallback="package")
    taken = set(scenario.packages.values_list("key", flat=True))
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    return key


@transaction.atomic
def package_create(
    *,
    scenario: Scenario,
    name: str,
    choices: dict[str, str | None],
    author=None,
    key: str | None = None,
    notes: str = "",
) -> Package:
    resolved = _resolve_choices(scenario, choices)
    package = Package(
        scenario=scenario,
        name=name,
        notes=notes,
        author=author if author is not None and author.is_authenticated else None,
        key=key or _free_package_key(scenario, name),
    )
    content_create(package)
    PackageChoice.objects.bulk_create(PackageChoice(package=package, issue=i, option=o) for i, o in resolved)
    return package


@transaction.atomic
def package_update(
    *,
    package: Package,
    expected_version: int | None,
    choices: dict[str, str | None] | None = None,
    **fields: Any,
) -> Package:
    """Change a package's fields and, if given, its choices (a choice of null opens that issue)."""
    resolved = _resolve_choices(package.scenario, choices) if choices is not None else None
    content_update(package, expected_version=expected_version, **fields)
    if resolved is not None:
        PackageChoice.objects.filter(package=package, issue__key__in=list(choices)).delete()
        PackageChoice.objects.bulk_create(
            PackageChoice(package=package, issue=i, option=o) for i, o in resolved
        )
    return package


# ---------------------------------------------------------------------------------------------
# Scenarios and members


@transaction.atomic
def scenario_create(*, owner, name: str, slug: str | None = None, **fields: Any) -> Scenario:
    scenario = Scenario(
        owner=owner,
        name=name,
        slug=scenario_document.free_slug(slug or key_from_name(name, fallback="scenario")),
        **fields,
    )
    scenario.full_clean()
    scenario.save()
    return scenario


@transaction.atomic
def scenario_replace_content(*, scenario: Scenario, document: Any, expected_version: int | None) -> Scenario:
    """Replace everything in a scenario with a document's content; all or nothing."""
    scenario_document.document_validate(document)
    rows = Scenario.objects.filter(pk=scenario.pk)
    if expected_version is not None:
        rows = rows.filter(version=expected_version)
    if not rows.update(version=F("version") + 1, updated=timezone.now()):
        raise VersionConflict(Scenario.objects.filter(pk=scenario.pk).first())
    return scenario_document.document_replace(scenario=scenario, document=document)


def scenario_clone(*, scenario: Scenario, owner, name: str | None = None) -> Scenario:
    document = scenario_document.document_export(scenario)
    document["scenario"]["name"] = name or f"{scenario.name} (copy)"
    # A copy is taken as it stands, even of a scenario still being built.
    return scenario_document.document_import(document=document, owner=owner, complete=False)


@transaction.atomic
def membership_set(*, scenario: Scenario, user, role: str) -> Membership:
    """Give a user a role on a scenario (or change it)."""
    if user.pk == scenario.owner_id:
        raise ValidationError(
            {"user": ["The scenario's owner already has every right; no membership needed."]}
        )
    membership = Membership.objects.filter(scenario=scenario, user=user).first() or Membership(
        scenario=scenario, user=user
    )
    membership.role = role
    membership.full_clean(validate_unique=False)
    membership.save()
    return membership


def membership_remove(*, scenario: Scenario, user) -> None:
    Membership.objects.filter(scenario=scenario, user=user).delete()
