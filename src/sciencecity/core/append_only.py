"""Tables the database itself keeps append-only: a trigger refuses to rewrite their rows.

PostgreSQL refuses UPDATE and DELETE; SQLite refuses UPDATE only, since it has no TRUNCATE and Django's test
flush deletes rows. A migration adds the triggers with `refuse_rewrites(...)` among its operations.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations


def refuse_rewrites(table: str, name: str, message: str) -> migrations.RunPython:
    """The operation that adds (and on reversal drops) the triggers `name`_append_only / `name`_no_update."""

    def create(apps: Any, schema_editor: Any) -> None:
        vendor = schema_editor.connection.vendor
        if vendor == "postgresql":
            schema_editor.execute(
                f"CREATE FUNCTION {name}_append_only() RETURNS trigger LANGUAGE plpgsql AS "
                f"$$ BEGIN RAISE EXCEPTION '{message}'; END $$"
            )
            schema_editor.execute(
                f"CREATE TRIGGER {name}_append_only BEFORE UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {name}_append_only()"
            )
        elif vendor == "sqlite":
            schema_editor.execute(
                f"CREATE TRIGGER {name}_no_update BEFORE UPDATE ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
            )

    def drop(apps: Any, schema_editor: Any) -> None:
        vendor = schema_editor.connection.vendor
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}_append_only ON {table}")
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {name}_append_only()")
        elif vendor == "sqlite":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}_no_update")

    return migrations.RunPython(create, drop)
