"""Password reset, limited per email address and per client address.

Django's reset view sends an email for every request, so anyone could flood a person's inbox
(or the mail server's reputation) from a script. Here each address is sent at most
PASSWORD_RESET_PER_ADDRESS emails, and each client address may ask at most PASSWORD_RESET_PER_IP
times, in any PASSWORD_RESET_WINDOW_SECONDS. A request over either limit gets the same "check your
email" page as any other, so the page never tells whether an address has an account or was limited.
The counts are kept in the database cache (settings.CACHES["throttle"]), shared by every process.
"""

import hashlib
import time

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.cache import caches
from django.http import HttpResponseRedirect
from django.views.decorators.http import require_http_methods

from ..network import client_ip


def _recent(cache, key, now):
    return [stamp for stamp in cache.get(key, []) if stamp > now - settings.PASSWORD_RESET_WINDOW_SECONDS]


def allow_password_reset(email, address):
    """Whether a reset email may be sent to `email` for a request from `address`; counts the request."""
    cache = caches["throttle"]
    window = settings.PASSWORD_RESET_WINDOW_SECONDS
    now = time.time()
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    email_key, address_key = f"password-reset:email:{digest}", f"password-reset:ip:{address}"
    by_email, by_address = _recent(cache, email_key, now), _recent(cache, address_key, now)
    # Every request counts against the client's address; only emails sent count against the email address,
    # so someone else's requests over the limit do not keep a person's own resets away for longer.
    cache.set(address_key, [*by_address, now], window)
    allowed = len(by_address) < settings.PASSWORD_RESET_PER_IP and len(by_email) < settings.PASSWORD_RESET_PER_ADDRESS
    if allowed:
        cache.set(email_key, [*by_email, now], window)
    return allowed


class PasswordResetView(auth_views.PasswordResetView):
    def form_valid(self, form):
        if allow_password_reset(form.cleaned_data["email"], client_ip(self.request)):
            return super().form_valid(form)
        return HttpResponseRedirect(self.get_success_url())


password_reset = login_not_required(require_http_methods(["GET", "HEAD", "POST"])(PasswordResetView.as_view()))
