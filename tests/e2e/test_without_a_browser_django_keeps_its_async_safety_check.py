"""Only browser tests switch off Django's async-safety check; every other test keeps it.

This module runs after the browser tests of this directory, so it also shows that the check comes back
once their browser has closed.
"""

import asyncio
import os

import pytest
from django.core.exceptions import SynchronousOnlyOperation

from sciencecity.accounts.models import User


def test_the_orm_refuses_to_run_inside_an_event_loop(db):
    async def count_users() -> int:
        return User.objects.count()

    assert "DJANGO_ALLOW_ASYNC_UNSAFE" not in os.environ
    with pytest.raises(SynchronousOnlyOperation):
        asyncio.run(count_users())
