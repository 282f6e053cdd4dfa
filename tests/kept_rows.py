"""Rows read from the test database once and written back into later tests by plain INSERT statements.

A fixture that many tests share (the seed plan, the demonstration figures) is made by a slow path the first
time in a worker: `loaddata`, which resolves every natural key with its own queries, or a command that
generates thousands of rows. Its rows are then read back and kept with their values already in the
database's own form, so a later test gets the very same rows from a few statements, without building a model
instance or an SQL compiler per row. Like loaddata and bulk_create, the rows are written raw: no save(), no
signals, no history.
"""

import itertools

from django.core.management.color import no_style
from django.db import connection
from django.utils import timezone

ROWS_PER_STATEMENT = 100


class KeptRows:
    """The rows of some models, in the order they were read, to be inserted again into this test database."""

    def __init__(self):
        self.tables = []  # [(model, INSERT of a full batch, fields, batch size, rows, {place: field set at writing})]

    def read(self, model, queryset=None, new=False):
        """Keep every row of `model` (or of `queryset`), in the order of their primary keys.

        As loaddata writes them, each row keeps every value, its primary key and times included. new=True writes
        them as bulk_create wrote them: the database gives each a new primary key, and a field set when a row is
        saved (auto_now, auto_now_add) is given the time of writing.
        """
        fields = [field for field in model._meta.local_concrete_fields if not (new and field.primary_key)]
        rows = (queryset if queryset is not None else model._base_manager.all()).order_by("pk")
        prepared = [
            [field.get_db_prep_save(value, connection) for field, value in zip(fields, row, strict=True)]
            for row in rows.values_list(*(field.attname for field in fields))
        ]
        made_now = {
            place: field
            for place, field in enumerate(fields)
            if new and (getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False))
        }
        size = max(1, min(ROWS_PER_STATEMENT, connection.ops.bulk_batch_size(fields, prepared or [None])))
        self.tables.append((model, self._insert(model, fields, size), fields, size, prepared, made_now))

    @staticmethod
    def _insert(model, fields, rows):
        quote = connection.ops.quote_name
        columns = ", ".join(quote(field.column) for field in fields)
        values = ", ".join(["(" + ", ".join(["%s"] * len(fields)) + ")"] * rows)
        return f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES {values}"  # noqa: S608 (quoted names)

    def statements(self):
        """[(sql, params)]: the inserts, then the id sequences moved past the rows."""
        now = timezone.now()
        statements = []
        for model, full, fields, size, rows, made_now in self.tables:
            stamps = {place: field.get_db_prep_save(now, connection) for place, field in made_now.items()}
            for start in range(0, len(rows), size):
                chunk = rows[start : start + size]
                sql = full if len(chunk) == size else self._insert(model, fields, len(chunk))
                if stamps:
                    chunk = [[stamps.get(place, value) for place, value in enumerate(row)] for row in chunk]
                statements.append((sql, list(itertools.chain.from_iterable(chunk))))
        models = [model for model, *_ in self.tables]
        return statements + [(sql, []) for sql in connection.ops.sequence_reset_sql(no_style(), models)]

    def write(self):
        """Insert the kept rows, then move the tables' id sequences past them."""
        statements = self.statements()
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":  # one round trip: psycopg binds the parameters itself
                sql = ";\n".join(sql for sql, _ in statements)
                cursor.execute(sql, list(itertools.chain.from_iterable(params for _, params in statements)))
                return
            for sql, params in statements:
                cursor.execute(sql, params)

    def __bool__(self):
        return bool(self.tables)
