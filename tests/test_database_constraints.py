"""Rows written straight to the database, bypassing Django validation, still cannot break integrity."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from negotiations.models import Option, PackageChoice, Party, Stance, Valuation
from tests.factories import (
    IssueFactory,
    OptionFactory,
    PackageFactory,
    PartyFactory,
    ScenarioFactory,
    StanceFactory,
    ValuationFactory,
)

pytestmark = pytest.mark.django_db


def assert_refused(write) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        write()


@pytest.mark.parametrize(
    ("field", "value"),
    [("capability", -1), ("capability", 100.5), ("reservation", 101), ("reservation", -0.01)],
)
def test_party_ranges_are_enforced_by_the_database(field, value):
    party = PartyFactory()
    assert_refused(lambda: Party.objects.filter(pk=party.pk).update(**{field: value}))


def test_party_colour_must_be_lowercase_hex():
    party = PartyFactory()
    assert_refused(lambda: Party.objects.filter(pk=party.pk).update(colour="red"))


def test_party_role_must_be_known():
    party = PartyFactory()
    assert_refused(lambda: Party.objects.filter(pk=party.pk).update(role="spoiler"))


def test_party_keys_are_unique_within_a_scenario():
    party = PartyFactory(key="ua")
    assert_refused(lambda: PartyFactory(scenario=party.scenario, key="ua"))
    assert PartyFactory(key="ua").scenario != party.scenario


def test_option_keys_are_unique_across_the_whole_scenario():
    option = OptionFactory(key="freeze")
    other_issue = IssueFactory(scenario=option.scenario)
    assert_refused(lambda: OptionFactory(issue=other_issue, key="freeze"))


@pytest.mark.parametrize("value", [-0.5, 100.01])
def test_option_position_stays_on_the_spectrum(value):
    option = OptionFactory()
    assert_refused(lambda: Option.objects.filter(pk=option.pk).update(position=value))


def test_option_cannot_claim_another_scenario_than_its_issue():
    issue = IssueFactory()
    assert_refused(lambda: OptionFactory(issue=issue, scenario=ScenarioFactory()))


def test_negative_weight_is_refused():
    stance = StanceFactory()
    assert_refused(lambda: Stance.objects.filter(pk=stance.pk).update(weight=-1))


def test_one_stance_per_party_and_issue():
    stance = StanceFactory()
    assert_refused(lambda: StanceFactory(party=stance.party, issue=stance.issue))


def test_stance_cannot_join_party_and_issue_of_different_scenarios():
    party = PartyFactory()
    assert_refused(lambda: Stance.objects.create(party=party, issue=IssueFactory(), weight=1))


@pytest.mark.parametrize("value", [-1, 100.5])
def test_utility_stays_between_0_and_100(value):
    valuation = ValuationFactory()
    assert_refused(lambda: Valuation.objects.filter(pk=valuation.pk).update(utility=value))


def test_one_valuation_per_party_and_option():
    valuation = ValuationFactory()
    assert_refused(lambda: ValuationFactory(party=valuation.party, option=valuation.option))


def test_valuation_cannot_join_party_and_option_of_different_scenarios():
    party = PartyFactory()
    assert_refused(lambda: Valuation.objects.create(party=party, option=OptionFactory(), utility=10))


def test_package_choice_cannot_pick_an_option_of_another_issue():
    package = PackageFactory()
    issue = IssueFactory(scenario=package.scenario)
    wrong = OptionFactory(issue=IssueFactory(scenario=package.scenario))
    assert_refused(lambda: PackageChoice.objects.create(package=package, issue=issue, option=wrong))


def test_package_choice_cannot_pick_an_issue_of_another_scenario():
    package = PackageFactory()
    option = OptionFactory()
    assert_refused(lambda: PackageChoice.objects.create(package=package, issue=option.issue, option=option))


def test_package_choice_cannot_be_moved_to_a_foreign_option_by_update():
    package = PackageFactory()
    option = OptionFactory(issue=IssueFactory(scenario=package.scenario))
    choice = PackageChoice.objects.create(package=package, issue=option.issue, option=option)
    foreign = OptionFactory()
    assert_refused(lambda: PackageChoice.objects.filter(pk=choice.pk).update(option=foreign))


def test_one_choice_per_package_and_issue():
    package = PackageFactory()
    issue = IssueFactory(scenario=package.scenario)
    first, second = OptionFactory(issue=issue), OptionFactory(issue=issue)
    PackageChoice.objects.create(package=package, issue=issue, option=first)
    assert_refused(lambda: PackageChoice.objects.create(package=package, issue=issue, option=second))
