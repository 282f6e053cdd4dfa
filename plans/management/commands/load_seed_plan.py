"""Load the adopted plan from its fixture, once.

`make run` calls this every time it starts. Loading the fixture over a database in use would put
every project's status and every officer's sign-in link back to the adopted plan's, so a plan that
is already there is left alone unless --force is given.
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
            help="Load it again: puts the plan's rows back as adopted (status updates and history are kept).",
        )

    def handle(self, *args, force=False, **options):
        if Plan.objects.filter(code=PLAN_CODE).exists() and not force:
            self.stdout.write(f"The {PLAN_CODE} plan is already loaded; left as it is (use --force to reload it).")
            return
        call_command("loaddata", FIXTURE, verbosity=options["verbosity"])
