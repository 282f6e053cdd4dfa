"""A data officer imports a file in a real browser.

A bad row is named with its reason, the fixed file goes in, and the scorecard shows the new figures.
"""

import pytest
import time_machine
from django.contrib.auth.models import Group

from core.permissions import DATA_OFFICER
from indicators.models import IndicatorValue

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PASSWORD = "data-officer-journey-2018"


@pytest.fixture
def data_officer(seed_plan, django_user_model):
    user = django_user_model.objects.create_user("dana", password=PASSWORD, first_name="Dana")
    user.groups.add(Group.objects.get(name=DATA_OFFICER))
    return user


def write(tmp_path, name, rows):
    path = tmp_path / name
    path.write_text("indicator,period,category,value,note\n" + "".join(f"{row}\n" for row in rows), encoding="utf-8")
    return path


@time_machine.travel("2019-05-20 10:00 +0100", tick=True)
def test_data_officer_fixes_a_bad_row_and_imports(page, live_server, data_officer, tmp_path):
    bad = write(tmp_path, "june.csv", ["1,2018-06,,1834,", "2,2018-06,,N/A,", "3,2018-06,,412,"])
    good = write(tmp_path, "june-fixed.csv", ["1,2018-06,,1834,", "2,2018-06,,1296,", "3,2018-06,,412,"])

    page.goto(f"{live_server.url}/accounts/login/?next=/scorecard/import/")
    page.get_by_label("Username").fill("dana")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/scorecard/import/")

    # Upload the file with one bad row: the preview names the row and the reason, and offers no confirm.
    page.get_by_label("File").set_input_files(str(bad))
    page.get_by_role("button", name="Upload and preview").click()
    alert = page.get_by_role("alert")
    assert "Nothing has been saved" in alert.inner_text()
    assert "Row 3" in alert.inner_text()
    assert "number" in alert.inner_text().lower()
    assert page.get_by_role("button", name="Confirm and import").count() == 0
    assert not IndicatorValue.objects.exists()

    # Upload the fixed file, confirm, and the scorecard shows the new figures.
    page.get_by_role("link", name="Upload the corrected file").click()
    page.get_by_label("File").set_input_files(str(good))
    page.get_by_role("button", name="Upload and preview").click()
    page.get_by_role("button", name="Confirm and import").click()
    page.wait_for_url(f"{live_server.url}/scorecard/**")
    assert "Imported 3" in page.get_by_role("status").first.inner_text()

    page.goto(f"{live_server.url}/scorecard/?outcome=")
    body = page.locator("main").inner_text()
    assert "1,834" in body and "1,296" in body and "412" in body
    assert IndicatorValue.objects.filter(period_start="2018-06-01").count() == 3
