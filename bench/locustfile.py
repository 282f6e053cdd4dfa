"""The load test's users: lead officers who sign in, read the plan and the scorecard, and update projects.

Run by bench/load.sh (`make load`), which starts the server and creates the users; on its own:

    LOAD_PASSWORD=... locust -f bench/locustfile.py --headless -u 50 -r 10 -t 60s --host http://127.0.0.1:8765 \
        LeadOfficer

Two kinds of user, chosen by name on locust's command line: LeadOfficer, the real mix below, and
MinimalPageReader, the same people signing in the same way and then, at the same pace, reading only a
minimal page (the accessibility statement: static text in the site's layout, no query of its own), so
that the real mix can be read as a multiple of what any page costs on the same machine.

Each user signs in as a browser does (the sign-in page, then a POST with its CSRF token) and then,
pausing between pages as a person would, reads the plan overview, the scorecard, indicator pages
and project pages, and updates a project it leads: it opens the form, reads its fields, changes the
status and writes a note. Two people saving the same project at once is expected: the second is
answered 409 (it must read what changed), counted as a conflict, not a failure; that person then
saves again from the page they were shown. Anything else, a 5xx, a connection error, a status other
than the page's own, fails the run (exit code 1).

The server runs as in production behind a proxy that ends HTTPS: every request says so
(X-Forwarded-Proto: https), sends the Referer a browser would (Django's CSRF check needs it), and
sends back the Secure cookies a browser on HTTPS would.
"""

import json
import os
import random
import re
import threading
import time
from html.parser import HTMLParser

from locust import between, events, task
from locust.contrib.fasthttp import FastHttpUser
from locust.stats import StatsEntry

PASSWORD = os.environ.get("LOAD_PASSWORD", "")
USERS = int(os.environ.get("LOAD_USERS", "50"))
STATUSES = ["on_track", "at_risk", "delayed", "not_started"]
INDICATOR_LINK = re.compile(r'href="/scorecard/indicators/([^/"]+)/"')
PROJECT_LINK = re.compile(r'href="/projects/([^/"]+)/"')
MINIMAL_PAGE = "/accessibility/"
# Signing in, reported apart from the pages: the sign-in page, the form, and the page it leads to.
SIGN_IN = ("sign-in page", "sign in", "my projects")
# LOAD_SUMMARY: a file to write this run's sign-in and page figures to, as JSON (bench/load_compare.py reads it).
SUMMARY = os.environ.get("LOAD_SUMMARY", "")

_lock = threading.Lock()
_next_user = iter(range(1, 10**6))
_seen = {"indicators": set(), "projects": set()}
conflicts = {"count": 0, "saved after reading": 0}
# When the last user finished signing in: the pages requested from then on are counted apart as well
# ("pages after sign-in"), clear of the sign-in burst (every password check is deliberately slow).
signed_in = {"count": 0, "all at": None}
after_sign_in = {}  # "entry": a StatsEntry made when the run starts; "pages": one per page, made as they come


class FormReader(HTMLParser):
    """The fields of every POST form of a page, as a browser would send them back unchanged."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []  # [(action, {name: value})]
        self._form = None
        self._select = None
        self._chosen = False
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._form = (attrs.get("action") or "", {})
            self.forms.append(self._form)
        if self._form is None:
            return
        fields = self._form[1]
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind not in ("submit", "button", "file"):
                fields[name] = attrs.get("value") or ""
        elif tag == "select" and name:
            self._select = name
            self._chosen = False
        elif tag == "option" and self._select:
            # The selected option, else the first one, as a browser sends.
            if "selected" in attrs or (self._select not in fields and not self._chosen):
                fields[self._select] = attrs.get("value", "")
                self._chosen = self._chosen or "selected" in attrs
        elif tag == "textarea" and name:
            self._textarea = name
            fields[name] = ""

    def handle_data(self, data):
        if self._form is not None and self._textarea:
            self._form[1][self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def form_with(html, field):
    """The fields of the page's POST form that has `field`, or None."""
    reader = FormReader()
    reader.feed(html)
    return next((fields for _, fields in reader.forms if field in fields), None)


class SignedInUser(FastHttpUser):
    """A person who signs in as a browser does; what they then read is the subclass's tasks."""

    abstract = True
    wait_time = between(0.5, 2.0)  # reading a page, as a person does

    def on_start(self):
        if not PASSWORD:
            raise RuntimeError("Set LOAD_PASSWORD (bench/load.sh does).")
        with _lock:
            number = (next(_next_user) - 1) % USERS + 1
        self.username = f"load-{number:02d}"
        self.projects = []
        try:
            self.sign_in()
        finally:
            with _lock:
                signed_in["count"] += 1
                if signed_in["count"] == self.environment.runner.target_user_count:
                    signed_in["all at"] = time.time()

    # ------------------------------------------------------------------ requests

    def headers(self, path):
        self.keep_cookies()
        return {"X-Forwarded-Proto": "https", "Referer": f"https://{self.host.split('://', 1)[1]}{path}"}

    def keep_cookies(self):
        """Send back the Secure cookies (CSRF token, session) over this plain connection, as a browser on
        HTTPS would: the proxy that ends HTTPS in production is not here."""
        for cookie in self.client.cookiejar:
            cookie.secure = False

    def page(self, path, name):
        """GET a page that must answer 200; its text, or None."""
        with self.client.get(path, name=name, headers=self.headers(path), catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{path} answered {response.status_code}")
                return None
            return response.text

    def sign_in(self):
        login = "/accounts/login/"
        html = self.page(login, "sign-in page")
        fields = form_with(html or "", "csrfmiddlewaretoken")
        if fields is None:
            return
        fields.update(username=self.username, password=PASSWORD)
        with self.client.post(
            login, data=fields, name="sign in", headers=self.headers(login), allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 302:
                response.failure(f"signing in as {self.username} answered {response.status_code}")
                return
        html = self.page("/my-projects/", "my projects")
        self.projects = sorted(set(PROJECT_LINK.findall(html or "")))


class MinimalPageReader(SignedInUser):
    """Signs in, then reads only the minimal page: the yardstick for the real mix."""

    @task
    def minimal(self):
        self.page(MINIMAL_PAGE, "minimal page")


class LeadOfficer(SignedInUser):
    """The real mix: the plan, the scorecard, indicators and projects, and updates to the projects they lead."""

    @task(3)
    def overview(self):
        html = self.page("/", "plan overview")
        with _lock:
            _seen["projects"].update(PROJECT_LINK.findall(html or ""))

    @task(3)
    def scorecard(self):
        html = self.page("/scorecard/", "scorecard")
        with _lock:
            _seen["indicators"].update(INDICATOR_LINK.findall(html or ""))

    @task(4)
    def indicator(self):
        with _lock:
            numbers = sorted(_seen["indicators"])
        if numbers:
            self.page(f"/scorecard/indicators/{random.choice(numbers)}/", "indicator page")
        else:
            self.scorecard()

    @task(4)
    def project(self):
        with _lock:
            numbers = sorted(_seen["projects"] | set(self.projects))
        if numbers:
            self.page(f"/projects/{random.choice(numbers)}/", "project page")

    @task(2)
    def update_project(self):
        if not self.projects:
            return
        path = f"/projects/{random.choice(self.projects)}/update/"
        html = self.page(path, "project update form")
        fields = form_with(html or "", "revision")
        if fields is None:
            return
        fields["status"] = random.choice(STATUSES)
        fields["note"] = f"Load test: {self.username} reports {fields['status'].replace('_', ' ')}."
        fields["revise_activity"] = fields["revised_due"] = fields["revision_reason"] = ""
        self.save(path, fields, again=True)

    def save(self, path, fields, again):
        with self.client.post(
            path,
            data=fields,
            name="project update (save)",
            headers=self.headers(path),
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code == 302:
                response.success()
                if not again:
                    with _lock:
                        conflicts["saved after reading"] += 1
                return
            if response.status_code == 409:
                response.success()  # someone saved first: expected, counted apart
                with _lock:
                    conflicts["count"] += 1
                retry = form_with(response.text or "", "revision") if again else None
            else:
                response.failure(f"saving {path} answered {response.status_code}")
                return
        if retry is not None:  # read what changed, then save again, as the page asks
            self.save(path, retry, again=False)


@events.init.add_listener
def start_counting(environment, **kwargs):
    after_sign_in["entry"] = StatsEntry(environment.stats, "pages after sign-in", "")
    after_sign_in["pages"] = {}


@events.request.add_listener
def count_after_sign_in(name, response_time, response_length, exception=None, start_time=None, **kwargs):
    everyone = signed_in["all at"]
    if everyone is None or name in SIGN_IN or start_time is None or start_time < everyone:
        return
    with _lock:
        page = after_sign_in["pages"].get(name)
        if page is None:
            page = after_sign_in["pages"][name] = StatsEntry(after_sign_in["entry"].stats, name, "")
    for entry in (after_sign_in["entry"], page):
        entry.log(response_time, response_length or 0)
        if exception:
            entry.log_error(exception)


def figures(entry, seconds=None):
    """An entry's counts, throughput (over the whole run, or `seconds`), and latency percentiles (ms)."""
    rps = entry.total_rps if seconds is None else (entry.num_requests / seconds if seconds else 0.0)
    return {
        "requests": entry.num_requests,
        "failures": entry.num_failures,
        "rps": round(rps, 2),
        **{f"p{p}": entry.get_response_time_percentile(p / 100) for p in (50, 95, 99)},
    }


def combined(stats, name, entries):
    total = StatsEntry(stats, name, "")
    for entry in entries:
        total.extend(entry)
    return total


def row(name, entry, seconds=None):
    numbers = figures(entry, seconds)
    return (
        f"{name:<26}{numbers['requests']:>9}{numbers['failures']:>9}{numbers['rps']:>8.1f}"
        f"{numbers['p50']:>8.0f}{numbers['p95']:>8.0f}{numbers['p99']:>8.0f}"
    )


@events.quitting.add_listener
def report(environment, **kwargs):
    """Requests per second and p50/p95/p99 per page, sign-in apart; a non-zero exit on any failure."""
    stats = environment.stats
    total = stats.total
    entries = sorted(stats.entries.values(), key=lambda e: e.name)
    sign_in = combined(stats, "sign-in", [entry for entry in entries if entry.name in SIGN_IN])
    pages = combined(stats, "pages", [entry for entry in entries if entry.name not in SIGN_IN])
    print()
    print(f"{'page':<26}{'requests':>9}{'failures':>9}{'req/s':>8}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}")
    for entry in entries:
        print(row(entry.name, entry))
    steady = after_sign_in["entry"]
    everyone = signed_in["all at"]
    window = (stats.last_request_timestamp - everyone) if everyone and stats.last_request_timestamp else 0
    print(row("sign-in (3 kinds above)", sign_in))
    print(row("pages (all but sign-in)", pages))
    print(row("pages after sign-in", steady, window))
    for name, entry in sorted(after_sign_in["pages"].items()):
        print(row(f"  {name}", entry, window))
    print(row("all", total))
    print(
        f"everyone had signed in {everyone - stats.start_time:.0f} s into the run"
        if everyone
        else "not everyone signed in: no pages after sign-in"
    )
    if LeadOfficer in environment.user_classes:
        print(
            f"conflicts (409, expected): {conflicts['count']}; "
            f"saved on the second try after reading what changed: {conflicts['saved after reading']}"
        )
    for error in stats.errors.values():
        print(f"FAILURE x{error.occurrences}: {error.method} {error.name}: {error.error}")
    if SUMMARY:
        with open(SUMMARY, "w", encoding="utf-8") as summary:
            json.dump(
                {
                    "sign_in": figures(sign_in),
                    "pages": figures(pages),
                    "after_sign_in": {**figures(steady, window), "seconds": round(window)},
                    "all": figures(total),
                },
                summary,
            )
    if total.num_failures or not total.num_requests:
        environment.process_exit_code = 1
