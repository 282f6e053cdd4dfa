"""Create the local administrator account, once.

`make run` calls this on every start, so it must be safe to run again: an existing
account is left exactly as it is.
"""

import os
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Create a superuser for local use. The password comes from DJANGO_SUPERUSER_PASSWORD, "
        "or is generated and printed once. Does nothing if the account already exists."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default=os.environ.get("DJANGO_SUPERUSER_USERNAME", "admin"))
        parser.add_argument("--email", default=os.environ.get("DJANGO_SUPERUSER_EMAIL", "admin@example.org"))

    def handle(self, *args, username, email, **options):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            self.stdout.write(
                f"Administrator '{username}' already exists; its password is unchanged. "
                f"To set a new one: python manage.py changepassword {username}"
            )
            return

        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD")
        generated = not password
        if generated:
            password = secrets.token_urlsafe(12)
        else:
            try:
                validate_password(password)
            except ValidationError as error:
                raise CommandError("DJANGO_SUPERUSER_PASSWORD is too weak: " + " ".join(error.messages)) from None

        User.objects.create_superuser(username=username, email=email, password=password)
        self.stdout.write(self.style.SUCCESS(f"Created administrator '{username}'."))
        if generated:
            self.stdout.write(
                f"  Sign in at http://127.0.0.1:8000/admin/ as {username} with password: {password}\n"
                "  This password is shown only once. Set DJANGO_SUPERUSER_PASSWORD to choose your own."
            )
        else:
            self.stdout.write("  Its password is the one in DJANGO_SUPERUSER_PASSWORD.")
