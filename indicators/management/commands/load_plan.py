"""Load a plan from a workbook laid out as the template (docs/plan-workbook.md), as a draft plan.

    python manage.py load_plan plan-2020-21.xlsx --dry-run
    python manage.py load_plan plan-2020-21.xlsx

Every row of every sheet is checked first; if any is bad nothing is saved, each problem is listed with its
sheet, row and reason, and the command exits with status 1.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from indicators.workbook import read
from indicators.workbook.load import WorkbookRejected, load_plan


class Command(BaseCommand):
    help = "Load a plan from an .xlsx workbook as a draft: all of it or nothing."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The .xlsx workbook.")
        parser.add_argument("--dry-run", action="store_true", help="Check the workbook and say what it would make.")

    def handle(self, *args, file, dry_run=False, **options):
        path = Path(file)
        try:
            with path.open("rb") as handle:
                sheets = read.read_workbook(handle, path.name)
        except (FileNotFoundError, IsADirectoryError):
            raise CommandError(f"There is no file {file}.") from None
        except read.ImportFileError as error:
            raise CommandError(f"{path.name}: {error}") from None
        try:
            plan, checked = load_plan(sheets, dry_run=dry_run)
        except WorkbookRejected as rejected:
            listed = "\n".join(f"  {problem}" for problem in rejected.problems)
            raise CommandError(
                f"{len(rejected.problems)} problem(s) in {path.name}; nothing has been saved:\n{listed}"
            ) from None
        counts = ", ".join(f"{count} {name.lower()}" for name, count in checked.counts().items() if count)
        counts = f"rows read: {counts}; boards and breakdowns the site already has are used as they are"
        if dry_run:
            self.stdout.write(
                f"Dry run: {path.name} would make the draft plan {checked.rows['Plan'][0]['code']} "
                f"({counts}). Nothing has been saved."
            )
            return
        self.stdout.write(self.style.SUCCESS(f"Loaded {plan.code} as a draft plan ({counts})."))
