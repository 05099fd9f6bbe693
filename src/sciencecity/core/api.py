"""What every app's JSON API shares: the documented error shapes and the capped pagination.

Project conventions: every error is JSON ``{"detail": ...}``; 404 for what the caller may not read, 422 for
invalid input with every problem listed (``detail`` is then a list, one entry per problem, ``loc`` naming the
parameter).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.conf import settings as ninja_settings
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


CURSOR_PATTERN = "^[0-9a-z]{1,13}$"
_LAST_ID = 2**63 - 1


class KeysetPagination(CappedLimitOffsetPagination):
    """Limit/offset as before, or a `cursor` (keyset pagination): the answer's `next` names where the next
    page starts, so that page N costs what page 1 costs however deep it is, and rows written meanwhile
    neither repeat nor skip one.

    Lists are in the order their records were added (by id), the one order both kinds of page share and
    the primary key's index serves. A cursor is opaque to the client; its form is in the spec (a cursor
    of another form is a 422), and every cursor of that form is a position in the list, so none fails
    later. An offset page reads only the ids of the rows it skips (an index-only scan), then its rows.

    `count` is exact by default. A list of a large table passes `total`, a function of the queryset that
    answers the count when it is cheap (a stored count) and None when only counting every matching row
    would tell: a page must not cost a scan of 150,000 rows to print one number.
    """

    def __init__(self, *, total: Callable[[QuerySet], int | None] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.total = total

    class Input(CappedLimitOffsetPagination.Input):
        cursor: str | None = Field(
            None,
            pattern=CURSOR_PATTERN,
            description="where to start: the `next` of a previous page (an `offset` counts from there)",
        )

    class Output(Schema):
        items: list[Any]
        count: int | None = Field(
            description="how many items match; null on a filtered list of instruments, where counting "
            "would cost a scan (walk `next` to the end instead)"
        )
        next: str | None = Field(description="the cursor of the next page; null on the last page")

    def paginate_queryset(
        self, queryset: QuerySet, pagination: Any, request: HttpRequest, **params: Any
    ) -> Any:
        limit = min(pagination.limit, self.max_limit)
        ordered = queryset.order_by("pk")
        if pagination.cursor is not None:  # the rows after the cursor; an offset then skips some
            ordered = ordered.filter(pk__gt=min(int(pagination.cursor, 36), _LAST_ID))
        start = pagination.offset
        ids = list(ordered.values_list("pk", flat=True)[start : start + limit + 1])
        found = queryset.in_bulk(ids[:limit])
        items = [found[pk] for pk in ids[:limit] if pk in found]
        following = _base36(items[-1].pk) if len(ids) > limit and items else None
        return {self.items_attribute: items, "count": self._count(queryset), "next": following}

    def _count(self, queryset: QuerySet) -> int | None:
        if self.total is None or queryset.query.is_empty():
            return self._items_count(queryset)  # no query at all for an empty queryset (.none())
        return self.total(queryset)


def _base36(number: int) -> str:
    digits = ""
    while True:
        number, digit = divmod(number, 36)
        digits = "0123456789abcdefghijklmnopqrstuvwxyz"[digit] + digits
        if not number:
            return digits
