"""The cache of rendered page fragments: this process's memory first, then a store every process on the machine shares.

Page fragments ({% cache %}, core.datacache.fragment_key) are kept under keys that begin with data versions, so a
fragment is never older than the data it shows, whoever rendered it. Kept in each process's memory alone, each
gunicorn worker rendered every fragment once for itself: four workers, four renders of each indicator page after
any change. TwoLevelCache keeps each fragment in this process's memory (LOCAL, read at no cost) and in a store the
processes share (SHARED, a folder of files: settings.CACHE_DIR): a fragment one worker rendered is read from the
folder by the others, then from their own memory.

- get: LOCAL, else SHARED (then copied into LOCAL), else the default.
- set, add, touch, delete: both. clear: both.

The shared store holds pickles: only the site's own user may write to its folder (Django makes it 0700).
"""

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache

_MISSING = object()


class TwoLevelCache(BaseCache):
    """A cache backend over two others, named by alias in OPTIONS: LOCAL (read first) and SHARED."""

    def __init__(self, location, params):
        super().__init__(params)
        options = params.get("OPTIONS", {})
        self._local = options["LOCAL"]
        self._shared = options["SHARED"]

    @property
    def local(self):
        return caches[self._local]

    @property
    def shared(self):
        return caches[self._shared]

    def get(self, key, default=None, version=None):
        value = self.local.get(key, _MISSING, version=version)
        if value is not _MISSING:
            return value
        value = self.shared.get(key, _MISSING, version=version)
        if value is _MISSING:
            return default
        self.local.set(key, value, version=version)
        return value

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self.local.set(key, value, timeout, version=version)
        self.shared.set(key, value, timeout, version=version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        if self.has_key(key, version=version):
            return False
        self.set(key, value, timeout, version=version)
        return True

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        self.local.touch(key, timeout, version=version)
        return self.shared.touch(key, timeout, version=version)

    def has_key(self, key, version=None):
        return self.local.has_key(key, version=version) or self.shared.has_key(key, version=version)

    def delete(self, key, version=None):
        deleted_here = self.local.delete(key, version=version)
        return self.shared.delete(key, version=version) or deleted_here

    def clear(self):
        self.local.clear()
        self.shared.clear()

    def close(self, **kwargs):
        self.local.close(**kwargs)
        self.shared.close(**kwargs)
