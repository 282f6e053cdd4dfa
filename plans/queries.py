"""Read-side helpers of the plan that pages, packs and commands share (writes are in plans.actions)."""

from django.db.models import Count, Q

from .models import Project, Status, Theme


def project_list(plan, today):
    """The plan's projects with their progress as at `today`, ready for a table."""
    return (
        Project.objects.filter(plan=plan)
        .with_progress(today)
        .select_related("theme", "lead_board")
        .prefetch_related("lead_officers")
    )


def theme_progress(plan):
    """Each theme with its projects counted by status and the share complete."""
    counts = {f"n_{s.value}": Count("projects", filter=Q(projects__status=s.value)) for s in Status}
    themes = list(Theme.objects.filter(plan=plan).annotate(n_total=Count("projects"), **counts))
    for theme in themes:
        theme.by_status = [(s, getattr(theme, f"n_{s.value}")) for s in Status]
        theme.share_complete = round(100 * theme.n_complete / theme.n_total) if theme.n_total else 0
    return themes
