"""Shared test set-up."""

import pytest


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    """MD5 makes the factories' users quick to create; tests never rely on the real hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def superuser(db):
    from tests.factories import UserFactory

    return UserFactory(username="superuser", superuser=True)
