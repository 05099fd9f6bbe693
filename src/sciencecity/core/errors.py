"""Domain errors that pages and the API turn into the same answers.

A `ValidationError` (Django's) is bad input (422, every problem listed); these two are the others.
"""

from __future__ import annotations


class PermissionDenied(Exception):
    """The caller's role forbids the action (403)."""


class StateConflict(Exception):
    """The record's state forbids the action: already submitted, past the deadline, withdrawn (409)."""
