"""Bulk import in the browser: upload, preview, confirm, errors beside the field, and who may import."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from indicators.models import Comparator, ImportBatch, IndicatorValue
from tests.conftest import signed_in_client
from tests.indicators.import_files import (
    COMPARATOR_HEADER,
    GOOD_ROWS,
    HEADER,
    IMPORT_URL,
    csv_bytes,
    lock,
    post_file,
    xlsx_bytes,
)


def test_urls():
    assert reverse("indicators:import") == IMPORT_URL
    assert reverse("indicators:import_preview", args=[7]) == "/scorecard/import/7/"
    assert reverse("indicators:import_confirm", args=[7]) == "/scorecard/import/7/confirm/"
    assert reverse("indicators:import_template_csv") == "/scorecard/import/template.csv"
    assert reverse("indicators:import_template_xlsx") == "/scorecard/import/template.xlsx"


def test_upload_preview_confirm_as_a_data_officer(plan, data_officer_client, officer):
    page = data_officer_client.get(IMPORT_URL)
    assert page.status_code == 200
    assert b'enctype="multipart/form-data"' in page.content

    response = post_file(data_officer_client, xlsx_bytes(GOOD_ROWS), "april.xlsx")
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/scorecard/import/{batch.pk}/"
    assert (batch.kind, batch.filename, batch.uploaded_by, batch.state) == (
        "values",
        "april.xlsx",
        officer,
        "previewed",
    )
    assert batch.rows[0] == {
        "row_number": 2,
        "indicator": "1",
        "period": "2018-04",
        "category": None,
        "value": 1234,
        "note": "April count",
    }

    preview = data_officer_client.get(response["Location"])
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "<caption>Every row of april.xlsx" in html
    assert '<th scope="row">2</th>' in html
    assert html.count('<span class="badge text-bg-success">New</span>') == 6 + 1  # each row, and the summary
    assert "Confirm and import" in html
    assert IndicatorValue.objects.count() == 0

    confirmed = data_officer_client.post(f"/scorecard/import/{batch.pk}/confirm/", follow=True)
    assert confirmed.status_code == 200
    assert "Imported 6 values: 6 new, 0 changed, 0 unchanged." in confirmed.content.decode()
    assert confirmed.redirect_chain[0][0] in (reverse("indicators:scorecard"), f"/scorecard/import/{batch.pk}/")
    assert IndicatorValue.objects.count() == 6
    assert set(IndicatorValue.objects.values_list("entered_by", flat=True)) == {officer.pk}
    assert IndicatorValue.history.filter(history_change_reason="Imported from april.xlsx").count() == 6
    batch.refresh_from_db()
    assert batch.state == "applied"
    assert batch.summary == {"new": 6, "changed": 0, "unchanged": 0, "error": 0, "total": 6}

    twice = data_officer_client.post(f"/scorecard/import/{batch.pk}/confirm/", follow=True)
    assert "already been imported; it cannot be imported twice" in twice.content.decode()
    assert IndicatorValue.history.count() == 6

    # Uploading the same file again shows every row unchanged.
    post_file(data_officer_client, xlsx_bytes(GOOD_ROWS), "april.xlsx")
    again = data_officer_client.get(f"/scorecard/import/{ImportBatch.objects.latest('pk').pk}/")
    assert again.content.decode().count('text-bg-secondary">Unchanged</span>') == 6 + 1


def test_board_administrator_imports_comparators(plan, board_admin_client):
    content = csv_bytes([["24", "2017-18", "England", "17.8", "ONS"]], header=COMPARATOR_HEADER)
    response = post_file(board_admin_client, content, kind="comparators")
    batch = ImportBatch.objects.get()
    assert batch.kind == "comparators"
    assert b'<th scope="col">Area</th>' in board_admin_client.get(response["Location"]).content
    confirmed = board_admin_client.post(f"/scorecard/import/{batch.pk}/confirm/", follow=True)
    assert "Imported 1 comparator: 1 new, 0 changed, 0 unchanged." in confirmed.content.decode()
    assert Comparator.objects.count() == 1


def test_preview_with_an_error_has_no_confirm_button(plan, data_officer_client):
    response = post_file(data_officer_client, csv_bytes([*GOOD_ROWS, ["1", "2018-04", "", "N/A", ""]]))
    html = data_officer_client.get(response["Location"]).content.decode()
    assert "Nothing has been saved. Fix these rows and upload the file again." in html
    assert "Row 8: the value must be a number; &#x27;N/A&#x27; is not one" in html
    assert '<span class="badge text-bg-danger">Error</span>' in html
    assert "Confirm and import" not in html
    assert "/confirm/" not in html


def test_confirm_checks_again_after_the_database_changed(plan, data_officer_client, board_admin_user):
    response = post_file(data_officer_client, csv_bytes(GOOD_ROWS))
    batch = ImportBatch.objects.get()
    assert "Confirm and import" in data_officer_client.get(response["Location"]).content.decode()
    lock("2018-19 Q1", board_admin_user)
    confirmed = data_officer_client.post(f"/scorecard/import/{batch.pk}/confirm/")
    html = confirmed.content.decode()
    assert confirmed.status_code == 409
    assert "checked again" in html
    assert "Nothing has been saved. Fix these rows and upload the file again." in html
    assert "Row 5: 2018-19 Q1 has been signed off and locked" in html
    assert "Confirm and import" not in html
    assert IndicatorValue.objects.count() == 0
    batch.refresh_from_db()
    assert batch.state == "previewed"


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "values.csv", "The file is empty."),
        (b"indicator,when,value\r\n1,2018-04,3\r\n", "values.csv", "The header row has no period column."),
        (b"not a workbook", "values.xlsx", "The file is named .xlsx but is text"),
        (b"anything", "values.pdf", "Upload a .csv or .xlsx file."),
    ],
)
def test_file_errors_show_beside_the_field_and_in_the_summary(plan, data_officer_client, content, name, message):
    response = post_file(data_officer_client, content, name)
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert 'href="#id_file"' in html
    assert html.count(message) >= 2  # in the summary and beside the field
    assert 'id="id_file_error"' in html or "invalid-feedback" in html
    assert ImportBatch.objects.count() == 0


def test_a_file_over_the_limit_is_refused_on_the_page(plan, data_officer_client, settings):
    settings.IMPORT_MAX_BYTES = 100
    response = post_file(data_officer_client, csv_bytes(GOOD_ROWS))
    assert "the largest accepted is 100 bytes" in response.content.decode()
    assert ImportBatch.objects.count() == 0


@pytest.mark.parametrize("client_fixture", ["viewer_client", "lynne_client", "board_member_client"])
def test_other_roles_are_forbidden(request, plan, client_fixture, officer):
    client = request.getfixturevalue(client_fixture)
    batch = ImportBatch.objects.create(filename="x.csv", rows=[], uploaded_by=officer)
    for method, url in [
        ("get", IMPORT_URL),
        ("post", IMPORT_URL),
        ("get", f"/scorecard/import/{batch.pk}/"),
        ("post", f"/scorecard/import/{batch.pk}/confirm/"),
        ("get", "/scorecard/import/template.csv"),
        ("get", "/scorecard/import/template.xlsx"),
    ]:
        assert getattr(client, method)(url).status_code == 403, (method, url)


def test_anonymous_people_are_sent_to_sign_in(plan, client):
    response = client.get(IMPORT_URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_another_persons_batch_is_not_found(plan, officer, board_admin_client, make_role_user):
    from core.permissions import DATA_OFFICER

    batch = ImportBatch.objects.create(filename="x.csv", rows=[], uploaded_by=officer)
    other = signed_in_client(make_role_user("otto", DATA_OFFICER))
    for client in (other, board_admin_client):
        assert client.get(f"/scorecard/import/{batch.pk}/").status_code == 404
        assert client.post(f"/scorecard/import/{batch.pk}/confirm/").status_code == 404
    batch.refresh_from_db()
    assert batch.state == "previewed"


def test_confirm_needs_a_post(plan, data_officer_client):
    post_file(data_officer_client, csv_bytes(GOOD_ROWS))
    batch = ImportBatch.objects.get()
    assert data_officer_client.get(f"/scorecard/import/{batch.pk}/confirm/").status_code == 405


def test_template_downloads(plan, data_officer_client):
    response = data_officer_client.get("/scorecard/import/template.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="values-import-template.csv"' in response["Content-Disposition"]
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert lines[0] == [*HEADER, "numerator", "denominator", "provisional"]  # the contract's columns, then optional
    assert 2 <= len(lines) - 1 <= 4
    # The seed's academic-year indicator 27 is shown with an academic year, as it is reported.
    assert [
        "27",
        "AY 2016-17",
        "",
        "12",
        "Example: an academic year, as this indicator is reported",
        "",
        "",
        "no",
    ] in lines

    response = data_officer_client.get("/scorecard/import/template.xlsx?kind=comparators")
    assert response.status_code == 200
    assert 'filename="comparators-import-template.xlsx"' in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert list(rows[0]) == COMPARATOR_HEADER
    assert rows[1][2] == "England"
    periods = [row[:2] for row in workbook["Periods"].iter_rows(values_only=True)]
    assert ("school term", "Spring 2019") in periods
    assert ("academic year", "AY 2018-19 (or 2018-19 for an academic-year indicator)") in periods
    assert workbook.sheetnames == ["Comparators", "Indicators", "Periods"]
    workbook.close()

    response = data_officer_client.get("/scorecard/import/template.xlsx")
    workbook = load_workbook(io.BytesIO(response.content))
    reference = list(workbook["Indicators"].iter_rows(values_only=True))
    assert len(reference) == 1 + 69
