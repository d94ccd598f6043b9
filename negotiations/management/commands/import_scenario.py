from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from negotiations import scenario_document
from negotiations.models import Scenario
from negotiations.services import VersionConflict, scenario_replace_content


class Command(BaseCommand):
    help = "Import a scenario document (JSON) as a new scenario, or replace an existing one's content."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--owner", required=True, help="Username of the new scenario's owner.")
        parser.add_argument("--replace", metavar="SLUG", help="Replace this scenario's content instead.")

    def handle(self, *args, file: Path, owner: str, replace: str | None, **options):
        try:
            document = scenario_document.document_loads(file.read_bytes())
            if replace:
                scenario = Scenario.objects.filter(slug=replace).first()
                if scenario is None:
                    raise CommandError(f"No scenario with slug {replace!r}.")
                scenario_replace_content(scenario=scenario, document=document, expected_version=None)
            else:
                user = get_user_model().objects.filter(username=owner).first()
                if user is None:
                    raise CommandError(f"No user named {owner!r}.")
                scenario = scenario_document.document_import(document=document, owner=user)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from None
        except scenario_document.DocumentError as error:
            raise CommandError("The document was not imported:\n  " + "\n  ".join(error.errors)) from None
        except VersionConflict:
            raise CommandError("The scenario changed while importing; nothing was replaced.") from None
        self.stdout.write(f"Imported {scenario.name!r} as {scenario.slug}.")
