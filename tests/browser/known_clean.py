"""What the accessibility checks found clean, kept on disk for the next run.

A key names exactly what was checked (tests/browser/axe.py makes them). The keys are kept in
.pytest_cache/sscb-known-clean/<generation>/, one file per test process, where the generation is a
digest of everything a key does not itself hold: the static files (style sheets, scripts, fonts), the
browser tests' own code (axe.py's scripts, the checks, the window sizes), axe-core and the browser's
version. A change to any of them starts a new generation, which measures everything again, and the
older generations are deleted. So CI's PostgreSQL run, on the same commit as its SQLite run, measures
only the parts and pages that came out differently.

AXE_KNOWN_CLEAN=off keeps what is found clean for the test process alone, as a first run would.
"""

import hashlib
import os
import shutil
from pathlib import Path

import axe_playwright_python

ROOT = Path(__file__).resolve().parents[2]
STORE = ROOT / ".pytest_cache" / "sscb-known-clean"
# What a key leaves out: the files served to the browser and the code of the checks.
INGREDIENTS = [ROOT / "static", Path(__file__).resolve().parent, Path(axe_playwright_python.__file__).parent]


def generation(browser_version, ingredients=INGREDIENTS):
    digest = hashlib.sha256(browser_version.encode())
    for folder in ingredients:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:20]


class KnownClean:
    """A set of keys, read from and added to this generation's files on disk."""

    def __init__(self, store=STORE, ingredients=INGREDIENTS):
        self.store = store
        self.ingredients = ingredients
        self.keys = set()
        self.file = None
        self.opened = False

    def open(self, browser_version):
        """Read the keys of this generation, once per process (when the first page is measured)."""
        if self.opened:
            return
        self.opened = True
        if os.environ.get("AXE_KNOWN_CLEAN", "").lower() in {"off", "0", "false", "no"}:
            return
        folder = self.store / generation(browser_version, self.ingredients)
        if self.store.is_dir():
            for older in self.store.iterdir():
                if older != folder:
                    shutil.rmtree(older, ignore_errors=True)
        folder.mkdir(parents=True, exist_ok=True)
        for path in folder.glob("*.keys"):
            self.keys.update(path.read_text(encoding="utf-8").split())
        self.file = folder / f"{os.getpid()}.keys"

    def __contains__(self, key):
        return key in self.keys

    def add(self, keys):
        new = [key for key in keys if key not in self.keys]
        self.keys.update(new)
        if new and self.file is not None:
            with self.file.open("a", encoding="utf-8") as out:
                out.write("".join(f"{key}\n" for key in new))
