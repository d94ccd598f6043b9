"""Fixtures for the package pages: the hand-worked deal and scenarios of two sizes."""

from __future__ import annotations

import pytest

from negotiations.scenario_document import document_import
from tests.deal import deal_import, members
from tests.documents import make_document


@pytest.fixture
def deal(owner, viewer, editor):
    return deal_import(owner=owner, viewer=viewer, editor=editor)


@pytest.fixture(params=["small", "large"])
def sized_scenario(request, owner, viewer, editor):
    """The same page on a small and a large scenario must cost the same number of queries."""
    size = {"small": {}, "large": {"parties": 8, "issues": 10, "options": 4, "packages": 12}}[request.param]
    document = make_document(slug=f"sized-{request.param}", seed=3, **size)
    return members(document_import(document=document, owner=owner), viewer=viewer, editor=editor)
