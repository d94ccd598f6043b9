#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys

if sys.version_info < (3, 12):  # noqa: UP036 - explain instead of failing on syntax
    sys.exit(f"Python 3.12 or newer is needed (Django 6); this is {sys.version.split()[0]}.")


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "negotiations.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
