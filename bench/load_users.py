"""Sign-ins for the load test (bench/load.sh): lead officers who each lead two projects.

    DATABASE_URL=... LOAD_PASSWORD=... python bench/load_users.py 50

Creates (or resets) users load-01 ... load-50 in the Lead officer role, each linked to an officer
record of their own ("Load officer 01" ...) that is a lead officer of two of the current plan's
projects, spread so that each project has several: their updates can meet, as they do in use, and
the second to save is told (409) to read what changed. Only for the throwaway load-test database.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sscb.settings")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import transaction  # noqa: E402

from core import permissions as roles  # noqa: E402
from plans.models import Officer, Plan, Project  # noqa: E402

PROJECTS_EACH = 2


def create_load_users(count, password):
    """[(username, [project number, ...])] for `count` load users, all with `password`."""
    plan = Plan.objects.current()
    if plan is None:
        raise SystemExit("No plan is loaded: run load_seed_plan first.")
    projects = list(Project.objects.filter(plan=plan).order_by("sort_key"))
    lead = Group.objects.get(name=roles.LEAD_OFFICER)
    User = get_user_model()
    made = []
    with transaction.atomic():
        for index in range(count):
            username = f"load-{index + 1:02d}"
            user, _ = User.objects.get_or_create(username=username)
            user.first_name, user.last_name = "Load", f"Officer {index + 1:02d}"
            user.set_password(password)
            user.save()
            user.groups.set([lead])
            officer, _ = Officer.objects.get_or_create(name=f"Load officer {index + 1:02d}")
            officer.user = user
            officer.save()
            led = [projects[(index + step * 11) % len(projects)] for step in range(PROJECTS_EACH)]
            for project in led:
                project.lead_officers.add(officer)
            made.append((username, [project.number for project in led]))
    return made


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    password = os.environ.get("LOAD_PASSWORD", "")
    if len(password) < 12:
        raise SystemExit("Set LOAD_PASSWORD to the load users' password (12 characters or more).")
    made = create_load_users(count, password)
    print(f"{len(made)} load users, each leading {PROJECTS_EACH} projects (load-01 leads {', '.join(made[0][1])}).")


if __name__ == "__main__":
    main()
