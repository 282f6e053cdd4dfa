"""The page benchmark (bench/pages.py) still reaches every page it measures, so it cannot silently rot.

No timing is asserted here: times depend on the machine; the benchmark prints them.
"""

from collections import Counter

import pytest
from django.db import connection

from bench.datasets import scale_demo
from bench.pages import (
    BOARD_PACK,
    GOALS,
    MINIMAL,
    PLAIN_PAGES,
    Result,
    make_board_pack,
    measure_pages,
    page_urls,
    paragraphs_for,
    plain_pages,
    project_saver,
    render,
    report,
)
from indicators.models import Indicator, IndicatorValue
from plans.models import Activity, Project


def test_benchmark_lists_every_page_with_a_goal_once(demo):
    names = [name for name, _ in page_urls(demo)]

    assert names == [name for name in GOALS if name not in (BOARD_PACK, PLAIN_PAGES)]
    assert GOALS[MINIMAL] is None
    assert all(GOALS[name] for name in names if name != MINIMAL)


@pytest.mark.slow
def test_every_benchmarked_page_answers_on_the_demo_plan(demo, superuser, client):
    client.force_login(superuser)

    for name, url in page_urls(demo):
        response = client.get(url)

        assert response.status_code == 200, f"{name} ({url}) answered {response.status_code}"


def test_benchmark_counts_a_pages_queries_after_thousands_of_others(seed_plan, superuser, client):
    """Django logs the last 9,000 queries only: the count must not fall to nothing once that log is full."""
    client.force_login(superuser)
    connection.queries_log.extend({"sql": "SELECT 1", "time": "0.000"} for _ in range(connection.queries_limit))
    minimal = Result(MINIMAL, "/accessibility/", [])

    render(client, minimal)

    assert minimal.queries > 0


def test_benchmark_reads_the_largest_indicator_and_project(demo):
    urls = dict(page_urls(demo))
    figures = Counter(IndicatorValue.objects.filter(indicator__plan=demo).values_list("indicator__number", flat=True))
    steps = Counter(Activity.objects.filter(project__plan=demo).values_list("project__number", flat=True))

    indicator = urls["indicator page"].removeprefix("/scorecard/indicators/").strip("/")
    project = urls["project page"].removeprefix("/projects/").strip("/")
    assert figures[indicator] == max(figures.values())
    assert steps[project] == max(steps.values())


def test_ten_times_the_demo_copies_every_indicator_with_its_figures(seed_plan, superuser, client):
    originals = Indicator.objects.filter(plan=seed_plan).count()

    indicators, values, _targets, _comparators = scale_demo(seed_plan, copies=2, years=2)

    assert indicators == Indicator.objects.filter(plan=seed_plan).count() == 2 * originals
    copy = Indicator.objects.get(plan=seed_plan, number="16.2")
    assert copy.values.exists()
    assert values == IndicatorValue.objects.filter(indicator__plan=seed_plan).count()
    client.force_login(superuser)
    assert client.get(f"/scorecard/indicators/{copy.number}/").status_code == 200


@pytest.mark.slow
def test_benchmark_makes_a_board_pack_of_tens_of_pages_from_the_demo(demo, superuser):
    _figures, _html, _pdf, queries, pages = make_board_pack(demo, superuser)

    assert 25 <= pages <= 100  # a pack of the length the goal is set for (50 pages): the demo's makes 38
    assert queries > 0


def test_plain_pages_are_as_many_as_the_pack_they_are_set_beside():
    # The floor printed beside the board pack: a paper of text alone, of the pack's length.
    _seconds, pages = plain_pages(paragraphs_for(4))

    assert 3 <= pages <= 5
    assert GOALS[PLAIN_PAGES] is None  # a yardstick, not a page with a goal


def test_after_save_each_call_records_a_lead_officers_update_and_the_overview_shows_it(seed_plan, superuser, client):
    save = project_saver(seed_plan, superuser)
    project = Project.objects.filter(plan=seed_plan).order_by("sort_key").first()
    client.force_login(superuser)
    client.get("/")  # kept before the saves

    save()
    save()

    project.refresh_from_db()
    assert project.updates.count() == 2
    assert project.status == Project.Status.AT_RISK  # on track, then at risk
    assert "An update saved by the benchmark." in client.get("/").content.decode()


def test_a_pages_first_render_is_printed_apart_and_not_in_its_median(seed_plan, superuser, client, capsys):
    """The first render after the data is built finds nothing kept: it is shown, but the goal is judged on the
    rounds after it, whatever the size of the data."""
    client.force_login(superuser)

    minimal, overview = results = measure_pages(client, [(MINIMAL, "/accessibility/"), ("plan overview", "/")], 2)

    assert len(minimal.times) == 4  # first and last in each of the 2 rounds
    assert len(overview.times) == 2
    assert overview.first is not None
    overview.first = 5.0  # as if it had taken 5 s: it shows, and the median printed is the rounds' alone
    capsys.readouterr()
    report("demo", "two pages", results, 2, 0)
    lines = capsys.readouterr().out.splitlines()
    header = next(line for line in lines if line.startswith("page "))
    row = next(line for line in lines if line.startswith("plan overview"))
    assert header.split()[-2:] == ["first", "ms"]
    assert row.split()[-1] == "5000"
    assert row.split()[2] == f"{overview.median * 1000:.1f}"
