"""Server time and size of the package builder's score-panel swap (the htmx request a choice sends),
and of the analysis page and its swapped sections.

    python benchmarks/builder_bench.py [--requests 200] [--page-requests 30] [--seed 0]

Each request goes through the whole Django stack (middleware, session and user lookup, the
scenario query with the caller's membership, the saved packages, evaluation, template rendering) via the test
client, with production settings (DEBUG=false) and a signed-in editor, on a throwaway test
database: SQLite in memory, or PostgreSQL when DATABASE_URL names it. Choices are drawn at random
per request (one issue in ten left open). The engine input is cached per scenario version, as in
production; the first request, which builds it, is left out as warm-up and reported apart.

The analysis page is timed whole, with a saved package chosen, and per htmx section. Its overview
(ZOPA, frontier size, bargaining solutions, forecast) is computed once per scenario version, as the
API's analysis is; the first request, which computes it, is reported apart. The frontier plot and
a package's prospects are computed on every request.
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
    parser.add_argument("--page-requests", type=int, default=30)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    import django

    # Static files are not collected for a benchmark: whole pages link them by plain name (as
    # with DEBUG on) instead of through the production manifest, which costs the same per link.
    warnings.filterwarnings("ignore", "No directory at")

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import override_settings, setup_test_environment

    setup_test_environment()
    plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    # A database of its own, so the benchmark never meets a test run's database on the same server.
    connection.settings_dict["TEST"]["NAME"] = f"bench_builder_{os.getpid()}"
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        with override_settings(STORAGES=settings.STORAGES | {"staticfiles": plain}):
            run(args.requests, args.page_requests, args.seed)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def reference_document() -> tuple[dict, str]:
    if REFERENCE.exists():
        return json.loads(REFERENCE.read_text(encoding="utf-8")), f"reference scenario {REFERENCE.name}"
    from tests.documents import make_document

    document = make_document(slug="bench", seed=1, **FALLBACK_SIZE)
    return document, "generated stand-in of similar size (the reference scenario file is not there yet)"


def run(requests: int, page_requests: int, seed: int) -> None:
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

    def swap() -> tuple[float, float, int]:
        choices = {
            issue["key"]: "" if rng.random() < 0.1 else rng.choice(issue["options"])["key"]
            for issue in document["issues"]
        }
        start, cpu = time.perf_counter(), time.process_time()
        response = client.get(url, choices, headers={"HX-Request": "true"})
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
        assert response.status_code == 200, response.status_code
        return elapsed * 1000, cpu * 1000, len(response.content)

    first_ms, _, _ = swap()
    timings, cpu_times, sizes = zip(*(swap() for _ in range(requests)), strict=True)
    parties, issues = len(document["parties"]), len(document["issues"])
    options = sum(len(issue["options"]) for issue in document["issues"])
    print(f"Builder score-panel swap on the {source}")
    print(f"  {parties} parties, {issues} issues, {options} options; database {connection_vendor()}")
    print(f"  first request (builds the cached engine input): {first_ms:.1f} ms")
    print(f"  {requests} requests: median {statistics.median(timings):.2f} ms, p95 {p95(timings):.2f} ms")
    # On a busy machine the wall time includes waiting for a core; the CPU time does not.
    print(f"  CPU time of this process per request: median {statistics.median(cpu_times):.2f} ms")
    print(f"  response size: median {statistics.median(sizes) / 1024:.1f} KB, max {max(sizes) / 1024:.1f} KB")
    print("  targets: ≤ 15 ms median, ≤ 10 KB")
    analysis_page(client, scenario, page_requests)


def analysis_page(client, scenario, requests: int) -> None:
    """The analysis page whole and each section htmx swaps, on the first complete saved package."""
    from negotiations.web.packages import saved_packages

    issues = scenario.issues.count()
    package = next(p for p in saved_packages(scenario) if len(p.choices) == issues)
    parties = list(scenario.parties.order_by("order", "id").values_list("key", flat=True))
    url = f"/s/{scenario.slug}/analysis/"
    cases = [
        ("whole page", {}, {}),
        (f"whole page, package {package.key!r} chosen", {"package": package.key}, {}),
        ("frontier plot swap", {"x": parties[1], "y": parties[0]}, {"HX-Target": "frontier-plot"}),
        ("package prospects swap", {"package": package.key}, {"HX-Target": "prospects"}),
    ]
    print(f"Analysis page on the same scenario ({requests} requests each)")
    for name, query, target in cases:
        headers = {"HX-Request": "true", **target} if target else {}
        timings, size = [], 0
        first = time.perf_counter()
        assert client.get(url, query, headers=headers).status_code == 200
        first_ms = (time.perf_counter() - first) * 1000
        for _ in range(requests):
            start = time.perf_counter()
            response = client.get(url, query, headers=headers)
            timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (name, response.status_code)
            size = len(response.content)
        median = statistics.median(timings)
        print(
            f"  {name}: first {first_ms:.0f} ms, then median {median:.1f} ms, p95 {p95(timings):.1f} ms,"
            f" {size / 1024:.1f} KB"
        )


def p95(values) -> float:
    return statistics.quantiles(values, n=20)[18]


def connection_vendor() -> str:
    from django.db import connection

    return connection.vendor


if __name__ == "__main__":
    main()
