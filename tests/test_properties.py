"""Property-based tests: whatever people type or upload, the import, the periods and the pages hold.

The import parser raises nothing but its own documented errors (ImportFileError for a file it cannot
read, a reason string for a cell it cannot use); Period.parse raises nothing but PeriodError and reads
back what it writes; and no form or filter answers with a server error (500), whatever text it is
sent: huge strings, any unicode, control characters, NUL bytes.

Hypothesis chooses the inputs. Locally each run tries new ones; in CI (CI=true) the same ones every
run, so a red build always means a change in the code. HYPOTHESIS_PROFILE=deep tries far more.
"""

import csv
import datetime
import io
import os
import string

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from indicators import importer, rules
from indicators.models import Indicator
from indicators.periods import Period, PeriodError
from plans.models import Activity, Officer, ProgrammeBoard, Status

settings.register_profile(
    "sscb",
    max_examples=60,
    deadline=None,
    database=None,  # nothing written to the working tree
    derandomize=bool(os.environ.get("CI")),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile("deep", parent=settings.get_profile("sscb"), max_examples=2000, derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "sscb"))  # HYPOTHESIS_PROFILE=deep searches longer

# --------------------------------------------------------------------------- what people type

# Any character a browser can send (no lone surrogates: they cannot be encoded as UTF-8 at all).
CHARACTERS = st.characters(exclude_categories=("Cs",))
CONTROL = st.characters(min_codepoint=0, max_codepoint=31) | st.sampled_from(["\x7f", "\u200b", "\ufeff", "\u202e"])
DIGITS = st.characters(categories=("Nd",))  # any script's digits: Python's int() reads them all


def huge(alphabet=CHARACTERS):
    """A very long string: one character repeated, or a short pattern repeated, up to 200,000 characters."""
    return st.builds(
        lambda text, times: text * times, st.text(alphabet, min_size=1, max_size=5), st.integers(1, 40_000)
    )


TEXT = st.one_of(
    st.text(CHARACTERS, max_size=60),
    st.text(CONTROL, max_size=10),
    st.text(st.sampled_from(string.digits + "-/. ,QqYy%"), max_size=15),
    st.text(DIGITS | st.sampled_from("-/ Q"), max_size=12),
    huge(),
    st.just(""),
    st.just("\x00"),
)


def either(*strategies):
    """One of the strategies, each as likely (st.one_of would flatten TEXT's seven kinds into its choices)."""
    return st.sampled_from(strategies).flatmap(lambda strategy: strategy)


def like(*valid):
    """A field's value: as often one that the page accepts as anything at all."""
    return either(st.sampled_from(valid), TEXT) if valid else TEXT


PERIOD_LIKE = st.one_of(
    st.from_regex(r"\A\d{4}-\d{1,2}\Z"),
    st.from_regex(r"\A\d{4}[-/]\d{2} ?[Qq][0-9]\Z"),
    st.from_regex(r"\A\d{4}[-/]\d{2}\Z"),
    st.builds(lambda y, m: f"{y:04d}-{m:02d}", st.integers(0, 9999), st.integers(0, 13)),
    st.builds(lambda y, q: f"{y:04d}-{(y + 1) % 100:02d} Q{q}", st.integers(0, 9999), st.integers(0, 5)),
    st.builds(lambda y: f"{y:04d}-{(y + 1) % 100:02d}", st.integers(0, 9999)),
    TEXT,
)
CELL = st.one_of(
    st.none(),
    TEXT,
    PERIOD_LIKE,
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
)


# =========================================================================== periods


@given(PERIOD_LIKE)
def test_period_parse_raises_only_period_error_and_reads_back_its_own_code(text):
    try:
        period = Period.parse(text)
    except PeriodError:
        return
    assert Period.parse(period.code) == period
    assert period.frequency in ("monthly", "quarterly", "annual")


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


# =========================================================================== the SPC rules


def two_of_three_by_definition(values, limits):
    """MDC rule 3 read straight from its definition: each window of three, each side, two or more beyond."""
    upper_line, lower_line = rules.two_thirds_lines(limits.mean, limits.upper_limit, limits.lower_limit)
    sides = [rules._side(value, upper_line, lower_line) for value in values]
    marks = {}
    for start in range(len(values) - 2):
        for side in (rules.HIGH, rules.LOW):
            beyond = [index for index in range(start, start + 3) if sides[index] == side]
            if len(beyond) >= 2:
                marks.update(dict.fromkeys(beyond, side))
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
        if len(phase) < rules.MIN_POINTS:
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


# =========================================================================== the import parser


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


def csv_text(rows, delimiter):
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter).writerows(rows)
    return out.getvalue()


ROWS = st.lists(st.lists(TEXT.filter(lambda t: len(t) < 1000), max_size=7), max_size=12)
HEADERS = st.lists(
    st.sampled_from(["indicator", "period", "category", "value", "note", "area", "source", "Indicator No.", ""])
    | st.text(CHARACTERS, max_size=10),
    max_size=7,
)
FILE_BYTES = st.one_of(
    st.binary(max_size=3000),
    st.builds(
        lambda header, rows, delimiter, encoding: csv_text([header, *rows], delimiter).encode(encoding, "replace"),
        HEADERS,
        ROWS,
        st.sampled_from([",", ";", "\t"]),
        st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "latin-1"]),
    ),
    st.builds(
        lambda prefix, rest: prefix + rest, st.sampled_from([b"PK\x03\x04", importer.OLE_SIGNATURE]), st.binary()
    ),
)


def xlsx_bytes(rows):
    from openpyxl import Workbook

    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


XLSX_CELL = st.one_of(
    st.none(),
    st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=30),
    st.integers(-(10**15), 10**15),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.dates(min_value=datetime.date(1900, 3, 1)),
)


@st.composite
def workbooks(draw):
    """A real workbook (header and rows of any cells), sometimes damaged: bytes cut or overwritten."""
    header = draw(HEADERS.map(lambda cells: [c for c in cells if not any(ord(ch) < 32 for ch in c)]))
    rows = draw(st.lists(st.lists(XLSX_CELL, max_size=6), max_size=8))
    data = bytearray(xlsx_bytes([header, *rows]))
    damage = draw(st.sampled_from(["none", "cut", "overwrite"]))
    if damage == "cut":
        data = data[: draw(st.integers(0, len(data)))]
    elif damage == "overwrite":
        at = draw(st.integers(0, len(data) - 1))
        patch = draw(st.binary(min_size=1, max_size=64))
        data[at : at + len(patch)] = patch
    return bytes(data)


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


# =========================================================================== the pages

ANSWERS = {200, 302, 400, 403, 404, 409}  # anything but a server error


def answered(response):
    assert response.status_code in ANSWERS, f"answered {response.status_code}"
    return response


def near(valid, choices=None):
    """The form as the page sends it back, with up to four fields changed to anything or left out.

    `choices` offers, by field name, other values the page itself could send (another status, a
    different period...), so that the checks behind the first ones are reached too.
    """
    choices = choices or {}
    names = sorted(set(valid) | set(choices))

    def change(name):
        others = [st.sampled_from(choices[name])] if choices.get(name) else []
        return st.tuples(st.just(name), either(st.none(), TEXT, *others))

    return st.lists(st.sampled_from(names).flatmap(change), max_size=4).map(lambda pairs: _changed(valid, pairs))


def _changed(valid, pairs):
    post = dict(valid)
    for name, value in pairs:
        if value is None:
            post.pop(name, None)
        else:
            post[name] = value
    return post


def browser_data(*forms_and_formsets):
    """What a browser sends back for these forms and formsets as the page shows them."""
    data = {}
    for item in forms_and_formsets:
        parts = [item.management_form, *item.forms] if hasattr(item, "management_form") else [item]
        for form in parts:
            for name, field in form.fields.items():
                value = form[name].value()
                if isinstance(field.widget, forms.CheckboxInput):
                    if value:
                        data[form.add_prefix(name)] = "on"
                    continue
                shown = field.widget.format_value(value) if value is not None else ""
                if isinstance(shown, list):  # a select: the chosen option
                    shown = shown[0] if shown else ""
                data[form.add_prefix(name)] = "" if shown is None else str(shown)
    return data


@pytest.fixture
def demo_values(seed_plan):
    with override_settings(DEBUG=True):  # demonstration data is refused with DEBUG off
        call_command("generate_demo_values", years=2, stdout=io.StringIO())
    return seed_plan


PROJECT = "2.3"  # led by Lynne Thomas (the lynne_client fixture)


@pytest.mark.django_db
@given(data=st.data())
def test_project_update_page_never_fails_whatever_is_posted(lynne_client, data):
    url = reverse("plans:project_update", args=[PROJECT])
    page = answered(lynne_client.get(url))
    valid = browser_data(page.context["form"], page.context["formset"])
    activities = [str(pk) for pk in Activity.objects.filter(project__number=PROJECT).values_list("pk", flat=True)]
    choices = {
        "status": Status.values,
        "note": ["A short note."],
        "revise_activity": activities,
        "revised_due": ["2019-01", "2017-01", "01/2019", "2101-01"],
        "revision_reason": ["Supplier delay."],
        "revision": [valid["revision"], "0", "-1", "99999999999999999999"],
        "activities-TOTAL_FORMS": ["0", "1", "1001", "-1"],
        "activities-0-status": Activity.Status.values,
        "activities-0-completed_on": ["2018-05-01", "2999-01-01", "01/05/2018"],
        "activities-0-activity_id": [*activities, "0", "99999999999999999999"],
    }
    post = data.draw(near(valid, choices), label="post")
    answered(lynne_client.post(url, post))


@pytest.mark.django_db
@given(
    st.fixed_dictionaries(
        {},
        optional={
            "period": like("2018-04", "2018-19 Q1", "2018-19", "2013-01"),
            "code": like("2018-05", "2018-19 Q2", "0000-01", "9999-00"),
            "board": like("1", "2", "0", "-1", "99999999999999999999"),
        },
    )
)
def test_value_entry_picker_never_fails_whatever_is_asked(seed_plan, data_officer_client, query):
    answered(data_officer_client.get(reverse("indicators:entry"), query))


@pytest.mark.django_db
@given(period=st.sampled_from(["2018-04", "2018-19 Q1", "2018-19"]), data=st.data())
def test_value_entry_grid_never_fails_whatever_is_posted(demo_values, data_officer_client, period, data):
    url = f"{reverse('indicators:entry')}?period={period}"
    page = answered(data_officer_client.get(url))
    form = page.context["form"]
    valid = dict.fromkeys(form.fields, "")  # blank: no change
    numbers = ["12", "75.5", "1,234", "0", "-3", "0.0001", "99999999999", "99999999999.999", "1e3", "100.1"]
    choices = {name: numbers for name in form.fields if not name.endswith("-note")}
    post = data.draw(near(valid, choices), label="post")
    answered(data_officer_client.post(url, post))


def plausible_file(kind):
    """A CSV file of the right shape: cells mostly of the kind people write, others any text but NUL
    (a NUL anywhere makes the whole file binary, refused before its rows are read)."""

    def cell(*valid):
        return st.one_of(st.sampled_from(valid), st.text(CHARACTERS.filter(lambda c: c != "\x00"), max_size=20))

    if kind == importer.COMPARATORS:
        header = ["indicator", "period", "area", "value", "source"]
        third = cell("England", "North East", "statistical neighbours", "Wales")
    else:
        header = ["indicator", "period", "category", "value", "note"]
        third = cell("", "Police", "Female", "Nobody")
    row = st.tuples(
        cell("1", "4", "28", "40", "56a", "99", " 1 "),
        cell("2018-04", "2018-19 Q1", "2018-19", "2017-18", "Apr-18", "01/04/2018", "2999-01", "0000-01"),
        third,
        cell("12", "75.5", "75.5%", "1,234", "-3", "0", "1e3", "NaN", "99999999999999"),
        cell("", "A note."),
    ).map(list)
    text = st.lists(row, min_size=1, max_size=8).map(lambda rows: csv_text([header, *rows], ","))
    return text.map(lambda t: t.encode("utf-8"))


UPLOAD_NAMES = ["values.csv", "values.xlsx", "values.xls", "values", "v\u00e9rit\u00e9 \u2603.csv", "a" * 300 + ".xlsx"]


@pytest.mark.django_db
@given(
    kind=like(*importer.KINDS),
    name=st.sampled_from(UPLOAD_NAMES),
    content=either(FILE_BYTES, workbooks(), *(plausible_file(kind) for kind in importer.KINDS)),
    confirm=st.booleans(),
)
def test_import_upload_preview_and_confirm_never_fail_whatever_is_uploaded(
    seed_plan, data_officer_client, kind, name, content, confirm
):
    if content.startswith(b"indicator,period,"):
        name = "values.csv"  # a file of the right shape: give it its right name, so the rows are checked
    upload = SimpleUploadedFile(name, content)
    response = answered(data_officer_client.post(reverse("indicators:import"), {"kind": kind, "file": upload}))
    if response.status_code != 302:
        return
    preview = answered(data_officer_client.get(response["Location"]))
    if confirm and preview.status_code == 200:
        batch = preview.context["batch"]
        answered(data_officer_client.post(reverse("indicators:import_confirm", args=[batch.pk])))


@pytest.fixture
def commented_indicator(demo_values):
    return Indicator.objects.filter(plan=demo_values, values__isnull=False).order_by("sort_key").first()


@pytest.mark.django_db
@given(data=st.data())
def test_commentary_form_never_fails_whatever_is_posted(board_admin_client, commented_indicator, data):
    number = commented_indicator.number
    page = answered(board_admin_client.get(reverse("indicators:indicator", args=[number])))
    periods = [period.code for period in page.context["periods"]]
    valid = browser_data(page.context["commentary_form"])
    valid.update({"commentary-period": periods[-1], "commentary-story": "The figure rose."})
    choices = {
        "commentary-period": [*periods, "2001-01", "0000-01"],
        "commentary-is_public": ["on", "off", "false"],
        "commentary-story": ["   "],
    }
    post = data.draw(near(valid, choices), label="post")
    answered(board_admin_client.post(reverse("indicators:add_commentary", args=[number]), post))


@pytest.mark.django_db
@given(data=st.data())
def test_process_change_form_never_fails_whatever_is_posted(board_admin_client, commented_indicator, data):
    number = commented_indicator.number
    page = answered(board_admin_client.get(reverse("indicators:indicator", args=[number])))
    periods = [period.code for period in page.context["periods"]]
    valid = {"process-period": periods[-1], "process-reason": "New case system"}
    choices = {"process-period": [*periods, "2018-19 Q1", "2018-19", "0000-01", "9999-00 Q4", "2018-05"]}
    post = data.draw(near(valid, choices), label="post")
    answered(board_admin_client.post(reverse("indicators:add_process_change", args=[number]), post))


@pytest.mark.django_db
@given(data=st.data())
def test_sign_off_form_never_fails_whatever_is_posted(seed_plan, board_admin_client, data):
    periods = ["2018-04", "2018-19 Q1", "2018-19", "0000-01", "9999-00", "9998-99 Q4", "2018-13"]
    valid = {"action": "lock", "lock-period": "2018-04", "unlock-period": "2018-04", "unlock-reason": "A correction."}
    choices = {"action": ["lock", "unlock"], "lock-period": periods, "unlock-period": periods}
    post = data.draw(near(valid, choices), label="post")
    answered(board_admin_client.post(reverse("indicators:sign_off"), post))


@pytest.mark.django_db
@given(data=st.data())
def test_scorecard_and_exception_report_filters_never_fail(demo_values, viewer_client, data):
    outcomes = [str(pk) for pk in demo_values.outcomes.values_list("pk", flat=True)]
    boards = [str(pk) for pk in ProgrammeBoard.objects.values_list("pk", flat=True)]
    priorities = [str(pk) for pk in demo_values.service_priorities.values_list("pk", flat=True)]
    query = data.draw(
        st.fixed_dictionaries(
            {},
            optional={
                "period": like("2019-03", "2018-19 Q1", "2018-19", "2010-01", "0000-01", "9999-12"),
                "outcome": like(*outcomes, "0", "99999999999999999999"),
                "lead_board": like(*boards),
                "service_priority": like(*priorities),
                "exceptions": like("true", "false", "1", ""),
                "rag": like("red", "amber", "green", "none"),
            },
        ),
        label="query",
    )
    answered(viewer_client.get(reverse("indicators:scorecard"), query))
    answered(viewer_client.get(reverse("indicators:exceptions"), {"period": query.get("period", "")}))


@pytest.mark.django_db
@given(data=st.data())
def test_business_plan_filters_never_fail(seed_plan, viewer_client, data):
    themes = [str(pk) for pk in seed_plan.themes.values_list("pk", flat=True)]
    officers = [str(pk) for pk in Officer.objects.values_list("pk", flat=True)[:5]]
    query = data.draw(
        st.fixed_dictionaries(
            {},
            optional={
                "theme": like(*themes, "0"),
                "lead_board": like(*[str(pk) for pk in ProgrammeBoard.objects.values_list("pk", flat=True)]),
                "lead_officer": like(*officers),
                "status": like(*Status.values),
                "overdue": like("true", "false", "unknown"),
                "due_before": like("2018-09", "09/2018", "0000-01", "2018-13"),
            },
        ),
        label="query",
    )
    answered(viewer_client.get(reverse("plans:business_plan"), query))
