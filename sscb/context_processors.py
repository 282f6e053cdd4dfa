"""Values every page's layout needs."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject


def demo_data_exists():
    """Whether any demonstration value, target or comparator is stored: one query, stopping at the first."""
    from indicators.models import Comparator, IndicatorValue, Target

    first, *rest = (model.objects.filter(is_demo=True).values("pk") for model in (IndicatorValue, Target, Comparator))
    return first.union(*rest, all=True).exists()


def site(request):
    return {
        "SITE_NAME": "SSCB plan tracker",
        "DEBUG": settings.DEBUG,
        # Lazy: only a page that renders the layout's banner test pays for the query.
        "DEMO_DATA": SimpleLazyObject(demo_data_exists),
    }
