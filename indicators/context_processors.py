"""Values the layout needs from the scorecard."""

from django.utils.functional import SimpleLazyObject

from core.datacache import cached

from . import datacache
from .models import demo_data_exists


def demo_banner(request):
    # Lazy: only a page that renders the layout's banner test asks. Kept until the scorecard's data next changes
    # (indicators.datacache: every write of a value, target or comparator, demonstration ones included).
    return {"DEMO_DATA": SimpleLazyObject(kept_demo_data_exists)}


def kept_demo_data_exists():
    return cached("demo-data", datacache.data_version(), None, demo_data_exists)
