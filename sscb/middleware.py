"""Session lifetime (30 minutes idle, 12 hours in all) and what browsers and proxies may keep of a response."""

import re
import time

from django.conf import settings
from django.contrib.auth import logout
from django.urls import get_script_prefix, set_script_prefix
from django.utils.cache import patch_cache_control

PLAN_YEAR = re.compile(r"^/plans/(?P<code>[-\w]+)/")

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


class NoStoreMiddleware:
    """`Cache-Control: no-store, private` on every response, except the public pages to an anonymous visitor.

    A signed-in page, an export or a PDF must not be kept by the browser (for the next person at a
    shared computer, or the back button after signing out) nor by a proxy. Only the pages anyone may
    read without signing in (settings.CACHEABLE_PUBLIC_PATHS: the published scorecard, the
    accessibility statement) stay cacheable, and only when the request is anonymous. Static files
    are served by WhiteNoise before this runs, with their own long-lived caching.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        signed_in = request.user.is_authenticated
        response = self.get_response(request)
        # Signed in before the view or after it (a sign-in), or signed out by it: either way, private.
        signed_in = signed_in or request.user.is_authenticated
        if signed_in or not request.path_info.startswith(tuple(settings.CACHEABLE_PUBLIC_PATHS)):
            patch_cache_control(response, no_store=True, private=True)
        return response


class PlanYearMiddleware:
    """Serve every page for a named plan year at /plans/<code>/<page>, read only when that plan is closed.

    The prefix is taken off the path before the URLs are resolved and set as the script prefix for the
    request, so `reverse()` and `{% url %}` keep every link inside the plan year. A closed plan is kept as it
    was: any request to change something under its address is refused with a page that says so.
    """

    SAFE_METHODS = ("GET", "HEAD", "OPTIONS")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        match = PLAN_YEAR.match(request.path_info)
        if not match:
            return self.get_response(request)
        code = match["code"]
        request.plan_code = code
        request.path_info = request.path_info[match.end() - 1 :]
        from plans.viewing import every_plan

        plan = next((plan for plan in every_plan(request) if plan.code == code), None)
        if plan is None:
            from django.http import HttpResponseNotFound

            return HttpResponseNotFound(f"There is no plan {code}.")
        signing_in_or_out = request.path_info.startswith("/accounts/")
        if plan.is_read_only and request.method not in self.SAFE_METHODS and not signing_in_or_out:
            from django.template.response import TemplateResponse

            response = TemplateResponse(request, "plans/closed_plan_read_only.html", {"plan": plan}, status=403)
            return response.render()
        if not plan.is_draft:  # plans.viewing.viewed_plan: read once (a draft's reader is checked there)
            request._viewed_plan = plan
        previous = get_script_prefix()
        set_script_prefix(f"{previous}plans/{code}/")
        try:
            return self.get_response(request)
        finally:
            set_script_prefix(previous)
