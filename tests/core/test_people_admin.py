"""Board administrators manage people in the admin, without being able to raise anyone above themselves."""

import pytest
from django.contrib.auth.models import Group
from django.contrib.auth.models import Permission as ModelPermission
from django.urls import reverse

from core.permissions import BOARD_ADMINISTRATOR, LEAD_OFFICER, PEOPLE_PERMISSIONS, ensure_roles
from plans.models import Officer
from tests.core.factories import UserFactory
from tests.plans.admin_forms import admin_form_data
from tests.plans.factories import OfficerFactory

pytestmark = pytest.mark.django_db


def user_url(view, *args):
    return reverse(f"admin:auth_user_{view}", args=args)


def post_user_change(client, user, changes):
    page = client.get(user_url("change", user.pk))
    assert page.status_code == 200
    return client.post(user_url("change", user.pk), admin_form_data(page, changes))


def test_board_administrator_role_holds_the_people_permissions():
    ensure_roles()

    held = set(Group.objects.get(name=BOARD_ADMINISTRATOR).permissions.values_list("codename", flat=True))

    assert set(PEOPLE_PERMISSIONS) <= held
    assert not {"delete_user", "change_group", "add_group", "change_permission"} & held


def test_board_administrator_can_list_add_and_change_people(board_admin_client):
    """Before: /admin/auth/user/ answered 403 to anyone but a superuser."""
    person = UserFactory(username="newstarter")

    assert board_admin_client.get(user_url("changelist")).status_code == 200
    assert board_admin_client.get(user_url("add")).status_code == 200
    response = post_user_change(
        board_admin_client, person, {"groups": [str(Group.objects.get(name=LEAD_OFFICER).pk)], "is_staff": ""}
    )

    assert response.status_code == 302
    assert list(person.groups.values_list("name", flat=True)) == [LEAD_OFFICER]


def test_board_administrator_can_link_an_officer_to_a_sign_in(board_admin_client):
    officer = OfficerFactory(name="Sam Lead")
    person = UserFactory(username="samlead")
    search = board_admin_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "plans", "model_name": "officer", "field_name": "user", "term": "samlead"},
    )
    page = board_admin_client.get(reverse("admin:plans_officer_change", args=[officer.pk]))

    response = board_admin_client.post(
        reverse("admin:plans_officer_change", args=[officer.pk]), admin_form_data(page, {"user": str(person.pk)})
    )

    assert search.status_code == 200
    assert [result["text"] for result in search.json()["results"]] == ["samlead"]
    assert response.status_code == 302
    assert Officer.objects.get(pk=officer.pk).user == person


@pytest.mark.parametrize("whom", ["someone else", "themselves"])
def test_board_administrator_cannot_make_anyone_a_superuser(board_admin_client, board_admin_user, whom):
    person = UserFactory(username="ordinary") if whom == "someone else" else board_admin_user

    response = post_user_change(board_admin_client, person, {"is_superuser": "on", "is_staff": "on"})

    assert response.status_code == 302
    person.refresh_from_db()
    assert not person.is_superuser


def test_board_administrator_sees_superuser_status_read_only_and_no_direct_permissions(board_admin_client):
    person = UserFactory(username="ordinary")

    form = board_admin_client.get(user_url("change", person.pk)).context["adminform"].form

    assert "is_superuser" not in form.fields
    assert "user_permissions" not in form.fields


def test_board_administrator_cannot_grant_a_permission_directly(board_admin_client):
    person = UserFactory(username="ordinary")
    permission = ModelPermission.objects.get(codename="delete_user")

    response = post_user_change(board_admin_client, person, {"user_permissions": [str(permission.pk)]})

    assert response.status_code == 302
    assert not person.user_permissions.exists()


def test_board_administrator_cannot_give_a_role_beyond_their_own(board_admin_client):
    person = UserFactory(username="ordinary")
    powerful = Group.objects.create(name="People managers")
    powerful.permissions.add(ModelPermission.objects.get(codename="delete_user"))

    response = post_user_change(board_admin_client, person, {"groups": [str(powerful.pk)]})

    assert response.status_code == 200
    assert "You cannot give a role that grants permissions you do not hold yourself: People managers." in (
        response.content.decode()
    )
    assert not person.groups.exists()


def test_board_administrator_cannot_change_a_superuser_or_set_their_password(board_admin_client, superuser):
    password = superuser.password

    change = board_admin_client.post(user_url("change", superuser.pk), {"username": "taken-over", "is_superuser": "on"})
    set_password = board_admin_client.post(
        user_url("password_change", superuser.pk),
        {"password1": "a-new-long-password-123", "password2": "a-new-long-password-123"},
    )

    assert change.status_code == 403
    assert set_password.status_code == 403
    superuser.refresh_from_db()
    assert (superuser.username, superuser.password) == ("superuser", password)


def test_superuser_still_manages_superuser_status_and_permissions(admin_client):
    person = UserFactory(username="promoted")

    response = post_user_change(admin_client, person, {"is_superuser": "on", "is_staff": "on"})

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.is_superuser
