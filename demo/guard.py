"""The one rule every demonstration write obeys: nothing is made while DEBUG is off."""

from django.conf import settings


class DemoRefused(Exception):
    """Demonstration data or sign-ins were asked for on a site running with DEBUG off."""


def refuse_without_debug(what):
    """Raise DemoRefused, saying so about `what` ("Demo users"), unless DEBUG is on."""
    if not settings.DEBUG:
        raise DemoRefused(
            f"{what} are for local demonstrations only: DJANGO_DEBUG is off, so nothing was written. "
            "Run this only on a development copy with DJANGO_DEBUG=true."
        )
