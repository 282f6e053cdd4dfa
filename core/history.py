"""Every change on record: django-simple-history's HistoricalRecords, with its manager class made once.

simple-history reads `Model.history` on every save it records, and each read built a new manager class
(`HistoryManager.from_queryset`, which inspects every method of the queryset): about half a millisecond a save.
The `HistoricalRecords` here is the library's, with a manager whose class is made once per queryset class.
"""

import functools

from simple_history.manager import HistoryManager
from simple_history.models import HistoricalRecords as LibraryHistoricalRecords


class KeptHistoryManager(HistoryManager):
    """simple-history's manager, its class made once for each queryset class and kept."""

    @classmethod
    @functools.cache
    def from_queryset(cls, queryset_class, class_name=None):
        return super().from_queryset(queryset_class, class_name)


class HistoricalRecords(LibraryHistoricalRecords):
    """The library's HistoricalRecords with KeptHistoryManager (unless another manager is given)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("history_manager", KeptHistoryManager)
        super().__init__(*args, **kwargs)
