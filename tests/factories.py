"""factory_boy factories, one per model."""

from __future__ import annotations

import factory
from django.contrib.auth import get_user_model

from negotiations.models import (
    Issue,
    Membership,
    Option,
    Package,
    Party,
    Scenario,
    Stance,
    Valuation,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def persist(obj, create, extracted, **kwargs):  # noqa: N805 - factory_boy hook signature
        if create:
            obj.save()


class ScenarioFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Scenario

    name = factory.Sequence(lambda n: f"Scenario {n}")
    slug = factory.Sequence(lambda n: f"scenario-{n}")
    owner = factory.SubFactory(UserFactory)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    scenario = factory.SubFactory(ScenarioFactory)
    user = factory.SubFactory(UserFactory)
    role = Membership.Role.VIEWER


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party

    scenario = factory.SubFactory(ScenarioFactory)
    key = factory.Sequence(lambda n: f"party-{n}")
    name = factory.Sequence(lambda n: f"Party {n}")
    short = factory.Sequence(lambda n: f"P{n}")
    capability = 50
    reservation = 40


class IssueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Issue

    scenario = factory.SubFactory(ScenarioFactory)
    key = factory.Sequence(lambda n: f"issue-{n}")
    name = factory.Sequence(lambda n: f"Issue {n}")


class OptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Option

    issue = factory.SubFactory(IssueFactory)
    scenario = factory.LazyAttribute(lambda o: o.issue.scenario)
    key = factory.Sequence(lambda n: f"option-{n}")
    label = factory.Sequence(lambda n: f"Option {n}")
    position = 50


class StanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stance

    party = factory.SubFactory(PartyFactory)
    issue = factory.SubFactory(IssueFactory, scenario=factory.SelfAttribute("..party.scenario"))
    weight = 1


class ValuationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Valuation

    party = factory.SubFactory(PartyFactory)
    option = factory.SubFactory(OptionFactory, issue__scenario=factory.SelfAttribute("...party.scenario"))
    utility = 50


class PackageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Package

    scenario = factory.SubFactory(ScenarioFactory)
    key = factory.Sequence(lambda n: f"package-{n}")
    name = factory.Sequence(lambda n: f"Package {n}")
