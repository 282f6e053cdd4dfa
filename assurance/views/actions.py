"""One action tracker: every action with filters and downloads, "My actions", and an action with its progress."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from core import downloads
from core.forms import error_summary
from core.permissions import Permission, get_object_or_403, has_permission, require_permission
from plans.queries import officer_for

from .. import actions, exports
from ..filters import ActionFilter
from ..forms import ActionUpdateForm
from ..models import Action

ACTIONS = Action.objects.select_related("owner__agency", "audit__cycle", "meeting__board", "project", "indicator")


def _filtered(request):
    filterset = ActionFilter(request.GET or None, queryset=ACTIONS)
    valid = not filterset.is_bound or filterset.is_valid()
    return filterset, (filterset.qs if filterset.is_bound and valid else ACTIONS.all()), valid


@require_safe
@require_permission(Permission.VIEW)
def action_list(request):
    filterset, items, valid = _filtered(request)
    context = {
        "filter": filterset,
        "actions": items,
        "filter_invalid": not valid,
        "is_filtered": filterset.is_bound and valid and any(request.GET.values()),
        "query": request.GET.urlencode(),
    }
    return render(request, "assurance/action_list.html", context)


@require_safe
@require_permission(Permission.VIEW)
def action_csv(request):
    _filterset, items, _valid = _filtered(request)
    return downloads.csv_response(exports.filename("csv"), exports.HEADER, exports.action_rows(items))


@require_safe
@require_permission(Permission.VIEW)
def action_xlsx(request):
    _filterset, items, _valid = _filtered(request)
    return downloads.xlsx_response(exports.workbook(exports.action_rows(items)), exports.filename("xlsx"))


@require_safe
@require_permission(Permission.VIEW)
def my_actions(request):
    officer = officer_for(request.user)
    items = ACTIONS.filter(owner=officer).open() if officer else Action.objects.none()
    return render(request, "assurance/my_actions.html", {"officer": officer, "actions": items})


def _action_page(request, action, form=None, status=200):
    can_update = has_permission(request.user, Permission.UPDATE_OWN_ACTION, action)
    form = form or ActionUpdateForm(initial={"status": action.status, "evidence": action.evidence})
    context = {
        "action": action,
        "updates": action.updates.select_related("author"),
        "can_update": can_update,
        "form": form,
        "error_summary": error_summary(form),
    }
    return render(request, "assurance/action_detail.html", context, status=status)


@require_safe
@require_permission(Permission.VIEW)
def action_detail(request, pk):
    return _action_page(request, get_object_or_404(ACTIONS, pk=pk))


@require_POST
@require_permission(Permission.UPDATE_OWN_ACTION)
def action_update(request, pk):
    action = get_object_or_403(request.user, Permission.UPDATE_OWN_ACTION, ACTIONS, pk=pk)
    form = ActionUpdateForm(request.POST)
    if not form.is_valid():
        return _action_page(request, action, form, status=400)
    actions.update_action(action=action, author=request.user, **form.cleaned_data)
    messages.success(request, "Your progress note is saved.")
    return redirect("assurance:action", pk=action.pk)
