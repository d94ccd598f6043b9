from __future__ import annotations

import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from negotiations import scenario_document
from negotiations.models import Scenario
from negotiations.reference import REFERENCE_SLUG, reference_document


class Command(BaseCommand):
    help = "Load the reference scenario (public) and a 'demo' account that owns it."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="Replace the scenario if it is loaded.")

    @transaction.atomic
    def handle(self, *args, reset: bool, **options):
        owner, password = self._demo_user()
        existing = Scenario.objects.filter(slug=REFERENCE_SLUG).first()
        if existing and not reset:
            self.stdout.write(f"The reference scenario is already loaded ({REFERENCE_SLUG}).")
        else:
            if existing:
                existing.delete()
            scenario = scenario_document.document_import(document=reference_document(), owner=owner)
            Scenario.objects.filter(pk=scenario.pk).update(is_public=True)
            self.stdout.write(f"Loaded {scenario.name!r} ({scenario.slug}).")
        if password:
            self.stdout.write(f"Sign in as 'demo' with password {password!r} (shown once).")

    def _demo_user(self):
        users = get_user_model().objects
        user = users.filter(username="demo").first()
        if user is not None:
            return user, None
        password = os.getenv("DEMO_PASSWORD") or secrets.token_urlsafe(12)
        return users.create_superuser("demo", email="", password=password), password
