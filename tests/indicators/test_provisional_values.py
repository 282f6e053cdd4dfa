"""Provisional and final values: set through the one write path from the grid, the import and the admin,
recorded in the history, refused where a period is signed off or the page is out of date, and shown as
provisional wherever the value shows.
"""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from indicators import importer
from indicators.importer.templates import template_rows
from indicators.models import Indicator, IndicatorValue, PeriodLock, PublicationSettings
from indicators.periods import Period
from indicators.scorecard import build_scorecard
from indicators.values import service
from papers.pack import build_board_pack, render_board_pack
from tests.core.spreadsheet_files import (
    SCORECARD_CSV,
    SCORECARD_XLSX,
    csv_dicts,
    csv_of,
    scorecard_dicts,
    sheet_dicts,
    workbook_of,
)
from tests.indicators.entry_grid import field, ind, page, stored, url
from tests.indicators.import_files import HEADER, csv_bytes, post_file, read, xlsx_bytes

pytestmark = pytest.mark.django_db

APRIL = Period.month(2018, 4)
APRIL_DATES = {"start": APRIL.start, "end": APRIL.end}
MARKER = 'title="Provisional: may still be revised"'  # the marker beside a figure, not the legend's
LEGEND = "marks a provisional figure: it may still be revised before it is final"
WITH_STATUS = [*HEADER, "provisional"]


def put(indicator, period, value, *, provisional=False):
    return IndicatorValue.objects.create(
        indicator=indicator,
        period_start=period.start,
        period_end=period.end,
        value=Decimal(value),
        is_provisional=provisional,
    )


def status_field(indicator):
    return field(indicator, "status")


def lock(code, user):
    period = Period.parse(code)
    return PeriodLock.objects.create(period_start=period.start, period_end=period.end, locked_by=user)


# --------------------------------------------------------------------------- the values service


def test_making_a_value_final_is_a_change_with_its_history(seed_plan, board_admin_user):
    value = put(ind("1"), APRIL, 40, provisional=True)
    shown = service.version(value)

    value.is_provisional = False
    saved = service.save([service.Edit(value, shown, "April")], user=board_admin_user, reason="Final return")

    assert len(saved.updated) == 1
    value.refresh_from_db()
    assert value.is_provisional is False
    latest = value.history.latest()
    assert (latest.is_provisional, latest.history_change_reason, latest.history_user) == (
        False,
        "Final return",
        board_admin_user,
    )
    assert latest.prev_record.is_provisional is True


def test_marking_provisional_changes_the_version_so_an_out_of_date_page_is_refused(seed_plan, board_admin_user):
    value = put(ind("1"), APRIL, 40)
    shown = service.version(value)
    value.is_provisional = True
    service.save([service.Edit(value, shown, "April")], user=board_admin_user, reason="test")

    stale = IndicatorValue.objects.get(pk=value.pk)
    stale.value = Decimal(41)
    with pytest.raises(service.ValuesConflict):
        service.save([service.Edit(stale, shown, "April")], user=board_admin_user, reason="test")
    assert IndicatorValue.objects.get(pk=value.pk).value == 40


def test_a_signed_off_value_cannot_be_made_final(seed_plan, board_admin_user):
    value = put(ind("1"), APRIL, 40, provisional=True)
    lock("2018-04", board_admin_user)
    shown = service.version(value)

    value.is_provisional = False
    with pytest.raises(service.ValuesInvalid) as refused:
        service.save([service.Edit(value, shown, "April")], user=board_admin_user, reason="t")

    assert refused.value.locked
    assert IndicatorValue.objects.get(pk=value.pk).is_provisional is True


# --------------------------------------------------------------------------- the grid


def test_grid_new_figure_marked_provisional(seed_plan, data_officer_client):
    one = ind("1")
    response = data_officer_client.post(url("2018-04"), {field(one): "40", status_field(one): "provisional"})

    assert response.status_code == 302
    assert stored(one, APRIL_DATES).is_provisional is True


def test_grid_new_figure_is_final_unless_chosen(seed_plan, data_officer_client):
    one = ind("1")
    data_officer_client.post(url("2018-04"), {field(one): "40", status_field(one): "final"})
    data_officer_client.post(url("2018-04"), {field(ind("2")): "12"})  # no list sent at all

    assert stored(one, APRIL_DATES).is_provisional is False
    assert stored(ind("2"), APRIL_DATES).is_provisional is False


def test_grid_makes_a_stored_figure_final_without_retyping_it(seed_plan, data_officer_client, data_officer_user):
    one = ind("1")
    value = put(one, APRIL, 40, provisional=True)
    shown = data_officer_client.get(url("2018-04"))
    assert shown.context["form"][status_field(one)].value() == "provisional"
    assert MARKER in shown.content.decode()

    response = data_officer_client.post(
        url("2018-04"),
        {status_field(one): "final", field(one, "version"): service.version(value)},
    )

    assert response.status_code == 302
    value.refresh_from_db()
    assert (value.value, value.is_provisional) == (Decimal(40), False)
    assert value.history.latest().history_change_reason == "Entered in the browser"
    assert value.history.latest().history_user == data_officer_user


def test_grid_status_left_as_it_stands_changes_nothing(seed_plan, data_officer_client):
    one = ind("1")
    value = put(one, APRIL, 40, provisional=True)

    response = data_officer_client.post(url("2018-04"), {status_field(one): "provisional"}, follow=True)

    assert "Nothing to save" in response.content.decode()
    assert value.history.count() == 1


def test_grid_provisional_without_a_figure_is_refused_beside_the_list(seed_plan, data_officer_client):
    one = ind("1")
    response = data_officer_client.post(url("2018-04"), {status_field(one): "provisional"})

    assert response.status_code == 200
    elements = page(response)
    list_id = f"id_{status_field(one)}"
    _, attrs, _ = elements.by_id[list_id]
    assert attrs.get("aria-invalid") == "true"
    assert "only a stored or typed figure can be provisional" in elements.by_id[f"{list_id}_error"][2]
    assert any(anchor == list_id for anchor, _ in response.context["error_summary"])
    assert not IndicatorValue.objects.exists()


def test_grid_unknown_status_is_refused_and_nothing_saved(seed_plan, data_officer_client):
    one = ind("1")
    response = data_officer_client.post(url("2018-04"), {field(one): "40", status_field(one): "maybe"})

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert any(status_field(one) in anchor for anchor, _ in response.context["error_summary"])
    assert not IndicatorValue.objects.exists()


def test_grid_out_of_date_status_change_is_refused_409(seed_plan, data_officer_client, board_admin_user):
    one = ind("1")
    value = put(one, APRIL, 40, provisional=True)
    seen = service.version(value)
    value.value = Decimal(44)
    service.save([service.Edit(value, seen, "April")], user=board_admin_user, reason="test")

    response = data_officer_client.post(url("2018-04"), {status_field(one): "final", field(one, "version"): seen})

    assert response.status_code == 409
    assert IndicatorValue.objects.get(pk=value.pk).is_provisional is True


def test_grid_status_of_a_signed_off_period_cannot_change(seed_plan, data_officer_client, board_admin_user):
    one = ind("1")
    put(one, APRIL, 40, provisional=True)
    lock("2018-04", board_admin_user)

    response = data_officer_client.post(url("2018-04"), {status_field(one): "final"}, follow=True)

    assert "Nothing was saved" in response.content.decode()
    assert IndicatorValue.objects.get().is_provisional is True


# --------------------------------------------------------------------------- the import


@time_machine.travel(datetime.date(2019, 5, 20))
@pytest.mark.parametrize(("text", "provisional"), [("yes", True), ("Y", True), ("no", False), ("FINAL", False)])
def test_import_provisional_column(seed_plan, data_officer_user, text, provisional):
    rows = read(csv_bytes([["1", "2018-04", "", "40", "", text]], header=WITH_STATUS))

    importer.apply(rows, plan=seed_plan, user=data_officer_user)

    assert IndicatorValue.objects.get().is_provisional is provisional


@time_machine.travel(datetime.date(2019, 5, 20))
def test_import_makes_a_stored_figure_final_and_says_so_in_the_preview(seed_plan, data_officer_user):
    put(ind("1"), APRIL, 40, provisional=True)
    rows = read(csv_bytes([["1", "2018-04", "", "40", "", "no"]], header=WITH_STATUS))

    [row] = importer.preview(rows, plan=seed_plan).rows
    assert row.kind == "changed"
    assert row.reason == "Same value; now final."
    assert row.old_value_text == "40 (provisional)"
    assert row.new_value_text == "40"

    importer.apply(rows, plan=seed_plan, user=data_officer_user, filename="final.csv")
    value = IndicatorValue.objects.get()
    assert value.is_provisional is False
    assert value.history.latest().history_change_reason == "Imported from final.csv"


@time_machine.travel(datetime.date(2019, 5, 20))
def test_import_blank_or_missing_column_keeps_the_status(seed_plan, data_officer_user):
    put(ind("1"), APRIL, 40, provisional=True)
    blank = read(csv_bytes([["1", "2018-04", "", "41", "", ""]], header=WITH_STATUS))
    importer.apply(blank, plan=seed_plan, user=data_officer_user)
    assert IndicatorValue.objects.get().is_provisional is True

    without = read(csv_bytes([["1", "2018-04", "", "42", ""]]))
    importer.apply(without, plan=seed_plan, user=data_officer_user)
    value = IndicatorValue.objects.get()
    assert (value.value, value.is_provisional) == (42, True)


@time_machine.travel(datetime.date(2019, 5, 20))
def test_import_bad_provisional_value_names_the_row_and_saves_nothing(seed_plan, data_officer_user):
    rows = read(
        csv_bytes(
            [["1", "2018-04", "", "40", "", "yes"], ["2", "2018-04", "", "12", "", "perhaps"]], header=WITH_STATUS
        )
    )

    with pytest.raises(importer.ImportRejected) as rejected:
        importer.apply(rows, plan=seed_plan, user=data_officer_user)

    [error] = rejected.value.preview.errors
    assert error.message == (
        "Row 3: the provisional column must be yes or no (or blank to leave it as it is); 'perhaps' is neither"
    )
    assert not IndicatorValue.objects.exists()


@time_machine.travel(datetime.date(2019, 5, 20))
def test_import_workbook_true_false_cells_are_read(seed_plan, data_officer_user):
    rows = read(xlsx_bytes([["1", "2018-04", "", "40", "", True]], header=WITH_STATUS), name="values.xlsx")

    importer.apply(rows, plan=seed_plan, user=data_officer_user)

    assert IndicatorValue.objects.get().is_provisional is True


@time_machine.travel(datetime.date(2019, 5, 20))
def test_import_page_shows_the_bad_provisional_cell_beside_its_row(seed_plan, data_officer_client):
    content = csv_bytes([["1", "2018-04", "", "40", "", "yes"], ["2", "2018-04", "", "12", "", "perhaps"]], WITH_STATUS)
    response = post_file(data_officer_client, content)

    html = data_officer_client.get(response["Location"]).content.decode()

    assert "Row 3: the provisional column must be yes or no" in html
    assert "&#x27;perhaps&#x27; is neither" in html
    assert "Confirm and import" not in html
    assert "40 (provisional)" in html  # the good row says what it will be
    assert not IndicatorValue.objects.exists()


@time_machine.travel(datetime.date(2019, 5, 20))
def test_import_templates_have_the_provisional_column(seed_plan):
    header, *examples = template_rows(plan=seed_plan)
    assert header[-1] == "provisional"
    assert {example[-1] for example in examples} <= {"yes", "no"}
    assert "yes" in {example[-1] for example in examples}


# --------------------------------------------------------------------------- the admin


def test_admin_makes_a_value_final_with_history(seed_plan, admin_client):
    value = put(ind("1"), APRIL, 40, provisional=True)
    change = reverse("admin:indicators_indicatorvalue_change", args=[value.pk])
    version = admin_client.get(change).context["adminform"].form["version"].value()

    response = admin_client.post(
        change,
        {
            "indicator": value.indicator_id,
            "period_start": "2018-04-01",
            "period_end": "2018-04-30",
            "value": "40",
            "note": "",
            "version": version,
            "_save": "Save",
        },  # the box is left unticked: final
    )

    assert response.status_code == 302
    value.refresh_from_db()
    assert value.is_provisional is False
    assert value.history.latest().history_change_reason == "Changed in the admin"


def test_admin_lists_and_filters_provisional_values(seed_plan, admin_client):
    put(ind("1"), APRIL, 40, provisional=True)
    put(ind("2"), APRIL, 12)

    response = admin_client.get(reverse("admin:indicators_indicatorvalue_changelist") + "?is_provisional__exact=1")

    assert response.status_code == 200
    assert [row.indicator.number for row in response.context["cl"].result_list] == ["1"]


def test_admin_indicator_deadline_is_editable_with_help(seed_plan, admin_client):
    indicator = ind("23")
    response = admin_client.get(reverse("admin:indicators_indicator_change", args=[indicator.pk]))
    html = response.content.decode()
    assert 'name="data_deadline_days"' in html
    assert "Leave blank for the usual deadline of its frequency" in html
    assert "270 days after the period ends (the default for annual figures)" in html


# --------------------------------------------------------------------------- where the value shows


@pytest.fixture
def provisional_latest(seed_plan):
    """Indicator 1: April to June 2018, June provisional."""
    one = ind("1")
    put(one, Period.month(2018, 4), 40)
    put(one, Period.month(2018, 5), 42)
    put(one, Period.month(2018, 6), 44, provisional=True)
    return one


@time_machine.travel(datetime.date(2018, 7, 10))
def test_the_scorecard_read_model_carries_the_status(provisional_latest):
    [row] = build_scorecard(Indicator.objects.filter(pk=provisional_latest.pk)).rows
    assert row.latest.is_provisional is True
    assert row.previous.is_provisional is False


@time_machine.travel(datetime.date(2018, 7, 10))
@pytest.mark.parametrize("address", ["/scorecard/", "/scorecard/indicators/1/"])
def test_pages_mark_the_provisional_figure_with_a_legend(provisional_latest, viewer_client, address):
    html = viewer_client.get(address).content.decode()

    assert MARKER in html
    assert '<span class="visually-hidden"> (provisional)</span>' in html
    assert LEGEND in html


@time_machine.travel(datetime.date(2018, 7, 10))
def test_a_final_figure_has_no_marker(seed_plan, viewer_client):
    put(ind("1"), Period.month(2018, 6), 44)
    assert MARKER not in viewer_client.get("/scorecard/").content.decode()


@time_machine.travel(datetime.date(2018, 9, 10))
def test_exception_report_marks_the_provisional_figure(provisional_latest, viewer_client):
    # July and August are missing after the deadline: indicator 1 is an exception.
    html = viewer_client.get("/scorecard/exceptions/?period=2018-08").content.decode()
    assert "Missing: 2018-07, 2018-08" not in html  # July only: August is not yet due on 10 September
    assert "Missing: 2018-07" in html
    assert MARKER in html
    assert LEGEND in html


@time_machine.travel(datetime.date(2018, 7, 10))
def test_scorecard_downloads_say_provisional_or_final(provisional_latest, viewer_client):
    workbook = workbook_of(viewer_client.get(SCORECARD_XLSX))
    [row] = [r for r in scorecard_dicts(workbook) if r["Number"] == "1"]
    assert row["Latest value provisional or final"] == "Provisional"
    values = {(r["Number"], r["Period"]): r["Provisional or final"] for r in sheet_dicts(workbook["Values"])}
    assert values["1", "2018-06"] == "Provisional"
    assert values["1", "2018-05"] == "Final"

    [csv_row] = [r for r in csv_dicts(csv_of(viewer_client.get(SCORECARD_CSV))) if r["Number"] == "1"]
    assert csv_row["Latest value provisional or final"] == "Provisional"

    indicator_csv = csv_dicts(csv_of(viewer_client.get("/scorecard/indicators/1/data.csv")))
    assert [r["status"] for r in indicator_csv] == ["final", "final", "provisional"]


@time_machine.travel(datetime.date(2018, 7, 10))
def test_board_pack_marks_the_provisional_figure(provisional_latest, board_admin_user):
    content = build_board_pack(
        provisional_latest.plan,
        meeting_date=datetime.date(2018, 7, 20),
        as_at=Period.month(2018, 6),
        generated_at=timezone.now(),
        generated_by=board_admin_user,
        since=timezone.now(),
    )

    [figures] = [entry for entry in content.figures["indicators"] if entry["number"] == "1"]
    assert figures["latest"]["is_provisional"] is True
    assert figures["previous"]["is_provisional"] is False
    html = render_board_pack(content)
    assert MARKER in html
    assert LEGEND in html


@time_machine.travel(datetime.date(2018, 7, 10))
def test_published_page_and_csv_mark_the_provisional_figure(provisional_latest, client):
    PublicationSettings.objects.update_or_create(pk=1, defaults={"is_enabled": True, "title": "Scorecard"})
    Indicator.objects.filter(pk=provisional_latest.pk).update(is_published=True)

    html = client.get("/published/").content.decode()
    assert MARKER in html
    assert LEGEND in html

    [row] = csv_dicts(csv_of(client.get("/published/scorecard.csv")))
    assert (row["latest"], row["latest_status"], row["previous_status"]) == ("44", "provisional", "final")
