"""Benchmark: each main page's render time as a multiple of a minimal page's, at the demo size and ten times it.

    python bench/pages.py [--size demo|10x|both] [--repeat N] [--repeat-10x N] [--pack-10x] [--after-save]
    make bench                                       # both sizes

Machines differ several-fold, so what counts is the ratio to a minimal page rendered by the same
process in the same run: the accessibility statement (core.views.site.accessibility), an existing
page that is static text in the site's layout and makes no query of its own. Signed in, it pays only
what every page pays: the middleware, the session, the user, the layout and its demonstration-data
banner.

In a throwaway test database (SQLite in memory, or a test_ copy of DATABASE_URL's PostgreSQL
database) it loads, for "demo", the seed plan and five years of demonstration values as `make seed`
does (load_seed_plan, generate_demo_values), and for "10x", the seed plan with ten times the
indicators and ten times the periods (bench.datasets.scale_demo: 690 indicators, 50 years). It then
renders, signed in as a superuser with DEBUG off, each page of page_urls() through Django's test
client (the whole request: middleware, queries, templates), first once each, then round by round so
that a busy machine slows every page alike. It prints each page's median over the rounds in
milliseconds, its multiple of the minimal page's median, its SQL queries, its goal (GOALS), and apart,
its first render after the data was built, when nothing is kept yet (measure_pages). The board pack
is timed apart, as the background worker makes it (papers.pack: the figures, the HTML, the PDF from
papers.pdf; not the final insert): at the demo size, and at ten times only with --pack-10x (about 500
pages: minutes).
Beside it, the plain pages: a paper of as many pages holding nothing but paragraphs of text, rendered the
same way (plain_pages), the least WeasyPrint needs for a paper of that length on the same machine.

With --after-save, every page is read right after a lead officer's update of a project
(plans.actions.update_project, not timed), as under the load test's writes: what a page keeps under the
plan's data version is then computed again, and what it keeps under the plan's structure is not.
"""

import argparse
import datetime
import io
import itertools
import os
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import django
from django.apps import apps

if not apps.ready:  # run as a script (the tests import it with Django set up)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sscb.settings")
    # Settings are read with DEBUG on, so that the demonstration data can be written and static files are
    # found without collectstatic; every request is then served with DEBUG off (main()).
    os.environ.setdefault("DJANGO_DEBUG", "true")
    django.setup()

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext, setup_test_environment
from django.urls import reverse

from bench.datasets import scale_demo
from core.dates import today
from indicators.models import Indicator, IndicatorValue
from papers.pack import build_board_pack, changes_since, render_board_pack
from plans.actions import update_project
from plans.models import Plan, Project

MINIMAL = "minimal page"
BOARD_PACK = "board pack"
PLAIN_PAGES = "plain pages"  # WeasyPrint's floor for a paper of the pack's length (plain_pages)
# Each page and its goal: the most its median may be, as a multiple of the minimal page's.
GOALS = {
    MINIMAL: None,
    "plan overview": 4,
    "business plan": 4,
    "scorecard": 5,
    "exception report": 10,
    "indicator page": 4,
    "project page": 4,
    "scorecard XLSX": 20,
    BOARD_PACK: 500,
    PLAIN_PAGES: None,
}
# Rounds after each page's first render. At ten times the data a first render takes seconds to a minute (the XLSX
# export), the later ones milliseconds: three rounds cost little more than one.
REPEAT = {"demo": 5, "10x": 3}
PACK_REPEAT = 3  # at the demo size; at 10x (about 500 pages) only with --pack-10x, once


def page_urls(plan):
    """[(name, url)] of the pages rendered through the client, in GOALS' order (the board pack is apart).

    The indicator page is the plan's indicator with the most figures, the project page the project
    with the most activities: the largest of their kind.
    """
    indicator = (
        Indicator.objects.filter(plan=plan).annotate(figures=Count("values")).order_by("-figures", "sort_key").first()
    )
    project = (
        Project.objects.filter(plan=plan).annotate(steps=Count("activities")).order_by("-steps", "sort_key").first()
    )
    return [
        (MINIMAL, reverse("accessibility")),
        ("plan overview", reverse("home")),
        ("business plan", reverse("plans:business_plan")),
        ("scorecard", reverse("indicators:scorecard")),
        ("exception report", reverse("indicators:exceptions")),
        ("indicator page", reverse("indicators:indicator", args=[indicator.number])),
        ("project page", reverse("plans:project", args=[project.number])),
        ("scorecard XLSX", reverse("indicators:scorecard_xlsx")),
    ]


def load_demo():
    """The seed plan and five years of demonstration values, as `make seed` loads them."""
    call_command("load_seed_plan", verbosity=0)
    call_command("generate_demo_values", stdout=io.StringIO())
    return Plan.objects.current()


def load_10x():
    """The seed plan with ten times the indicators (690) and ten times the periods (50 years)."""
    call_command("load_seed_plan", verbosity=0)
    plan = Plan.objects.current()
    scale_demo(plan, copies=10, years=50)
    return plan


SIZES = {"demo": load_demo, "10x": load_10x}


@dataclass
class Result:
    name: str
    url: str
    times: list
    queries: int = 0
    note: str = ""
    first: float | None = None  # seconds: the page's first render after the data was built (measure_pages)

    @property
    def median(self):
        return statistics.median(self.times)


def progress(text):
    print(f"  ... {text}", file=sys.stderr, flush=True)


def get(client, url):
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}: the benchmark's page list needs mending.")
    return response


def render(client, result):
    """Seconds to render the page; its queries counted (the last render's count is kept)."""
    # Django keeps the last 9,000 queries logged; once that log is full a new capture counts none. It fills
    # while the data is built (DEBUG on) and over the rounds.
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        get(client, result.url)
        elapsed = time.perf_counter() - started
    result.queries = len(queries)
    return elapsed


def measure_pages(client, urls, repeat, before=None):
    """Each page's first render, then `repeat` rounds of every page.

    The first render after the data is built finds nothing kept yet (no fragment, no computed series; in the
    process's first size, no compiled template either): it is timed apart, as the page's `first`, and never
    counted in its median. Each round renders the minimal page first and last, so that it is timed beside the
    others even on a busy machine. `before`, if given, is called (untimed) before each render of every page,
    the minimal page's too.
    """
    results = [Result(name, url, []) for name, url in urls]
    minimal = results[0]

    def timed(result):
        if before is not None:
            before()
        return render(client, result)

    for result in results:
        result.first = timed(result)
        progress(f"{result.name}: first render {result.first:.1f} s")
    for round_ in range(repeat):
        progress(f"round {round_ + 1} of {repeat}")
        minimal.times.append(timed(minimal))
        for result in results[1:]:
            result.times.append(timed(result))
        minimal.times.append(timed(minimal))
    return results


def project_saver(plan, user):
    """A function that saves a lead officer's update of the plan's first project, its status changed each time."""
    project_id = Project.objects.filter(plan=plan).order_by("sort_key").values_list("pk", flat=True).first()
    statuses = itertools.cycle([Project.Status.ON_TRACK, Project.Status.AT_RISK])

    def save():
        revision = Project.objects.filter(pk=project_id).values_list("revision", flat=True).get()
        update_project(
            project_id=project_id,
            author=user,
            expected_revision=revision,
            status=next(statuses),
            note="An update saved by the benchmark.",
        )

    return save


def make_board_pack(plan, user):
    """The pack as papers.pack.generate_board_pack makes it, but not stored.

    Returns (figures s, HTML s, PDF s, queries, PDF pages).
    """
    from papers.pdf import render_pdf

    started = time.perf_counter()
    connection.queries_log.clear()  # as in render()
    with CaptureQueriesContext(connection) as queries:
        now = datetime.datetime.now(tz=datetime.UTC)
        meeting = today()
        since, first_pack = changes_since(plan, meeting, now)
        content = build_board_pack(
            plan,
            meeting_date=meeting,
            as_at=None,
            generated_at=now,
            generated_by=user,
            since=since,
            first_pack=first_pack,
        )
    built = time.perf_counter()
    html = render_board_pack(content)
    rendered = time.perf_counter()
    pdf = render_pdf(html, title=f"Board pack, {meeting:%-d %B %Y}", origin="https://sscb.example")
    finished = time.perf_counter()
    pages = page_count(pdf)
    return built - started, rendered - built, finished - rendered, len(queries), pages


def measure_board_pack(plan, user, repeat):
    """The board pack's result, then the plain pages' (its floor: plain_pages) of the pack's length."""
    from papers.pdf import render_pdf

    render_pdf("<p>Warming up.</p>", title="Warming up")  # WeasyPrint's fonts, once per process
    runs = []
    for run in range(repeat):
        progress(f"board pack {run + 1} of {repeat}")
        runs.append(make_board_pack(plan, user))
    figures, html, pdf = (statistics.median(run[part] for run in runs) for part in range(3))
    pages = runs[0][4]
    pack = Result(BOARD_PACK, "", [sum(run[:3]) for run in runs], runs[0][3])
    pack.note = f"{pages} PDF pages, {1000 * pack.median / pages:.0f} ms a page; "
    pack.note += f"figures {figures:.1f} s, HTML {html:.1f} s, PDF {pdf:.1f} s"

    paragraphs = paragraphs_for(pages)
    floor = []
    for run in range(repeat):
        progress(f"plain pages {run + 1} of {repeat}")
        seconds, made = plain_pages(paragraphs)
        floor.append(seconds)
    note = f"{made} PDF pages of paragraphs alone, {1000 * statistics.median(floor) / made:.0f} ms a page"
    return [pack, Result(PLAIN_PAGES, "", floor, 0, note)]


PARAGRAPH = (
    "<p>The board reviewed the project's progress with its lead officers and agreed the next steps, "
    "the dates by which each is due and who reports on them to the programme board's next meeting.</p>"
)


def plain_pages(paragraphs):
    """Seconds to render a paper of `paragraphs` paragraphs of text alone, and its number of PDF pages.

    What WeasyPrint needs for pages with nothing in them but text, in the papers' own style sheets and tagged as
    the pack is (papers.pdf.render_pdf): the least any pack of that length can take on this machine, with no
    table, chart or list in it.
    """
    from papers.pdf import render_pdf

    started = time.perf_counter()
    pdf = render_pdf(PARAGRAPH * paragraphs, title="Plain pages")
    elapsed = time.perf_counter() - started
    return elapsed, page_count(pdf)


def page_count(pdf):
    """The number of pages of a PDF (its bytes)."""
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def paragraphs_for(pages):
    """How many paragraphs fill `pages` pages, from a trial of 100."""
    _seconds, trial = plain_pages(100)
    return max(1, round(100 * pages / trial))


def report(size, counts, results, repeat, pack_repeat, after_save=False):
    minimal = next(result for result in results if result.name == MINIMAL).median
    print()
    pack = f"board pack: {pack_repeat}" if pack_repeat else "board pack: not made, see --pack-10x"
    rounds = f"{repeat} round{'s' if repeat != 1 else ''}"
    saves = "; every page read right after a project update" if after_save else ""
    print(f"== {size}: {counts}; medians of {rounds}, the minimal page twice a round ({pack}){saves}")
    print(f"{'page':<18}{'median ms':>11}{'x minimal':>11}{'goal':>8}{'':>7}{'queries':>9}{'first ms':>11}")
    met = []
    for result in results:
        ratio = result.median / minimal
        goal = GOALS[result.name]
        verdict = "" if goal is None else ("met" if ratio <= goal else "NOT met")
        if goal is not None:
            met.append(ratio <= goal)
        goal_text = "" if goal is None else f"<= {goal}x"
        first = "" if result.first is None else f"{result.first * 1000:.0f}"
        line = (
            f"{result.name:<18}{result.median * 1000:>11.1f}{ratio:>11.1f}{goal_text:>8}{verdict:>8}"
            f"{result.queries:>8}{first:>11}  {result.note}"
        )
        print(line.rstrip())
    print(f"goals met: {sum(met)} of {len(met)}")


def describe(plan):
    indicators = Indicator.objects.filter(plan=plan).count()
    values = IndicatorValue.objects.filter(indicator__plan=plan).count()
    return f"{indicators} indicators, {values:,} values, {plan.projects.count()} projects"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=["demo", "10x", "both"], default="both")
    parser.add_argument("--repeat", type=int, default=REPEAT["demo"], help="rounds at the demo size (default 5)")
    parser.add_argument("--repeat-10x", type=int, default=REPEAT["10x"], help="rounds at ten times (default 3)")
    parser.add_argument(
        "--pack-10x", action="store_true", help="also make the board pack at ten times (about 500 pages: minutes)"
    )
    parser.add_argument(
        "--after-save", action="store_true", help="read every page right after a lead officer's update of a project"
    )
    args = parser.parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)
    sizes = ["demo", "10x"] if args.size == "both" else [args.size]

    setup_test_environment()
    database_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        print(
            f"database: {connection.vendor}; Python {sys.version.split()[0]}, Django {django.get_version()}; "
            f"{os.cpu_count()} cores; load average {', '.join(f'{load:.1f}' for load in os.getloadavg())}; "
            f"{datetime.datetime.now(tz=datetime.UTC):%Y-%m-%d %H:%M} UTC"
        )
        for size in sizes:
            if size != sizes[0]:  # a fresh database for each size
                connection.creation.destroy_test_db(database_name, verbosity=0)
                connection.creation.create_test_db(verbosity=0, autoclobber=True)
            settings.DEBUG = True  # demonstration data is refused with DEBUG off
            progress(f"building the {size} data")
            started = time.perf_counter()
            plan = SIZES[size]()
            counts = f"{describe(plan)}, built in {time.perf_counter() - started:.0f} s"
            settings.DEBUG = False  # before the first request: the template engine is made with it
            user = get_user_model().objects.create_superuser("bench", password=None)
            client = Client()
            client.force_login(user)
            repeat = args.repeat if size == "demo" else args.repeat_10x
            before = project_saver(plan, user) if args.after_save else None
            results = measure_pages(client, page_urls(plan), repeat, before)
            pack_repeat = PACK_REPEAT if size == "demo" else int(args.pack_10x)
            if pack_repeat:
                results.extend(measure_board_pack(plan, user, pack_repeat))
            report(size, counts, results, repeat, pack_repeat, args.after_save)
    finally:
        connection.creation.destroy_test_db(database_name, verbosity=0)


if __name__ == "__main__":
    main()
