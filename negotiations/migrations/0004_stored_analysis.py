"""Analyses computed without the time bounds of a request, kept for the API and the pages."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("negotiations", "0003_integrity_on_moves"),
    ]

    operations = [
        migrations.CreateModel(
            name="StoredAnalysis",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("fingerprint", models.CharField(max_length=64)),
                ("result", models.TextField()),
                ("computed", models.DateTimeField(auto_now=True)),
                (
                    "scenario",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="stored_analysis",
                        to="negotiations.scenario",
                    ),
                ),
            ],
        ),
    ]
