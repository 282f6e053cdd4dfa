"""Import indicator values (or, with --comparators, comparators) from a CSV or XLSX file.

    python manage.py import_values values-2018-04.xlsx --dry-run
    python manage.py import_values values-2018-04.xlsx --user dana

The file is laid out as the import page's template (indicator, period, category, value, note, and, for a
percentage, rate or average, numerator and denominator). Every row is checked first; if any row is bad
nothing is saved, the bad rows are listed and the command exits with a non-zero status.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from indicators import importer
from plans.models import Plan


class Command(BaseCommand):
    help = "Import indicator values (or comparators) from a .csv or .xlsx file: all rows or none."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The .csv or .xlsx file.")
        parser.add_argument("--dry-run", action="store_true", help="Show what would change; save nothing.")
        parser.add_argument("--comparators", action="store_true", help="The file holds comparators, not values.")
        parser.add_argument("--plan", help="The plan's code, such as 2018-19 (default: the current plan).")
        parser.add_argument("--user", help="The username recorded as having entered the values.")

    def handle(self, *args, file, dry_run=False, comparators=False, plan=None, user=None, **options):
        kind = importer.COMPARATORS if comparators else importer.VALUES
        target = self._plan(plan)
        entered_by = self._user(user)
        path = Path(file)
        try:
            with path.open("rb") as handle:
                rows = importer.read_table(handle, path.name, kind=kind)
        except FileNotFoundError:
            raise CommandError(f"There is no file {file}.") from None
        except IsADirectoryError:
            raise CommandError(f"{file} is a folder, not a file.") from None
        except importer.ImportFileError as error:
            raise CommandError(f"{path.name}: {error}") from None

        result = importer.preview(rows, plan=target, kind=kind)
        for row in result.rows:
            if row.kind == importer.UNCHANGED:
                continue
            self.stdout.write(self._line(row, kind))
        counts = result.counts
        self.stdout.write(
            f"{counts['new']} new, {counts['changed']} changed, {counts['unchanged']} unchanged, "
            f"{counts['error']} with errors ({result.total} rows)."
        )
        if not result.is_valid:
            listed = "\n".join(f"  {row.message}" for row in result.errors)
            raise CommandError(f"{counts['error']} row(s) have errors; nothing has been saved:\n{listed}")
        if dry_run:
            self.stdout.write("Dry run: nothing has been saved.")
            return
        try:
            # The preview just shown: a row changed by someone else since is refused, not overwritten.
            saved = importer.apply(result, plan=target, user=entered_by, kind=kind, filename=path.name)
        except importer.ImportRejected as rejected:
            listed = "\n".join(f"  {row.message}" for row in rejected.preview.errors)
            raise CommandError(f"Rows changed while importing; nothing has been saved:\n{listed}") from None
        except importer.ImportConflict as conflict:
            listed = "\n".join(f"  {item.where}: {item.message}" for item in conflict.conflicts)
            raise CommandError(f"Rows changed while importing; nothing has been saved:\n{listed}") from None
        noun = "comparators" if comparators else "values"
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {saved['total']} {noun}: {saved['new']} new, {saved['changed']} changed, "
                f"{saved['unchanged']} unchanged."
            )
        )

    @staticmethod
    def _line(row, kind):
        where = row.area if kind == importer.COMPARATORS else row.category_name
        label = f"{row.indicator_number}{f' ({where})' if where else ''}, {row.period_code or '?'}"
        if row.kind == importer.ERROR:
            return f"{row.message}"
        if row.kind == importer.CHANGED:
            line = f"Row {row.row_number}: changed {label}: {row.old_value_text} → {row.new_value_text}"
        else:
            line = f"Row {row.row_number}: new {label}: {row.new_value_text}"
        # The reason says what happens to a numerator and denominator (given, changed or removed), as the preview does.
        return f"{line} ({row.reason[:1].lower()}{row.reason[1:].rstrip('.')})" if row.reason else line

    @staticmethod
    def _plan(code):
        if code:
            try:
                return Plan.objects.get(code=code)
            except Plan.DoesNotExist:
                raise CommandError(f"There is no plan {code}.") from None
        plan = Plan.objects.current()
        if plan is None:
            raise CommandError("No plan has been loaded yet.")
        return plan

    @staticmethod
    def _user(username):
        if not username:
            return None
        model = get_user_model()
        try:
            return model.objects.get(**{model.USERNAME_FIELD: username})
        except model.DoesNotExist:
            raise CommandError(f"There is no user {username}.") from None
