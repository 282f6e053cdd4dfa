"""Each agency's view of the board's assurance work: "what does this board expect of us, and where are we"."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from core.dates import today as site_today
from core.permissions import Permission, require_permission
from plans.models import Agency

from ..models import Action, Attendance, Audit, Recommendation, Risk


@require_safe
@require_permission(Permission.VIEW)
def agency_list(request):
    return render(request, "assurance/agency_list.html", {"agencies": Agency.objects.filter(is_active=True)})


@require_safe
@require_permission(Permission.VIEW)
def agency_detail(request, pk):
    agency = get_object_or_404(Agency, pk=pk)
    today = site_today()
    audits = Audit.objects.filter(agencies=agency).select_related("cycle").prefetch_related("returns__ratings")
    returns = []
    for audit in audits:
        item = next((row for row in audit.returns.all() if row.agency_id == agency.pk), None)
        submitted = item.submitted_on if item else None
        overdue = submitted is None and audit.return_deadline is not None and audit.return_deadline < today
        returns.append((audit, item, overdue))
    context = {
        "agency": agency,
        "returns": returns,
        "actions": Action.objects.filter(owner__agency=agency).select_related("owner__agency"),
        "recommendations": Recommendation.objects.filter(owner__agency=agency).select_related("review", "audit"),
        "attendance": Attendance.objects.filter(agency=agency).select_related("meeting__board"),
        "risks": Risk.objects.filter(owner__agency=agency, is_open=True).select_related("owner"),
    }
    return render(request, "assurance/agency_detail.html", context)
