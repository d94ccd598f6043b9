"""The API token page: a user creates, regenerates or revokes their own token.

A new key is shown once, on the page the user lands on right after making it; later visits show
only its first characters, so a key left on screen or in the browser history is of no use to
anyone looking over a shoulder. A lost key is replaced by regenerating it.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods
from rest_framework.authtoken.models import Token

DONE = {
    "create": "Token created. Copy it now: it is shown only this once.",
    "regenerate": "Token regenerated; the old one no longer works. Copy the new one now: it is shown once.",
    "revoke": "Token revoked; clients using it are refused from now on.",
}
NEW_KEY = "api_token_new_key"  # session entry holding a fresh key until the page has shown it


@login_required
@require_http_methods(["GET", "POST"])
def api_token(request):
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in DONE:
            messages.error(request, f"Unknown action {action!r}; use create, regenerate or revoke.")
        else:
            key = _apply(request.user, action)
            if key:
                request.session[NEW_KEY] = key
            messages.success(request, DONE[action])
        return redirect("api-token")
    token = Token.objects.filter(user=request.user).first()
    new_key = request.session.pop(NEW_KEY, None)
    shown = new_key if token is not None and new_key == token.key else None
    return render(request, "scenarios/token.html", {"token": token, "new_key": shown})


@transaction.atomic
def _apply(user, action: str) -> str | None:
    """Carry out `action`; return the new key when one was made."""
    # Regenerating deletes the old key first, so it stops working the moment the new one exists.
    if action in ("regenerate", "revoke"):
        Token.objects.filter(user=user).delete()
    if action in ("create", "regenerate"):
        token, created = Token.objects.get_or_create(user=user)
        return token.key if created else None
    return None


urlpatterns = [path("account/token/", api_token, name="api-token")]
