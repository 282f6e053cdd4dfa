"""The import, the template and the exports name an indicator by its number in the plan of the period they name,
or by its stable code: a renumbered measure's figures go to the same series whichever year's number a file uses."""

import datetime
import io
from decimal import Decimal

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from core import permissions as roles
from indicators import importer
from indicators.importer import ImportRejected
from indicators.models import Indicator, IndicatorValue
from tests.core.spreadsheet_files import csv_dicts, csv_of
from tests.indicators.import_files import csv_bytes, read
from tests.indicators.plan_years import measure, start_next_year

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2020, 5, 20)


@pytest.fixture
def years(seed_plan):
    """2018-19 closed, 2019-20 current: 2018-19's 5 is 7 in 2019-20, its 6 is 5, its 10 is dropped; 69 is new."""
    new = start_next_year(seed_plan)
    Indicator.objects.create(
        number="69",
        title="Children waiting for a first health assessment",
        outcome=new.outcomes.get(number=1),
        unit=Indicator.Unit.COUNT,
        frequency=Indicator.Frequency.MONTHLY,
        lead_board=measure("1").lead_board,
    )
    return seed_plan, new


def check(rows, plan):
    return importer.preview(read(csv_bytes(rows)), plan=plan)


@time_machine.travel(TODAY)
def test_a_number_is_read_in_the_plan_of_the_rows_period(years, data_officer_user):
    _, new = years
    cin, other = measure("5"), measure("6")
    rows = [
        ["5", "2018-06", "", "305", "2018-19's number"],
        ["7", "2019-06", "", "330", "2019-20's number"],
        ["5", "2019-06", "", "12", "2019-20's 5 is another measure"],
        ["ind-05", "2019-07", "", "331", "by code"],
        ["5", "2016-04", "", "290", "before every plan: the earliest plan's number"],
        ["7", "2020-04", "", "335", "after every plan: the current plan's number"],
    ]

    result = check(rows, new)

    assert result.is_valid, [row.message for row in result.errors]
    assert [row.indicator.pk for row in result.rows] == [cin.pk, cin.pk, other.pk, cin.pk, cin.pk, cin.pk]
    assert [row.indicator_number for row in result.rows] == ["5", "7", "5", "7", "5", "7"]
    importer.apply(result, plan=new, user=data_officer_user)
    assert sorted(cin.values.values_list("value", flat=True)) == [290, 305, 330, 331, 335]
    assert other.values.get().value == Decimal("12")


@time_machine.travel(TODAY)
def test_a_number_not_on_the_periods_scorecard_is_refused_and_nothing_is_saved(years, data_officer_user):
    old, new = years
    rows = [
        ["7", "2019-06", "", "330", ""],
        ["69", "2018-06", "", "4", ""],
        ["10", "2019-06", "", "4", ""],
        ["99", "2019-06", "", "4", ""],
    ]

    result = check(rows, new)

    assert [row.message for row in result.errors] == [
        "Row 3: indicator 69 is not on the 2018-19 scorecard",
        "Row 4: indicator 10 is not on the 2019-20 scorecard",
        "Row 5: there is no indicator 99 in this plan",
    ]
    with pytest.raises(ImportRejected):
        importer.apply(result, plan=new, user=data_officer_user)
    assert not IndicatorValue.objects.exists()
    # The same numbers in the plans that list them are taken.
    assert check([["69", "2019-06", "", "4", ""], ["10", "2018-06", "", "4", ""]], old).is_valid


@time_machine.travel(TODAY)
def test_the_import_command_takes_codes_and_numbers(years, tmp_path, capsys):
    path = tmp_path / "values.csv"
    path.write_bytes(csv_bytes([["ind-05", "2019-06", "", "330", ""], ["5", "2018-06", "", "305", ""]]))

    call_command("import_values", str(path), "--dry-run")

    out = capsys.readouterr().out
    assert "Row 2: new 7, 2019-06: 330" in out
    assert "Row 3: new 5, 2018-06: 305" in out
    assert not IndicatorValue.objects.exists()

    path.write_bytes(csv_bytes([["10", "2019-06", "", "4", ""]]))
    with pytest.raises(CommandError) as refused:
        call_command("import_values", str(path))
    assert "Row 2: indicator 10 is not on the 2019-20 scorecard" in str(refused.value)


@pytest.fixture
def officer_client(client, years, data_officer_user):
    client.force_login(data_officer_user)
    return client


@time_machine.travel(TODAY)
def test_the_template_lists_each_indicators_number_in_the_plan_and_its_code(officer_client):
    response = officer_client.get("/plans/2019-20/scorecard/import/template.xlsx")

    sheet = load_workbook(io.BytesIO(response.content))["Indicators"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][:3] == ["indicator", "code", "title"]
    assert ["7", "ind-05", "Rate of Child In Need (CIN) (per 10k)"] in [row[:3] for row in rows]


@time_machine.travel(TODAY)
def test_exports_carry_the_plans_number_and_the_code(client, years, django_user_model):
    user = django_user_model.objects.create_user("viewer", password="a-long-test-password")
    user.groups.add(Group.objects.get(name=roles.VIEWER))
    client.force_login(user)

    new_rows = csv_dicts(csv_of(client.get("/plans/2019-20/scorecard/export.csv")))
    old_rows = csv_dicts(csv_of(client.get("/plans/2018-19/scorecard/export.csv")))

    cin = "Rate of Child In Need (CIN) (per 10k)"
    assert [(row["Number"], row["Code"]) for row in new_rows if row["Indicator"] == cin] == [("7", "ind-05")]
    assert [(row["Number"], row["Code"]) for row in old_rows if row["Indicator"] == cin] == [("5", "ind-05")]
    assert "ind-10" not in {row["Code"] for row in new_rows}
    IndicatorValue.objects.create(
        indicator=measure("5"),
        period_start=datetime.date(2019, 6, 1),
        period_end=datetime.date(2019, 6, 30),
        value=Decimal(330),
    )
    data = csv_dicts(csv_of(client.get("/plans/2019-20/scorecard/indicators/7/data.csv")))
    assert [(row["indicator"], row["code"], row["period"]) for row in data] == [("7", "ind-05", "2019-06")]


@time_machine.travel(TODAY)
def test_the_grid_numbers_a_period_by_the_scorecard_of_its_plan(officer_client):
    last_year = officer_client.get("/scorecard/entry/?period=2018-06").content.decode()
    this_year = officer_client.get("/scorecard/entry/?period=2019-06").content.decode()
    named = officer_client.get("/plans/2019-20/scorecard/entry/?period=2018-06").content.decode()

    assert "Indicator 5, overall" in last_year and "Indicator 10, overall" in last_year
    assert "Indicators as numbered on the 2018-19 scorecard" in last_year
    assert "Indicator 7, overall" in this_year and "Indicator 10, overall" not in this_year
    assert "Indicator 7, overall" in named  # the address names the plan year: its numbers
