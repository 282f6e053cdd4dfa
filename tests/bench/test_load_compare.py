"""The load test's comparison (bench/load_compare.py): the real mix against the minimal page, with the goals."""

from bench.load_compare import compare


def run(rps, p95, sign_in_p95=900):
    pages = {"requests": int(rps * 50), "failures": 0, "rps": rps, "p50": p95 / 3, "p95": p95, "p99": p95 * 2}
    return {
        "sign_in": {"requests": 150, "failures": 0, "rps": 2.5, "p50": 500, "p95": sign_in_p95, "p99": 1000},
        "pages": pages,
        "after_sign_in": {**pages, "seconds": 50},
        "all": pages,
    }


def test_compare_meets_the_goals_within_a_third_of_the_throughput_and_three_times_the_p95():
    lines = compare(run(rps=20, p95=90), run(rps=40, p95=30))

    assert "  throughput: 0.50 of the minimal page's (goal >= 1/3: met)" in lines
    assert "  p95: 3.0x the minimal page's (goal <= 3x: met)" in lines


def test_compare_says_which_goal_is_not_met():
    lines = compare(run(rps=10, p95=400), run(rps=40, p95=30))

    assert "  throughput: 0.25 of the minimal page's (goal >= 1/3: NOT met)" in lines
    assert "  p95: 13.3x the minimal page's (goal <= 3x: NOT met)" in lines


def test_compare_reports_sign_in_apart_from_the_pages():
    lines = compare(run(rps=20, p95=90, sign_in_p95=4000), run(rps=40, p95=30, sign_in_p95=3000))

    assert any(line.startswith("sign-in p95 ms") and line.split()[-2:] == ["4000", "3000"] for line in lines)
    assert any(line.startswith("pages after sign-in p95 ms") and line.split()[-2:] == ["90", "30"] for line in lines)
