"""gunicorn's settings for the site in production: `gunicorn -c python:sscb.gunicorn sscb.wsgi:application`.

The site is loaded once, in the master process (`preload_app`), and readied there (core.warmup: the URL tables
built, the templates compiled) before the workers are forked, so that no worker spends its first requests on them.
Any of these may be given again on the command line, which wins (`--workers 8`, `--bind ...`).
GUNICORN_WORKERS sets the number of workers (default: two per core, at least two). As the code is loaded before the
fork, a new release needs gunicorn restarted, not only sent HUP (which starts new workers from the loaded code).
"""

import multiprocessing
import os


def worker_count(value):
    """GUNICORN_WORKERS: a whole number of at least 1; unset or blank, two per core (at least two)."""
    value = (value or "").strip()
    if not value:
        return max(2, 2 * multiprocessing.cpu_count())
    if not (value.isascii() and value.isdigit()) or int(value) < 1:
        raise SystemExit(f"GUNICORN_WORKERS must be a whole number of at least 1, not {value!r}.")
    return int(value)


preload_app = True
workers = worker_count(os.environ.get("GUNICORN_WORKERS"))
# Board packs are made by the background worker (manage.py db_worker), not in a request: no page needs long.
timeout = 30


def when_ready(server):
    """Once the site is loaded in the master, and before any worker is forked: ready it for every worker."""
    from core.warmup import warm_up

    names, compiled = warm_up()
    server.log.info("Readied the site for the workers: %d URL names ready, %d templates compiled", names, compiled)
