"""Session lifetime: 30 minutes idle and 12 hours in all (both from settings)."""

import time

from django.conf import settings
from django.contrib.auth import logout

TOUCH_EVERY_SECONDS = 60


class SessionTimeoutMiddleware:
    """End a signed-in session that is too old, and keep an active one alive.

    Idle expiry is the session cookie's age (SESSION_COOKIE_AGE), renewed whenever the session is
    saved. Saving on every request would write to the database on every page view, so the session
    is marked for saving at most once a minute: an active user stays signed in, an idle one is
    signed out about SESSION_COOKIE_AGE after their last request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            started = request.session.setdefault("_started_at", now)
            if now - started > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
            elif now - request.session.get("_touched_at", 0) >= TOUCH_EVERY_SECONDS:
                request.session["_touched_at"] = now
        return self.get_response(request)
