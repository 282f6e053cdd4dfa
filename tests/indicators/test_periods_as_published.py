"""Periods as figures are published: academic years, calendar years and school terms, and a typed period
read by the indicator's frequency."""

import datetime
import itertools

import pytest

from indicators.periods import Period, PeriodError, periods_between, target_frequency

D = datetime.date


@pytest.mark.parametrize(
    ("text", "start", "end", "frequency", "code"),
    [
        ("AY 2018-19", D(2018, 9, 1), D(2019, 8, 31), "academic_year", "AY 2018-19"),
        ("AY 2018/19", D(2018, 9, 1), D(2019, 8, 31), "academic_year", "AY 2018-19"),
        ("academic year 1999-00", D(1999, 9, 1), D(2000, 8, 31), "academic_year", "AY 1999-00"),
        ("2018", D(2018, 1, 1), D(2018, 12, 31), "calendar_year", "2018"),
        ("CY 2018", D(2018, 1, 1), D(2018, 12, 31), "calendar_year", "2018"),
        ("Autumn 2018", D(2018, 9, 1), D(2018, 12, 31), "termly", "Autumn 2018"),
        ("spring term 2019", D(2019, 1, 1), D(2019, 4, 30), "termly", "Spring 2019"),
        ("SUMMER 2019", D(2019, 5, 1), D(2019, 8, 31), "termly", "Summer 2019"),
        ("Autumn 2018/19", D(2018, 9, 1), D(2018, 12, 31), "termly", "Autumn 2018"),
        ("Spring 2018/19", D(2019, 1, 1), D(2019, 4, 30), "termly", "Spring 2019"),
        ("FY 2018-19", D(2018, 4, 1), D(2019, 3, 31), "annual", "2018-19"),
    ],
)
def test_the_new_kinds_are_read_from_their_written_forms(text, start, end, frequency, code):
    period = Period.parse(text)
    assert (period.start, period.end, period.frequency, period.code) == (start, end, frequency, code)
    assert Period.parse(text, frequency) == period


@pytest.mark.parametrize(
    ("code", "label", "short_label"),
    [
        ("AY 2018-19", "Academic year 2018-19", "AY 18-19"),
        ("2018", "Calendar year 2018", "2018"),
        ("Autumn 2018", "Autumn term 2018 (Sep–Dec 2018)", "Aut 18"),
        ("Spring 2019", "Spring term 2019 (Jan–Apr 2019)", "Spr 19"),
        ("Summer 2019", "Summer term 2019 (May–Aug 2019)", "Sum 19"),
    ],
)
def test_the_new_kinds_are_labelled_in_words_and_for_chart_axes(code, label, short_label):
    period = Period.parse(code)
    assert (period.label, period.short_label, str(period)) == (label, short_label, label)


def test_a_spring_term_is_never_taken_for_the_fourth_quarter():
    spring, q4 = Period.parse("Spring 2019"), Period.parse("2018-19 Q4")
    assert spring.start == q4.start and spring != q4
    assert (spring.frequency, q4.frequency) == ("termly", "quarterly")


@pytest.mark.parametrize(
    ("day", "frequency", "code"),
    [
        (D(2018, 8, 31), "academic_year", "AY 2017-18"),
        (D(2018, 9, 1), "academic_year", "AY 2018-19"),
        (D(2019, 3, 31), "academic_year", "AY 2018-19"),
        (D(2018, 12, 31), "calendar_year", "2018"),
        (D(2018, 9, 1), "termly", "Autumn 2018"),
        (D(2018, 12, 31), "termly", "Autumn 2018"),
        (D(2019, 1, 1), "termly", "Spring 2019"),
        (D(2019, 4, 30), "termly", "Spring 2019"),
        (D(2019, 5, 1), "termly", "Summer 2019"),
        (D(2019, 8, 31), "termly", "Summer 2019"),
    ],
)
def test_the_period_containing_a_day(day, frequency, code):
    assert Period.containing(day, frequency).code == code


def test_neighbours_of_the_new_kinds():
    assert Period.parse("Autumn 2018").previous().code == "Summer 2018"
    assert Period.parse("Spring 2019").previous().code == "Autumn 2018"
    assert Period.parse("Autumn 2018").year_before().code == "Autumn 2017"
    assert Period.parse("AY 2018-19").previous().code == "AY 2017-18"
    assert Period.parse("AY 2018-19").year_before().code == "AY 2017-18"
    assert Period.parse("2018").shifted(2).code == "2020"


def test_ranges_of_terms_and_academic_years():
    terms = periods_between(D(2018, 9, 1), D(2019, 8, 31), "termly")
    assert [term.code for term in terms] == ["Autumn 2018", "Spring 2019", "Summer 2019"]
    # Three terms tile the academic year: no gap, no overlap.
    assert terms[0].start == Period.parse("AY 2018-19").start and terms[-1].end == Period.parse("AY 2018-19").end
    assert all(a.end + datetime.timedelta(days=1) == b.start for a, b in itertools.pairwise(terms))
    years = periods_between(D(2014, 4, 1), D(2019, 3, 31), "academic_year")
    assert [year.code for year in years] == [f"AY {y}-{(y + 1) % 100:02d}" for y in range(2013, 2019)]
    assert len(periods_between(D(2014, 4, 1), D(2019, 3, 31), "calendar_year")) == 6


# --------------------------------------------------------------------------- read by the indicator's frequency


@pytest.mark.parametrize(
    ("frequency", "start", "end"),
    [
        ("annual", D(2011, 4, 1), D(2012, 3, 31)),
        ("academic_year", D(2011, 9, 1), D(2012, 8, 31)),
        ("monthly", D(2011, 12, 1), D(2011, 12, 31)),
        (None, D(2011, 12, 1), D(2011, 12, 31)),
    ],
)
def test_a_year_pair_is_read_by_the_indicators_frequency(frequency, start, end):
    period = Period.parse("2011-12", frequency)
    assert (period.start, period.end) == (start, end)


def test_a_slashed_year_pair_is_an_academic_year_for_an_academic_year_indicator():
    assert Period.parse("2018/19", "academic_year").code == "AY 2018-19"
    assert Period.parse("2018/19", "annual").code == "2018-19"


@pytest.mark.parametrize(
    ("text", "frequency", "message"),
    [
        ("2011-12", "quarterly", "'2011-12' is not a quarter; write a quarter such as 2018-19 Q1"),
        ("2018-19", "monthly", "'2018-19' is not a month; write a month such as 2018-04"),
        ("2018-19 Q1", "academic_year", "'2018-19 Q1' is not an academic year; write an academic year such as AY"),
        ("AY 2018-19", "annual", "'AY 2018-19' is not a financial year; write a financial year such as 2018-19"),
        ("2018-19", "termly", "'2018-19' is not a school term; write a school term such as Autumn 2018"),
        ("2018", "annual", "'2018' is not a financial year"),
        ("Autumn 2018", "calendar_year", "'Autumn 2018' is not a calendar year; write a calendar year such as 2018"),
        ("2018-20", "academic_year", "'2018-20' is not an academic year: the second year must follow the first"),
        ("2018-20", "annual", "'2018-20' is not a financial year: the second year must follow the first"),
    ],
)
def test_a_period_of_another_kind_is_refused_saying_what_to_write(text, frequency, message):
    with pytest.raises(PeriodError) as error:
        Period.parse(text, frequency)
    assert str(error.value).startswith(message), str(error.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Winter 2018", "is not a period"),
        ("Autumn 2018/20", "is not an academic year: the second year must follow the first"),
        ("AY 2018-20", "is not an academic year: the second year must follow the first"),
        ("AY 2018", "is not a period"),
        ("Autumn", "is not a period"),
        ("20189", "is not a period"),
        ("0000", "0 is not a year a period can be in"),
    ],
)
def test_bad_written_forms_of_the_new_kinds(text, message):
    with pytest.raises(PeriodError, match=message):
        Period.parse(text)


def test_an_unreadable_period_lists_every_written_form():
    with pytest.raises(PeriodError) as error:
        Period.parse("next spring")
    assert "an academic year as AY 2018-19, a calendar year as 2018, or a school term as Autumn 2018" in str(
        error.value
    )


def test_targets_follow_the_indicators_kind_of_year():
    assert target_frequency("academic_year") == "academic_year"
    assert target_frequency("termly") == "academic_year"
    assert target_frequency("calendar_year") == "calendar_year"
    assert [target_frequency(f) for f in ("monthly", "quarterly", "annual")] == ["annual"] * 3
    assert Period.parse("Spring 2019").target_period("termly").code == "AY 2018-19"
    assert Period.parse("2019-02").target_period("monthly").code == "2018-19"
