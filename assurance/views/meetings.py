"""Board and programme board meetings: attendance and quoracy, agenda items, decisions and the actions agreed."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from core.forms import error_summary
from core.permissions import Permission, has_permission, require_permission
from plans.viewing import closed_plan_refusal, viewed_plan

from .. import actions
from ..forms import MeetingForm
from ..models import Meeting


@require_safe
@require_permission(Permission.VIEW)
def meeting_list(request):
    meetings = Meeting.objects.select_related("board").prefetch_related("attendance__agency", "items__decisions")
    context = {"meetings": meetings, "can_manage": has_permission(request.user, Permission.MANAGE_ASSURANCE)}
    return render(request, "assurance/meeting_list.html", context)


@require_safe
@require_permission(Permission.VIEW)
def meeting_detail(request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("board"), pk=pk)
    context = {
        "meeting": meeting,
        "attendance": meeting.attendance.select_related("agency"),
        "items": meeting.items.select_related("project", "indicator", "audit").prefetch_related("decisions"),
        "actions": meeting.actions.select_related("owner__agency"),
        "can_manage": has_permission(request.user, Permission.MANAGE_ASSURANCE),
    }
    return render(request, "assurance/meeting_detail.html", context)


@require_http_methods(["GET", "POST"])
@require_permission(Permission.MANAGE_ASSURANCE)
def meeting_new(request):
    plan = viewed_plan(request)
    if plan.is_read_only:
        return closed_plan_refusal(request, plan)
    form = MeetingForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if Meeting.objects.filter(board=data["board"], held_on=data["held_on"]).exists():
            form.add_error("held_on", f"{data['board']} already has a meeting on this day.")
        else:
            meeting = actions.record_meeting(**data)
            messages.success(request, "The meeting is recorded.")
            return redirect("assurance:meeting", pk=meeting.pk)
    context = {"form": form, "error_summary": error_summary(form)}
    return render(request, "assurance/meeting_form.html", context, status=400 if form.is_bound else 200)
