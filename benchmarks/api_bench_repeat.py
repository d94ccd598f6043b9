"""gunicorn config for `api_bench.py --repeat` only: where a worker's time per request goes.

Each worker times (CPU, `time.process_time`) the Django application on every request, then calls
it again at once with the same request, answer discarded, and times that too: the repeat runs the
same code on the same data with the CPU's caches still holding them, while the first call runs
after the clients, the other workers and the kernel's loopback work have had the core. It also
times its own CPU from the end of one request's application to the start of the next one's:
gunicorn's work (the access log, writing and closing the answer, accepting and parsing the next
request). When a worker exits it prints the three per kind of request, leaving out each kind's
first 50 requests in that worker (its first document read builds the document). The benchmark's
own figures are not comparable in this mode: every request is served twice.
"""

from __future__ import annotations

import io
import sys
import time
from collections import defaultdict

WARM_UP = 50


def _kind(environ: dict) -> str:
    token = " with a token" if "HTTP_AUTHORIZATION" in environ else ""
    conditional = ", If-None-Match" if "HTTP_IF_NONE_MATCH" in environ else ""
    return f"{environ['PATH_INFO']}{token}{conditional}"


def post_worker_init(worker) -> None:
    application = worker.wsgi
    seen: dict[str, int] = defaultdict(int)
    spent: dict[str, list[float]] = defaultdict(lambda: [0, 0.0, 0.0, 0.0])
    last = [time.process_time()]

    def timed(environ, start_response):
        started = time.process_time()
        response = application(environ, start_response)
        body = b"".join(response)
        response.close()  # Django's request_finished, as when gunicorn closes it
        first = time.process_time()
        again = application({**environ, "wsgi.input": io.BytesIO()}, lambda *args: None)
        b"".join(again)
        again.close()
        name = _kind(environ)
        seen[name] += 1
        if seen[name] > WARM_UP:
            kind = spent[name]
            kind[0] += 1
            kind[1] += first - started
            kind[2] += time.process_time() - first
            kind[3] += started - last[0]
        last[0] = time.process_time()
        return [body]

    worker.wsgi = timed
    worker.repeat_spent = spent


def worker_exit(server, worker) -> None:
    for kind, (count, first, repeat, between) in worker.repeat_spent.items():
        print(
            f"worker {worker.pid}: {kind} ×{count:.0f}: application {1000 * first / count:.2f} ms CPU, "
            f"{1000 * repeat / count:.2f} ms repeated at once; gunicorn {1000 * between / count:.2f} ms",
            file=sys.stderr,
        )
