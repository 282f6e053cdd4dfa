"""Helpers for the plan workbook tests: a workbook's cells, and workbooks made from rows."""

import io

from openpyxl import load_workbook

from indicators.workbook import export, read


def empty_database():
    """Every table emptied inside the test's transaction, as on a new site (the test's rollback restores them)."""
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # TRUNCATE refuses a table with checks pending
    call_command("flush", interactive=False, verbosity=0)


def cells(content):
    """{sheet title: [row of cell values]} of an .xlsx file's bytes."""
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    try:
        return {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in workbook.worksheets}
    finally:
        workbook.close()


def sheets_of(rows):
    """The sheets as read_workbook gives them, from rows of the template's columns (written and read back)."""
    return read.read_workbook(io.BytesIO(export.write_workbook(rows)), "plan.xlsx")


def upload(content, name="plan.xlsx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(
        name, content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
