"""Requests per second of the API's document endpoint against a bare Django view, served by gunicorn.

    python benchmarks/api_bench.py [--seconds 5] [--rounds 3] [--workers 3] [--clients 4] [--repeat]

The app runs under gunicorn as docker-compose.yml runs it (3 sync workers, an access log, here to a
file) on 127.0.0.1 with production settings (DEBUG=false) on a throwaway SQLite file holding the
reference scenario (`load_demo`), through the whole stack: middleware, token authentication,
throttling (a one-second window, so nothing is refused), the scenario lookup with the caller's
membership, and the view. In the same run, rounds alternate between

- `GET /bench/constant/`: a bare Django view returning a constant JSON (bench-only URLconf,
  benchmarks/api_bench_urls.py), and
- `GET /api/scenarios/euro-atlantic-settlement/document/` with a viewer's token,

each hammered for `--seconds` by `--clients` processes, one connection per request (gunicorn's sync
workers close it). Reported: requests per second of each, and their ratio per round; then, once,
the document read anonymously (the scenario is public) and answered 304. Beside each figure, the
CPU time gunicorn's workers spent per request (from /proc, Linux only): the clients share the
machine, so on a busy one requests per second swing from round to round far more than this does.
Every answer is checked (status and body length); a wrong one stops the run.

`--repeat` loads benchmarks/api_bench_repeat.py into gunicorn, which has each worker serve every
request twice and report how long the application took each time: a diagnosis of where the
workers' time goes, whose requests-per-second figures do not compare with a normal run's.
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
from typing import NamedTuple

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
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--repeat", action="store_true", help="diagnosis: see benchmarks/api_bench_repeat.py")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch:
        env, token = prepare(Path(scratch))
        port = _free_port()
        config = ["--config", str(ROOT / "benchmarks" / "api_bench_repeat.py")] if args.repeat else []
        server = _serve(env, port, args.workers, Path(scratch) / "access.log", config)
        try:
            _report(port, token, args, server.pid)
        finally:
            server.terminate()
            server.wait(timeout=10)


def prepare(scratch: Path) -> tuple[dict[str, str], str]:
    """The app's environment over a new SQLite file in `scratch` holding the reference scenario, and
    the token of a user who may view it (a member, not its owner)."""
    env = _environment(scratch / "bench.sqlite3")
    for command in (["migrate", "-v", "0"], ["load_demo"]):
        subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True)
    made = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", MAKE_TOKEN], cwd=ROOT, env=env, check=True, capture_output=True
    )
    return env, made.stdout.decode().split()[-1]  # the shell may print a banner line first


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


def _serve(
    env: dict[str, str], port: int, workers: int, access_log: Path, config: list[str]
) -> subprocess.Popen:
    gunicorn = Path(PYTHON).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "negotiations.wsgi:application", "--bind", f"{HOST}:{port}",
         "--workers", str(workers), "--access-logfile", str(access_log), "--log-level", "warning", *config],
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


def _workers_cpu(arbiter: int) -> float | None:
    """CPU seconds (user + system) used so far by gunicorn's workers; None where /proc is missing."""
    try:
        children = Path(f"/proc/{arbiter}/task/{arbiter}/children").read_text().split()
        stats = [Path(f"/proc/{pid}/stat").read_text() for pid in children]
    except OSError:
        return None
    # utime and stime are fields 14 and 15; the command name before them may hold spaces.
    ticks = sum(int(f) for stat in stats for f in stat.rpartition(")")[2].split()[11:13])
    return ticks / os.sysconf("SC_CLK_TCK")


class Rate(NamedTuple):
    per_second: float
    cpu_ms: float | None  # the workers' CPU time per request
    size: int

    def __str__(self) -> str:
        cpu = "" if self.cpu_ms is None else f" ({self.cpu_ms:.2f} ms CPU)"
        return f"{self.per_second:7.0f} req/s{cpu}"


def _rate(pool, arbiter: int, port: int, path: str, headers: dict[str, str], status: int, args) -> Rate:
    size = len(_get(port, path, headers)[1])  # also warms the worker that answers it
    cpu = _workers_cpu(arbiter)
    started = time.monotonic()
    done = sum(pool.map(_hammer, [(port, path, headers, status, size, args.seconds)] * args.clients))
    elapsed = time.monotonic() - started
    used = _workers_cpu(arbiter)
    cpu_ms = None if cpu is None or used is None else 1000 * (used - cpu) / done
    return Rate(done / elapsed, cpu_ms, size)


def _report(port: int, token: str, args: argparse.Namespace, arbiter: int) -> None:
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
            bare = _rate(pool, arbiter, port, CONSTANT, {}, 200, args)
            document = _rate(pool, arbiter, port, DOCUMENT, auth, 200, args)
            ratios.append(document.per_second / bare.per_second)
            print(
                f"round {n}: bare view {bare} | document with a token {document} "
                f"({document.size / 1024:.0f} KB) | ratio {ratios[-1]:.2f}"
            )
        print(f"\nmedian ratio: {statistics.median(ratios):.2f} (target ≥ 0.5)")
        print(f"document, anonymous (public scenario): {_rate(pool, arbiter, port, DOCUMENT, {}, 200, args)}")
        etag = '"1"'  # load_demo's scenario is at version 1
        unchanged = _rate(pool, arbiter, port, DOCUMENT, auth | {"If-None-Match": etag}, 304, args)
        print(f"document, If-None-Match current (304): {unchanged}")


if __name__ == "__main__":
    main()
