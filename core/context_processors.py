"""Values every page's layout needs."""

from django.conf import settings


def site(request):
    return {
        "SITE_NAME": "SSCB plan tracker",
        "DEBUG": settings.DEBUG,
    }
