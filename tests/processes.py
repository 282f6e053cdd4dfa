"""What a test needs to run the site in another process: an environment free of this one's site settings, and
the test database in a form another process can open."""

import os
import sqlite3


def environment(**settings):
    """This process's environment without the site's settings (DJANGO_*, DATABASE_URL), plus `settings`."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    clean.update(settings)
    return clean


def copy_sqlite(connection, path):
    """Copy an SQLite test database (in memory: no other process can open it) to the file `path`, as it is now."""
    connection.ensure_connection()
    with sqlite3.connect(path) as copy:
        connection.connection.backup(copy)
    copy.close()
