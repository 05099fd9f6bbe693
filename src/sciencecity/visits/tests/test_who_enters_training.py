"""Training records are entered only by the staff of the course's instrument or facility."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from sciencecity.accounts.models import User
from sciencecity.accounts.services import role_grant
from sciencecity.core.errors import PermissionDenied
from sciencecity.core.roles import Role
from sciencecity.visits import services
from sciencecity.visits.permissions import courses_enterable_by
from sciencecity.visits.tests.conftest import SHANGHAI, Platform

WHEN = dt.datetime(2026, 3, 1, 9, 0, tzinfo=SHANGHAI)


def _slugs(user: User) -> list[str]:
    return sorted(courses_enterable_by(user).values_list("slug", flat=True))


def test_the_instrument_scientist_enters_the_instrument_and_facility_courses_only(platform: Platform) -> None:
    assert _slugs(platform.scientist) == ["course-cryo", "course-lab-safety"]


def test_the_facility_manager_enters_its_courses_and_the_general_ones(platform: Platform) -> None:
    assert _slugs(platform.manager) == ["course-cryo", "course-general", "course-lab-safety"]


def test_a_manager_of_another_facility_enters_only_the_general_courses(platform: Platform) -> None:
    assert _slugs(platform.outsider_manager) == ["course-general"]


def test_a_manager_for_the_operating_organisation_enters_the_facility_courses(platform: Platform) -> None:
    boss = User.objects.create_user(username="boss")
    role_grant(user=boss, role=Role.FACILITY_MANAGER, organisation_id=platform.operator.pk)
    assert "course-cryo" in _slugs(boss)


def test_a_user_office_officer_and_an_ordinary_user_enter_nothing(platform: Platform) -> None:
    officer = User.objects.create_user(username="officer")
    role_grant(user=officer, role=Role.USER_OFFICE, facility_id=platform.facility.pk)
    assert _slugs(officer) == [] and _slugs(platform.user) == []


def test_a_refused_entry_says_why_and_stores_nothing(platform: Platform) -> None:
    with pytest.raises(PermissionDenied):
        services.training_record_create(
            actor=platform.outsider_manager,
            user=platform.user,
            course=platform.cryo_course,
            completed_at=WHEN,
        )
    assert not platform.user.training_records.exists()


def test_naive_and_future_times_are_refused(platform: Platform) -> None:
    with pytest.raises(ValidationError):
        services.training_record_create(
            actor=platform.scientist,
            user=platform.user,
            course=platform.cryo_course,
            completed_at=dt.datetime(2026, 3, 1, 9, 0),  # noqa: DTZ001
        )
    with pytest.raises(ValidationError):
        services.training_record_create(
            actor=platform.scientist,
            user=platform.user,
            course=platform.cryo_course,
            completed_at=dt.datetime(2999, 3, 1, tzinfo=SHANGHAI),
        )
    assert not platform.user.training_records.exists()


def test_a_general_course_never_expires_when_it_has_no_validity(platform: Platform) -> None:
    record = services.training_record_create(
        actor=platform.manager, user=platform.user, course=platform.general, completed_at=WHEN
    )
    assert record.expires_at is None


def test_a_course_must_name_the_target_its_scope_says(platform: Platform) -> None:
    with pytest.raises(ValidationError):
        services.course_create(
            slug="course-bad",
            name_en="Bad",
            kind="instrument",
            scope="instrument",
            facility=platform.facility,
        )
