"""Benchmark: the time to render the scorecard and an indicator page at normal and ten-times data.

    python bench/scorecard.py [--repeat 7]

Builds, in a throwaway test database (SQLite in memory, or a test_ copy of DATABASE_URL's
PostgreSQL database), two data sets with bench.datasets: 69 indicators with 12 months each (the
board's scorecard after a year), and 690 indicators with 120 months each (ten times both). For each,
it renders the pages through Django's test client (the whole request: middleware, queries,
templates) `--repeat` times and prints the median, with a minimal page rendered by the same server
in the same run for comparison, and the number of SQL queries per page.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sscb.settings")
os.environ.setdefault("DJANGO_DEBUG", "true")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

from bench.datasets import build_dataset  # noqa: E402

SIZES = [(69, 12), (690, 120)]


def timed(client, url, repeat):
    client.get(url)  # warm: templates compiled, session refreshed
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return statistics.median(times), len(queries)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        user = get_user_model().objects.create_superuser("bench", password=None)
        client = Client()
        client.force_login(user)
        print(f"database: {connection.vendor}; repeat: {args.repeat}; times are medians in milliseconds")
        print(f"{'data set':<28}{'page':<18}{'median ms':>10}{'queries':>9}{'x minimal':>11}")
        for indicators, periods in SIZES:
            started = time.perf_counter()
            build_dataset(indicators=indicators, periods=periods)
            built = time.perf_counter() - started
            label = f"{indicators} ind. x {periods} months"
            minimal, minimal_queries = timed(client, reverse("plans:my_projects"), args.repeat)
            pages = [
                ("minimal page", reverse("plans:my_projects")),
                ("scorecard", reverse("indicators:scorecard")),
                ("exception report", reverse("indicators:exceptions")),
                ("indicator page", reverse("indicators:indicator", args=[str(indicators // 2)])),
            ]
            for name, url in pages:
                median, queries = (
                    (minimal, minimal_queries) if name == "minimal page" else timed(client, url, args.repeat)
                )
                print(f"{label:<28}{name:<18}{median * 1000:>10.1f}{queries:>9}{median / minimal:>11.1f}")
            print(f"{label:<28}(data set built in {built:.1f} s)")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
