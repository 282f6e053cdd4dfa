"""Property-based tests of the scorecard's pages: no form or filter answers with a server error (500),
whatever text it is sent: huge strings, any unicode, control characters, NUL bytes.

Hypothesis chooses the inputs: locally new ones each run, in CI (CI=true) the same ones every run.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from indicators import importer
from indicators.models import Indicator
from plans.models import ProgrammeBoard
from tests.conftest import write_demo_values
from tests.strategies import (
    FILE_BYTES,
    UPLOAD_NAMES,
    answered,
    browser_data,
    either,
    like,
    near,
    plausible_file,
    workbooks,
)

# Each test renders a page for every one of Hypothesis's examples: seconds, not milliseconds.
pytestmark = pytest.mark.slow


@pytest.fixture
def demo_values(seed_plan):
    write_demo_values(years=2)
    return seed_plan


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
