"""Server time and size of the package builder's score-panel swap (the htmx request a choice sends).

    python benchmarks/builder_bench.py [--requests 200] [--seed 0]

Each request goes through the whole Django stack (middleware, session and user lookup, the
scenario and membership queries, the saved packages, evaluation, template rendering) via the test
client, with production settings (DEBUG=false) and a signed-in editor, on a throwaway test
database: SQLite in memory, or PostgreSQL when DATABASE_URL names it. Choices are drawn at random
per request (one issue in ten left open). The engine input is cached per scenario version, as in
production; the first request, which builds it, is left out as warm-up and reported apart.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import statistics
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "negotiations" / "scenarios" / "euro-atlantic-settlement.json"
FALLBACK_SIZE = {"parties": 8, "issues": 12, "options": 4, "packages": 10}

sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "negotiations.settings")
os.environ.update(
    DEBUG="false",
    SECRET_KEY=secrets.token_urlsafe(60),
    ALLOWED_HOSTS="testserver",
    SECURE_SSL_REDIRECT="false",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    import django

    # Static files are not collected for a benchmark; the swapped fragment references none.
    warnings.filterwarnings("ignore", "No directory at")

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        run(args.requests, args.seed)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def reference_document() -> tuple[dict, str]:
    if REFERENCE.exists():
        return json.loads(REFERENCE.read_text(encoding="utf-8")), f"reference scenario {REFERENCE.name}"
    from tests.documents import make_document

    document = make_document(slug="bench", seed=1, **FALLBACK_SIZE)
    return document, "generated stand-in of similar size (the reference scenario file is not there yet)"


def run(requests: int, seed: int) -> None:
    from django.contrib.auth import get_user_model
    from django.test import Client

    from negotiations.models import Membership
    from negotiations.scenario_document import document_import

    document, source = reference_document()
    owner = get_user_model().objects.create_user("bench-owner")
    editor = get_user_model().objects.create_user("bench-editor")
    scenario = document_import(document=document, owner=owner)
    Membership.objects.create(scenario=scenario, user=editor, role=Membership.Role.EDITOR)
    client = Client()
    client.force_login(editor)
    url = f"/s/{scenario.slug}/builder/"
    rng = random.Random(seed)

    def swap() -> tuple[float, int]:
        choices = {
            issue["key"]: "" if rng.random() < 0.1 else rng.choice(issue["options"])["key"]
            for issue in document["issues"]
        }
        start = time.perf_counter()
        response = client.get(url, choices, headers={"HX-Request": "true"})
        elapsed = time.perf_counter() - start
        assert response.status_code == 200, response.status_code
        return elapsed * 1000, len(response.content)

    first_ms, _ = swap()
    timings, sizes = zip(*(swap() for _ in range(requests)), strict=True)
    parties, issues = len(document["parties"]), len(document["issues"])
    options = sum(len(issue["options"]) for issue in document["issues"])
    print(f"Builder score-panel swap on the {source}")
    print(f"  {parties} parties, {issues} issues, {options} options; database {connection_vendor()}")
    print(f"  first request (builds the cached engine input): {first_ms:.1f} ms")
    print(f"  {requests} requests: median {statistics.median(timings):.2f} ms, p95 {p95(timings):.2f} ms")
    print(f"  response size: median {statistics.median(sizes) / 1024:.1f} KB, max {max(sizes) / 1024:.1f} KB")
    print("  targets: ≤ 15 ms median, ≤ 10 KB")


def p95(values) -> float:
    return statistics.quantiles(values, n=20)[18]


def connection_vendor() -> str:
    from django.db import connection

    return connection.vendor


if __name__ == "__main__":
    main()
