"""ETags from versions, and If-Match turned into the `expected_version` the services check.

An object's ETag is its version as a strong entity tag (`"7"`). `If-Match` with the current tag
lets a write through and the service still checks the version atomically (`UPDATE … WHERE
version = 7`), so of two writers that read version 7 only one can win. Without `If-Match` (or
with `*`) the write is unconditional.
"""

from __future__ import annotations

from django.db import models
from django.utils.http import parse_etags
from rest_framework.request import Request

from negotiations.services import VersionConflict


def etag(version: int) -> str:
    return f'"{version}"'


def expected_version(request: Request, instance: models.Model) -> int | None:
    """The version the client saw, from If-Match; VersionConflict when it is not the current one."""
    header = request.headers.get("If-Match")
    if header is None:
        return None
    tags = parse_etags(header)
    if tags == ["*"]:
        return None
    if etag(instance.version) not in tags:
        raise VersionConflict(instance)
    return instance.version
