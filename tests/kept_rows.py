"""Rows read from the test database once and written back into later tests by plain INSERT statements.

A fixture that many tests share (the seed plan) is made by a slow path the first time in a worker, such as
`loaddata`, which resolves every natural key with its own queries. Its rows are then read back and kept as
INSERT statements with their values already in the database's own form, so a later test gets the very same
rows (same keys, same values) from a few statements, without building a model instance or an SQL compiler
per row. Like loaddata, the rows are written raw: no save(), no signals, no history.
"""

from django.core.management.color import no_style
from django.db import connection

ROWS_PER_STATEMENT = 100


class KeptRows:
    """The rows of some models, in the order they were read, as INSERT statements for this test database."""

    def __init__(self):
        self.models = []
        self.statements = []  # [(sql, params)]

    def read(self, model, queryset=None):
        """Keep every row of `model` (or of `queryset`), by primary key."""
        fields = model._meta.local_concrete_fields
        rows = (queryset if queryset is not None else model._base_manager.all()).order_by("pk")
        prepared = [
            [field.get_db_prep_save(value, connection) for field, value in zip(fields, row, strict=True)]
            for row in rows.values_list(*(field.attname for field in fields))
        ]
        quote = connection.ops.quote_name
        table = quote(model._meta.db_table)
        columns = ", ".join(quote(field.column) for field in fields)
        placeholders = "(" + ", ".join(["%s"] * len(fields)) + ")"
        size = max(1, min(ROWS_PER_STATEMENT, connection.ops.bulk_batch_size(fields, prepared or [None])))
        for start in range(0, len(prepared), size):
            chunk = prepared[start : start + size]
            values = ", ".join([placeholders] * len(chunk))
            sql = f"INSERT INTO {table} ({columns}) VALUES {values}"  # noqa: S608 (quoted model names; values as parameters)
            self.statements.append((sql, [value for row in chunk for value in row]))
        self.models.append(model)

    def write(self):
        """Insert the kept rows, then move the tables' id sequences past them."""
        statements = self.statements + [(sql, []) for sql in connection.ops.sequence_reset_sql(no_style(), self.models)]
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":  # one round trip: psycopg binds the parameters itself
                cursor.execute(
                    ";\n".join(sql for sql, _ in statements), [value for _, params in statements for value in params]
                )
                return
            for sql, params in statements:
                cursor.execute(sql, params)

    def __bool__(self):
        return bool(self.models)
