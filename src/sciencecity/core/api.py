"""What every app's JSON API shares: the documented error shapes and the capped pagination.

Project conventions: every error is JSON ``{"detail": ...}``; 404 for what the caller may not read, 422 for
invalid input with every problem listed (``detail`` is then a list, one entry per problem, ``loc`` naming the
parameter).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from functools import reduce
from operator import or_
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.conf import settings as ninja_settings
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import LimitOffsetPagination

MAX_LIMIT = int(ninja_settings.PAGINATION_MAX_LIMIT)
MAX_OFFSET = 1_000_000


class ErrorOut(Schema):
    detail: str = Field(description="what went wrong, in words")


class ValidationProblem(Schema):
    type: str = Field(description="machine-readable kind of problem, e.g. `enum` or `less_than_equal`")
    loc: list[str | int] = Field(description='where the problem is, e.g. `["query", "offset"]`')
    msg: str = Field(description="the problem, in words")


class ValidationErrorOut(Schema):
    detail: list[ValidationProblem] = Field(description="every problem found in the request")


NOT_FOUND: dict[int, Any] = {404: ErrorOut, 500: ErrorOut}
INVALID_INPUT: dict[int, Any] = {422: ValidationErrorOut, 500: ErrorOut}


class CappedLimitOffsetPagination(LimitOffsetPagination):
    """Limit/offset pagination with both numbers bounded: a huge offset is a 422, never a database error."""

    class Input(LimitOffsetPagination.Input):
        limit: int = Field(
            ninja_settings.PAGINATION_PER_PAGE,
            ge=1,
            le=MAX_LIMIT,
            description=f"how many items to return, 1 to {MAX_LIMIT}",
        )
        offset: int = Field(
            0, ge=0, le=MAX_OFFSET, description=f"how many items to skip first, 0 to {MAX_OFFSET:,}"
        )


FORBIDDEN: dict[int, Any] = {403: ErrorOut}
CONFLICT: dict[int, Any] = {409: ErrorOut}
UNAUTHORISED: dict[int, Any] = {401: ErrorOut}


class KeysetPagination(CappedLimitOffsetPagination):
    """Limit/offset as before, or a `cursor` (keyset pagination): the answer's `next` names where the next
    page starts, so that page N costs what page 1 costs however deep it is, and rows written meanwhile
    neither repeat nor skip one.

    The queryset's ordering must end in a unique column (the selectors order so). A cursor is opaque to
    the client: the ordering values of the page's last row, as base64 of JSON; a cursor that does not
    decode to as many plain values as the ordering has is a 422. An offset page reads only the ids of the
    rows it skips (an index-only scan), then fetches its own rows.
    """

    class Input(CappedLimitOffsetPagination.Input):
        cursor: str | None = Field(
            None,
            max_length=1000,
            description="where to start: the `next` of the previous page (then `offset` must be 0)",
        )

    class Output(Schema):
        items: list[Any]
        count: int
        next: str | None = Field(description="the cursor of the next page; null on the last page")

    def paginate_queryset(
        self, queryset: QuerySet, pagination: Any, request: HttpRequest, **params: Any
    ) -> Any:
        limit = min(pagination.limit, self.max_limit)
        ordering = [str(f) for f in queryset.query.order_by]
        page = queryset
        if pagination.cursor is not None:
            if pagination.offset:
                raise _invalid_cursor("give either an offset or a cursor, not both")
            try:
                page = queryset.filter(_after(ordering, _decode(pagination.cursor, len(ordering))))
            except (ValueError, TypeError, DjangoValidationError):
                raise _invalid_cursor("not a cursor this API gave") from None
            ids = list(page.values_list("pk", flat=True)[: limit + 1])
        else:
            ids = list(
                queryset.values_list("pk", flat=True)[pagination.offset : pagination.offset + limit + 1]
            )
        found = queryset.in_bulk(ids[:limit])
        items = [found[pk] for pk in ids[:limit] if pk in found]
        following = _encode(items[-1], ordering) if len(ids) > limit and items else None
        return {self.items_attribute: items, "count": self._items_count(queryset), "next": following}


def _invalid_cursor(message: str) -> NinjaValidationError:
    return NinjaValidationError([{"type": "invalid_cursor", "loc": ["query", "cursor"], "msg": message}])


def _value(item: Any, field: str) -> Any:
    value = getattr(item, field.lstrip("-"))
    return value.isoformat() if isinstance(value, dt.date) else value


def _encode(item: Any, ordering: list[str]) -> str:
    values = [_value(item, f) for f in ordering]
    return base64.urlsafe_b64encode(json.dumps(values, ensure_ascii=False).encode()).decode().rstrip("=")


def _decode(cursor: str, size: int) -> list[Any]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw.decode())
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise _invalid_cursor("not a cursor this API gave") from None
    plain = isinstance(values, list) and len(values) == size
    if not plain or not all(isinstance(v, str | int) and not isinstance(v, bool) for v in values):
        raise _invalid_cursor("not a cursor this API gave")
    if any(isinstance(v, int) and abs(v) >= 2**63 for v in values):
        raise _invalid_cursor("not a cursor this API gave")
    if any(isinstance(v, str) and "\x00" in v for v in values):
        raise _invalid_cursor("not a cursor this API gave")
    return values


def _after(ordering: list[str], values: list[Any]) -> Q:
    """Rows after `values` in this ordering: a bound on the first column (an index range), then the
    lexicographic rest."""

    def beyond(field: str, value: Any, strict: bool) -> Q:
        name = field.lstrip("-")
        op = ("lt" if field.startswith("-") else "gt") + ("" if strict else "e")
        return Q(**{f"{name}__{op}": value})

    rows = [
        Q(**{f.lstrip("-"): v for f, v in zip(ordering[:n], values[:n], strict=True)})
        & beyond(ordering[n], values[n], strict=True)
        for n in range(len(ordering))
    ]
    return beyond(ordering[0], values[0], strict=False) & reduce(or_, rows)
