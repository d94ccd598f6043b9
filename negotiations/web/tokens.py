"""The API token page: a user sees, creates, regenerates or revokes their own token."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import path
from rest_framework.authtoken.models import Token

ACTIONS = {"create", "regenerate", "revoke"}


@login_required
def api_token(request):
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in ACTIONS:
            messages.error(request, f"Unknown action {action!r}; use create, regenerate or revoke.")
        else:
            _apply(request.user, action)
            messages.success(
                request,
                {
                    "create": "Token created.",
                    "regenerate": "Token regenerated; the old one no longer works.",
                    "revoke": "Token revoked.",
                }[action],
            )
        return redirect("api-token")
    token = Token.objects.filter(user=request.user).first()
    return render(request, "scenarios/token.html", {"token": token})


@transaction.atomic
def _apply(user, action: str) -> None:
    # Regenerating deletes the old key first, so it stops working the moment the new one exists.
    if action in ("regenerate", "revoke"):
        Token.objects.filter(user=user).delete()
    if action in ("create", "regenerate"):
        Token.objects.get_or_create(user=user)


urlpatterns = [path("account/token/", api_token, name="api-token")]
