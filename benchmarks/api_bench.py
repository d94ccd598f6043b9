"""Requests per second of the API's document endpoint against a bare Django view, served by gunicorn.

    python benchmarks/api_bench.py [--seconds 5] [--rounds 3] [--workers 2] [--clients 4]

The app runs under gunicorn (sync workers) on 127.0.0.1 with production settings (DEBUG=false) on a
throwaway SQLite file holding the reference scenario (`load_demo`), through the whole stack:
middleware, token authentication, throttling (a one-second window, so nothing is refused), the scenario and
membership lookups and the view. In the same run, rounds alternate between

- `GET /bench/constant/`: a bare Django view returning a constant JSON (bench-only URLconf,
  benchmarks/api_bench_urls.py), and
- `GET /api/scenarios/euro-atlantic-settlement/document/` with a viewer's token,

each hammered for `--seconds` by `--clients` processes, one connection per request (gunicorn's sync
workers close it). Reported: requests per second of each, and their ratio per round; then, once,
the document read anonymously (the scenario is public).
Every answer is checked (status and body length); a wrong one stops the run.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
HOST = "127.0.0.1"
DOCUMENT = "/api/scenarios/euro-atlantic-settlement/document/"
CONSTANT = "/bench/constant/"
MAKE_TOKEN = """
from django.contrib.auth import get_user_model
from rest_framework.authtoken.models import Token
from negotiations import services
from negotiations.models import Scenario
reader = get_user_model().objects.create_user("reader", password=None)
scenario = Scenario.objects.get(slug="euro-atlantic-settlement")
services.membership_set(scenario=scenario, user=reader, role="viewer")
print(Token.objects.create(user=reader).key)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=4)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch:
        env = _environment(Path(scratch) / "bench.sqlite3")
        for command in (["migrate", "-v", "0"], ["load_demo"]):
            subprocess.run(
                [PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True
            )
        made = subprocess.run(
            [PYTHON, "manage.py", "shell", "-c", MAKE_TOKEN],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        token = made.stdout.decode().split()[-1]  # the shell may print a banner line first
        port = _free_port()
        server = _serve(env, port, args.workers)
        try:
            _report(port, token, args)
        finally:
            server.terminate()
            server.wait(timeout=10)


def _environment(database: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="api_bench_settings",
        PYTHONPATH=os.pathsep.join([str(ROOT), str(ROOT / "benchmarks")]),
        API_BENCH_SQLITE=str(database),
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS=HOST,
        SECURE_SSL_REDIRECT="false",
        # DRF keeps each client's request times over the rate's window and reads them on every
        # request; a one-second window keeps that list about as long as production's 2000/minute
        # does, while letting this one client through.
        THROTTLE_ANON="1000000/second",
        THROTTLE_USER="1000000/second",
    )
    return env


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def _serve(env: dict[str, str], port: int, workers: int) -> subprocess.Popen:
    gunicorn = Path(PYTHON).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "negotiations.wsgi:application", "--bind", f"{HOST}:{port}",
         "--workers", str(workers), "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            _get(port, CONSTANT, {})
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def _get(port: int, path: str, headers: dict[str, str]) -> tuple[int, bytes]:
    """One request on its own connection: (status, body)."""
    lines = [f"GET {path} HTTP/1.1", f"Host: {HOST}", "Connection: close"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    with socket.create_connection((HOST, port)) as connection:
        connection.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        chunks = []
        while chunk := connection.recv(262144):
            chunks.append(chunk)
    head, _, body = b"".join(chunks).partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), body


def _hammer(job: tuple[int, str, dict[str, str], int, int, float]) -> int:
    port, path, headers, status, size, seconds = job
    done = 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        got, body = _get(port, path, headers)
        if got != status or len(body) != size:
            raise SystemExit(f"{path}: answered {got} with {len(body)} bytes, expected {status}, {size}")
        done += 1
    return done


def _rate(pool, port: int, path: str, headers: dict[str, str], status: int, seconds: float, clients: int):
    size = len(_get(port, path, headers)[1])  # also warms the worker that answers it
    started = time.monotonic()
    done = sum(pool.map(_hammer, [(port, path, headers, status, size, seconds)] * clients))
    return done / (time.monotonic() - started), size


def _report(port: int, token: str, args: argparse.Namespace) -> None:
    auth = {"Authorization": f"Token {token}"}
    print(
        f"gunicorn, {args.workers} sync workers; {args.clients} client processes; {args.seconds:g} s a figure"
    )
    print("database: SQLite (a throwaway file), the reference scenario loaded by load_demo\n")
    ratios = []
    with multiprocessing.Pool(args.clients) as pool:
        for _ in range(args.workers * 2):  # every worker builds its copy of the document first
            _get(port, DOCUMENT, auth)
        for n in range(1, args.rounds + 1):
            bare, _ = _rate(pool, port, CONSTANT, {}, 200, args.seconds, args.clients)
            document, size = _rate(pool, port, DOCUMENT, auth, 200, args.seconds, args.clients)
            ratios.append(document / bare)
            print(
                f"round {n}: bare view {bare:7.0f} req/s | document with a token {document:7.0f} req/s "
                f"({size / 1024:.0f} KB) | ratio {document / bare:.2f}"
            )
        print(f"\nmedian ratio: {statistics.median(ratios):.2f} (target ≥ 0.5)")
        anonymous, _ = _rate(pool, port, DOCUMENT, {}, 200, args.seconds, args.clients)
        print(f"document, anonymous (public scenario): {anonymous:7.0f} req/s")
        etag = '"1"'  # load_demo's scenario is at version 1
        unchanged, _ = _rate(
            pool, port, DOCUMENT, auth | {"If-None-Match": etag}, 304, args.seconds, args.clients
        )
        print(f"document, If-None-Match current (304): {unchanged:7.0f} req/s")


if __name__ == "__main__":
    main()
