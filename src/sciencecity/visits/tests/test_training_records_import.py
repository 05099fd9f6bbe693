"""A CSV file of training records is entered whole, or not at all with every problem and its line."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from sciencecity.visits import services
from sciencecity.visits.models import TrainingRecord
from sciencecity.visits.tests.conftest import SHANGHAI, Platform

HEADER = "user,course,completed_at,expires_at,note\n"


def _problems(p: Platform, content: str) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        services.training_records_import(actor=p.manager, content=content, time_zone=SHANGHAI)
    return caught.value.messages


def test_rows_found_by_username_or_email_are_all_entered(platform: Platform) -> None:
    content = (
        HEADER
        + "una,course-cryo,2026-03-01T09:00+08:00,,\nUNA@example.org,course-lab-safety,2026-03-01,,bulk\n"
    )
    result = services.training_records_import(actor=platform.manager, content=content, time_zone=SHANGHAI)
    assert [r.course.slug for r in result.records] == ["course-cryo", "course-lab-safety"]
    assert {r.user for r in result.records} == {platform.user}
    safety = result.records[1]
    assert safety.completed_at == dt.datetime(2026, 3, 1, tzinfo=SHANGHAI)
    assert safety.expires_at == safety.completed_at + dt.timedelta(days=730)
    assert safety.entered_by == platform.manager and safety.note == "bulk"


def test_one_bad_row_enters_nothing_and_each_problem_names_its_line(platform: Platform) -> None:
    content = (
        HEADER
        + "una,course-cryo,2026-03-01,,\n"
        + "nobody,course-cryo,2026-03-01,,\n"
        + "una,course-unknown,yesterday,,\n"
        + "una,course-cryo,2026-03-01,2026-02-01,\n"
    )
    problems = _problems(platform, content)
    assert len(problems) == 3
    assert problems[0].startswith("Line 3:") and "nobody" in problems[0]
    assert (
        problems[1].startswith("Line 4:") and "course-unknown" in problems[1] and "yesterday" in problems[1]
    )
    assert problems[2].startswith("Line 5:") and "expires_at is not after completed_at" in problems[2]
    assert TrainingRecord.objects.count() == 0


def test_a_course_of_another_facility_is_refused_by_line(platform: Platform) -> None:
    content = HEADER + "una,course-cryo,2026-03-01,,\n"
    with pytest.raises(ValidationError) as caught:
        services.training_records_import(actor=platform.outsider_manager, content=content, time_zone=SHANGHAI)
    assert caught.value.messages == ["Line 2: you do not enter records of the course “course-cryo”."]
    assert TrainingRecord.objects.count() == 0


def test_a_missing_column_is_named(platform: Platform) -> None:
    problems = _problems(platform, "user,completed_at\nuna,2026-03-01\n")
    assert problems == ["Line 1: the file lacks the columns course."]


def test_an_unknown_column_is_named(platform: Platform) -> None:
    problems = _problems(platform, "user,course,completed_at,grade\nuna,course-cryo,2026-03-01,A\n")
    assert problems[0].startswith("Line 1: unknown columns grade")


def test_a_row_with_more_values_than_columns_is_refused(platform: Platform) -> None:
    problems = _problems(platform, "user,course,completed_at\nuna,course-cryo,2026-03-01,extra\n")
    assert problems == ["Line 2: more values than columns."]


def test_an_impossible_date_and_a_future_completion_are_refused(platform: Platform) -> None:
    problems = _problems(platform, HEADER + "una,course-cryo,2026-02-30,,\nuna,course-cryo,2999-01-01,,\n")
    assert "2026-02-30" in problems[0] and problems[0].startswith("Line 2:")
    assert problems[1] == "Line 3: completed_at is in the future."


def test_a_file_of_only_a_header_is_refused(platform: Platform) -> None:
    assert _problems(platform, HEADER) == ["The file holds no rows."]


def test_line_numbers_follow_the_file_when_a_value_spans_two_lines(platform: Platform) -> None:
    content = HEADER + 'una,course-cryo,2026-03-01,,"a note\non two lines"\nnobody,course-cryo,2026-03-01,,\n'
    problems = _problems(platform, content)
    assert problems == [
        "Line 4: no single active user has the username or e-mail “nobody”.",
    ]


def test_an_email_two_accounts_share_is_refused_rather_than_guessed(platform: Platform) -> None:
    from sciencecity.accounts.models import User

    User.objects.create_user(username="una-twin", email="una@example.org")
    problems = _problems(platform, HEADER + "una@example.org,course-cryo,2026-03-01,,\n")
    assert problems[0].startswith("Line 2: no single active user")
