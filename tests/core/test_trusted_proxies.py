"""Behind the configured proxies the client's address comes from X-Forwarded-For; otherwise it never does."""

import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.test import Client, RequestFactory

from core.network import client_ip
from core.permissions import DATA_OFFICER
from tests.core.factories import PASSWORD
from tests.processes import environment

PROXY = "10.0.0.1"
HOME, ELSEWHERE = "203.0.113.5", "198.51.100.7"


def request(remote, forwarded=None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **extra)


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []

    assert client_ip(request(PROXY, HOME)) == PROXY


@pytest.mark.parametrize(
    ("remote", "forwarded", "client"),
    [
        (PROXY, HOME, HOME),
        (PROXY, f"6.6.6.6, {HOME}", HOME),  # a client's own X-Forwarded-For entry is not believed
        (PROXY, f"{HOME}, 10.0.0.2", HOME),  # two proxies, both trusted
        (PROXY, None, PROXY),
        (PROXY, "not-an-address", PROXY),
        (HOME, "6.6.6.6", HOME),  # not through a trusted proxy: the header is the client's own
    ],
)
def test_with_trusted_proxies_the_client_is_the_first_untrusted_hop_from_the_right(settings, remote, forwarded, client):
    settings.TRUSTED_PROXIES = [PROXY, "10.0.0.0/30"]

    assert client_ip(request(remote, forwarded)) == client


def test_axes_reads_the_client_address_through_core_network():
    assert django_settings.AXES_CLIENT_IP_CALLABLE == "core.network.client_ip"


def sign_in(browser, username, password, client_address):
    return browser.post(
        "/accounts/login/",
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=client_address,
    )


@pytest.mark.django_db
def test_behind_the_proxy_a_lockout_holds_one_client_not_everyone(settings, make_role_user):
    """Before: every attempt seemed to come from the proxy, so one person's lockout locked out everyone."""
    settings.TRUSTED_PROXIES = [PROXY]
    make_role_user("dana", DATA_OFFICER)
    for _ in range(5):
        refused = sign_in(Client(), "dana", "not-the-password", HOME)

    elsewhere = sign_in(Client(), "dana", PASSWORD, ELSEWHERE)
    at_home = sign_in(Client(), "dana", PASSWORD, HOME)

    assert refused.status_code == 429
    assert (elsewhere.status_code, elsewhere["Location"]) == (302, "/")
    assert at_home.status_code == 429


def test_a_malformed_trusted_proxies_setting_stops_start_up():
    env = environment(DJANGO_DEBUG="true", DJANGO_TRUSTED_PROXIES="10.0.0.1, proxy.example")

    result = subprocess.run(
        [sys.executable, "-c", "import sscb.settings"],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode != 0
    assert "DJANGO_TRUSTED_PROXIES must list IP addresses or networks" in result.stderr
