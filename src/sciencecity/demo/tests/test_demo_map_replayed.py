"""A replayed scene is row for row, key for key, what building it through the services made."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib.auth.models import Group, Permission
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


def _twice(name, build, between=lambda: None) -> None:
    """The build from one state, rolled back, then asked for again from that state (after `between`)."""
    start = transaction.savepoint()
    replayed(name, build)
    transaction.savepoint_rollback(start)
    between()
    replayed(name, build)


def test_values_changed_in_rows_that_were_there_are_replayed(db):
    User.objects.create_user("kept", email="kept@example.org")
    builds = []

    def build():
        builds.append(1)
        User.objects.filter(username="kept").update(email="changed@example.org")
        User.objects.create_user("added")

    _twice("changes a user, adds one", build)

    assert builds == [1]
    assert User.objects.get(username="kept").email == "changed@example.org"
    assert User.objects.filter(username="added").exists()


def test_rows_that_hold_other_values_than_when_recorded_are_built_anew(db):
    User.objects.create_user("kept", email="kept@example.org")
    builds = []

    def build():
        builds.append(1)
        User.objects.filter(username="kept").update(is_active=False)

    _twice("deactivates a user", build, between=lambda: User.objects.update(email="other@example.org"))

    assert builds == [1, 1]
    assert User.objects.get(username="kept").email == "other@example.org"


def test_a_build_that_takes_rows_away_is_always_built(db):
    User.objects.create_user("gone")
    User.objects.create_user("stays")
    builds = []

    def build():
        builds.append(1)
        User.objects.filter(username="gone").delete()

    _twice("deletes a user", build)

    assert builds == [1, 1]
    assert list(User.objects.values_list("username", flat=True)) == ["stays"]


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


def test_a_table_emptied_and_filled_again_with_new_keys_is_built_anew(db):
    """As a transactional test's flush leaves it: the permissions made again, as many, with new keys."""
    builds = []

    def build():
        builds.append(1)
        Group.objects.create(name="granted").permissions.add(Permission.objects.latest("pk"))

    def made_again():
        last = Permission.objects.latest("pk")
        kept = {"name": last.name, "content_type": last.content_type, "codename": last.codename}
        last.delete()
        Permission.objects.create(**kept)

    _twice("grants the last permission", build, between=made_again)

    assert builds == [1, 1]
    assert Group.objects.get(name="granted").permissions.get() == Permission.objects.latest("pk")
