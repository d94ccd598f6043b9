"""How every editor saves: validate, write through a service, and explain a refusal.

A save ends in one of three ways: saved; refused because a value is invalid (each error names
the field and the value typed); or refused because someone saved first (a conflict listing, field
by field, the value typed and the value now saved; nothing is overwritten).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers

from negotiations.services import VersionConflict
from negotiations.web.forms import VersionedForm


@dataclass(frozen=True)
class FieldError:
    label: str
    value: str
    message: str

    def __str__(self) -> str:
        if not self.value:
            return f"{self.label}: {self.message}"
        return f"{self.label} “{self.value}”: {self.message}"


@dataclass(frozen=True)
class ConflictRow:
    label: str
    yours: str
    saved: str


@dataclass
class Outcome:
    """What became of one save; `saved` is the row as stored when it succeeded."""

    saved: models.Model | None = None
    errors: list[FieldError] = field(default_factory=list)
    conflict: list[ConflictRow] | None = None
    deleted: bool = False  # the row was deleted by someone else while it was being edited

    @property
    def status(self) -> int:
        if self.conflict is not None or self.deleted:
            return 409
        return 400 if self.errors else 200


def field_errors(form: VersionedForm) -> list[FieldError]:
    errors = []
    for name, texts in form.errors.items():
        bound = form[name] if name in form.fields else None
        label = str(bound.label) if bound is not None else "Form"
        value = str(form.data.get(form.add_prefix(name), "")) if bound is not None else ""
        errors += [FieldError(label, value, text) for text in texts]
    return errors


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return "; ".join(value) or "(none)"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "(empty)" if value in ("", None) else str(value)


def conflict_rows(form: VersionedForm, current: models.Model) -> list[ConflictRow]:
    """The fields where the typed value and the saved one differ (every field if none differ)."""
    rows = [
        ConflictRow(str(form[name].label), _shown(mine), _shown(getattr(current, name)))
        for name, mine in form.changes().items()
    ]
    return [row for row in rows if row.yours != row.saved] or rows


def save(form: VersionedForm, write: Callable[[VersionedForm], models.Model]) -> Outcome:
    """Validate `form` and run `write`; turn its refusals into an Outcome, never an exception."""
    if not form.is_valid():
        return Outcome(errors=field_errors(form))
    try:
        return Outcome(saved=write(form))
    except VersionConflict as conflict:
        if conflict.current is None:
            return Outcome(deleted=True)
        return Outcome(conflict=conflict_rows(form, conflict.current))
    except ValidationError as error:
        _attach(form, error)
        return Outcome(errors=field_errors(form))


def _attach(form: VersionedForm, error: ValidationError) -> None:
    """Put a service's refusal on the form, under the field it names when the form has it."""
    by_field = error.message_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: error.messages}
    for name, texts in by_field.items():
        form.add_error(name if name in form.fields else None, texts)


def respond(
    request: HttpRequest, *, template: str, partial: str, context: dict, outcome: Outcome, back: str
) -> HttpResponse:
    """htmx gets the partial (the saved or refused cell); a plain form post is redirected back on
    success, or shown the whole page with the refusal in place."""
    if request.htmx:
        response = render(request, f"{template}#{partial}", context, status=outcome.status)
    elif outcome.status == 200:
        return redirect(back)
    else:
        response = render(request, template, context, status=outcome.status)
    patch_vary_headers(response, ["HX-Request"])
    return response


def gone(
    request: HttpRequest, *, what: str, shape: str, anchor: str, back: str, span: int = 1
) -> HttpResponse:
    """The row being edited was deleted meanwhile: say so where it stood (409); nothing is saved.

    `shape` is what the htmx form swaps out: an editor card ("entry"), a grid "row" spanning
    `span` columns, or one grid "cell". A plain form post is redirected to `back` with the message.
    """
    message = f"{what} was deleted by someone else while you were editing it. Nothing was saved."
    if not request.htmx:
        messages.error(request, message)
        return redirect(back)
    context = {"message": message, "shape": shape, "anchor": anchor, "back": back, "span": span}
    response = render(request, "editors/gone.html", context, status=409)
    patch_vary_headers(response, ["HX-Request"])
    return response
