"""URLconf for benchmarks/api_bench.py only: the project's URLs plus one bare Django view answering a
constant JSON, the baseline the API's document endpoint is compared with through the same middleware."""

from __future__ import annotations

from django.http import JsonResponse
from django.urls import path

from negotiations.urls import urlpatterns as project_urlpatterns

CONSTANT = {"status": "ok", "detail": "A constant answer from a bare Django view."}


def constant(request):
    return JsonResponse(CONSTANT)


urlpatterns = [path("bench/constant/", constant), *project_urlpatterns]
