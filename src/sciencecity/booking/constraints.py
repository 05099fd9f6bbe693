"""The overlap guarantee as a database constraint, on the engines that have one.

PostgreSQL refuses two active bookings of one instrument whose [start, end) ranges overlap, with an
exclusion constraint over a GiST index (btree_gist lets the instrument's id share it). SQLite has no such
constraint: there the services write in an IMMEDIATE transaction (settings) and re-check inside it, so
writers queue and the second one sees the first. The constraint below is a no-op on any engine but
PostgreSQL, so one migration serves both.
"""

from __future__ import annotations

from typing import Any

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateTimeRangeField, RangeBoundary
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Func


class TsTzRange(Func):
    """tstzrange(start, end, '[)'): the half-open range a booking occupies."""

    function = "TSTZRANGE"
    output_field = DateTimeRangeField()


def half_open(start: str, end: str) -> TsTzRange:
    return TsTzRange(start, end, RangeBoundary(inclusive_lower=True, inclusive_upper=False))


class PostgresExclusionConstraint(ExclusionConstraint):
    """An exclusion constraint created, dropped and validated on PostgreSQL only."""

    def constraint_sql(self, model: Any, schema_editor: Any) -> Any:
        if schema_editor.connection.vendor != "postgresql":
            return None
        return super().constraint_sql(model, schema_editor)

    def create_sql(self, model: Any, schema_editor: Any) -> Any:
        if schema_editor.connection.vendor != "postgresql":
            return None
        return super().create_sql(model, schema_editor)

    def remove_sql(self, model: Any, schema_editor: Any) -> Any:
        if schema_editor.connection.vendor != "postgresql":
            return None
        return super().remove_sql(model, schema_editor)

    def validate(self, model: Any, instance: Any, exclude: Any = None, using: str = DEFAULT_DB_ALIAS) -> None:
        if connections[using].vendor == "postgresql":
            super().validate(model, instance, exclude=exclude, using=using)
