"""Sign-in: the one authentication backend behind django-axes, refusing demonstration accounts with DEBUG off.

The demonstration accounts (demo/management/commands/setup_demo_users.py) have their passwords in the
repository. They are made only with DEBUG on, but a database copied from a development machine, or
an account made before DEBUG was switched off, would still hold them: with DEBUG off this backend
refuses every account whose user name starts with DEMO_USERNAME_PREFIX, both at sign-in and for a
session already open (get_user), so the admin is closed to them too.
"""

from django.conf import settings
from django.contrib.auth.backends import ModelBackend

DEMO_USERNAME_PREFIX = "demo-"
"""Every demonstration account's user name starts with this; no real account may."""


def is_demo_username(username):
    return str(username or "").lower().startswith(DEMO_USERNAME_PREFIX)


def is_refused_demo_account(user):
    """Whether `user` is a demonstration account on a site running with DEBUG off."""
    return not settings.DEBUG and is_demo_username(user.get_username())


class SiteBackend(ModelBackend):
    """Django's ModelBackend, except that demonstration accounts cannot sign in with DEBUG off."""

    def user_can_authenticate(self, user):
        return super().user_can_authenticate(user) and not is_refused_demo_account(user)
