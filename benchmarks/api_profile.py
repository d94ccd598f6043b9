"""CPU time per request of the API's document endpoint and of the bare view, in-process, and where it goes.

    python benchmarks/api_profile.py [--requests 3500] [--profile document]

The app, settings, data and token of benchmarks/api_bench.py, called through Django's WSGI handler
in this process: no server, no client, no network, so what is left is what Django, Django REST
framework and the app spend on a request. Reported: the CPU time (`time.process_time`) per request
of the bare view, the document with a viewer's token, the document read anonymously and answered
304, the best and the median of 7 rounds (rounds interleave the requests, so a busy machine slows
them alike). `--profile NAME` then runs that request under cProfile and prints the functions with
the most cumulative time.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

from api_bench import CONSTANT, DOCUMENT, HOST, prepare

ROUNDS = 7


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=3500, help="of each kind, over all rounds")
    parser.add_argument("--profile", choices=["bare", "document", "anonymous", "304"])
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch:
        env, token = prepare(Path(scratch))
        os.environ.update(env)
        sys.path[:0] = env["PYTHONPATH"].split(os.pathsep)
        # Imported only once the environment names the settings and the database.
        import django
        from django.core.handlers.wsgi import WSGIHandler

        django.setup()
        app = WSGIHandler()
        auth = {"HTTP_AUTHORIZATION": f"Token {token}"}
        requests = {
            "bare": (CONSTANT, {}, "200 OK"),
            "document": (DOCUMENT, auth, "200 OK"),
            "anonymous": (DOCUMENT, {}, "200 OK"),
            "304": (DOCUMENT, auth | {"HTTP_IF_NONE_MATCH": '"1"'}, "304 Not Modified"),
        }
        for path, headers, status in requests.values():
            for _ in range(50):  # warm-up: the document is built once, connections opened
                _call(app, path, headers, status)
        _report(app, requests, args.requests // ROUNDS)
        if args.profile:
            _profile(app, requests[args.profile], args.requests)


def _call(app, path: str, headers: dict[str, str], status: int) -> None:
    environ = {
        "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": "", "SERVER_NAME": HOST,
        "SERVER_PORT": "80", "HTTP_HOST": HOST, "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(),
        **headers,
    }  # fmt: skip
    answered = []
    response = app(environ, lambda got, _headers: answered.append(got))
    b"".join(response)
    response.close()
    if answered != [status]:
        raise SystemExit(f"{path}: answered {answered}, expected {status}")


def _report(app, requests: dict[str, tuple], per_round: int) -> None:
    times: dict[str, list[float]] = {name: [] for name in requests}
    for _ in range(ROUNDS):
        for name, request in requests.items():
            started = time.process_time()
            for _ in range(per_round):
                _call(app, *request)
            times[name].append(1000 * (time.process_time() - started) / per_round)
    for name, spent in times.items():
        print(f"{name:10} best {min(spent):.2f} ms, median {statistics.median(spent):.2f} ms CPU per request")


def _profile(app, request: tuple, count: int) -> None:
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(count):
        _call(app, *request)
    profile.disable()
    pstats.Stats(profile).sort_stats("cumulative").print_stats(40)


if __name__ == "__main__":
    main()
