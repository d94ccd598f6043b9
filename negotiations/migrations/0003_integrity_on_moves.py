"""Keep cross-row integrity when a row is moved, not only when it is written.

Migration 0002 checks the row being inserted or updated; moving its parent instead (a party to
another scenario, an option to another issue) would leave stances, valuations and package
choices pointing across scenarios or at an option of another issue. A row that others depend on
may therefore not leave its scenario (or, for an option, its issue); one with no dependents may.
Migrations are frozen history, so this one carries its own trigger builders.
"""

from django.db import migrations


def _none(table: str, column: str) -> str:
    return f"NOT EXISTS (SELECT 1 FROM {table} WHERE {column} = NEW.id)"


RULES = [
    (
        "negotiations_party",
        f"NEW.scenario_id = OLD.scenario_id OR ({_none('negotiations_stance', 'party_id')}"
        f" AND {_none('negotiations_valuation', 'party_id')})",
        "a party with stances or valuations cannot move to another scenario",
    ),
    (
        "negotiations_issue",
        f"NEW.scenario_id = OLD.scenario_id OR ({_none('negotiations_option', 'issue_id')}"
        f" AND {_none('negotiations_stance', 'issue_id')}"
        f" AND {_none('negotiations_packagechoice', 'issue_id')})",
        "an issue with options, stances or package choices cannot move to another scenario",
    ),
    (
        "negotiations_option",
        f"(NEW.issue_id = OLD.issue_id OR {_none('negotiations_packagechoice', 'option_id')})"
        f" AND (NEW.scenario_id = OLD.scenario_id OR {_none('negotiations_valuation', 'option_id')})",
        "an option chosen by a package keeps its issue, and one with valuations its scenario",
    ),
    (
        "negotiations_package",
        f"NEW.scenario_id = OLD.scenario_id OR {_none('negotiations_packagechoice', 'package_id')}",
        "a package with choices cannot move to another scenario",
    ),
]


def _postgresql(table: str, condition: str, message: str) -> tuple[list[str], list[str]]:
    function = f"{table}_moves"
    create = f"""
        CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF NOT ({condition}) THEN
                RAISE EXCEPTION '{message}' USING ERRCODE = 'check_violation';
            END IF;
            RETURN NEW;
        END $$;
        CREATE TRIGGER {function} BEFORE UPDATE ON {table}
            FOR EACH ROW EXECUTE FUNCTION {function}();
    """
    return [create], [f"DROP TRIGGER {function} ON {table}; DROP FUNCTION {function}();"]


def _sqlite(table: str, condition: str, message: str) -> tuple[list[str], list[str]]:
    name = f"{table}_moves"
    create = (
        f"CREATE TRIGGER {name} BEFORE UPDATE ON {table} FOR EACH ROW"
        f" WHEN NOT ({condition}) BEGIN SELECT RAISE(ABORT, '{message}'); END;"
    )
    return [create], [f"DROP TRIGGER {name};"]


BUILDERS = {"postgresql": _postgresql, "sqlite": _sqlite}


def _run(apps, schema_editor, *, forwards: bool) -> None:
    build = BUILDERS.get(schema_editor.connection.vendor)
    if build is None:
        raise RuntimeError(f"No integrity triggers for database {schema_editor.connection.vendor!r}")
    for rule in RULES:
        create, drop = build(*rule)
        for statement in create if forwards else drop:
            schema_editor.execute(statement)


def forwards(apps, schema_editor) -> None:
    _run(apps, schema_editor, forwards=True)


def backwards(apps, schema_editor) -> None:
    _run(apps, schema_editor, forwards=False)


class Migration(migrations.Migration):
    dependencies = [("negotiations", "0002_integrity_triggers")]
    operations = [migrations.RunPython(forwards, backwards)]
