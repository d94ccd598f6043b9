"""One error body for every failure, so clients handle errors in one place.

`{"detail": str, "code": str}` always; plus `fields` (field name → messages) for invalid input,
`errors` (each "path: message") for a bad scenario document or a scenario that cannot be analysed,
and `current_version` / `current` when someone else saved first (412).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from negotiations.analysis import ProblemError
from negotiations.api.conditional import etag
from negotiations.scenario_document import DocumentError
from negotiations.services import VersionConflict


class ErrorSerializer(serializers.Serializer):
    """The schema of every error response."""

    detail = serializers.CharField()
    code = serializers.CharField()
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Invalid input (400): each field named with what is wrong with it.",
    )
    errors = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text="A bad document (400) or a scenario that cannot be analysed (409): every error, "
        "each as 'JSON path: message'.",
    )
    current_version = serializers.IntegerField(
        required=False, allow_null=True, help_text="412 only: the version as it is now (null if deleted)."
    )
    current = serializers.DictField(
        required=False, allow_null=True, help_text="412 only: the object as it is now (null if deleted)."
    )


def _body(detail: str, code: str, **extra: Any) -> dict[str, Any]:
    return {"detail": detail, "code": code, **extra}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    request = context.get("request")
    if isinstance(exc, DjangoValidationError):
        fields = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        return _invalid({("non_field_errors" if k == "__all__" else k): v for k, v in fields.items()})
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        return _invalid(detail)
    if isinstance(exc, DocumentError):
        return Response(
            _body(
                "The scenario document has errors; nothing was changed.",
                "invalid_document",
                errors=exc.errors,
            ),
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, ProblemError):
        return Response(
            _body("The scenario cannot be analysed as it stands.", "not_analysable", errors=exc.errors),
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, VersionConflict):
        return _conflict(exc, context)
    if isinstance(exc, Http404):
        return Response(_body(str(exc) or "Not found.", "not_found"), status=status.HTTP_404_NOT_FOUND)
    if isinstance(exc, DjangoPermissionDenied):
        # Anonymous clients are told to authenticate; signed-in readers that lack a role get 403.
        anonymous = request is not None and not request.user.is_authenticated
        exc = exceptions.NotAuthenticated() if anonymous else exceptions.PermissionDenied(str(exc) or None)
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.APIException):
        response.data = _body(str(exc.detail), _code(exc))
    return response


def _code(exc: exceptions.APIException) -> str:
    codes = exc.get_codes()
    return codes if isinstance(codes, str) else exc.default_code


def _invalid(fields: dict[str, Any]) -> Response:
    return Response(
        _body("Invalid input.", "invalid", fields=_flatten(fields)), status=status.HTTP_400_BAD_REQUEST
    )


def _flatten(errors: Any, path: str = "") -> dict[str, list[str]]:
    """Nested errors (a dict field's entries, a list's items) named by dotted path: `choices.territory`."""
    if isinstance(errors, dict):
        items = errors.items()
    elif isinstance(errors, list) and any(isinstance(e, dict | list) for e in errors):
        items = enumerate(errors)
    else:
        messages = errors if isinstance(errors, list) else [errors]
        return {path or "non_field_errors": [str(m) for m in messages]}
    flat: dict[str, list[str]] = {}
    for name, inner in items:
        flat |= _flatten(inner, f"{path}.{name}" if path else str(name))
    return flat


def invalid_choices(exc: ProblemError) -> exceptions.ValidationError:
    """Choices the engine refused (each error 'choices.<issue>: message'), as invalid input."""
    fields: dict[str, list[str]] = {}
    for error in exc.errors:
        path, _, message = error.partition(": ")
        fields.setdefault(path, []).append(message)
    return exceptions.ValidationError(fields)


def _conflict(exc: VersionConflict, context: dict[str, Any]) -> Response:
    from negotiations.api.serializers import serializer_for

    current = exc.current
    body = _body(
        "This was changed by someone else since you loaded it; reload it and apply your change again.",
        "version_conflict",
        current_version=getattr(current, "version", None),
        current=serializer_for(current, context) if current is not None else None,
    )
    response = Response(body, status=status.HTTP_412_PRECONDITION_FAILED)
    if current is not None:
        response["ETag"] = etag(current.version)
    return response
