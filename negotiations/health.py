"""A liveness probe for load balancers and the container healthcheck: do the database and the
cache answer? Every request needs the first; every API request needs the second (throttling)."""

from __future__ import annotations

import logging

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    answers = {"database": _database_answers(), "cache": _cache_answers()}
    body = {name: "ok" if ok else "unavailable" for name, ok in answers.items()}
    if all(answers.values()):
        return JsonResponse({"status": "ok", **body})
    return JsonResponse({"status": "error", **body}, status=503)


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        # The probe needs no login, so the reason goes to the log, not to whoever asks.
        logger.exception("Health check: the database is not answering")
        return False
    return True


def _cache_answers() -> bool:
    try:
        cache.get("health")
    except Exception:  # each cache backend raises its own client's errors (redis.ConnectionError, …)
        logger.exception("Health check: the cache is not answering")
        return False
    return True
