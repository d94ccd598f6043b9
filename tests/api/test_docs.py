"""The API's documentation pages work offline: Swagger UI and Redoc from the sidecar's static files."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders

# Every place an HTML page makes the browser fetch something.
FETCHED = re.compile(r"""\b(?:src|href|spec-url)\s*=\s*["']([^"']+)["']""")


@pytest.mark.parametrize("path", ["/api/docs/", "/api/docs/redoc/"])
def test_the_docs_fetch_only_the_app_s_own_static_files_and_schema(client, db, path):
    response = client.get(path)

    assert response.status_code == 200
    fetched = FETCHED.findall(response.content.decode())
    assert fetched  # the page does load something: the check below looked at it
    for url in fetched:
        assert url.startswith(("/static/drf_spectacular_sidecar/", "/api/schema/")), url
        if url.startswith("/static/"):
            assert finders.find(url.removeprefix("/static/")), url


def test_swagger_ui_loads_the_local_schema_and_asks_no_validator_online(client, db):
    text = client.get("/api/docs/").content.decode()

    assert '"validatorUrl": null' in text
    assert '"/api/schema/"' in text
    assert "http://" not in text
    assert "https://" not in text


def test_the_schema_the_docs_load_is_served(client, db):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")

    assert response.status_code == 200
    assert response.json()["info"]["title"] == "Negotiation scenario planner API"
