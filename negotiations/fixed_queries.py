"""Model instances read with a fixed SQL statement, for the lookups every request makes.

The ORM builds a query's SQL anew on every call; for the two lookups each API call runs (a token's
user, a scenario with the caller's role) that costs several times what the database takes to run
them. `Model.objects.raw()` skips the building but still matches each column to a field by name
and looks up every field's converters on each call. Here the statement lists the model's columns
itself (`select_list`), in the model's field order, so a row maps onto the fields by position; each
value still goes through the converters the ORM applies (on SQLite, aware datetimes; JSON on every
database), so the instance is the one the ORM would load. Which converters apply is looked up once
per model and connection.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Model


def select_list(model: type[Model], alias: str) -> str:
    """The model's columns, in its field order, as a SELECT list over the table named `alias`."""
    return ", ".join(f"{alias}.{field.column}" for field in model._meta.concrete_fields)


def fetch_instance[M: Model](
    model: type[M], sql: str, params: list[Any], *, using: str = DEFAULT_DB_ALIAS
) -> tuple[M, tuple[Any, ...]] | None:
    """The first row of `sql`, which starts with `select_list(model, …)`: the instance, and the
    row's values after the model's columns; None when there is no row."""
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    attnames, converters = _loader(model, connection)
    values = list(row[: len(attnames)])
    for position, column, convert in converters:
        if values[position] is not None:
            values[position] = convert(values[position], column, connection)
    instance = model.from_db(using, attnames, values)
    return instance, row[len(attnames) :]


@lru_cache(maxsize=64)
def _loader(model: type[Model], connection: BaseDatabaseWrapper) -> tuple[list[str], list[tuple]]:
    """The model's field names, and the converters of its columns as (position, column, converter),
    looked up once per model and connection (each thread has its own) rather than on every row."""
    fields = model._meta.concrete_fields
    converters = []
    for position, field in enumerate(fields):
        column = field.get_col(model._meta.db_table)
        for convert in connection.ops.get_db_converters(column) + field.get_db_converters(connection):
            converters.append((position, column, convert))
    return [field.attname for field in fields], converters
