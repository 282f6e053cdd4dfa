"""Property-based tests of the parsers and rules: whatever is typed or uploaded, they hold.

The import parser raises nothing but its own documented errors (ImportFileError for a file it cannot
read, a reason string for a cell it cannot use); Period.parse raises nothing but PeriodError and reads
back what it writes; the SPC rules mark exactly what their definitions say. Hypothesis chooses the
inputs: locally new ones each run, in CI (CI=true) the same ones every run (tests/conftest.py).
"""

import io

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from indicators import importer, rules
from indicators.models import Indicator
from indicators.periods import FREQUENCIES, Period, PeriodError
from tests.strategies import CELL, FILE_BYTES, PERIOD_LIKE, workbooks

# --------------------------------------------------------------------------- periods


@given(PERIOD_LIKE)
@example("2007/08")  # financial year 2007-08, whose plain code would read back as August 2007
@example("000\u0b6d/0\U000110f8")  # the same in other scripts' digits
def test_period_parse_raises_only_period_error_and_reads_back_its_own_code(text):
    try:
        period = Period.parse(text)
    except PeriodError:
        return
    assert Period.parse(period.code) == period
    assert period.frequency in FREQUENCIES


@given(st.dates(), st.sampled_from(FREQUENCIES))
def test_period_containing_a_day_reads_back_from_its_code_by_its_frequency(day, frequency):
    try:
        period = Period.containing(day, frequency)
    except PeriodError:
        return  # the period would run past the last day a date can hold
    assert period.start <= day <= period.end
    assert period.frequency == frequency
    # Read by its own frequency, a code is never ambiguous: 2011-12 for an annual indicator is 2011-12.
    assert Period.parse(period.code, frequency) == period
    assert Period.parse(period.code, frequency).previous().shifted(1) == period


@given(st.dates(), st.sampled_from(["monthly", "quarterly", "annual"]))
def test_period_containing_a_day_reads_back_from_its_code(day, frequency):
    try:
        period = Period.containing(day, frequency)
    except PeriodError:
        return  # the period would run past the last day a date can hold
    assert period.start <= day <= period.end
    # Financial years 1999-00 to 2011-12 (and so on each century) are written like months, and read as
    # months: the board's own years (2012-13 to 2098-99) are not.
    assume(frequency != "annual" or (period.start.year + 1) % 100 > 12)
    assert Period.parse(period.code) == period


# --------------------------------------------------------------------------- the SPC rules


def two_of_three_by_definition(values, limits):
    """MDC rule 3 read straight from NHSRplotthedots' ptd_two_in_three(): each window of three all on one
    side of the mean with two or more inside that side's limit and beyond its two-thirds line."""
    upper_line, lower_line = rules.two_thirds_lines(limits.mean, limits.upper_limit, limits.lower_limit)
    marks = {}
    for start in range(len(values) - 2):
        window = values[start : start + 3]
        for side, beyond_mean, close in (
            (rules.HIGH, lambda v: v > limits.mean, lambda v: upper_line < v <= limits.upper_limit),
            (rules.LOW, lambda v: v < limits.mean, lambda v: limits.lower_limit <= v < lower_line),
        ):
            near = [start + offset for offset, value in enumerate(window) if close(value)]
            if all(beyond_mean(value) for value in window) and len(near) >= 2:
                marks.update(dict.fromkeys(near, side))
    return marks


FIGURES = st.lists(st.decimals(min_value=0, max_value=1000, places=1), min_size=2, max_size=40)


@given(FIGURES)
def test_spc_two_of_three_rule_marks_what_its_definition_marks(values):
    limits = rules.process_limits(values)
    assert rules._two_of_three(values, limits) == two_of_three_by_definition(values, limits)


@given(FIGURES, st.lists(st.integers(0, 40), max_size=3), st.sampled_from(sorted(rules.POLARITIES)))
def test_spc_points_carry_every_signal_that_marks_them(values, phase_starts, polarity):
    result = rules.spc(values, polarity, phase_starts=phase_starts)
    assert [point.value for point in result.points] == values
    starts = rules.normalise_phase_starts(phase_starts, len(values))
    for start, stop in zip((0, *starts), (*starts, len(values)), strict=True):
        phase = [rules.to_decimal(value) for value in values[start:stop]]
        if len(phase) < 2:
            assert all(not point.signals for point in result.points[start:stop])
            continue
        limits = rules.process_limits(phase)
        marks = {signal: rules._RULES[signal](phase, limits) for signal in rules.SIGNAL_ORDER}
        for index, point in enumerate(result.points[start:stop]):
            expected = [signal for signal in rules.SIGNAL_ORDER if index in marks[signal]]
            assert point.signals == frozenset(expected)
            assert point.side == (marks[expected[0]][index] if expected else None)
            assert (point.mean, point.upper_limit, point.lower_limit) == (
                limits.mean,
                limits.upper_limit,
                limits.lower_limit,
            )


GAPPY = st.lists(st.one_of(st.none(), st.decimals(min_value=0, max_value=1000, places=1)), max_size=40)


@given(GAPPY, st.lists(st.integers(0, 40), max_size=3), st.sampled_from(sorted(rules.POLARITIES)), st.booleans())
def test_spc_with_gaps_never_marks_a_gap_and_no_run_crosses_one(values, phase_starts, polarity, counts):
    result = rules.spc(values, polarity, phase_starts=phase_starts, counts=counts)
    assert len(result.points) == len(values)
    assert sum(phase.points for phase in result.phases) == sum(value is not None for value in values)
    for index, point in enumerate(result.points):
        assert point.is_gap == (values[index] is None)
        if point.is_gap:
            assert not point.signals
    # A gap breaks runs: the points a run marks come in stretches of 7 or more with no gap inside.
    for signal in (rules.Signal.TREND, rules.Signal.SHIFT):
        stretch = 0
        for point in [*result.points, None]:
            if point is not None and signal in point.signals:
                stretch += 1
                continue
            assert stretch == 0 or stretch >= rules.RUN_LENGTH
            stretch = 0


# --------------------------------------------------------------------------- the import parser


@given(CELL)
def test_parse_value_gives_a_number_or_a_reason_and_never_raises(cell):
    value, problem = importer.parse_value(cell)
    assert (value is None) != (problem is None)
    if value is not None:
        assert value == value.quantize(importer.DECIMAL_PLACES)
        assert abs(value) <= importer.LARGEST_VALUE
    else:
        assert isinstance(problem, str) and problem


@given(CELL, st.sampled_from(Indicator.Unit.values))
def test_parse_value_for_an_indicator_never_raises(cell, unit):
    value, problem = importer.parse_value(cell, Indicator(number="7", unit=unit))
    assert (value is None) != (problem is None)


@given(st.one_of(PERIOD_LIKE, st.dates().map(lambda d: d.strftime("%d/%m/%Y")), st.dates().map("{:%b-%y}".format)))
def test_parse_period_gives_a_period_or_the_error_and_never_raises(text):
    result = importer.parse_period(text)
    assert isinstance(result, Period | PeriodError)
    if isinstance(result, PeriodError):
        assert str(result)


@given(
    st.one_of(FILE_BYTES, workbooks()),
    st.sampled_from(["values.csv", "values.xlsx", "VALUES.CSV", "values.xls", "values", "values.txt"]),
    st.sampled_from(importer.KINDS),
)
def test_read_table_raises_only_import_file_error(content, name, kind):
    try:
        rows = importer.read_table(io.BytesIO(content), name, kind=kind)
    except importer.ImportFileError as error:
        assert str(error)
        return
    assert rows
    for row in rows:
        assert isinstance(row["row_number"], int) and row["row_number"] >= 2
        assert all(isinstance(cell, str | int | float | type(None)) for cell in row.values())


@pytest.mark.slow
@pytest.mark.django_db
@given(
    st.lists(
        st.fixed_dictionaries(
            {},
            optional=dict.fromkeys(
                ("indicator", "period", "category", "value", "note", "area", "source", "row_number"), CELL
            ),
        ),
        max_size=15,
    ),
    st.sampled_from(importer.KINDS),
)
def test_preview_of_any_rows_never_raises(seed_plan, rows, kind):
    indicators = list(Indicator.objects.filter(plan=seed_plan).values_list("number", flat=True)[:5])
    for row in rows[::2]:  # some rows name a real indicator, so that the later checks are reached
        row["indicator"] = indicators[len(row) % len(indicators)]
    result = importer.preview(rows, plan=seed_plan, kind=kind)
    assert result.total == len(rows)
    for outcome in result.rows:
        assert outcome.kind in importer.OUTCOMES
        if outcome.is_error:
            assert outcome.message.startswith(f"Row {outcome.row_number}: ")


def test_a_financial_year_that_reads_like_a_month_is_written_with_its_prefix():
    year = Period.parse("2007/08")

    assert year.code == "FY 2007-08"
    assert Period.parse(year.code) == year
    assert Period.parse("2018-19").code == "2018-19"
    assert Period.parse("2007-08").label == "August 2007"
