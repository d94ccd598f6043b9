"""Cross-row integrity that check constraints cannot express.

A row may only point at rows of its own scenario, and a package choice only at an option of the
issue it settles. Triggers enforce this in PostgreSQL and in SQLite, so code that bypasses Django
validation still cannot store an inconsistent scenario.
"""

from django.db import migrations

RULES = [
    (
        "negotiations_option",
        "NEW.scenario_id = (SELECT scenario_id FROM negotiations_issue WHERE id = NEW.issue_id)",
        "an option must belong to the scenario of its issue",
    ),
    (
        "negotiations_stance",
        "(SELECT scenario_id FROM negotiations_party WHERE id = NEW.party_id)"
        " = (SELECT scenario_id FROM negotiations_issue WHERE id = NEW.issue_id)",
        "a stance must join a party and an issue of the same scenario",
    ),
    (
        "negotiations_valuation",
        "(SELECT scenario_id FROM negotiations_party WHERE id = NEW.party_id)"
        " = (SELECT scenario_id FROM negotiations_option WHERE id = NEW.option_id)",
        "a valuation must join a party and an option of the same scenario",
    ),
    (
        "negotiations_packagechoice",
        "NEW.issue_id = (SELECT issue_id FROM negotiations_option WHERE id = NEW.option_id)"
        " AND (SELECT scenario_id FROM negotiations_issue WHERE id = NEW.issue_id)"
        " = (SELECT scenario_id FROM negotiations_package WHERE id = NEW.package_id)",
        "a package choice must pick an option of its own issue, in the scenario of the package",
    ),
]


def _postgresql(table: str, condition: str, message: str) -> tuple[str, str]:
    function = f"{table}_integrity"
    create = f"""
        CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF NOT ({condition}) THEN
                RAISE EXCEPTION '{message}' USING ERRCODE = 'check_violation';
            END IF;
            RETURN NEW;
        END $$;
        CREATE TRIGGER {function} BEFORE INSERT OR UPDATE ON {table}
            FOR EACH ROW EXECUTE FUNCTION {function}();
    """
    drop = f"DROP TRIGGER {function} ON {table}; DROP FUNCTION {function}();"
    return create, drop


def _sqlite(table: str, condition: str, message: str) -> tuple[str, str]:
    create, drop = [], []
    for event in ("INSERT", "UPDATE"):
        name = f"{table}_integrity_{event.lower()}"
        create.append(
            f"CREATE TRIGGER {name} BEFORE {event} ON {table} FOR EACH ROW"
            f" WHEN NOT ({condition}) BEGIN SELECT RAISE(ABORT, '{message}'); END;"
        )
        drop.append(f"DROP TRIGGER {name};")
    return "\n".join(create), "\n".join(drop)


BUILDERS = {"postgresql": _postgresql, "sqlite": _sqlite}


def _run(apps, schema_editor, *, forwards: bool) -> None:
    build = BUILDERS.get(schema_editor.connection.vendor)
    if build is None:
        raise RuntimeError(f"No integrity triggers for database {schema_editor.connection.vendor!r}")
    for rule in RULES:
        create, drop = build(*rule)
        sql = create if forwards else drop
        if schema_editor.connection.vendor == "sqlite":
            for statement in filter(None, (s.strip() for s in sql.split("\n"))):
                schema_editor.execute(statement)
        else:
            schema_editor.execute(sql)


def forwards(apps, schema_editor) -> None:
    _run(apps, schema_editor, forwards=True)


def backwards(apps, schema_editor) -> None:
    _run(apps, schema_editor, forwards=False)


class Migration(migrations.Migration):
    dependencies = [("negotiations", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
