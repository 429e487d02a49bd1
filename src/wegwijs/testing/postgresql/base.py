"""Django's PostgreSQL backend for the test suite, with one change: the flush between
transactional tests (the browser tests and every test with ``transaction=True``) deletes the
rows instead of truncating the tables.

A ``TRUNCATE`` of all ~90 tables gives each table and index a new file, which took 1.7 s
per flush in a loop on a busy 2-core machine; deleting the few rows a test leaves took 17 ms.
Foreign keys made by Django are deferred to the end of the transaction, so the order of the
deletes does not matter for them. Tables with triggers of our own (the monitor's rollup triggers on the desk's
tables) are emptied first: what their triggers write on delete lands in tables emptied after.
A flush that must reset sequences or cascade keeps Django's ``TRUNCATE``.

Selected by ``wegwijs.conf.test`` when the test database is PostgreSQL; never used in
production.
"""

from __future__ import annotations

from typing import Any

from django.db.backends.postgresql import base, operations


class DatabaseOperations(operations.DatabaseOperations):
    def sql_flush(
        self,
        style: Any,
        tables: list[str],
        *,
        reset_sequences: bool = False,
        allow_cascade: bool = False,
    ) -> list[str]:
        if not tables or reset_sequences or allow_cascade:
            return super().sql_flush(
                style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT DISTINCT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE NOT t.tgisinternal"
            )
            triggered = {row[0] for row in cursor.fetchall()}
        ordered = sorted(tables, key=lambda table: table not in triggered)
        return [
            f"{style.SQL_KEYWORD('DELETE FROM')} {style.SQL_FIELD(self.quote_name(table))};"
            for table in ordered
        ]


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
