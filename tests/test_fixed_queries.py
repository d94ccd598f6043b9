from __future__ import annotations

from negotiations.fixed_queries import fetch_instance, select_list
from negotiations.models import Scenario

BY_SLUG = f"SELECT {select_list(Scenario, 's')}, 'extra' FROM {Scenario._meta.db_table} s WHERE s.slug = %s"


def fields_of(scenario: Scenario) -> dict[str, object]:
    return {f.attname: getattr(scenario, f.attname) for f in Scenario._meta.concrete_fields}


def test_the_instance_is_the_one_the_orm_loads(scenario):
    scenario.sources = [{"title": "A source", "url": "https://example.org/"}]
    scenario.save()

    found, rest = fetch_instance(Scenario, BY_SLUG, [scenario.slug])

    assert fields_of(found) == fields_of(Scenario.objects.get(pk=scenario.pk))
    assert rest == ("extra",)


def test_the_instance_is_saved_as_an_existing_row(scenario):
    found, _ = fetch_instance(Scenario, BY_SLUG, [scenario.slug])
    found.summary = "Changed"
    found.save()
    assert Scenario.objects.get(pk=scenario.pk).summary == "Changed"
    assert Scenario.objects.count() == 1


def test_no_row_gives_none(db):
    assert fetch_instance(Scenario, BY_SLUG, ["no-such-scenario"]) is None
