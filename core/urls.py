"""The account pages: Django's sign-in, sign-out, password change and reset, with a rate-limited reset."""

from django.contrib.auth import urls as auth_urls
from django.urls import path

from .views import accounts

urlpatterns = [
    path("password_reset/", accounts.password_reset, name="password_reset"),
    *(pattern for pattern in auth_urls.urlpatterns if pattern.name != "password_reset"),
]
