"""Create one demo sign-in per role for a local demonstration. Never with DEBUG off.

The passwords below are in the repository, so these accounts must never work on a real site: this
command refuses to run with DEBUG off, and core.auth refuses their sign-in with DEBUG off even where
they were made earlier (their user names start with core.auth.DEMO_USERNAME_PREFIX).
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core import permissions as roles
from core.dates import today as site_today
from demo.guard import DemoRefused, refuse_without_debug
from plans.models import Officer, Plan, ProgrammeBoard

# (username, full name, role, the seed officer it stands for, password). Local demonstration only: every
# username starts with core.auth.DEMO_USERNAME_PREFIX, so none of these can sign in with DEBUG off.
DEMO_USERS = [
    ("demo-admin", "Demo Board Administrator", roles.BOARD_ADMINISTRATOR, None, "demo-board-admin-2018"),
    ("demo-lead", "Lynne Thomas (demo)", roles.LEAD_OFFICER, "Lynne Thomas", "demo-lead-officer-2018"),
    ("demo-lead2", "Nicola Morrow (demo)", roles.LEAD_OFFICER, "Nicola Morrow", "demo-lead-officer-2019"),
    ("demo-data", "Demo Data Officer", roles.DATA_OFFICER, None, "demo-data-officer-2018"),
    ("demo-board", "Demo Programme Board Member", roles.PROGRAMME_BOARD_MEMBER, None, "demo-board-member-2018"),
    ("demo-viewer", "Demo Viewer", roles.VIEWER, None, "demo-viewer-2018-19"),
]
# The demo programme board member sits on the board that leads most scorecard indicators.
DEMO_BOARD = "P&QA PB"


class Command(BaseCommand):
    help = "Create (or reset) one demo user per role and print how to sign in. Refused when DEBUG is off."

    def handle(self, *args, **options):
        try:
            refuse_without_debug("Demo users")
        except DemoRefused as error:
            raise CommandError(str(error)) from None
        roles.ensure_roles()
        User = get_user_model()
        rows = []
        with transaction.atomic():
            for username, full_name, role, officer_name, password in DEMO_USERS:
                first, _, last = full_name.partition(" ")
                user, _ = User.objects.get_or_create(username=username)
                user.first_name, user.last_name = first, last
                user.email = f"{username}@example.org"
                user.is_staff = role == roles.BOARD_ADMINISTRATOR
                user.set_password(password)
                user.save()
                user.groups.set([Group.objects.get(name=role)])
                linked = ""
                if officer_name:
                    officer = Officer.objects.filter(name=officer_name).first()
                    if officer is not None:
                        Officer.objects.filter(user=user).exclude(pk=officer.pk).update(user=None)
                        officer.user = user
                        if not officer.email:
                            officer.email = user.email
                        officer.save()
                        linked = f" (lead officer {officer.name})"
                if role == roles.PROGRAMME_BOARD_MEMBER:
                    board = ProgrammeBoard.objects.filter(short_name=DEMO_BOARD).first()
                    if board is not None:
                        board.members.add(user)
                        linked = f" (member of {board.short_name})"
                rows.append((username, password, role + linked))

        self.stdout.write(self.style.SUCCESS("Demo sign-ins (local only; DEBUG is on):"))
        for username, password, role in rows:
            self.stdout.write(f"  {username:<12} {password:<24} {role}")
        self.stdout.write("Sign in at http://127.0.0.1:8000/ with any of them.")
        plan = Plan.objects.current()
        if plan is not None and plan.judged_on() < site_today():
            self.stdout.write(
                f"The {plan.code} plan's year ended on {plan.ends_on:%-d %B %Y}: its pages judge it at its close. "
                "A board administrator starts the next year at http://127.0.0.1:8000/plan-years/start/."
            )
