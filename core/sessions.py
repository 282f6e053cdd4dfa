"""The clocks behind the session lifetime that sscb.middleware.SessionTimeoutMiddleware enforces."""

import time


def stamp_new_session(sender, request, user, **kwargs):
    """On sign-in, start the session's clocks (connected to user_logged_in in core.apps)."""
    now = int(time.time())
    request.session["_started_at"] = now
    request.session["_touched_at"] = now
