from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from negotiations import scenario_document
from negotiations.models import Scenario


class Command(BaseCommand):
    help = "Write a scenario as its canonical scenario document (JSON)."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("-o", "--output", type=Path, help="File to write (default: standard output).")

    def handle(self, *args, slug: str, output: Path | None, **options):
        scenario = Scenario.objects.filter(slug=slug).first()
        if scenario is None:
            raise CommandError(f"No scenario with slug {slug!r}.")
        text = scenario_document.document_dumps(scenario_document.document_export(scenario))
        if output is None:
            self.stdout.write(text, ending="")
        else:
            output.write_text(text, encoding="utf-8")
