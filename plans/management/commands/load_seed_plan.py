"""Load the adopted plan from its fixture, once.

`make run` calls this every time it starts. A plan that is already there is left alone unless
--force is given; even then, a fixture never rewrites a row that has changed since it was loaded
(plans.loading): the load is refused, naming the row, and nothing is written.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from plans.models import Plan

FIXTURE = "sscb_plan_2018_19"
PLAN_CODE = "2018-19"


class Command(BaseCommand):
    help = "Load the adopted 2018-19 plan (fixtures/sscb_plan_2018_19.json) unless it is already loaded."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load it again: adds rows missing from the plan; refused if any row changed since it was loaded.",
        )

    def handle(self, *args, force=False, **options):
        if Plan.objects.filter(code=PLAN_CODE).exists() and not force:
            self.stdout.write(f"The {PLAN_CODE} plan is already loaded; left as it is (use --force to reload it).")
            return
        call_command("loaddata", FIXTURE, verbosity=options["verbosity"])
