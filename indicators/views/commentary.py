"""Editing commentary: each save is a new version, kept with its writer; an edit from an out-of-date page is refused."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from core.forms import error_summary
from core.permissions import Permission, check_permission, require_permission
from plans.viewing import viewed_plan

from ..actions import CommentaryConflict, latest_version, save_commentary
from ..commentary import with_versions
from ..forms import CommentaryEditForm
from ..listing import listed_indicator
from ..models import Commentary


@require_http_methods(["GET", "POST"])
@require_permission(Permission.VIEW)
def edit_commentary(request, number, pk):
    plan = viewed_plan(request)
    indicator = listed_indicator(plan, number=number)
    if indicator is None:
        raise Http404(f"The {plan.code} scorecard has no indicator {number}.")
    check_permission(
        request.user,
        Permission.WRITE_COMMENTARY,
        indicator,
        f"Only members of the {indicator.lead_board} can write commentary on this indicator.",
    )
    commentary = get_object_or_404(Commentary.objects.select_related("author"), pk=pk, indicator=indicator)
    status = 200
    if request.method == "POST":
        form = CommentaryEditForm(request.POST, instance=commentary, plan=plan, prefix="commentary")
        if form.is_valid():
            try:
                save_commentary(
                    commentary=form.save(commit=False),
                    user=request.user,
                    projects=form.cleaned_data["projects"],
                    seen_version=form.cleaned_data["seen_version"],
                )
            except CommentaryConflict as conflict:
                form.add_error(None, conflict.message)
                # Brought up to date: saving again replaces the other text knowingly (both stay in history).
                form.data = form.data.copy()
                form.data[form.add_prefix("seen_version")] = str(conflict.latest.history_id)
                status = 409
            else:
                messages.success(request, f"Commentary for {commentary.period.label} saved as a new version.")
                return redirect("indicators:indicator", number=indicator.number)
    else:
        latest = latest_version(commentary)
        form = CommentaryEditForm(
            instance=commentary,
            plan=plan,
            prefix="commentary",
            initial={"seen_version": str(latest.history_id) if latest else ""},
        )
    [shown] = with_versions([Commentary.objects.select_related("author").get(pk=commentary.pk)])
    context = {
        "plan": plan,
        "indicator": indicator,
        "commentary": shown,
        "form": form,
        "error_summary": error_summary(form),
    }
    return render(request, "indicators/commentary_edit.html", context, status=status)
