"""Workshops run offline: no page may reference a host other than its own.

Every URL pattern of the project is fetched (a write is posted the way its form posts it, so the
page or fragment it answers with is checked too), and so is every style sheet a page links to.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.contrib.staticfiles import finders
from django.urls import URLPattern, URLResolver, get_resolver

from negotiations.models import Party
from tests.web.people import HTMX

OWN_HOST = "testserver"  # the host Django's test client asks for

# Absolute or protocol-relative URLs where a page or style sheet makes the browser fetch or go:
# attributes (src, href, action, htmx verbs, ...), CSS url(...) and @import.
REFERENCE = re.compile(
    r"""(?:\b(?:src|srcset|href|action|formaction|poster|data|xlink:href|hx-(?:get|post|put|patch|delete))\s*=\s*["']?\s*"""
    r"""|url\(\s*["']?|@import\s+["'])((?:[a-z][a-z0-9+.-]*:)?//[^\s"'()<>]*)""",
    re.I,
)
STYLESHEET = re.compile(r"""<link[^>]+href=["']/static/([^"']+\.css)["']""")

S = "/s/border-deal"


def _case(method: str, path: str, data: dict | None = None, *, htmx: bool = False) -> tuple:
    return (method, path, data or {}, htmx)


def _version(model, key: str) -> int:
    return model.objects.get(scenario__slug="border-deal", key=key).version


# How to reach each URL pattern, by name. Writes post what their form would: a refused one comes
# back as the page or fragment that shows the refusal; an accepted one is followed to where it leads.
CASES = {
    "scenario-list": lambda: _case("get", "/"),
    "scenario-create": lambda: _case("post", "/scenarios/new/", {"name": ""}),
    "scenario-import": lambda: _case("post", "/scenarios/import/"),
    "scenario-clone": lambda: _case("post", f"{S}/clone/"),
    "scenario-export": lambda: _case("get", f"{S}/export/"),
    "api-token": lambda: _case("post", "/account/token/", {"action": "create"}),
    "scenario-overview": lambda: _case("get", f"{S}/"),
    "party-editor": lambda: _case("get", f"{S}/edit/parties/"),
    "issue-editor": lambda: _case("get", f"{S}/edit/issues/"),
    "option-create": lambda: _case("post", f"{S}/add/options/to/north/", {"new-option-north-key": "Bad Key"}),
    "parties-create": lambda: _case("post", f"{S}/add/parties/", {"new-party-key": "Bad Key"}),
    "issues-create": lambda: _case("post", f"{S}/add/issues/", {"new-issue-key": "Bad Key"}),
    "parties-save": lambda: _case(
        "post", f"{S}/edit/parties/ana/", {"party-ana-capability": "140"}, htmx=True
    ),
    "issues-save": lambda: _case("post", f"{S}/edit/issues/north/", {"issue-north-name": ""}, htmx=True),
    "options-save": lambda: _case(
        "post", f"{S}/edit/options/north-c/", {"option-north-c-position": "-1"}, htmx=True
    ),
    "parties-delete": lambda: _case(
        "post", f"{S}/edit/parties/mia/delete/", {"version": _version(Party, "mia")}
    ),
    "issues-delete": lambda: _case("post", f"{S}/edit/issues/south/delete/", {"version": "0"}, htmx=True),
    "options-delete": lambda: _case("post", f"{S}/edit/options/north-c/delete/", {"version": "0"}, htmx=True),
    "stance-editor": lambda: _case("get", f"{S}/edit/stances/"),
    "stance-save": lambda: _case("post", f"{S}/stances/ana/north/", {"weight": "-1"}, htmx=True),
    "valuation-editor-start": lambda: _case("get", f"{S}/edit/valuations/"),
    "valuation-editor": lambda: _case("get", f"{S}/edit/valuations/north/"),
    "valuation-save": lambda: _case("post", f"{S}/valuations/ana/north-c/", {"utility": "140"}, htmx=True),
    "package-builder": lambda: _case("get", f"{S}/builder/?north=north-a&south="),
    "package-save": lambda: _case("post", f"{S}/builder/save/", {"name": "Riverside", "north": "north-a"}),
    "package-compare": lambda: _case("get", f"{S}/compare/?p=river-deal&p=ridge-deal&p=half-deal"),
    "scenario-analysis": lambda: _case("get", f"{S}/analysis/?package=centre-deal"),
    "health": lambda: _case("get", "/health/"),
    "login": lambda: _case("get", "/accounts/login/"),
    "logout": lambda: _case("post", "/accounts/logout/"),
    "password_change": lambda: _case("get", "/accounts/password_change/"),
    "password_change_done": lambda: _case("get", "/accounts/password_change/done/"),
    "password_reset": lambda: _case("get", "/accounts/password_reset/"),
    "password_reset_done": lambda: _case("get", "/accounts/password_reset/done/"),
    "password_reset_confirm": lambda: _case("get", "/accounts/reset/MQ/not-a-token/"),
    "password_reset_complete": lambda: _case("get", "/accounts/reset/done/"),
    "schema": lambda: _case("get", "/api/schema/"),
    "swagger-ui": lambda: _case("get", "/api/docs/"),
    "redoc": lambda: _case("get", "/api/docs/redoc/"),
    "api-scenarios": lambda: _case("get", "/api/scenarios/"),
    "api-import": lambda: _case("post", "/api/scenarios/import/"),
    "api-scenario": lambda: _case("get", f"/api{S}/"),
    "api-document": lambda: _case("get", f"/api{S}/document/"),
    "api-evaluate": lambda: _case("post", f"/api{S}/evaluate/"),
    "api-analysis": lambda: _case("get", f"/api{S}/analysis/"),
    "api-forecast": lambda: _case("get", f"/api{S}/forecast/"),
    "api-package-suggestions": lambda: _case("get", f"/api{S}/packages/river-deal/suggestions/"),
    "api-package-sensitivity": lambda: _case("get", f"/api{S}/packages/river-deal/sensitivity/"),
    "api-parties": lambda: _case("get", f"/api{S}/parties/"),
    "api-party": lambda: _case("get", f"/api{S}/parties/ana/"),
    "api-issues": lambda: _case("get", f"/api{S}/issues/"),
    "api-issue": lambda: _case("get", f"/api{S}/issues/north/"),
    "api-options": lambda: _case("get", f"/api{S}/options/"),
    "api-option": lambda: _case("get", f"/api{S}/options/north-a/"),
    "api-stances": lambda: _case("get", f"/api{S}/stances/"),
    "api-stance": lambda: _case("get", f"/api{S}/stances/ana/north/"),
    "api-valuations": lambda: _case("get", f"/api{S}/valuations/"),
    "api-valuation": lambda: _case("get", f"/api{S}/valuations/ana/north-a/"),
    "api-packages": lambda: _case("get", f"/api{S}/packages/"),
    "api-package": lambda: _case("get", f"/api{S}/packages/river-deal/"),
    "api-members": lambda: _case("get", f"/api{S}/members/"),
    "api-member": lambda: _case("get", f"/api{S}/members/viewer/"),
}
# The admin's own pages are Django's; a sample of them stands for the rest.
ADMIN = ["/admin/", "/admin/negotiations/", "/admin/negotiations/scenario/", "/admin/negotiations/party/"]


def _names(patterns, inside_admin: bool = False):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _names(pattern.url_patterns, inside_admin or pattern.app_name == "admin")
        elif isinstance(pattern, URLPattern) and not inside_admin:
            yield pattern.name


def foreign_hosts(text: str) -> set[str]:
    return {urlsplit(url if "//" in url[:8] else f"//{url}").hostname for url in REFERENCE.findall(text)} - {
        OWN_HOST
    }


def fetch(client, method: str, path: str, data: dict, htmx: bool):
    headers = HTMX if htmx else {}
    if method == "get":
        return client.get(path, follow=True, headers=headers)
    return client.post(path, data, follow=True, headers=headers)


def test_every_url_pattern_is_checked():
    assert set(_names(get_resolver().url_patterns)) == set(CASES)


@pytest.fixture
def signed_in(client, deal, owner):
    client.force_login(owner)
    return client


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_page_references_no_host_but_its_own(signed_in, name):
    response = fetch(signed_in, *CASES[name]())
    text = response.content.decode()

    assert response.status_code < 500
    assert text.strip()  # the check below looked at something
    assert foreign_hosts(text) == set()
    for sheet in STYLESHEET.findall(text):
        assert foreign_hosts(Path(finders.find(sheet)).read_text(encoding="utf-8")) == set(), sheet


@pytest.mark.parametrize("path", ADMIN)
def test_an_admin_page_references_no_host_but_its_own(client, deal, owner, path):
    owner.is_staff = owner.is_superuser = True
    owner.save()
    client.force_login(owner)

    response = client.get(path)

    assert response.status_code == 200
    assert foreign_hosts(response.content.decode()) == set()


def test_the_check_catches_a_foreign_host():
    assert foreign_hosts('<script src="https://cdn.example.org/htmx.js"></script>') == {"cdn.example.org"}
    assert foreign_hosts("<link href='//fonts.example.com/a.css'>") == {"fonts.example.com"}
    assert foreign_hosts('<form hx-post="http://evil.example/x">') == {"evil.example"}
    assert foreign_hosts("body { background: url(https://img.example/a.png) }") == {"img.example"}
    assert foreign_hosts('@import "https://fonts.example.com/b.css";') == {"fonts.example.com"}
    assert foreign_hosts('<a href="/s/x/builder/?a=1">') == set()
    assert foreign_hosts('<a href="http://testserver/api/">') == set()  # its own host, absolute
