"""A replayed scene is row for row, key for key, what building it through the services made."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import transaction

from sciencecity.accounts.models import User
from sciencecity.core.tests.replay import replayed
from sciencecity.demo.loader import load_demo


def _every_row() -> dict[str, list[tuple[Any, ...]]]:
    return {
        m._meta.label: list(m._base_manager.order_by("pk").values_list())
        for m in apps.get_models(include_auto_created=True)
        if m._meta.managed
    }


def test_the_demo_map_replayed_is_the_demo_map_built(db):
    builds = []

    def build():
        builds.append(1)
        return load_demo()

    start = transaction.savepoint()
    built_report = replayed("demo map, checked", build)
    built_rows = _every_row()
    transaction.savepoint_rollback(start)
    assert User.objects.count() == 0 and _every_row() != built_rows

    replayed_report = replayed("demo map, checked", build)

    assert builds == [1]
    assert _every_row() == built_rows
    assert replayed_report == built_report and replayed_report is not built_report


def test_a_build_that_changes_rows_that_were_there_is_always_built(db):
    User.objects.create_user("kept", email="kept@example.org")
    builds = []

    def build():
        builds.append(1)
        User.objects.filter(username="kept").update(email="changed@example.org")
        return None

    for _ in range(2):
        start = transaction.savepoint()
        replayed("changes a user", build)
        assert User.objects.get(username="kept").email == "changed@example.org"
        transaction.savepoint_rollback(start)

    assert builds == [1, 1]


def test_another_starting_state_is_built_anew(db):
    builds = []

    def build():
        builds.append(1)
        return User.objects.create_user(f"new{len(builds)}").username

    start = transaction.savepoint()
    assert replayed("one user", build) == "new1"
    transaction.savepoint_rollback(start)
    User.objects.create_user("already-here")

    assert replayed("one user", build) == "new2"
    assert builds == [1, 1]
