"""Bulk import from the command line: python manage.py import_values."""

from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from indicators import importer
from indicators.models import Comparator, IndicatorValue
from tests.indicators.import_files import COMPARATOR_HEADER, GOOD_ROWS, csv_bytes, read, xlsx_bytes

# --------------------------------------------------------------------------- the command


def write(tmp_path, content, name="values.csv"):
    path = tmp_path / name
    path.write_bytes(content)
    return str(path)


def test_command_dry_run_prints_the_preview_and_saves_nothing(plan, officer, tmp_path, capsys):
    importer.apply(read(csv_bytes(GOOD_ROWS[:1])), plan=plan, user=officer)
    rows = [["1", "2018-04", "", "1300", ""], *GOOD_ROWS[1:3]]
    call_command("import_values", write(tmp_path, csv_bytes(rows)), "--dry-run")
    out = capsys.readouterr().out
    assert "Row 2: changed 1, 2018-04: 1234 → 1300" in out
    assert "Row 3: new 4 (Police), 2018-04: 23.5" in out
    assert "2 new, 1 changed, 0 unchanged, 0 with errors (3 rows)." in out
    assert "Dry run: nothing has been saved." in out
    assert IndicatorValue.objects.count() == 1
    assert IndicatorValue.objects.get().value == 1234


def test_command_imports_a_workbook(plan, officer, tmp_path, capsys):
    call_command("import_values", write(tmp_path, xlsx_bytes(GOOD_ROWS), "values.xlsx"), "--user", "dana")
    assert "Imported 6 values: 6 new, 0 changed, 0 unchanged." in capsys.readouterr().out
    assert IndicatorValue.objects.count() == 6
    assert set(IndicatorValue.objects.values_list("entered_by", flat=True)) == {officer.pk}


def test_command_with_a_bad_row_exits_non_zero_naming_it(plan, tmp_path):
    path = write(tmp_path, csv_bytes([*GOOD_ROWS, ["99", "2018-04", "", "1", ""]]))
    for extra in ([], ["--dry-run"]):
        with pytest.raises(CommandError) as caught:
            call_command("import_values", path, *extra)
        assert "1 row(s) have errors; nothing has been saved" in str(caught.value)
        assert "Row 8: there is no indicator 99 in this plan" in str(caught.value)
    assert IndicatorValue.objects.count() == 0


def test_command_refuses_a_bad_file(plan, tmp_path):
    with pytest.raises(CommandError, match=r"values\.xlsx: The file is named \.xlsx but is text"):
        call_command("import_values", write(tmp_path, b"indicator,period,value\r\n", "values.xlsx"))
    with pytest.raises(CommandError, match="There is no file"):
        call_command("import_values", str(tmp_path / "missing.csv"))


def test_command_imports_comparators(plan, tmp_path, capsys):
    content = csv_bytes([["24", "2017-18", "England", "17.8", "ONS"]], header=COMPARATOR_HEADER)
    call_command("import_values", write(tmp_path, content), "--comparators")
    assert "Imported 1 comparators: 1 new" in capsys.readouterr().out
    assert Comparator.objects.get().value == Decimal("17.8")
