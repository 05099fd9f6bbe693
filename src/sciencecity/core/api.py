"""What every app's JSON API shares: the documented error shapes and the capped pagination.

Project conventions: every error is JSON ``{"detail": ...}``; 404 for what the caller may not read, 422 for
invalid input with every problem listed (``detail`` is then a list, one entry per problem, ``loc`` naming the
parameter).
"""

from __future__ import annotations

from typing import Any

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
