"""The values service: the one write path, its version check (no lost update) and the sign-off freeze."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from indicators import importer
from indicators.models import Comparator, ImportBatch, Indicator, IndicatorValue, PeriodLock, Target
from indicators.periods import Period
from indicators.values import service
from tests.indicators.factories import IndicatorValueFactory, TargetFactory

APRIL = Period.parse("2018-04")
GRID = "/scorecard/entry/?period=2018-04"


def lock(code, user):
    period = Period.parse(code)
    return PeriodLock.objects.create(period_start=period.start, period_end=period.end, locked_by=user)


def indicator(plan, number):
    return Indicator.objects.get(plan=plan, number=number)


def april_value(ind, value):
    return IndicatorValueFactory(indicator=ind, period_start=APRIL.start, period_end=APRIL.end, value=Decimal(value))


def cell(ind, part="value"):
    return f"i{ind.pk}-all-{part}"


def shown_version(response, ind):
    form = response.context["form"]
    return form[cell(ind, "version")].value()


# =========================================================================== c. no lost update: the grid


def test_grid_second_save_from_an_out_of_date_page_is_refused_409_keeping_its_input(
    seed_plan, data_officer_client, board_admin_client
):
    one = indicator(seed_plan, "1")
    april_value(one, "40")
    seen_by_dana = shown_version(data_officer_client.get(GRID), one)
    seen_by_brenda = shown_version(board_admin_client.get(GRID), one)
    assert seen_by_dana == seen_by_brenda != ""

    saved = board_admin_client.post(GRID, {cell(one): "45", cell(one, "version"): seen_by_brenda})
    assert saved.status_code == 302

    late = data_officer_client.post(
        GRID, {cell(one): "50", f"i{one.pk}-note": "Dana's note", cell(one, "version"): seen_by_dana}
    )
    html = late.content.decode()
    assert late.status_code == 409
    assert "Brenda Admin changed this to 45" in html
    assert "Nothing was saved" in html
    assert 'value="50"' in html  # Dana's entry is kept in its box
    assert "Dana&#x27;s note" in html
    stored = IndicatorValue.objects.get(indicator=one)
    assert (stored.value, stored.note) == (Decimal("45"), "")
    assert late.context["grid"].rows[0].overall.current_text == "45"  # the page shows Brenda's figure

    # Saving again from the 409 page replaces Brenda's figure knowingly.
    fresh = late.context["form"].data[cell(one, "version")]
    again = data_officer_client.post(GRID, {cell(one): "50", cell(one, "version"): fresh})
    assert again.status_code == 302
    assert IndicatorValue.objects.get(indicator=one).value == 50


def test_grid_two_people_filling_the_same_empty_cell_the_second_is_refused(
    seed_plan, data_officer_client, board_admin_client
):
    one = indicator(seed_plan, "1")
    assert board_admin_client.post(GRID, {cell(one): "10", cell(one, "version"): ""}).status_code == 302
    late = data_officer_client.post(GRID, {cell(one): "20", cell(one, "version"): ""})
    assert late.status_code == 409
    assert IndicatorValue.objects.get(indicator=one).value == 10


def test_grid_a_change_to_another_cell_is_no_conflict(seed_plan, data_officer_client, board_admin_client):
    one, two = indicator(seed_plan, "1"), indicator(seed_plan, "2")
    april_value(one, "40")
    page = data_officer_client.get(GRID)
    board_admin_client.post(GRID, {cell(one): "45", cell(one, "version"): shown_version(page, one)})
    response = data_officer_client.post(GRID, {cell(two): "7", cell(two, "version"): shown_version(page, two)})
    assert response.status_code == 302
    assert IndicatorValue.objects.get(indicator=two).value == 7
    history = IndicatorValue.history.get(indicator_id=two.pk)
    assert history.history_change_reason == "Entered in the browser"


# =========================================================================== c. no lost update: the import


def test_import_confirmed_after_someone_changed_a_previewed_value_is_refused_409(
    seed_plan, data_officer_client, board_admin_client
):
    one = indicator(seed_plan, "1")
    april_value(one, "20")
    content = b"indicator,period,category,value,note\r\n1,2018-04,,30,from the file\r\n"
    response = data_officer_client.post(
        "/scorecard/import/", {"kind": "values", "file": SimpleUploadedFile("april.csv", content)}
    )
    batch = ImportBatch.objects.get()
    assert "Confirm and import" in data_officer_client.get(response["Location"]).content.decode()

    page = board_admin_client.get(GRID)
    board_admin_client.post(GRID, {cell(one): "25", cell(one, "version"): shown_version(page, one)})

    confirm = reverse("indicators:import_confirm", args=[batch.pk])
    refused = data_officer_client.post(confirm)
    html = refused.content.decode()
    assert refused.status_code == 409
    assert "Someone else changed 1 of these values after you checked the file" in html
    assert "Row 2</a>: Brenda Admin changed this to 25" in html
    assert IndicatorValue.objects.get(indicator=one).value == 25
    batch.refresh_from_db()
    assert batch.state == "previewed"
    # The batch was checked again against Brenda's figure: confirming now replaces it knowingly.
    assert "Confirm and import" in html
    assert data_officer_client.post(confirm).status_code == 302
    assert IndicatorValue.objects.get(indicator=one).value == 30


def test_import_apply_of_a_stale_preview_raises_a_conflict_and_saves_nothing(seed_plan, data_officer_user):
    rows = importer.read_table(
        io.BytesIO(b"indicator,period,category,value,note\r\n1,2018-04,,30,\r\n2,2018-04,,5,\r\n"), "v.csv"
    )
    result = importer.preview(rows, plan=seed_plan)
    april_value(indicator(seed_plan, "1"), "12")  # inserted after the preview said "new"
    with pytest.raises(importer.ImportConflict) as caught:
        importer.apply(result, plan=seed_plan, user=data_officer_user)
    assert [conflict.where for conflict in caught.value.conflicts] == ["Row 2"]
    assert IndicatorValue.objects.count() == 1


# =========================================================================== c. no lost update: the admin


def _target_post(target, value, version):
    return {
        "indicator": target.indicator_id,
        "period_start": f"{target.period_start:%Y-%m-%d}",
        "period_end": f"{target.period_end:%Y-%m-%d}",
        "value": value,
        "tolerance": "1",
        "note": "",
        "version": version,
        "_save": "Save",
    }


def test_admin_change_form_that_is_out_of_date_is_refused_409(seed_plan, admin_client, board_admin_user):
    target = TargetFactory(indicator=indicator(seed_plan, "1"))
    url = reverse("admin:indicators_target_change", args=[target.pk])
    shown = admin_client.get(url).context["adminform"].form["version"].value()

    target.value = Decimal("15")
    service.save([service.Edit(target, shown, "target")], user=board_admin_user, reason="test")

    response = admin_client.post(url, _target_post(target, "20", shown))
    html = response.content.decode()
    assert response.status_code == 409
    assert "Brenda Admin changed this to 15" in html
    assert 'value="20"' in html
    target.refresh_from_db()
    assert target.value == 15

    fresh = response.context["adminform"].form.data["version"]
    assert admin_client.post(url, _target_post(target, "20", fresh)).status_code == 302
    target.refresh_from_db()
    assert target.value == 20
    assert target.history.latest().history_change_reason == "Changed in the admin"


def test_admin_adds_and_deletes_values_through_the_service_with_history(seed_plan, admin_client):
    one = indicator(seed_plan, "1")
    response = admin_client.post(
        reverse("admin:indicators_indicatorvalue_add"),
        {
            "indicator": one.pk,
            "period_start": "2018-04-01",
            "period_end": "2018-04-30",
            "value": "12",
            "note": "",
            "version": "",
            "_save": "Save",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    value = IndicatorValue.objects.get()
    assert value.entered_by.username == "admin"
    assert value.history.get().history_change_reason == "Changed in the admin"
    delete = admin_client.post(reverse("admin:indicators_indicatorvalue_delete", args=[value.pk]), {"post": "yes"})
    assert delete.status_code == 302
    assert not IndicatorValue.objects.exists()
    assert IndicatorValue.history.filter(history_type="-").get().history_change_reason == "Deleted in the admin"


# =========================================================================== d. a sign-off freezes


def test_a_comparator_for_a_signed_off_year_cannot_be_imported_over(seed_plan, board_admin_user, tmp_path):
    twenty_four = indicator(seed_plan, "24")  # a percentage reported by financial year
    Comparator.objects.create(
        indicator=twenty_four,
        area="england",
        period_start=datetime.date(2017, 4, 1),
        period_end=datetime.date(2018, 3, 31),
        value=Decimal("17.8"),
    )
    lock("2017-18", board_admin_user)
    path = tmp_path / "comparators.csv"
    path.write_bytes(b"indicator,period,area,value,source\r\n24,2017-18,England,99,\r\n")
    with pytest.raises(CommandError, match="Row 2: 2017-18 has been signed off and locked; its comparators cannot"):
        call_command("import_values", str(path), "--comparators")
    assert Comparator.objects.get().value == Decimal("17.8")


def test_a_target_overlapping_a_signed_off_month_is_frozen_everywhere(seed_plan, admin_client, board_admin_user):
    target = TargetFactory(indicator=indicator(seed_plan, "1"))  # 2018-19
    lock("2018-04", board_admin_user)

    target.value = Decimal("99")
    with pytest.raises(service.ValuesInvalid) as caught:
        service.save([service.Edit(target)], user=board_admin_user, reason="test")
    assert caught.value.locked[0].message == (
        "The target for 2018-19 overlaps 2018-04, which has been signed off and locked."
    )
    url = reverse("admin:indicators_target_change", args=[target.pk])
    assert admin_client.post(url, _target_post(target, "99", "")).status_code == 403
    delete = reverse("admin:indicators_target_delete", args=[target.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    target.refresh_from_db()
    assert target.value == 10


def test_a_new_target_for_a_signed_off_year_is_refused_in_the_admin(seed_plan, admin_client, board_admin_user):
    lock("2018-04", board_admin_user)
    one = indicator(seed_plan, "1")
    response = admin_client.post(
        reverse("admin:indicators_target_add"),
        {
            "indicator": one.pk,
            "period_start": "2018-04-01",
            "period_end": "2019-03-31",
            "value": "5",
            "tolerance": "0",
            "note": "",
            "version": "",
            "_save": "Save",
        },
    )
    assert response.status_code == 200
    assert "overlaps 2018-04, which has been signed off and locked" in response.content.decode()
    assert not Target.objects.exists()


def test_an_admin_value_cannot_be_moved_into_a_signed_off_period(seed_plan, admin_client, board_admin_user):
    value = IndicatorValueFactory(
        indicator=indicator(seed_plan, "1"),
        period_start=datetime.date(2018, 5, 1),
        period_end=datetime.date(2018, 5, 31),
    )
    lock("2018-04", board_admin_user)
    url = reverse("admin:indicators_indicatorvalue_change", args=[value.pk])
    response = admin_client.post(
        url,
        {
            "indicator": value.indicator_id,
            "period_start": "2018-04-01",
            "period_end": "2018-04-30",
            "value": "12",
            "note": "",
            "_save": "Save",
        },
    )
    assert response.status_code == 200
    assert "2018-04 has been signed off and locked; its values cannot change" in response.content.decode()
    value.refresh_from_db()
    assert value.period_start == datetime.date(2018, 5, 1)


def test_a_signed_off_value_cannot_be_deleted_through_the_service(seed_plan, board_admin_user):
    value = april_value(indicator(seed_plan, "1"), "4")
    lock("2018-19 Q1", board_admin_user)
    with pytest.raises(service.ValuesInvalid):
        service.delete([value], user=board_admin_user, reason="test")
    assert IndicatorValue.objects.filter(pk=value.pk).exists()


def test_admin_revert_to_an_earlier_version_goes_through_the_service(seed_plan, admin_client, board_admin_user):
    target = TargetFactory(indicator=indicator(seed_plan, "1"))
    first = target.history.latest()
    target.value = Decimal("15")
    service.save([service.Edit(target)], user=board_admin_user, reason="test")
    url = reverse("admin:indicators_target_simple_history", args=[target.pk, first.history_id])
    page = admin_client.get(url)
    assert page.status_code == 200
    shown = page.context["adminform"].form["version"].value()
    assert shown == service.version(Target.objects.get())
    response = admin_client.post(url, _target_post(first.instance, "10", shown))
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.value == 10
    assert target.history.latest().history_change_reason == "Changed in the admin"

    target.value = Decimal("15")
    service.save([service.Edit(target)], user=board_admin_user, reason="test")
    lock("2018-04", board_admin_user)
    refused = admin_client.post(url, _target_post(first.instance, "10", service.version(target)))
    assert refused.status_code == 200
    assert "overlaps 2018-04, which has been signed off and locked" in refused.content.decode()
    target.refresh_from_db()
    assert target.value == 15


def _form_data(form):
    """What a browser posts for an unbound form: each field's initial value, as the page shows it."""
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        if isinstance(value, list | tuple):
            data[form.add_prefix(name)] = [str(item) for item in value]
        else:
            data[form.add_prefix(name)] = "on" if value is True else str(value)
    return data


def test_admin_target_inline_saves_through_the_service(seed_plan, admin_client, board_admin_user):
    one = indicator(seed_plan, "1")
    target = TargetFactory(indicator=one)
    url = reverse("admin:indicators_indicator_change", args=[one.pk])
    page = admin_client.get(url)
    data = _form_data(page.context["adminform"].form)
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(_form_data(formset.management_form))
        for form in formset.forms:
            data.update(_form_data(form))
    target_form = next(
        form for inline in page.context["inline_admin_formsets"] for form in inline.formset.forms if form.instance.pk
    )
    data[target_form.add_prefix("value")] = "12"
    data["_save"] = "Save"

    other = Target.objects.get()
    other.value = Decimal("11")
    service.save([service.Edit(other)], user=board_admin_user, reason="test")
    refused = admin_client.post(url, data)
    assert refused.status_code == 409
    assert Target.objects.get().value == 11

    data[target_form.add_prefix("version")] = service.version(Target.objects.get())
    saved = admin_client.post(url, data)
    assert saved.status_code == 302, saved.content.decode()[:2000]
    target.refresh_from_db()
    assert target.value == 12
    assert target.history.latest().history_change_reason == "Changed in the admin"
