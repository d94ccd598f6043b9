"""The reference scenario shipped with the product: the Euro-Atlantic settlement."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

REFERENCE_SLUG = "euro-atlantic-settlement"
REFERENCE_PATH = Path(__file__).parent / "scenarios" / f"{REFERENCE_SLUG}.json"


@cache
def reference_text() -> str:
    return REFERENCE_PATH.read_text(encoding="utf-8")


def reference_document() -> dict[str, Any]:
    return json.loads(reference_text())
