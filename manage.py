#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys

# What Django answers without the settings: anything else needs them.
WITHOUT_SETTINGS = {"help", "--help", "-h", "version", "--version"}


def main():
    """Run administrative tasks."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sscb.settings")
    try:
        from django.core.management import execute_from_command_line
    except ImportError as exc:
        raise ImportError(
            "Couldn't import Django. Are you sure it's installed and "
            "available on your PYTHONPATH environment variable? Did you "
            "forget to activate a virtual environment?"
        ) from exc
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    # Django keeps a settings error aside and runs the command anyway, and some commands then fail with an error
    # that does not name it ("Models aren't loaded yet"): say what is wrong with the settings instead.
    try:
        settings.INSTALLED_APPS  # noqa: B018 - reading it loads the settings
    except ImproperlyConfigured as error:
        if len(sys.argv) > 1 and sys.argv[1] not in WITHOUT_SETTINGS:
            sys.exit(f"The settings cannot be loaded: {error}")
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
