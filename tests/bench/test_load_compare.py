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


def test_compare_prints_the_processor_time_of_each_run_when_it_was_measured():
    mix, minimal = run(rps=20, p95=90), run(rps=40, p95=30)
    assert not any("CPU" in line for line in compare(mix, minimal)), "not measured: not printed"

    mix["cpu"] = {"server_s": 68.5, "database_s": 6.2, "ms_per_request": 35.1}
    minimal["cpu"] = {"server_s": 43.1, "database_s": 2.3, "ms_per_request": 21.7}
    lines = compare(mix, minimal)

    assert any(
        line.startswith("server CPU s (gunicorn workers)") and line.split()[-2:] == ["68.5", "43.1"] for line in lines
    )
    assert any(line.startswith("CPU ms per request") and line.split()[-2:] == ["35.1", "21.7"] for line in lines)
    assert "  processor time a request costs, sign-in included: 1.6x the minimal page's (no goal)" in lines


def test_the_processor_time_of_a_run_counts_new_processes_from_zero():
    from bench.cpu_seconds import used

    before = {"server": {"10": 5.0, "11": 2.0}, "database": {"20": 1.0}}
    after = {"server": {"10": 7.5, "11": 2.0, "12": 1.0}, "database": {"20": 1.5}}

    assert used(before, after) == {"server": 3.5, "database": 0.5}
