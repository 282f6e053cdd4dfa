"""Raising an action from its source: an action agreed at a meeting, an action on a scorecard exception (the
indicator page), on a project update (the project page), and the action answering a learning matrix's
recommendation. Each uses the same form and lands on the one action tracker."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from core.forms import error_summary
from core.permissions import Permission, check_permission, require_permission
from indicators.listing import listed_indicator
from plans.models import Project
from plans.viewing import closed_plan_refusal, viewed_plan

from ..forms import SourcedActionForm
from ..models import Action, Meeting, Recommendation

# A recommendation's source, as the source of the action that answers it (an inspection's is board challenge:
# the board holds the partnership to the inspectors' findings).
RECOMMENDATION_SOURCES = {
    Recommendation.Source.REVIEW: Action.Source.REVIEW,
    Recommendation.Source.AUDIT: Action.Source.AUDIT,
    Recommendation.Source.INSPECTION: Action.Source.CHALLENGE,
    Recommendation.Source.CHALLENGE: Action.Source.CHALLENGE,
}


def _raise(request, *, source, links, heading, back_url, back_label, initial=None):
    form = SourcedActionForm(request.POST or None, source=source, links=links, initial=initial or {})
    if request.method == "POST" and form.is_valid():
        action = form.save()
        messages.success(request, f"The action is raised and {action.owner} is its owner.")
        return redirect("assurance:action", pk=action.pk)
    context = {
        "heading": heading,
        "back_url": back_url,
        "back_label": back_label,
        "form": form,
        "error_summary": error_summary(form),
    }
    return render(request, "assurance/raise_action.html", context, status=400 if form.is_bound else 200)


@require_http_methods(["GET", "POST"])
@require_permission(Permission.MANAGE_ASSURANCE)
def meeting_action(request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("board"), pk=pk)
    return _raise(
        request,
        source=Action.Source.MEETING,
        links={"meeting": meeting},
        heading=f"Record an action agreed at the {meeting}",
        back_url=reverse("assurance:meeting", args=[meeting.pk]),
        back_label="Back to the meeting",
    )


@require_http_methods(["GET", "POST"])
@require_permission(Permission.WRITE_COMMENTARY)
def indicator_action(request, number):
    """Those who may write commentary on the indicator (board administrators, who also manage assurance, and
    members of its lead board) raise an action on its exception."""
    plan = viewed_plan(request)
    if plan.is_read_only:
        return closed_plan_refusal(request, plan)
    indicator = listed_indicator(plan, number=number)  # as the viewed plan numbers it
    if indicator is None:
        raise Http404(f"The {plan.code} scorecard has no indicator {number}.")
    check_permission(request.user, Permission.WRITE_COMMENTARY, indicator)
    return _raise(
        request,
        source=Action.Source.EXCEPTION,
        links={"indicator": indicator},
        heading=f"Raise an action on the exception of indicator {indicator.number}, {indicator.title}",
        back_url=reverse("indicators:indicator", args=[indicator.number]),
        back_label="Back to the indicator",
    )


@require_http_methods(["GET", "POST"])
@require_permission(Permission.MANAGE_ASSURANCE)
def project_action(request, number):
    plan = viewed_plan(request)
    if plan.is_read_only:
        return closed_plan_refusal(request, plan)
    project = get_object_or_404(Project.objects.filter(plan=plan), number=number)
    return _raise(
        request,
        source=Action.Source.PROJECT,
        links={"project": project},
        heading=f"Raise an action from the update of project {project.number}, {project.title}",
        back_url=reverse("plans:project", args=[project.number]),
        back_label="Back to the project",
    )


@require_http_methods(["GET", "POST"])
@require_permission(Permission.MANAGE_ASSURANCE)
def recommendation_action(request, pk):
    recommendation = get_object_or_404(Recommendation.objects.select_related("review", "audit", "owner"), pk=pk)
    links = {"recommendation": recommendation, "review": recommendation.review, "audit": recommendation.audit}
    if recommendation.audit is not None:
        links["project"] = recommendation.audit.project
    return _raise(
        request,
        source=RECOMMENDATION_SOURCES[recommendation.source],
        links=links,
        heading=f"Turn a recommendation from {recommendation.source_name} into an action",
        back_url=reverse("assurance:learning_matrix"),
        back_label="Back to the learning matrix",
        initial={"finding": recommendation.text, "owner": recommendation.owner_id},
    )
