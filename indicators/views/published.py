"""The published scorecard, open to anyone, and the page where board administrators choose what it shows."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponseNotFound
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from core import downloads
from core.dates import today as site_today
from core.permissions import Permission, require_permission
from plans.models import Plan
from plans.viewing import viewed_plan

from ..forms import PublishingForm
from ..listing import listed_indicators
from ..models import Comparator, Indicator, PublicationSettings
from ..public_scorecard import CSV_HEADER, build_public_scorecard, csv_rows, save_publishing

NOT_PUBLISHED = "The scorecard is not published."


def _publication_or_none():
    """The site's publication settings when publishing is on and a plan is loaded, else None."""
    publication = PublicationSettings.current()
    if not publication.is_enabled:
        return None, None
    plan = Plan.objects.current()
    if plan is None:
        return None, None
    return publication, plan


@login_not_required
@require_safe
def published_scorecard(request):
    publication, plan = _publication_or_none()
    if publication is None:
        return render(request, "indicators/published_off.html", {"message": NOT_PUBLISHED}, status=404)
    scorecard = build_public_scorecard(plan, today=site_today())
    context = {
        "publication": publication,
        "plan_title": plan.title,
        "scorecard": scorecard,
        "row_count": len(scorecard.rows),
        "comparator_labels": Comparator.Area.labels,
    }
    return render(request, "indicators/published.html", context)


@login_not_required
@require_safe
def published_csv(request):
    publication, plan = _publication_or_none()
    if publication is None:
        return HttpResponseNotFound(NOT_PUBLISHED, content_type="text/plain; charset=utf-8")
    scorecard = build_public_scorecard(plan, today=site_today())
    return downloads.csv_response("published-scorecard.csv", CSV_HEADER, csv_rows(scorecard))


# --------------------------------------------------------------------------- choosing what is published


@require_http_methods(["GET", "HEAD", "POST"])
@require_permission(Permission.CHOOSE_PUBLISHED)
def publishing(request):
    plan = viewed_plan(request)
    # The form chooses among the plan's indicators; the checklist shows them as the plan lists them.
    indicators = Indicator.objects.filter(entries__plan=plan)
    listed = listed_indicators(plan)
    instance = PublicationSettings.current()
    saved = PublicationSettings.current()  # as stored: the form's validation changes `instance`
    if request.method == "POST":
        form = PublishingForm(request.POST, instance=instance, indicators=indicators)
        if form.is_valid():
            save_publishing(
                **{name: form.cleaned_data[name] for name in PublishingForm.Meta.fields},
                indicators=indicators,
                chosen=form.cleaned_data["indicators"],
                without_numerator=form.cleaned_data["without_numerator"],
                user=request.user,
            )
            count = len(form.cleaned_data["indicators"])
            state = "on" if form.cleaned_data["is_enabled"] else "off"
            messages.success(
                request,
                f"Saved. Publishing is {state}; {count} indicator{'s' if count != 1 else ''} chosen for the "
                "public scorecard.",
            )
            return redirect("indicators:publishing")
    else:
        form = PublishingForm(instance=instance, indicators=indicators)
    chosen = {str(value) for value in (form["indicators"].value() or [])}
    safe = {str(value) for value in (form["without_numerator"].value() or [])}
    by_outcome = {}
    for indicator in listed:
        # (indicator, chosen, marked safe without a numerator or None for a count, which never has one)
        without = None if indicator.unit == Indicator.Unit.COUNT else str(indicator.pk) in safe
        by_outcome.setdefault(indicator.outcome, []).append((indicator, str(indicator.pk) in chosen, without))
    groups = sorted(by_outcome.items(), key=lambda item: item[0].number)
    # The preview is built and drawn exactly as the public page is, from what is saved.
    preview = build_public_scorecard(plan, today=site_today())
    context = {
        "form": form,
        "groups": groups,
        "publication": saved,
        "scorecard": preview,
        "row_count": len(preview.rows),
        "comparator_labels": Comparator.Area.labels,
        "published_count": sum(1 for indicator in listed if indicator.is_published),
        "error_summary": _error_summary(form),
    }
    return render(request, "indicators/publishing.html", context)


def _error_summary(form):
    """(anchor, message) for each error; the checklist's errors link to the checklist itself."""
    items = []
    for name, errors in form.errors.items():
        anchor = form[name].id_for_label if name != "__all__" else ""
        if name in ("indicators", "without_numerator"):
            anchor = "indicator-choices"
        items.extend((anchor, message) for message in errors)
    return items
