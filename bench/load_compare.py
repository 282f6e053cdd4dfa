"""The load test's two runs side by side: the real mix against the minimal page, with the goals.

    python bench/load_compare.py bench/results/mix.json bench/results/minimal.json

Each file is a run's summary as bench/locustfile.py writes it (LOAD_SUMMARY): the sign-in requests
apart from the pages, and the pages requested once every user had signed in apart again (the sign-in
burst, 50 deliberately slow password checks at once, slows every page served meanwhile, in both runs).
The goals are the real mix's pages after sign-in against the minimal page's, same users, same machine,
same run of bench/load.sh: throughput at least a third (MIN_THROUGHPUT_RATIO), p95 at most three
times (MAX_P95_RATIO). Where both summaries hold it (bench/cpu_seconds.py), the processor time each run cost
the server and its database is printed too, with no goal: on a busy machine it moves far less between runs than
a p95. Exits 0 whether or not the goals are met: it reports; failures of the runs themselves (errors) already
stopped bench/load.sh.
"""

import json
import sys
from pathlib import Path

MIN_THROUGHPUT_RATIO = 1 / 3
MAX_P95_RATIO = 3


def ratio(numerator, denominator):
    return numerator / denominator if denominator else float("inf")


def compare(mix, minimal):
    """The printed lines: both runs' sign-in and pages, then the two ratios and their goals."""
    lines = [f"{'':<34}{'real mix':>12}{'minimal page':>14}"]
    parts = (("sign_in", "sign-in"), ("pages", "pages, whole run"), ("after_sign_in", "pages after sign-in"))
    for part, label in parts:
        lines.append(f"{label + ' requests':<34}{mix[part]['requests']:>12}{minimal[part]['requests']:>14}")
        lines.append(f"{label + ' requests/s':<34}{mix[part]['rps']:>12.1f}{minimal[part]['rps']:>14.1f}")
        for p in ("p50", "p95", "p99"):
            lines.append(f"{label + ' ' + p + ' ms':<34}{mix[part][p]:>12.0f}{minimal[part][p]:>14.0f}")
    has_cpu = "cpu" in mix and "cpu" in minimal
    if has_cpu:
        lines += cpu_lines(mix["cpu"], minimal["cpu"])
    mix_pages, minimal_pages = mix["after_sign_in"], minimal["after_sign_in"]
    throughput = ratio(mix_pages["rps"], minimal_pages["rps"])
    p95 = ratio(mix_pages["p95"], minimal_pages["p95"])
    lines.append(
        f"pages after sign-in ({mix_pages['seconds']} s and {minimal_pages['seconds']} s): "
        f"the real mix against the minimal page"
    )
    verdict = "met" if throughput >= MIN_THROUGHPUT_RATIO else "NOT met"
    lines.append(f"  throughput: {throughput:.2f} of the minimal page's (goal >= 1/3: {verdict})")
    verdict = "met" if p95 <= MAX_P95_RATIO else "NOT met"
    lines.append(f"  p95: {p95:.1f}x the minimal page's (goal <= {MAX_P95_RATIO}x: {verdict})")
    if has_cpu:
        cost = ratio(mix["cpu"]["ms_per_request"], minimal["cpu"]["ms_per_request"])
        lines.append(f"  processor time a request costs, sign-in included: {cost:.1f}x the minimal page's (no goal)")
    return lines


def cpu_lines(mix, minimal):
    """The processor time each run cost the server and its database (bench/cpu_seconds.py)."""
    return [
        f"{'server CPU s (gunicorn workers)':<34}{mix['server_s']:>12.1f}{minimal['server_s']:>14.1f}",
        f"{'database CPU s':<34}{mix['database_s']:>12.1f}{minimal['database_s']:>14.1f}",
        f"{'CPU ms per request':<34}{mix['ms_per_request']:>12.1f}{minimal['ms_per_request']:>14.1f}",
    ]


def main(argv):
    if len(argv) != 2:
        raise SystemExit("usage: python bench/load_compare.py MIX.json MINIMAL.json")
    mix, minimal = (json.loads(Path(path).read_text(encoding="utf-8")) for path in argv)
    print("\n".join(compare(mix, minimal)))


if __name__ == "__main__":
    main(sys.argv[1:])
