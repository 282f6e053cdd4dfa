"""Write (or, with --clear, remove) demonstration figures for every indicator of the current plan.

    python manage.py generate_demo_values                     # 2014-15 to 2018-19, seed 2018
    python manage.py generate_demo_values --years 3 --seed 7 --end 2018-09
    python manage.py generate_demo_values --clear

The figures are made up: every row is marked is_demo and the site shows a banner while any exist.
What is generated, and how, is described in demo/series.py. Refused when DEBUG is off (--clear is not:
removing demonstration rows is always safe).
"""

from django.core.management.base import BaseCommand, CommandError

from demo import series, values
from demo.guard import DemoRefused, refuse_without_debug
from indicators.periods import PeriodError
from plans.models import Plan


def positive(text):
    number = int(text)
    if number < 1:
        raise ValueError(text)
    return number


class Command(BaseCommand):
    help = (
        "Replace the demonstration (is_demo) values, targets and comparators of the current plan's indicators "
        "with plausible, reproducible made-up ones: every period of each indicator's frequency in the given "
        "financial years. Real rows (is_demo false) are never changed or deleted, and a demonstration figure is "
        "not written where a real one exists; nothing is written in a signed-off (locked) period. The rows are "
        "written and deleted in bulk, bypassing the change history (django-simple-history): demonstration "
        "data has no history. --clear removes the demonstration rows and writes nothing. Refused (except --clear) "
        "when DEBUG is off."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--years", type=positive, default=series.DEFAULT_YEARS, help="Financial years to cover (default: 5)."
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=series.DEFAULT_SEED,
            help="Random seed: the same seed gives the same figures (default: 2018).",
        )
        parser.add_argument(
            "--end",
            default=series.DEFAULT_END,
            help="The last month reported, as 2019-03 (a quarter, 2018-19 Q4, or a year, 2018-19, also do). "
            "The years end with the financial year containing it (default: 2019-03, so 2014-15 to 2018-19).",
        )
        parser.add_argument("--clear", action="store_true", help="Remove every demonstration row and write nothing.")

    def handle(self, *args, years, seed, end, clear=False, **options):
        if clear:
            outcome = values.clear()
            self._counts("Removed", outcome.deleted)
            self._kept(outcome)
            return
        try:
            refuse_without_debug("Demonstration figures")
        except DemoRefused as error:
            raise CommandError(str(error)) from None
        try:
            last_day = series.end_of(end)
        except PeriodError as error:
            raise CommandError(f"--end: {error}") from None
        plan = Plan.objects.current()
        if plan is None:
            raise CommandError(
                "No plan is loaded, so there are no indicators to make figures for. "
                "Load one first: python manage.py loaddata sscb_plan_2018_19"
            )
        if not plan.indicators.exists():
            raise CommandError(f"The current plan ({plan.code}) has no indicators to make figures for.")
        outcome = values.write(plan, end=last_day, years=years, seed=seed)
        self.stdout.write(
            f"Demonstration data for plan {plan.code}, {values.describe_years(outcome)} "
            f"up to {last_day:%d %B %Y}, seed {seed}."
        )
        self._counts("Removed first", outcome.deleted)
        self._counts("Written", outcome.written)
        if outcome.skipped_real:
            self.stdout.write(f"  {outcome.skipped_real} value(s) not written: a real value exists.")
        if outcome.skipped_locked:
            self.stdout.write(f"  {outcome.skipped_locked} value(s) not written: the period is locked.")
        self._kept(outcome)

    def _counts(self, heading, counts):
        self.stdout.write(f"{heading}: " + ", ".join(f"{count:,} {label}" for label, count in counts.items()) + ".")

    def _kept(self, outcome):
        if outcome.kept_locked:
            self.stdout.write(
                f"  {outcome.kept_locked} demonstration value(s) kept in locked periods: "
                "unlock those periods to remove them."
            )
