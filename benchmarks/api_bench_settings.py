"""Settings for benchmarks/api_bench.py only: the project's, with the database in the throwaway
SQLite file the benchmark names and the bench-only URLconf (benchmarks/api_bench_urls.py)."""

from __future__ import annotations

import os

from negotiations.settings import *  # noqa: F403 - the project's settings, two of them changed below
from negotiations.settings import DATABASES

DATABASES["default"]["NAME"] = os.environ["API_BENCH_SQLITE"]
ROOT_URLCONF = "api_bench_urls"
