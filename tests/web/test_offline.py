"""Workshops run offline: the package pages may reference no host but their own."""

from __future__ import annotations

import re

import pytest

# Any absolute URL or protocol-relative reference in an attribute or a CSS url().
FOREIGN = re.compile(
    r"""(?:src|href|action|hx-get|hx-post|xlink:href)\s*=\s*["']\s*(?:[a-z][a-z0-9+.-]*:)?//|url\(\s*["']?(?:[a-z]+:)?//""",
    re.I,
)

PAGES = [
    "/s/border-deal/builder/?north=north-a&south=",
    "/s/border-deal/builder/?package=river-deal",
    "/s/border-deal/compare/?p=river-deal&p=ridge-deal&p=half-deal",
]


@pytest.mark.parametrize("url", PAGES)
def test_a_package_page_references_no_other_host(client, deal, editor, url):
    client.force_login(editor)

    page = client.get(url).content.decode()

    assert FOREIGN.findall(page) == []
    assert "<a " in page  # the check above looked at a real page


def test_the_check_catches_a_foreign_host():
    assert FOREIGN.findall('<script src="https://cdn.example.org/htmx.js"></script>')
    assert FOREIGN.findall("<link href='//fonts.example.com/a.css'>")
    assert not FOREIGN.findall('<a href="/s/x/builder/?a=1">')
